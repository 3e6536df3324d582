-- Printed by `npm run sql` (scripts/print-sql.ts) from src/server/audit/audit.queries.ts; do not edit.
-- Each query function with example arguments, and every statement it sends to SQLite and to
-- PostgreSQL. A change of a query changes this file: review the difference with the change.


-- incidentsToAudit (src/server/audit/audit.queries.ts)

-- on sqlite:
select
  "case_id",
  "title",
  "jurisdiction"
from
  "incidents"
where
  "jurisdiction" in (?, ?);
-- parameters: "100000", "100100"

-- on postgres:
select
  "case_id",
  "title",
  "jurisdiction"
from
  "incidents"
where
  "jurisdiction" in ($1, $2);
-- parameters: "100000", "100100"
