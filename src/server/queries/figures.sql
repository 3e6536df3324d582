-- Printed by `npm run sql` (scripts/print-sql.ts) from src/server/figures/figures.queries.ts; do not edit.
-- Each query function with example arguments, and every statement it sends to SQLite and to
-- PostgreSQL. A change of a query changes this file: review the difference with the change.


-- dutiesDue (src/server/figures/figures.queries.ts)

-- on sqlite:
select
  "c"."plan_id",
  "c"."plan_version",
  CASE WHEN d.duty_id LIKE 'commitment:%' THEN 'commitment:' WHEN d.duty_id LIKE 'screening:%' THEN 'screening:' ELSE d.duty_id END as "duty",
  "d"."owner",
  CASE WHEN d.status = 'met'
  AND d.late_seconds > 0 THEN 'late' WHEN d.status = 'met' THEN 'on_time' WHEN d.status = 'missed'
  OR d.due_at <= ? THEN 'missed' ELSE 'open' END as "outcome",
  count(*) as "n"
from
  "duties" as "d"
  inner join "incidents" as "c" on "c"."case_id" = "d"."case_id"
where
  "d"."due_at" >= ?
  and "d"."due_at" < ?
  and "c"."jurisdiction" in (?, ?)
  and "c"."exercise" = ?
group by
  "c"."plan_id",
  "c"."plan_version",
  "duty",
  "d"."owner",
  "outcome";
-- parameters: "2025-01-01T00:00:00.000Z", "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z", "100000", "100100", 0

select
  "c"."plan_id",
  "c"."plan_version",
  CASE WHEN d.duty_id LIKE 'commitment:%' THEN 'commitment:' WHEN d.duty_id LIKE 'screening:%' THEN 'screening:' ELSE d.duty_id END as "duty",
  "d"."owner",
  CASE WHEN d.status = 'met'
  AND d.late_seconds > 0 THEN 'late' WHEN d.status = 'met' THEN 'on_time' WHEN d.status = 'missed'
  OR d.due_at <= ? THEN 'missed' ELSE 'open' END as "outcome",
  count(*) as "n"
from
  "duties" as "d"
  inner join "disputes" as "c" on "c"."case_id" = "d"."case_id"
where
  "d"."due_at" >= ?
  and "d"."due_at" < ?
  and "c"."jurisdiction" in (?, ?)
  and "c"."exercise" = ?
group by
  "c"."plan_id",
  "c"."plan_version",
  "duty",
  "d"."owner",
  "outcome";
-- parameters: "2025-01-01T00:00:00.000Z", "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z", "100000", "100100", 0

select
  "c"."plan_id",
  "c"."plan_version",
  CASE WHEN d.duty_id LIKE 'commitment:%' THEN 'commitment:' WHEN d.duty_id LIKE 'screening:%' THEN 'screening:' ELSE d.duty_id END as "duty",
  "d"."owner",
  CASE WHEN d.status = 'met'
  AND d.late_seconds > 0 THEN 'late' WHEN d.status = 'met' THEN 'on_time' WHEN d.status = 'missed'
  OR d.due_at <= ? THEN 'missed' ELSE 'open' END as "outcome",
  count(*) as "n"
from
  "duties" as "d"
  inner join "screening_registers" as "c" on "c"."case_id" = "d"."case_id"
where
  "d"."due_at" >= ?
  and "d"."due_at" < ?
  and "c"."jurisdiction" in (?, ?)
group by
  "c"."plan_id",
  "c"."plan_version",
  "duty",
  "d"."owner",
  "outcome";
-- parameters: "2025-01-01T00:00:00.000Z", "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z", "100000", "100100"

-- on postgres:
select
  "c"."plan_id",
  "c"."plan_version",
  CASE WHEN d.duty_id LIKE 'commitment:%' THEN 'commitment:' WHEN d.duty_id LIKE 'screening:%' THEN 'screening:' ELSE d.duty_id END as "duty",
  "d"."owner",
  CASE WHEN d.status = 'met'
  AND d.late_seconds > 0 THEN 'late' WHEN d.status = 'met' THEN 'on_time' WHEN d.status = 'missed'
  OR d.due_at <= $1 THEN 'missed' ELSE 'open' END as "outcome",
  count(*) as "n"
from
  "duties" as "d"
  inner join "incidents" as "c" on "c"."case_id" = "d"."case_id"
where
  "d"."due_at" >= $2
  and "d"."due_at" < $3
  and "c"."jurisdiction" in ($4, $5)
  and "c"."exercise" = $6
group by
  "c"."plan_id",
  "c"."plan_version",
  "duty",
  "d"."owner",
  "outcome";
-- parameters: "2025-01-01T00:00:00.000Z", "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z", "100000", "100100", 0

select
  "c"."plan_id",
  "c"."plan_version",
  CASE WHEN d.duty_id LIKE 'commitment:%' THEN 'commitment:' WHEN d.duty_id LIKE 'screening:%' THEN 'screening:' ELSE d.duty_id END as "duty",
  "d"."owner",
  CASE WHEN d.status = 'met'
  AND d.late_seconds > 0 THEN 'late' WHEN d.status = 'met' THEN 'on_time' WHEN d.status = 'missed'
  OR d.due_at <= $1 THEN 'missed' ELSE 'open' END as "outcome",
  count(*) as "n"
from
  "duties" as "d"
  inner join "disputes" as "c" on "c"."case_id" = "d"."case_id"
where
  "d"."due_at" >= $2
  and "d"."due_at" < $3
  and "c"."jurisdiction" in ($4, $5)
  and "c"."exercise" = $6
group by
  "c"."plan_id",
  "c"."plan_version",
  "duty",
  "d"."owner",
  "outcome";
-- parameters: "2025-01-01T00:00:00.000Z", "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z", "100000", "100100", 0

select
  "c"."plan_id",
  "c"."plan_version",
  CASE WHEN d.duty_id LIKE 'commitment:%' THEN 'commitment:' WHEN d.duty_id LIKE 'screening:%' THEN 'screening:' ELSE d.duty_id END as "duty",
  "d"."owner",
  CASE WHEN d.status = 'met'
  AND d.late_seconds > 0 THEN 'late' WHEN d.status = 'met' THEN 'on_time' WHEN d.status = 'missed'
  OR d.due_at <= $1 THEN 'missed' ELSE 'open' END as "outcome",
  count(*) as "n"
from
  "duties" as "d"
  inner join "screening_registers" as "c" on "c"."case_id" = "d"."case_id"
where
  "d"."due_at" >= $2
  and "d"."due_at" < $3
  and "c"."jurisdiction" in ($4, $5)
group by
  "c"."plan_id",
  "c"."plan_version",
  "duty",
  "d"."owner",
  "outcome";
-- parameters: "2025-01-01T00:00:00.000Z", "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z", "100000", "100100"


-- incidentsReported (src/server/figures/figures.queries.ts)

-- on sqlite:
select
  "i"."case_id",
  "i"."reported_at",
  (select min("s"."sent_at") as "m" from "sitreps" as "s" where "s"."case_id" = "i"."case_id") as "first_report",
  (select min("st"."published_at") as "m" from "statements" as "st" where "st"."case_id" = "i"."case_id") as "first_statement"
from
  "incidents" as "i"
where
  "i"."exercise" = ?
  and "i"."jurisdiction" in (?, ?)
  and "i"."reported_at" >= ?
  and "i"."reported_at" < ?;
-- parameters: 0, "100000", "100100", "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z"

-- on postgres:
select
  "i"."case_id",
  "i"."reported_at",
  (select min("s"."sent_at") as "m" from "sitreps" as "s" where "s"."case_id" = "i"."case_id") as "first_report",
  (select min("st"."published_at") as "m" from "statements" as "st" where "st"."case_id" = "i"."case_id") as "first_statement"
from
  "incidents" as "i"
where
  "i"."exercise" = $1
  and "i"."jurisdiction" in ($2, $3)
  and "i"."reported_at" >= $4
  and "i"."reported_at" < $5;
-- parameters: 0, "100000", "100100", "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z"


-- disputesRegistered (src/server/figures/figures.queries.ts)

-- on sqlite:
select
  "source",
  count(*) as "n",
  count("accepted_at") as "accepted",
  count("not_accepted_at") as "not_accepted",
  count("resolved_at") as "resolved"
from
  "disputes"
where
  "jurisdiction" in (?, ?)
  and "exercise" = ?
  and "registered_at" >= ?
  and "registered_at" < ?
group by
  "source";
-- parameters: "100000", "100100", 0, "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z"

-- on postgres:
select
  "source",
  count(*) as "n",
  count("accepted_at") as "accepted",
  count("not_accepted_at") as "not_accepted",
  count("resolved_at") as "resolved"
from
  "disputes"
where
  "jurisdiction" in ($1, $2)
  and "exercise" = $3
  and "registered_at" >= $4
  and "registered_at" < $5
group by
  "source";
-- parameters: "100000", "100100", 0, "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z"


-- disputeEvents (src/server/figures/figures.queries.ts)

-- on sqlite:
select
  "e"."type",
  "e"."data"
from
  "disputes" as "d"
  inner join "events" as "e" on "e"."case_id" = "d"."case_id"
  and "e"."type" in (?, ?)
where
  "d"."jurisdiction" in (?, ?)
  and "d"."exercise" = ?
  and "e"."occurred_at" >= ?
  and "e"."occurred_at" < ?;
-- parameters: "visit.made", "review.requested", "100000", "100100", 0, "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z"

-- on postgres:
select
  "e"."type",
  "e"."data"
from
  "disputes" as "d"
  inner join "events" as "e" on "e"."case_id" = "d"."case_id"
  and "e"."type" in ($1, $2)
where
  "d"."jurisdiction" in ($3, $4)
  and "d"."exercise" = $5
  and "e"."occurred_at" >= $6
  and "e"."occurred_at" < $7;
-- parameters: "visit.made", "review.requested", "100000", "100100", 0, "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z"


-- ledgerOfPeriod (src/server/figures/figures.queries.ts)

-- on sqlite:
select
  *
from
  "disputes"
where
  "jurisdiction" in (?, ?)
  and "exercise" = ?
  and "registered_at" >= ?
  and "registered_at" < ?
order by
  "registered_at",
  "case_id"
limit
  ?;
-- parameters: "100000", "100100", 0, "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z", 5000

-- on postgres:
select
  *
from
  "disputes"
where
  "jurisdiction" in ($1, $2)
  and "exercise" = $3
  and "registered_at" >= $4
  and "registered_at" < $5
order by
  "registered_at",
  "case_id"
limit
  $6;
-- parameters: "100000", "100100", 0, "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z", 5000


-- findingsArisen (src/server/figures/figures.queries.ts)

-- on sqlite:
select
  "kind",
  "disposition",
  count(*) as "n"
from
  "findings"
where
  "exercise" = ?
  and "jurisdiction" in (?, ?)
  and "arose_at" >= ?
  and "arose_at" < ?
group by
  "kind",
  "disposition";
-- parameters: 0, "100000", "100100", "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z"

-- on postgres:
select
  "kind",
  "disposition",
  count(*) as "n"
from
  "findings"
where
  "exercise" = $1
  and "jurisdiction" in ($2, $3)
  and "arose_at" >= $4
  and "arose_at" < $5
group by
  "kind",
  "disposition";
-- parameters: 0, "100000", "100100", "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z"


-- jurisdictionAndAbove (src/server/figures/figures.queries.ts)

-- on sqlite:
select
  "code",
  "name",
  "level",
  "plan_id",
  "parent_code"
from
  "jurisdictions"
where
  "code" = ?;
-- parameters: "100000"

-- on postgres:
select
  "code",
  "name",
  "level",
  "plan_id",
  "parent_code"
from
  "jurisdictions"
where
  "code" = $1;
-- parameters: "100000"
