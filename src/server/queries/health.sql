-- Printed by `npm run sql` (scripts/print-sql.ts) from src/server/health/health.queries.ts; do not edit.
-- Each query function with example arguments, and every statement it sends to SQLite and to
-- PostgreSQL. A change of a query changes this file: review the difference with the change.


-- databaseAnswers (src/server/health/health.queries.ts)

-- on sqlite:
SELECT
  1;

-- on postgres:
SELECT
  1;


-- writeProbe (src/server/health/health.queries.ts)

-- on sqlite:
insert into
  "health_probes" ("server", "at")
values
  (?, ?)
on conflict
  ("server")
do update set
  "at" = ?;
-- parameters: "server-1", "2025-01-01T00:00:00.000Z", "2025-01-01T00:00:00.000Z"

-- on postgres:
insert into
  "health_probes" ("server", "at")
values
  ($1, $2)
on conflict
  ("server")
do update set
  "at" = $3;
-- parameters: "server-1", "2025-01-01T00:00:00.000Z", "2025-01-01T00:00:00.000Z"


-- forgetProbesBefore (src/server/health/health.queries.ts)

-- on sqlite:
delete from
  "health_probes"
where
  "at" < ?;
-- parameters: "2025-01-01T00:00:00.000Z"

-- on postgres:
delete from
  "health_probes"
where
  "at" < $1;
-- parameters: "2025-01-01T00:00:00.000Z"
