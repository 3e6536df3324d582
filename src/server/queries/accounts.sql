-- Printed by `npm run sql` (scripts/print-sql.ts) from src/server/accounts/accounts.queries.ts; do not edit.
-- Each query function with example arguments, and every statement it sends to SQLite and to
-- PostgreSQL. A change of a query changes this file: review the difference with the change.


-- usersIn (src/server/accounts/accounts.queries.ts)

-- on sqlite:
select
  "id",
  "username",
  "display_name",
  "role",
  "jurisdiction_code",
  "disabled",
  "created_at",
  "im_id"
from
  "users"
where
  "jurisdiction_code" in (?, ?)
order by
  "username";
-- parameters: "100000", "100100"

-- on postgres:
select
  "id",
  "username",
  "display_name",
  "role",
  "jurisdiction_code",
  "disabled",
  "created_at",
  "im_id"
from
  "users"
where
  "jurisdiction_code" in ($1, $2)
order by
  "username";
-- parameters: "100000", "100100"


-- userPlace (src/server/accounts/accounts.queries.ts)

-- on sqlite:
select
  "id",
  "jurisdiction_code"
from
  "users"
where
  "id" = ?;
-- parameters: "user-1"

-- on postgres:
select
  "id",
  "jurisdiction_code"
from
  "users"
where
  "id" = $1;
-- parameters: "user-1"


-- accountNames (src/server/accounts/accounts.queries.ts)

-- on sqlite:
select
  "id",
  "username",
  "display_name"
from
  "users"
where
  "id" in (?);
-- parameters: "user-1"

-- on postgres:
select
  "id",
  "username",
  "display_name"
from
  "users"
where
  "id" in ($1);
-- parameters: "user-1"
