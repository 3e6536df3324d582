-- Printed by `npm run sql` (scripts/print-sql.ts) from src/server/auth/auth.queries.ts; do not edit.
-- Each query function with example arguments, and every statement it sends to SQLite and to
-- PostgreSQL. A change of a query changes this file: review the difference with the change.


-- accountJurisdictions (src/server/auth/auth.queries.ts)

-- on sqlite:
select
  "username",
  "jurisdiction_code"
from
  "users"
where
  "username" in (?, ?);
-- parameters: "officer", "leader"

-- on postgres:
select
  "username",
  "jurisdiction_code"
from
  "users"
where
  "username" in ($1, $2);
-- parameters: "officer", "leader"
