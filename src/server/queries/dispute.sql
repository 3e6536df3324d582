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
  "case_id" desc
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
  "case_id" desc
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
  "case_id" desc
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
  "case_id" desc
limit
  $7;
-- parameters: "100000", "100100", "high", "2025-01-01T00:00:00.000Z", "registered", "accepted", 500


-- disputesIn, searched, by lead position and dates (src/server/dispute/dispute.queries.ts)

-- on sqlite:
select
  *
from
  "disputes"
where
  "jurisdiction" in (?, ?)
  and "lead_position" = ?
  and ("title" like ? ESCAPE '\' or "summary" like ? ESCAPE '\' or "case_id" like ? ESCAPE '\')
  and "registered_at" >= ?
  and "registered_at" < ?
order by
  "registered_at" desc,
  "case_id" desc
limit
  ?;
-- parameters: "100000", "100100", "副镇长", "%补偿%", "%补偿%", "补偿%", "2024-12-31T16:00:00.000Z", "2025-01-31T16:00:00.000Z", 500

-- on postgres:
select
  *
from
  "disputes"
where
  "jurisdiction" in ($1, $2)
  and "lead_position" = $3
  and ("title" like $4 ESCAPE '\' or "summary" like $5 ESCAPE '\' or "case_id" like $6 ESCAPE '\')
  and "registered_at" >= $7
  and "registered_at" < $8
order by
  "registered_at" desc,
  "case_id" desc
limit
  $9;
-- parameters: "100000", "100100", "副镇长", "%补偿%", "%补偿%", "补偿%", "2024-12-31T16:00:00.000Z", "2025-01-31T16:00:00.000Z", 500


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


-- disputeDuties (src/server/dispute/dispute.queries.ts)

-- on sqlite:
select
  *
from
  "duties"
where
  "case_id" = ?
order by
  "due_at",
  "duty_id";
-- parameters: "case-1"

-- on postgres:
select
  *
from
  "duties"
where
  "case_id" = $1
order by
  "due_at",
  "duty_id";
-- parameters: "case-1"


-- linkedIncidents (src/server/dispute/dispute.queries.ts)

-- on sqlite:
select
  "case_id",
  "title",
  "status",
  "level",
  "reported_at"
from
  "incidents"
where
  "case_id" in (?)
  and "jurisdiction" in (?, ?)
order by
  "reported_at";
-- parameters: "case-1", "100000", "100100"

-- on postgres:
select
  "case_id",
  "title",
  "status",
  "level",
  "reported_at"
from
  "incidents"
where
  "case_id" in ($1)
  and "jurisdiction" in ($2, $3)
order by
  "reported_at";
-- parameters: "case-1", "100000", "100100"


-- linkedDisputes (src/server/dispute/dispute.queries.ts)

-- on sqlite:
select
  "case_id",
  "title",
  "status",
  "risk",
  "registered_at"
from
  "disputes"
where
  "case_id" in (?)
  and "jurisdiction" in (?, ?)
order by
  "registered_at";
-- parameters: "case-1", "100000", "100100"

-- on postgres:
select
  "case_id",
  "title",
  "status",
  "risk",
  "registered_at"
from
  "disputes"
where
  "case_id" in ($1)
  and "jurisdiction" in ($2, $3)
order by
  "registered_at";
-- parameters: "case-1", "100000", "100100"


-- linksOf (src/server/dispute/dispute.queries.ts)

-- on sqlite:
select
  "type",
  "data"
from
  "events"
where
  "case_id" = ?
  and "type" in (?, ?, ?, ?);
-- parameters: "case-1", "incident.reported", "dispute.registered", "incident.linked", "dispute.linked"

-- on postgres:
select
  "type",
  "data"
from
  "events"
where
  "case_id" = $1
  and "type" in ($2, $3, $4, $5);
-- parameters: "case-1", "incident.reported", "dispute.registered", "incident.linked", "dispute.linked"
