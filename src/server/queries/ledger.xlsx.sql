-- Printed by `npm run sql` (scripts/print-sql.ts) from src/server/dispute/ledger.xlsx.queries.ts; do not edit.
-- Each query function with example arguments, and every statement it sends to SQLite and to
-- PostgreSQL. A change of a query changes this file: review the difference with the change.


-- ledgerProgress (src/server/dispute/ledger.xlsx.queries.ts)

-- on sqlite:
select
  "case_id",
  "seq",
  "type",
  "data"
from
  "events"
where
  "case_id" in (?)
  and "type" in (?, ?)
order by
  "case_id",
  "seq";
-- parameters: "case-1", "progress.noted", "dispute.resolved"

-- on postgres:
select
  "case_id",
  "seq",
  "type",
  "data"
from
  "events"
where
  "case_id" in ($1)
  and "type" in ($2, $3)
order by
  "case_id",
  "seq";
-- parameters: "case-1", "progress.noted", "dispute.resolved"


-- jurisdictionLevel (src/server/dispute/ledger.xlsx.queries.ts)

-- on sqlite:
select
  "level"
from
  "jurisdictions"
where
  "code" = ?;
-- parameters: "100000"

-- on postgres:
select
  "level"
from
  "jurisdictions"
where
  "code" = $1;
-- parameters: "100000"


-- storedEvents (src/server/dispute/ledger.xlsx.queries.ts)

-- on sqlite:
select
  "e"."id",
  "e"."case_id",
  "e"."type",
  "e"."actor_id",
  "d"."jurisdiction"
from
  "events" as "e"
  left join "disputes" as "d" on "d"."case_id" = "e"."case_id"
where
  "e"."id" in (?);
-- parameters: "event-1"

-- on postgres:
select
  "e"."id",
  "e"."case_id",
  "e"."type",
  "e"."actor_id",
  "d"."jurisdiction"
from
  "events" as "e"
  left join "disputes" as "d" on "d"."case_id" = "e"."case_id"
where
  "e"."id" in ($1);
-- parameters: "event-1"
