-- Printed by `npm run sql` (scripts/print-sql.ts) from src/server/cases/overdue.queries.ts; do not edit.
-- Each query function with example arguments, and every statement it sends to SQLite and to
-- PostgreSQL. A change of a query changes this file: review the difference with the change.


-- overdueIn (src/server/cases/overdue.queries.ts)

-- on sqlite:
select
  "d"."case_id",
  "c"."kind" as "case_kind",
  "d"."duty_id",
  "d"."owner",
  "d"."due_at",
  "d"."status",
  "d"."escalate_to",
  coalesce("i"."title", "s"."title", "gj"."name", "g"."jurisdiction", '') as "title",
  coalesce("i"."jurisdiction", "s"."jurisdiction", "g"."jurisdiction") as "jurisdiction",
  coalesce("i"."plan_id", "s"."plan_id", "g"."plan_id") as "plan_id",
  coalesce("i"."plan_version", "s"."plan_version", "g"."plan_version") as "plan_version",
  coalesce("i"."exercise", "s"."exercise", 0) as "exercise"
from
  "duties" as "d"
  inner join "case_summary" as "c" on "c"."case_id" = "d"."case_id"
  left join "incidents" as "i" on "i"."case_id" = "d"."case_id"
  left join "disputes" as "s" on "s"."case_id" = "d"."case_id"
  left join "screening_registers" as "g" on "g"."case_id" = "d"."case_id"
  left join "jurisdictions" as "gj" on "gj"."code" = "g"."jurisdiction"
where
  ("i"."jurisdiction" in (?, ?) or "s"."jurisdiction" in (?, ?) or "g"."jurisdiction" in (?, ?))
  and ("d"."status" = ? or ("d"."status" = ? and "d"."due_at" < ?))
  and ("i"."status" is null or "i"."status" != ?)
  and ("s"."status" is null or "s"."status" != ?)
order by
  "d"."due_at",
  "d"."case_id",
  "d"."duty_id"
limit
  ?;
-- parameters: "100000", "100100", "100000", "100100", "100000", "100100", "missed", "open", "2025-01-01T00:00:00.000Z", "settled", "settled", 200

-- on postgres:
select
  "d"."case_id",
  "c"."kind" as "case_kind",
  "d"."duty_id",
  "d"."owner",
  "d"."due_at",
  "d"."status",
  "d"."escalate_to",
  coalesce("i"."title", "s"."title", "gj"."name", "g"."jurisdiction", '') as "title",
  coalesce("i"."jurisdiction", "s"."jurisdiction", "g"."jurisdiction") as "jurisdiction",
  coalesce("i"."plan_id", "s"."plan_id", "g"."plan_id") as "plan_id",
  coalesce("i"."plan_version", "s"."plan_version", "g"."plan_version") as "plan_version",
  coalesce("i"."exercise", "s"."exercise", 0) as "exercise"
from
  "duties" as "d"
  inner join "case_summary" as "c" on "c"."case_id" = "d"."case_id"
  left join "incidents" as "i" on "i"."case_id" = "d"."case_id"
  left join "disputes" as "s" on "s"."case_id" = "d"."case_id"
  left join "screening_registers" as "g" on "g"."case_id" = "d"."case_id"
  left join "jurisdictions" as "gj" on "gj"."code" = "g"."jurisdiction"
where
  ("i"."jurisdiction" in ($1, $2) or "s"."jurisdiction" in ($3, $4) or "g"."jurisdiction" in ($5, $6))
  and ("d"."status" = $7 or ("d"."status" = $8 and "d"."due_at" < $9))
  and ("i"."status" is null or "i"."status" != $10)
  and ("s"."status" is null or "s"."status" != $11)
order by
  "d"."due_at",
  "d"."case_id",
  "d"."duty_id"
limit
  $12;
-- parameters: "100000", "100100", "100000", "100100", "100000", "100100", "missed", "open", "2025-01-01T00:00:00.000Z", "settled", "settled", 200
