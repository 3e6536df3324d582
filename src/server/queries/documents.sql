-- Printed by `npm run sql` (scripts/print-sql.ts) from src/server/documents/documents.queries.ts; do not edit.
-- Each query function with example arguments, and every statement it sends to SQLite and to
-- PostgreSQL. A change of a query changes this file: review the difference with the change.


-- officeOf (src/server/documents/documents.queries.ts)

-- on sqlite:
select
  "j"."code",
  "j"."name",
  "j"."level",
  "p"."name" as "parent_name"
from
  "jurisdictions" as "j"
  left join "jurisdictions" as "p" on "p"."code" = "j"."parent_code"
where
  "j"."code" = ?;
-- parameters: "100000"

-- on postgres:
select
  "j"."code",
  "j"."name",
  "j"."level",
  "p"."name" as "parent_name"
from
  "jurisdictions" as "j"
  left join "jurisdictions" as "p" on "p"."code" = "j"."parent_code"
where
  "j"."code" = $1;
-- parameters: "100000"


-- caseFindingRows (src/server/documents/documents.queries.ts)

-- on sqlite:
select
  *
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
  *
from
  "findings"
where
  "case_id" = $1
order by
  "arose_at",
  "finding_id";
-- parameters: "case-1"
