-- Printed by `npm run sql` (scripts/print-sql.ts) from src/server/plans/plan.queries.ts; do not edit.
-- Each query function with example arguments, and every statement it sends to SQLite and to
-- PostgreSQL. A change of a query changes this file: review the difference with the change.


-- uploadedVersionKeys (src/server/plans/plan.queries.ts)

-- on sqlite:
select
  "plan_id",
  "version",
  "sha256"
from
  "plan_versions";

-- on postgres:
select
  "plan_id",
  "version",
  "sha256"
from
  "plan_versions";


-- uploadedVersion (src/server/plans/plan.queries.ts)

-- on sqlite:
select
  *
from
  "plan_versions"
where
  "plan_id" = ?
  and "version" = ?;
-- parameters: "plan-1", 2

-- on postgres:
select
  *
from
  "plan_versions"
where
  "plan_id" = $1
  and "version" = $2;
-- parameters: "plan-1", 2


-- firstUpload (src/server/plans/plan.queries.ts)

-- on sqlite:
select
  "jurisdiction_code",
  "version"
from
  "plan_versions"
where
  "plan_id" = ?
order by
  "version";
-- parameters: "plan-1"

-- on postgres:
select
  "jurisdiction_code",
  "version"
from
  "plan_versions"
where
  "plan_id" = $1
order by
  "version";
-- parameters: "plan-1"


-- jurisdictionsRunning (src/server/plans/plan.queries.ts)

-- on sqlite:
select
  "code",
  "name"
from
  "jurisdictions"
where
  "plan_id" = ?;
-- parameters: "plan-1"

-- on postgres:
select
  "code",
  "name"
from
  "jurisdictions"
where
  "plan_id" = $1;
-- parameters: "plan-1"


-- insertUploadedVersion (src/server/plans/plan.queries.ts)

-- on sqlite:
insert into
  "plan_versions" ("plan_id", "version", "yaml", "sha256", "uploaded_by", "jurisdiction_code", "uploaded_at", "note")
values
  (?, ?, ?, ?, ?, ?, ?, ?);
-- parameters: "plan-1", 2, "id: plan-1", "0000000000000000000000000000000000000000000000000000000000000000", "officer", "100000", "2025-01-01T00:00:00.000Z", "what changed"

-- on postgres:
insert into
  "plan_versions" ("plan_id", "version", "yaml", "sha256", "uploaded_by", "jurisdiction_code", "uploaded_at", "note")
values
  ($1, $2, $3, $4, $5, $6, $7, $8);
-- parameters: "plan-1", 2, "id: plan-1", "0000000000000000000000000000000000000000000000000000000000000000", "officer", "100000", "2025-01-01T00:00:00.000Z", "what changed"
