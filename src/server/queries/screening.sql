-- Printed by `npm run sql` (scripts/print-sql.ts) from src/server/screening/screening.queries.ts; do not edit.
-- Each query function with example arguments, and every statement it sends to SQLite and to
-- PostgreSQL. A change of a query changes this file: review the difference with the change.


-- visibleRegister (src/server/screening/screening.queries.ts)

-- on sqlite:
select
  *
from
  "screening_registers"
where
  "case_id" = ?;
-- parameters: "case-1"

-- on postgres:
select
  *
from
  "screening_registers"
where
  "case_id" = $1;
-- parameters: "case-1"


-- registersIn (src/server/screening/screening.queries.ts)

-- on sqlite:
select
  *
from
  "screening_registers"
where
  "jurisdiction" in (?, ?)
order by
  "jurisdiction";
-- parameters: "100000", "100100"

-- on postgres:
select
  *
from
  "screening_registers"
where
  "jurisdiction" in ($1, $2)
order by
  "jurisdiction";
-- parameters: "100000", "100100"


-- roundsIn, in scope (src/server/screening/screening.queries.ts)

-- on sqlite:
select
  "r".*,
  (select count(*) as "n" from "disputes" as "d" where "d"."screening_round_id" = "r"."round_id" and "d"."jurisdiction" = "r"."jurisdiction") as "registered"
from
  "screening_rounds" as "r"
where
  "r"."jurisdiction" in (?, ?)
order by
  "r"."held_at" desc,
  "r"."round_id"
limit
  ?;
-- parameters: "100000", "100100", 50

-- on postgres:
select
  "r".*,
  (select count(*) as "n" from "disputes" as "d" where "d"."screening_round_id" = "r"."round_id" and "d"."jurisdiction" = "r"."jurisdiction") as "registered"
from
  "screening_rounds" as "r"
where
  "r"."jurisdiction" in ($1, $2)
order by
  "r"."held_at" desc,
  "r"."round_id"
limit
  $3;
-- parameters: "100000", "100100", 50


-- roundsIn, of a register (src/server/screening/screening.queries.ts)

-- on sqlite:
select
  "r".*,
  (select count(*) as "n" from "disputes" as "d" where "d"."screening_round_id" = "r"."round_id" and "d"."jurisdiction" = "r"."jurisdiction") as "registered"
from
  "screening_rounds" as "r"
where
  "r"."case_id" = ?
order by
  "r"."held_at" desc,
  "r"."round_id"
limit
  ?;
-- parameters: "case-1", 500

-- on postgres:
select
  "r".*,
  (select count(*) as "n" from "disputes" as "d" where "d"."screening_round_id" = "r"."round_id" and "d"."jurisdiction" = "r"."jurisdiction") as "registered"
from
  "screening_rounds" as "r"
where
  "r"."case_id" = $1
order by
  "r"."held_at" desc,
  "r"."round_id"
limit
  $2;
-- parameters: "case-1", 500


-- cadenceClocks, in scope (src/server/screening/screening.queries.ts)

-- on sqlite:
select
  "d"."case_id",
  "d"."duty_id",
  "d"."owner",
  "d"."started_at",
  "d"."due_at",
  "d"."warn_at",
  "d"."status",
  "d"."escalate_to",
  "d"."met_at"
from
  "duties" as "d"
  inner join "screening_registers" as "g" on "g"."case_id" = "d"."case_id"
where
  ("d"."status" = ? or "d"."due_at" >= ?)
  and "g"."jurisdiction" in (?, ?)
order by
  "d"."due_at" desc,
  "d"."duty_id"
limit
  ?;
-- parameters: "open", "2025-01-01T00:00:00.000Z", "100000", "100100", 500

-- on postgres:
select
  "d"."case_id",
  "d"."duty_id",
  "d"."owner",
  "d"."started_at",
  "d"."due_at",
  "d"."warn_at",
  "d"."status",
  "d"."escalate_to",
  "d"."met_at"
from
  "duties" as "d"
  inner join "screening_registers" as "g" on "g"."case_id" = "d"."case_id"
where
  ("d"."status" = $1 or "d"."due_at" >= $2)
  and "g"."jurisdiction" in ($3, $4)
order by
  "d"."due_at" desc,
  "d"."duty_id"
limit
  $5;
-- parameters: "open", "2025-01-01T00:00:00.000Z", "100000", "100100", 500


-- cadenceClocks, of a register (src/server/screening/screening.queries.ts)

-- on sqlite:
select
  "d"."case_id",
  "d"."duty_id",
  "d"."owner",
  "d"."started_at",
  "d"."due_at",
  "d"."warn_at",
  "d"."status",
  "d"."escalate_to",
  "d"."met_at"
from
  "duties" as "d"
  inner join "screening_registers" as "g" on "g"."case_id" = "d"."case_id"
where
  ("d"."status" = ? or "d"."due_at" >= ?)
  and "d"."case_id" = ?
order by
  "d"."due_at" desc,
  "d"."duty_id"
limit
  ?;
-- parameters: "open", "2025-01-01T00:00:00.000Z", "case-1", 500

-- on postgres:
select
  "d"."case_id",
  "d"."duty_id",
  "d"."owner",
  "d"."started_at",
  "d"."due_at",
  "d"."warn_at",
  "d"."status",
  "d"."escalate_to",
  "d"."met_at"
from
  "duties" as "d"
  inner join "screening_registers" as "g" on "g"."case_id" = "d"."case_id"
where
  ("d"."status" = $1 or "d"."due_at" >= $2)
  and "d"."case_id" = $3
order by
  "d"."due_at" desc,
  "d"."duty_id"
limit
  $4;
-- parameters: "open", "2025-01-01T00:00:00.000Z", "case-1", 500


-- roundOf (src/server/screening/screening.queries.ts)

-- on sqlite:
select
  "round_id",
  "zero_report",
  "found"
from
  "screening_rounds"
where
  "jurisdiction" = ?
  and "round_id" = ?;
-- parameters: "100000", "round-1"

-- on postgres:
select
  "round_id",
  "zero_report",
  "found"
from
  "screening_rounds"
where
  "jurisdiction" = $1
  and "round_id" = $2;
-- parameters: "100000", "round-1"
