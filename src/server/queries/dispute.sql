-- Printed by `npm run sql` (scripts/print-sql.ts) from src/server/dispute/dispute.queries.ts; do not edit.
-- Each query function with example arguments, and every statement it sends to SQLite and to
-- PostgreSQL. A change of a query changes this file: review the difference with the change.


-- visibleDispute (src/server/dispute/dispute.queries.ts)

-- on sqlite:
select
  *
from
  "disputes"
where
  "case_id" = ?;
-- parameters: "case-1"

-- on postgres:
select
  *
from
  "disputes"
where
  "case_id" = $1;
-- parameters: "case-1"


-- disputesIn (src/server/dispute/dispute.queries.ts)

-- on sqlite:
select
  *
from
  "disputes"
where
  "jurisdiction" in (?, ?)
order by
  "registered_at" desc,
  "case_id"
limit
  ?;
-- parameters: "100000", "100100", 500

-- on postgres:
select
  *
from
  "disputes"
where
  "jurisdiction" in ($1, $2)
order by
  "registered_at" desc,
  "case_id"
limit
  $3;
-- parameters: "100000", "100100", 500


-- disputesIn, high risk and overdue (src/server/dispute/dispute.queries.ts)

-- on sqlite:
select
  *
from
  "disputes"
where
  "jurisdiction" in (?, ?)
  and "risk" = ?
  and "due_at" < ?
  and "status" in (?, ?)
order by
  "registered_at" desc,
  "case_id"
limit
  ?;
-- parameters: "100000", "100100", "high", "2025-01-01T00:00:00.000Z", "registered", "accepted", 500

-- on postgres:
select
  *
from
  "disputes"
where
  "jurisdiction" in ($1, $2)
  and "risk" = $3
  and "due_at" < $4
  and "status" in ($5, $6)
order by
  "registered_at" desc,
  "case_id"
limit
  $7;
-- parameters: "100000", "100100", "high", "2025-01-01T00:00:00.000Z", "registered", "accepted", 500


-- disputeCommitments (src/server/dispute/dispute.queries.ts)

-- on sqlite:
select
  *
from
  "commitments"
where
  "case_id" = ?
order by
  "due_at",
  "commitment_id";
-- parameters: "case-1"

-- on postgres:
select
  *
from
  "commitments"
where
  "case_id" = $1
order by
  "due_at",
  "commitment_id";
-- parameters: "case-1"
