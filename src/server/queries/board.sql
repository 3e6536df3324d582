-- Printed by `npm run sql` (scripts/print-sql.ts) from src/server/board/board.queries.ts; do not edit.
-- Each query function with example arguments, and every statement it sends to SQLite and to
-- PostgreSQL. A change of a query changes this file: review the difference with the change.


-- liveIncidents (src/server/board/board.queries.ts)

-- on sqlite:
select
  "i".*,
  "j"."name" as "jurisdiction_name"
from
  "incidents" as "i"
  left join "jurisdictions" as "j" on "j"."code" = "i"."jurisdiction"
where
  "i"."jurisdiction" in (?, ?)
  and "i"."status" not in (?, ?)
order by
  "i"."reported_at" desc
limit
  ?;
-- parameters: "100000", "100100", "closed", "settled", 500

-- on postgres:
select
  "i".*,
  "j"."name" as "jurisdiction_name"
from
  "incidents" as "i"
  left join "jurisdictions" as "j" on "j"."code" = "i"."jurisdiction"
where
  "i"."jurisdiction" in ($1, $2)
  and "i"."status" not in ($3, $4)
order by
  "i"."reported_at" desc
limit
  $5;
-- parameters: "100000", "100100", "closed", "settled", 500


-- clocksOf (src/server/board/board.queries.ts)

-- on sqlite:
select
  "case_id",
  "duty_id",
  "owner",
  "started_at",
  "due_at",
  "warn_at",
  "status",
  "escalate_to"
from
  "duties"
where
  "case_id" in (?, ?)
  and "status" != ?;
-- parameters: "case-1", "case-2", "met"

-- on postgres:
select
  "case_id",
  "duty_id",
  "owner",
  "started_at",
  "due_at",
  "warn_at",
  "status",
  "escalate_to"
from
  "duties"
where
  "case_id" in ($1, $2)
  and "status" != $3;
-- parameters: "case-1", "case-2", "met"


-- escalationOf (src/server/board/board.queries.ts)

-- on sqlite:
select
  "e"."event_id",
  "e"."case_id",
  "e"."to_jurisdiction",
  "e"."acknowledged_at",
  "c"."kind" as "case_kind",
  "g"."jurisdiction" as "register_jurisdiction",
  "g"."plan_id" as "register_plan"
from
  "escalations" as "e"
  inner join "case_summary" as "c" on "c"."case_id" = "e"."case_id"
  left join "screening_registers" as "g" on "g"."case_id" = "e"."case_id"
where
  "e"."event_id" = ?;
-- parameters: "event-1"

-- on postgres:
select
  "e"."event_id",
  "e"."case_id",
  "e"."to_jurisdiction",
  "e"."acknowledged_at",
  "c"."kind" as "case_kind",
  "g"."jurisdiction" as "register_jurisdiction",
  "g"."plan_id" as "register_plan"
from
  "escalations" as "e"
  inner join "case_summary" as "c" on "c"."case_id" = "e"."case_id"
  left join "screening_registers" as "g" on "g"."case_id" = "e"."case_id"
where
  "e"."event_id" = $1;
-- parameters: "event-1"


-- lastVisit (src/server/board/board.queries.ts)

-- on sqlite:
select
  "seen_at"
from
  "board_visits"
where
  "account_id" = ?;
-- parameters: "user-1"

-- on postgres:
select
  "seen_at"
from
  "board_visits"
where
  "account_id" = $1;
-- parameters: "user-1"


-- recordVisit (src/server/board/board.queries.ts)

-- on sqlite:
insert into
  "board_visits" ("account_id", "seen_at")
values
  (?, ?)
on conflict
  ("account_id")
do update set
  "seen_at" = ?;
-- parameters: "user-1", "2025-01-01T00:00:00.000Z", "2025-01-01T00:00:00.000Z"

-- on postgres:
insert into
  "board_visits" ("account_id", "seen_at")
values
  ($1, $2)
on conflict
  ("account_id")
do update set
  "seen_at" = $3;
-- parameters: "user-1", "2025-01-01T00:00:00.000Z", "2025-01-01T00:00:00.000Z"
