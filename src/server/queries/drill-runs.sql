-- Printed by `npm run sql` (scripts/print-sql.ts) from src/server/plans/drill-runs.queries.ts; do not edit.
-- Each query function with example arguments, and every statement it sends to SQLite and to
-- PostgreSQL. A change of a query changes this file: review the difference with the change.


-- insertDrillRun (src/server/plans/drill-runs.queries.ts)

-- on sqlite:
insert into
  "drill_runs" ("id", "plan_id", "version", "scenario", "scenario_title", "scenario_yaml", "shipped", "run_by", "run_by_role", "jurisdiction_code", "run_at", "expected", "passed", "level", "met", "late", "missed", "differences", "review")
values
  (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
-- parameters: "run-1", "plan-1", 2, "village-late", "村报告迟到", "title: 村报告迟到", 1, "user-1", "officer", "100000", "2025-01-01T00:00:00.000Z", 1, 1, "general", 3, 1, 0, "[]", "{}"

-- on postgres:
insert into
  "drill_runs" ("id", "plan_id", "version", "scenario", "scenario_title", "scenario_yaml", "shipped", "run_by", "run_by_role", "jurisdiction_code", "run_at", "expected", "passed", "level", "met", "late", "missed", "differences", "review")
values
  ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19);
-- parameters: "run-1", "plan-1", 2, "village-late", "村报告迟到", "title: 村报告迟到", 1, "user-1", "officer", "100000", "2025-01-01T00:00:00.000Z", 1, 1, "general", 3, 1, 0, "[]", "{}"


-- drillRunsOf (src/server/plans/drill-runs.queries.ts)

-- on sqlite:
select
  "drill_runs"."id",
  "drill_runs"."version",
  "drill_runs"."scenario",
  "drill_runs"."scenario_title",
  "drill_runs"."shipped",
  "drill_runs"."run_by_role",
  "drill_runs"."jurisdiction_code",
  "drill_runs"."run_at",
  "drill_runs"."expected",
  "drill_runs"."passed",
  "drill_runs"."level",
  "drill_runs"."met",
  "drill_runs"."late",
  "drill_runs"."missed",
  "drill_runs"."differences",
  "users"."username",
  "users"."display_name"
from
  "drill_runs"
  left join "users" on "users"."id" = "drill_runs"."run_by"
where
  "drill_runs"."plan_id" = ?
  and "drill_runs"."jurisdiction_code" in (?, ?)
order by
  "drill_runs"."run_at" desc,
  "drill_runs"."id" desc
limit
  ?;
-- parameters: "plan-1", "100000", "100100", 50

-- on postgres:
select
  "drill_runs"."id",
  "drill_runs"."version",
  "drill_runs"."scenario",
  "drill_runs"."scenario_title",
  "drill_runs"."shipped",
  "drill_runs"."run_by_role",
  "drill_runs"."jurisdiction_code",
  "drill_runs"."run_at",
  "drill_runs"."expected",
  "drill_runs"."passed",
  "drill_runs"."level",
  "drill_runs"."met",
  "drill_runs"."late",
  "drill_runs"."missed",
  "drill_runs"."differences",
  "users"."username",
  "users"."display_name"
from
  "drill_runs"
  left join "users" on "users"."id" = "drill_runs"."run_by"
where
  "drill_runs"."plan_id" = $1
  and "drill_runs"."jurisdiction_code" in ($2, $3)
order by
  "drill_runs"."run_at" desc,
  "drill_runs"."id" desc
limit
  $4;
-- parameters: "plan-1", "100000", "100100", 50
