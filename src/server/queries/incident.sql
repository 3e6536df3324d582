-- Printed by `npm run sql` (scripts/print-sql.ts) from src/server/incident/incident.queries.ts; do not edit.
-- Each query function with example arguments, and every statement it sends to SQLite and to
-- PostgreSQL. A change of a query changes this file: review the difference with the change.


-- reviewClock (src/server/incident/incident.queries.ts)

-- on sqlite:
select
  "duty_id",
  "due_at",
  "status",
  "late_seconds"
from
  "duties"
where
  "case_id" = ?
  and "duty_id" in (?)
order by
  "due_at";
-- parameters: "case-1", "written-summary"

-- on postgres:
select
  "duty_id",
  "due_at",
  "status",
  "late_seconds"
from
  "duties"
where
  "case_id" = $1
  and "duty_id" in ($2)
order by
  "due_at";
-- parameters: "case-1", "written-summary"


-- visibleIncident (src/server/incident/incident.queries.ts)

-- on sqlite:
select
  *
from
  "incidents"
where
  "case_id" = ?;
-- parameters: "case-1"

-- on postgres:
select
  *
from
  "incidents"
where
  "case_id" = $1;
-- parameters: "case-1"


-- incidentInScope (src/server/incident/incident.queries.ts)

-- on sqlite:
select
  "jurisdiction"
from
  "incidents"
where
  "case_id" = ?;
-- parameters: "case-1"

-- on postgres:
select
  "jurisdiction"
from
  "incidents"
where
  "case_id" = $1;
-- parameters: "case-1"


-- storedEvent (src/server/incident/incident.queries.ts)

-- on sqlite:
select
  "e"."case_id",
  "e"."type",
  "e"."actor_id",
  coalesce("i"."jurisdiction", "d"."jurisdiction") as "jurisdiction"
from
  "events" as "e"
  left join "incidents" as "i" on "i"."case_id" = "e"."case_id"
  left join "disputes" as "d" on "d"."case_id" = "e"."case_id"
where
  "e"."id" = ?;
-- parameters: "event-1"

-- on postgres:
select
  "e"."case_id",
  "e"."type",
  "e"."actor_id",
  coalesce("i"."jurisdiction", "d"."jurisdiction") as "jurisdiction"
from
  "events" as "e"
  left join "incidents" as "i" on "i"."case_id" = "e"."case_id"
  left join "disputes" as "d" on "d"."case_id" = "e"."case_id"
where
  "e"."id" = $1;
-- parameters: "event-1"


-- activePlan (src/server/incident/incident.queries.ts)

-- on sqlite:
select
  "plan_id"
from
  "jurisdictions"
where
  "code" = ?;
-- parameters: "100000"

-- on postgres:
select
  "plan_id"
from
  "jurisdictions"
where
  "code" = $1;
-- parameters: "100000"


-- incidentsIn (src/server/incident/incident.queries.ts)

-- on sqlite:
select
  *
from
  "incidents"
where
  "jurisdiction" in (?, ?)
order by
  "reported_at" desc
limit
  ?;
-- parameters: "100000", "100100", 500

-- on postgres:
select
  *
from
  "incidents"
where
  "jurisdiction" in ($1, $2)
order by
  "reported_at" desc
limit
  $3;
-- parameters: "100000", "100100", 500


-- incidentsIn, narrowed by everything (src/server/incident/incident.queries.ts)

-- on sqlite:
select
  *
from
  "incidents"
where
  "jurisdiction" in (?, ?)
  and "status" = ?
  and "level" = ?
  and ("title" like ? ESCAPE '\' or "place" like ? ESCAPE '\' or "case_id" like ? ESCAPE '\')
  and "reported_at" >= ?
  and "reported_at" < ?
  and "exercise" = ?
order by
  "reported_at" desc
limit
  ?;
-- parameters: "100000", "100100", "closed", "major", "%县道%", "%县道%", "县道%", "2024-12-31T16:00:00.000Z", "2025-01-31T16:00:00.000Z", 0, 50

-- on postgres:
select
  *
from
  "incidents"
where
  "jurisdiction" in ($1, $2)
  and "status" = $3
  and "level" = $4
  and ("title" like $5 ESCAPE '\' or "place" like $6 ESCAPE '\' or "case_id" like $7 ESCAPE '\')
  and "reported_at" >= $8
  and "reported_at" < $9
  and "exercise" = $10
order by
  "reported_at" desc
limit
  $11;
-- parameters: "100000", "100100", "closed", "major", "%县道%", "%县道%", "县道%", "2024-12-31T16:00:00.000Z", "2025-01-31T16:00:00.000Z", 0, 50


-- incidentsIn, without a level (src/server/incident/incident.queries.ts)

-- on sqlite:
select
  *
from
  "incidents"
where
  "jurisdiction" in (?, ?)
  and "level" is null
order by
  "reported_at" desc
limit
  ?;
-- parameters: "100000", "100100", 500

-- on postgres:
select
  *
from
  "incidents"
where
  "jurisdiction" in ($1, $2)
  and "level" is null
order by
  "reported_at" desc
limit
  $3;
-- parameters: "100000", "100100", 500


-- openDuties (src/server/incident/incident.queries.ts)

-- on sqlite:
select
  "d"."case_id",
  "d"."duty_id",
  "d"."owner",
  "d"."started_at",
  "d"."due_at",
  "d"."warn_at",
  "d"."status",
  "d"."escalate_to"
from
  "duties" as "d"
  inner join "incidents" as "i" on "i"."case_id" = "d"."case_id"
where
  "i"."jurisdiction" in (?, ?)
  and "i"."status" != ?
  and "d"."status" != ?
order by
  "d"."due_at"
limit
  ?;
-- parameters: "100000", "100100", "settled", "met", 2000

-- on postgres:
select
  "d"."case_id",
  "d"."duty_id",
  "d"."owner",
  "d"."started_at",
  "d"."due_at",
  "d"."warn_at",
  "d"."status",
  "d"."escalate_to"
from
  "duties" as "d"
  inner join "incidents" as "i" on "i"."case_id" = "d"."case_id"
where
  "i"."jurisdiction" in ($1, $2)
  and "i"."status" != $3
  and "d"."status" != $4
order by
  "d"."due_at"
limit
  $5;
-- parameters: "100000", "100100", "settled", "met", 2000


-- escalationsReaching (src/server/incident/incident.queries.ts)

-- on sqlite:
select
  "e"."event_id",
  "e"."case_id",
  "c"."kind" as "case_kind",
  "e"."kind",
  "e"."duty_id",
  "e"."target",
  "e"."from_jurisdiction",
  "e"."to_jurisdiction",
  "e"."at",
  "e"."recorded_at",
  "e"."reason",
  "e"."acknowledged_at",
  "e"."acknowledged_by",
  "e"."acknowledged_role",
  "e"."acknowledged_note",
  "au"."display_name" as "acknowledged_by_name",
  "du"."status" as "duty_status",
  coalesce("i"."title", "d"."title", "gj"."name", "g"."jurisdiction", '') as "title",
  "i"."level",
  coalesce("i"."status", "d"."status", 'open') as "status",
  coalesce("i"."exercise", 0) as "exercise",
  coalesce("i"."plan_id", "d"."plan_id", "g"."plan_id") as "plan_id",
  coalesce("i"."plan_version", "d"."plan_version", "g"."plan_version") as "plan_version"
from
  "escalations" as "e"
  inner join "case_summary" as "c" on "c"."case_id" = "e"."case_id"
  left join "incidents" as "i" on "i"."case_id" = "e"."case_id"
  left join "disputes" as "d" on "d"."case_id" = "e"."case_id"
  left join "screening_registers" as "g" on "g"."case_id" = "e"."case_id"
  left join "jurisdictions" as "gj" on "gj"."code" = "g"."jurisdiction"
  left join "duties" as "du" on "du"."case_id" = "e"."case_id"
  and "du"."duty_id" = "e"."duty_id"
  left join "users" as "au" on "au"."id" = "e"."acknowledged_by"
where
  "e"."to_jurisdiction" in (?, ?)
order by
  "e"."recorded_at" desc,
  "e"."at" desc,
  "e"."event_id"
limit
  ?;
-- parameters: "100000", "100100", 100

-- on postgres:
select
  "e"."event_id",
  "e"."case_id",
  "c"."kind" as "case_kind",
  "e"."kind",
  "e"."duty_id",
  "e"."target",
  "e"."from_jurisdiction",
  "e"."to_jurisdiction",
  "e"."at",
  "e"."recorded_at",
  "e"."reason",
  "e"."acknowledged_at",
  "e"."acknowledged_by",
  "e"."acknowledged_role",
  "e"."acknowledged_note",
  "au"."display_name" as "acknowledged_by_name",
  "du"."status" as "duty_status",
  coalesce("i"."title", "d"."title", "gj"."name", "g"."jurisdiction", '') as "title",
  "i"."level",
  coalesce("i"."status", "d"."status", 'open') as "status",
  coalesce("i"."exercise", 0) as "exercise",
  coalesce("i"."plan_id", "d"."plan_id", "g"."plan_id") as "plan_id",
  coalesce("i"."plan_version", "d"."plan_version", "g"."plan_version") as "plan_version"
from
  "escalations" as "e"
  inner join "case_summary" as "c" on "c"."case_id" = "e"."case_id"
  left join "incidents" as "i" on "i"."case_id" = "e"."case_id"
  left join "disputes" as "d" on "d"."case_id" = "e"."case_id"
  left join "screening_registers" as "g" on "g"."case_id" = "e"."case_id"
  left join "jurisdictions" as "gj" on "gj"."code" = "g"."jurisdiction"
  left join "duties" as "du" on "du"."case_id" = "e"."case_id"
  and "du"."duty_id" = "e"."duty_id"
  left join "users" as "au" on "au"."id" = "e"."acknowledged_by"
where
  "e"."to_jurisdiction" in ($1, $2)
order by
  "e"."recorded_at" desc,
  "e"."at" desc,
  "e"."event_id"
limit
  $3;
-- parameters: "100000", "100100", 100


-- escalationsReaching, since a time (src/server/incident/incident.queries.ts)

-- on sqlite:
select
  "e"."event_id",
  "e"."case_id",
  "c"."kind" as "case_kind",
  "e"."kind",
  "e"."duty_id",
  "e"."target",
  "e"."from_jurisdiction",
  "e"."to_jurisdiction",
  "e"."at",
  "e"."recorded_at",
  "e"."reason",
  "e"."acknowledged_at",
  "e"."acknowledged_by",
  "e"."acknowledged_role",
  "e"."acknowledged_note",
  "au"."display_name" as "acknowledged_by_name",
  "du"."status" as "duty_status",
  coalesce("i"."title", "d"."title", "gj"."name", "g"."jurisdiction", '') as "title",
  "i"."level",
  coalesce("i"."status", "d"."status", 'open') as "status",
  coalesce("i"."exercise", 0) as "exercise",
  coalesce("i"."plan_id", "d"."plan_id", "g"."plan_id") as "plan_id",
  coalesce("i"."plan_version", "d"."plan_version", "g"."plan_version") as "plan_version"
from
  "escalations" as "e"
  inner join "case_summary" as "c" on "c"."case_id" = "e"."case_id"
  left join "incidents" as "i" on "i"."case_id" = "e"."case_id"
  left join "disputes" as "d" on "d"."case_id" = "e"."case_id"
  left join "screening_registers" as "g" on "g"."case_id" = "e"."case_id"
  left join "jurisdictions" as "gj" on "gj"."code" = "g"."jurisdiction"
  left join "duties" as "du" on "du"."case_id" = "e"."case_id"
  and "du"."duty_id" = "e"."duty_id"
  left join "users" as "au" on "au"."id" = "e"."acknowledged_by"
where
  "e"."to_jurisdiction" in (?, ?)
  and "e"."recorded_at" > ?
order by
  "e"."recorded_at" desc,
  "e"."at" desc,
  "e"."event_id"
limit
  ?;
-- parameters: "100000", "100100", "2025-01-01T00:00:00.000Z", 100

-- on postgres:
select
  "e"."event_id",
  "e"."case_id",
  "c"."kind" as "case_kind",
  "e"."kind",
  "e"."duty_id",
  "e"."target",
  "e"."from_jurisdiction",
  "e"."to_jurisdiction",
  "e"."at",
  "e"."recorded_at",
  "e"."reason",
  "e"."acknowledged_at",
  "e"."acknowledged_by",
  "e"."acknowledged_role",
  "e"."acknowledged_note",
  "au"."display_name" as "acknowledged_by_name",
  "du"."status" as "duty_status",
  coalesce("i"."title", "d"."title", "gj"."name", "g"."jurisdiction", '') as "title",
  "i"."level",
  coalesce("i"."status", "d"."status", 'open') as "status",
  coalesce("i"."exercise", 0) as "exercise",
  coalesce("i"."plan_id", "d"."plan_id", "g"."plan_id") as "plan_id",
  coalesce("i"."plan_version", "d"."plan_version", "g"."plan_version") as "plan_version"
from
  "escalations" as "e"
  inner join "case_summary" as "c" on "c"."case_id" = "e"."case_id"
  left join "incidents" as "i" on "i"."case_id" = "e"."case_id"
  left join "disputes" as "d" on "d"."case_id" = "e"."case_id"
  left join "screening_registers" as "g" on "g"."case_id" = "e"."case_id"
  left join "jurisdictions" as "gj" on "gj"."code" = "g"."jurisdiction"
  left join "duties" as "du" on "du"."case_id" = "e"."case_id"
  and "du"."duty_id" = "e"."duty_id"
  left join "users" as "au" on "au"."id" = "e"."acknowledged_by"
where
  "e"."to_jurisdiction" in ($1, $2)
  and "e"."recorded_at" > $3
order by
  "e"."recorded_at" desc,
  "e"."at" desc,
  "e"."event_id"
limit
  $4;
-- parameters: "100000", "100100", "2025-01-01T00:00:00.000Z", 100


-- caseCorrections (src/server/incident/incident.queries.ts)

-- on sqlite:
select
  "id",
  "data",
  "recorded_at"
from
  "events"
where
  "case_id" = ?
  and "type" = ?
order by
  "seq";
-- parameters: "case-1", "entry.corrected"

-- on postgres:
select
  "id",
  "data",
  "recorded_at"
from
  "events"
where
  "case_id" = $1
  and "type" = $2
order by
  "seq";
-- parameters: "case-1", "entry.corrected"


-- incidentItems (src/server/incident/incident.queries.ts)

-- on sqlite:
select
  *
from
  "duties"
where
  "case_id" = ?
order by
  "due_at";
-- parameters: "case-1"

select
  *
from
  "tasks"
where
  "case_id" = ?
order by
  "assigned_at";
-- parameters: "case-1"

select
  *
from
  "demands"
where
  "case_id" = ?
order by
  "registered_at";
-- parameters: "case-1"

select
  *
from
  "commitments"
where
  "case_id" = ?
order by
  "due_at";
-- parameters: "case-1"

select
  *
from
  "statements"
where
  "case_id" = ?
order by
  "published_at";
-- parameters: "case-1"

select
  *
from
  "measures"
where
  "case_id" = ?
order by
  "authorized_at";
-- parameters: "case-1"

select
  *
from
  "escalations"
where
  "case_id" = ?
order by
  "at";
-- parameters: "case-1"

select
  "demand_id"
from
  "reply_channels"
where
  "case_id" = ?;
-- parameters: "case-1"

select
  "id"
from
  "events"
where
  "case_id" = ?
  and "type" = ?
limit
  ?;
-- parameters: "case-1", "sitrep.submitted", 1

-- on postgres:
select
  *
from
  "duties"
where
  "case_id" = $1
order by
  "due_at";
-- parameters: "case-1"

select
  *
from
  "tasks"
where
  "case_id" = $1
order by
  "assigned_at";
-- parameters: "case-1"

select
  *
from
  "demands"
where
  "case_id" = $1
order by
  "registered_at";
-- parameters: "case-1"

select
  *
from
  "commitments"
where
  "case_id" = $1
order by
  "due_at";
-- parameters: "case-1"

select
  *
from
  "statements"
where
  "case_id" = $1
order by
  "published_at";
-- parameters: "case-1"

select
  *
from
  "measures"
where
  "case_id" = $1
order by
  "authorized_at";
-- parameters: "case-1"

select
  *
from
  "escalations"
where
  "case_id" = $1
order by
  "at";
-- parameters: "case-1"

select
  "demand_id"
from
  "reply_channels"
where
  "case_id" = $1;
-- parameters: "case-1"

select
  "id"
from
  "events"
where
  "case_id" = $1
  and "type" = $2
limit
  $3;
-- parameters: "case-1", "sitrep.submitted", 1


-- factsEvents (src/server/incident/incident.queries.ts)

-- on sqlite:
select
  "data"
from
  "events"
where
  "case_id" = ?
  and "type" in (?, ?)
order by
  "occurred_at" desc,
  "seq" desc
limit
  ?;
-- parameters: "case-1", "incident.reported", "incident.facts.updated", 500

-- on postgres:
select
  "data"
from
  "events"
where
  "case_id" = $1
  and "type" in ($2, $3)
order by
  "occurred_at" desc,
  "seq" desc
limit
  $4;
-- parameters: "case-1", "incident.reported", "incident.facts.updated", 500


-- upperLevelEvents (src/server/incident/incident.queries.ts)

-- on sqlite:
select
  "data"
from
  "events"
where
  "case_id" = ?
  and "type" = ?
  and "actor_role" = ?
order by
  "seq";
-- parameters: "case-1", "incident.level.set", "system"

-- on postgres:
select
  "data"
from
  "events"
where
  "case_id" = $1
  and "type" = $2
  and "actor_role" = $3
order by
  "seq";
-- parameters: "case-1", "incident.level.set", "system"


-- jurisdictionNames (src/server/incident/incident.queries.ts)

-- on sqlite:
select
  "code",
  "name"
from
  "jurisdictions"
where
  "code" in (?);
-- parameters: "100000"

-- on postgres:
select
  "code",
  "name"
from
  "jurisdictions"
where
  "code" in ($1);
-- parameters: "100000"
