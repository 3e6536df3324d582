-- Printed by `npm run sql` (scripts/print-sql.ts) from src/server/incident/sitrep.queries.ts; do not edit.
-- Each query function with example arguments, and every statement it sends to SQLite and to
-- PostgreSQL. A change of a query changes this file: review the difference with the change.


-- insertSitrep (src/server/incident/sitrep.queries.ts)

-- on sqlite:
insert into
  "sitreps" ("event_id", "case_id", "kind", "to_level", "to_office", "to_jurisdiction", "from_jurisdiction", "sent_at", "sent_by", "sent_role", "fields", "document", "acknowledged_at", "acknowledged_by", "acknowledged_role", "acknowledged_note")
values
  (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
-- parameters: "event-1", "case-1", "initial", "county", null, "100000", "100100", "2025-01-01T00:00:00.000Z", "user-1", "officer", "{}", null, null, null, null, null

-- on postgres:
insert into
  "sitreps" ("event_id", "case_id", "kind", "to_level", "to_office", "to_jurisdiction", "from_jurisdiction", "sent_at", "sent_by", "sent_role", "fields", "document", "acknowledged_at", "acknowledged_by", "acknowledged_role", "acknowledged_note")
values
  ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16);
-- parameters: "event-1", "case-1", "initial", "county", null, "100000", "100100", "2025-01-01T00:00:00.000Z", "user-1", "officer", "{}", null, null, null, null, null


-- acknowledgeSitrep (src/server/incident/sitrep.queries.ts)

-- on sqlite:
update
  "sitreps"
set
  "acknowledged_at" = ?,
  "acknowledged_by" = ?,
  "acknowledged_role" = ?,
  "acknowledged_note" = ?
where
  "event_id" = ?;
-- parameters: "2025-01-01T00:00:00.000Z", "user-1", "officer", null, "event-1"

-- on postgres:
update
  "sitreps"
set
  "acknowledged_at" = $1,
  "acknowledged_by" = $2,
  "acknowledged_role" = $3,
  "acknowledged_note" = $4
where
  "event_id" = $5;
-- parameters: "2025-01-01T00:00:00.000Z", "user-1", "officer", null, "event-1"


-- sitrepOf (src/server/incident/sitrep.queries.ts)

-- on sqlite:
select
  *
from
  "sitreps"
where
  "event_id" = ?;
-- parameters: "event-1"

-- on postgres:
select
  *
from
  "sitreps"
where
  "event_id" = $1;
-- parameters: "event-1"


-- sitrepDocument (src/server/incident/sitrep.queries.ts)

-- on sqlite:
select
  "s".*,
  "i"."title",
  "i"."level",
  "i"."plan_id",
  "i"."plan_version",
  "f"."name" as "from_name",
  "t"."name" as "to_name"
from
  "sitreps" as "s"
  inner join "incidents" as "i" on "i"."case_id" = "s"."case_id"
  left join "jurisdictions" as "f" on "f"."code" = "s"."from_jurisdiction"
  left join "jurisdictions" as "t" on "t"."code" = "s"."to_jurisdiction"
where
  "s"."event_id" = ?;
-- parameters: "event-1"

-- on postgres:
select
  "s".*,
  "i"."title",
  "i"."level",
  "i"."plan_id",
  "i"."plan_version",
  "f"."name" as "from_name",
  "t"."name" as "to_name"
from
  "sitreps" as "s"
  inner join "incidents" as "i" on "i"."case_id" = "s"."case_id"
  left join "jurisdictions" as "f" on "f"."code" = "s"."from_jurisdiction"
  left join "jurisdictions" as "t" on "t"."code" = "s"."to_jurisdiction"
where
  "s"."event_id" = $1;
-- parameters: "event-1"


-- sitrepsReceived (src/server/incident/sitrep.queries.ts)

-- on sqlite:
select
  "s"."event_id",
  "s"."case_id",
  "s"."kind",
  "s"."to_level",
  "s"."to_office",
  "s"."to_jurisdiction",
  "s"."from_jurisdiction",
  "s"."sent_at",
  "s"."sent_role",
  "s"."fields",
  "s"."acknowledged_at",
  "s"."acknowledged_role",
  "s"."acknowledged_by",
  "i"."title",
  "i"."level",
  "i"."plan_id",
  "i"."plan_version",
  "i"."exercise",
  "j"."name" as "from_name"
from
  "sitreps" as "s"
  inner join "incidents" as "i" on "i"."case_id" = "s"."case_id"
  left join "jurisdictions" as "j" on "j"."code" = "s"."from_jurisdiction"
where
  "s"."to_jurisdiction" in (?, ?)
  and "s"."acknowledged_at" is null
order by
  "s"."sent_at" desc
limit
  ?;
-- parameters: "100000", "100100", 50

-- on postgres:
select
  "s"."event_id",
  "s"."case_id",
  "s"."kind",
  "s"."to_level",
  "s"."to_office",
  "s"."to_jurisdiction",
  "s"."from_jurisdiction",
  "s"."sent_at",
  "s"."sent_role",
  "s"."fields",
  "s"."acknowledged_at",
  "s"."acknowledged_role",
  "s"."acknowledged_by",
  "i"."title",
  "i"."level",
  "i"."plan_id",
  "i"."plan_version",
  "i"."exercise",
  "j"."name" as "from_name"
from
  "sitreps" as "s"
  inner join "incidents" as "i" on "i"."case_id" = "s"."case_id"
  left join "jurisdictions" as "j" on "j"."code" = "s"."from_jurisdiction"
where
  "s"."to_jurisdiction" in ($1, $2)
  and "s"."acknowledged_at" is null
order by
  "s"."sent_at" desc
limit
  $3;
-- parameters: "100000", "100100", 50
