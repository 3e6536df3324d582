-- Printed by `npm run sql` (scripts/print-sql.ts) from src/server/findings/findings.queries.ts; do not edit.
-- Each query function with example arguments, and every statement it sends to SQLite and to
-- PostgreSQL. A change of a query changes this file: review the difference with the change.


-- caseEventsOf (src/server/findings/findings.queries.ts)

-- on sqlite:
select
  "id",
  "type",
  "data",
  "actor_id",
  "actor_role",
  "occurred_at",
  "recorded_at"
from
  "events"
where
  "case_id" = ?
  and "type" in (?, ?, ?)
order by
  "seq";
-- parameters: "case-1", "duty.missed", "duty.met", "finding.disposed"

-- on postgres:
select
  "id",
  "type",
  "data",
  "actor_id",
  "actor_role",
  "occurred_at",
  "recorded_at"
from
  "events"
where
  "case_id" = $1
  and "type" in ($2, $3, $4)
order by
  "seq";
-- parameters: "case-1", "duty.missed", "duty.met", "finding.disposed"


-- replaceFindings (src/server/findings/findings.queries.ts)

-- on sqlite:
delete from
  "findings"
where
  "case_id" = ?
  and "kind" <> ?;
-- parameters: "case-1", "late_entry"

insert into
  "findings" ("case_id", "finding_id", "case_kind", "case_title", "jurisdiction", "exercise", "plan_id", "plan_version", "kind", "owner", "subject", "arose_at", "text", "said", "evidence", "disposition", "reason", "disposed_by", "disposed_role", "disposed_at")
values
  (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
-- parameters: "case-1", "clock:report-town", "incident", "60名村民堵塞县道", "100000", 0, "plan-1", 2, "duty_missed", "village", "report-town", "2025-01-01T00:00:00.000Z", "“事发地单位 20 分钟内报告”未在时限前完成", "{\"key\":\"findingText.missed\"}", "[]", null, null, null, null, null

-- on postgres:
delete from
  "findings"
where
  "case_id" = $1
  and "kind" <> $2;
-- parameters: "case-1", "late_entry"

insert into
  "findings" ("case_id", "finding_id", "case_kind", "case_title", "jurisdiction", "exercise", "plan_id", "plan_version", "kind", "owner", "subject", "arose_at", "text", "said", "evidence", "disposition", "reason", "disposed_by", "disposed_role", "disposed_at")
values
  ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20);
-- parameters: "case-1", "clock:report-town", "incident", "60名村民堵塞县道", "100000", 0, "plan-1", 2, "duty_missed", "village", "report-town", "2025-01-01T00:00:00.000Z", "“事发地单位 20 分钟内报告”未在时限前完成", "{\"key\":\"findingText.missed\"}", "[]", null, null, null, null, null


-- insertFinding (src/server/findings/findings.queries.ts)

-- on sqlite:
insert into
  "findings" ("case_id", "finding_id", "case_kind", "case_title", "jurisdiction", "exercise", "plan_id", "plan_version", "kind", "owner", "subject", "arose_at", "text", "said", "evidence", "disposition", "reason", "disposed_by", "disposed_role", "disposed_at")
values
  (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
-- parameters: "case-1", "entry:event-1", "incident", "60名村民堵塞县道", "100000", 0, "plan-1", 2, "late_entry", "role:officer", "event-1", "2025-01-01T00:00:00.000Z", "补录", "{\"key\":\"findingText.lateEntry\"}", "[]", null, null, null, null, null

-- on postgres:
insert into
  "findings" ("case_id", "finding_id", "case_kind", "case_title", "jurisdiction", "exercise", "plan_id", "plan_version", "kind", "owner", "subject", "arose_at", "text", "said", "evidence", "disposition", "reason", "disposed_by", "disposed_role", "disposed_at")
values
  ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20);
-- parameters: "case-1", "entry:event-1", "incident", "60名村民堵塞县道", "100000", 0, "plan-1", 2, "late_entry", "role:officer", "event-1", "2025-01-01T00:00:00.000Z", "补录", "{\"key\":\"findingText.lateEntry\"}", "[]", null, null, null, null, null


-- setDisposition (src/server/findings/findings.queries.ts)

-- on sqlite:
update
  "findings"
set
  "disposition" = ?,
  "reason" = ?,
  "disposed_by" = ?,
  "disposed_role" = ?,
  "disposed_at" = ?
where
  "case_id" = ?
  and "finding_id" = ?;
-- parameters: "explained", "通讯中断", "user-1", "leader", "2025-01-01T00:00:00.000Z", "case-1", "entry:event-1"

-- on postgres:
update
  "findings"
set
  "disposition" = $1,
  "reason" = $2,
  "disposed_by" = $3,
  "disposed_role" = $4,
  "disposed_at" = $5
where
  "case_id" = $6
  and "finding_id" = $7;
-- parameters: "explained", "通讯中断", "user-1", "leader", "2025-01-01T00:00:00.000Z", "case-1", "entry:event-1"


-- findingsIn (src/server/findings/findings.queries.ts)

-- on sqlite:
select
  *
from
  "findings"
where
  "jurisdiction" in (?, ?)
  and "exercise" = ?
  and "arose_at" >= ?
  and "arose_at" < ?
  and "kind" = ?
  and "disposition" is null
order by
  "arose_at" desc,
  "finding_id"
limit
  ?;
-- parameters: "100000", "100100", 0, "2025-01-01T00:00:00.000Z", "2025-01-01T00:00:00.000Z", "duty_missed", 100

-- on postgres:
select
  *
from
  "findings"
where
  "jurisdiction" in ($1, $2)
  and "exercise" = $3
  and "arose_at" >= $4
  and "arose_at" < $5
  and "kind" = $6
  and "disposition" is null
order by
  "arose_at" desc,
  "finding_id"
limit
  $7;
-- parameters: "100000", "100100", 0, "2025-01-01T00:00:00.000Z", "2025-01-01T00:00:00.000Z", "duty_missed", 100


-- findingOf (src/server/findings/findings.queries.ts)

-- on sqlite:
select
  *
from
  "findings"
where
  "case_id" = ?
  and "finding_id" = ?;
-- parameters: "case-1", "clock:report-town"

-- on postgres:
select
  *
from
  "findings"
where
  "case_id" = $1
  and "finding_id" = $2;
-- parameters: "case-1", "clock:report-town"


-- caseFindings (src/server/findings/findings.queries.ts)

-- on sqlite:
select
  "finding_id",
  "text"
from
  "findings"
where
  "case_id" = ?
order by
  "arose_at",
  "finding_id";
-- parameters: "case-1"

-- on postgres:
select
  "finding_id",
  "text"
from
  "findings"
where
  "case_id" = $1
order by
  "arose_at",
  "finding_id";
-- parameters: "case-1"
