-- Printed by `npm run sql` (scripts/print-sql.ts) from src/server/accounts/jurisdictions.queries.ts; do not edit.
-- Each query function with example arguments, and every statement it sends to SQLite and to
-- PostgreSQL. A change of a query changes this file: review the difference with the change.


-- jurisdictionsIn (src/server/accounts/jurisdictions.queries.ts)

-- on sqlite:
select
  *
from
  "jurisdictions"
where
  "code" in (?, ?)
order by
  "code";
-- parameters: "100000", "100100"

-- on postgres:
select
  *
from
  "jurisdictions"
where
  "code" in ($1, $2)
order by
  "code";
-- parameters: "100000", "100100"


-- jurisdictionName (src/server/accounts/jurisdictions.queries.ts)

-- on sqlite:
select
  "name"
from
  "jurisdictions"
where
  "code" = ?;
-- parameters: "100000"

-- on postgres:
select
  "name"
from
  "jurisdictions"
where
  "code" = $1;
-- parameters: "100000"
