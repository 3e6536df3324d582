-- Printed by `npm run sql` (scripts/print-sql.ts) from src/server/roster/roster.queries.ts; do not edit.
-- Each query function with example arguments, and every statement it sends to SQLite and to
-- PostgreSQL. A change of a query changes this file: review the difference with the change.


-- rotasOf (src/server/roster/roster.queries.ts)

-- on sqlite:
select
  "jurisdiction_code",
  "rota"
from
  "rosters"
where
  "jurisdiction_code" in (?);
-- parameters: "100000"

-- on postgres:
select
  "jurisdiction_code",
  "rota"
from
  "rosters"
where
  "jurisdiction_code" in ($1);
-- parameters: "100000"


-- rotaRow (src/server/roster/roster.queries.ts)

-- on sqlite:
select
  *
from
  "rosters"
where
  "jurisdiction_code" = ?;
-- parameters: "100000"

-- on postgres:
select
  *
from
  "rosters"
where
  "jurisdiction_code" = $1;
-- parameters: "100000"


-- saveRota (src/server/roster/roster.queries.ts)

-- on sqlite:
insert into
  "rosters" ("jurisdiction_code", "rota", "updated_at", "updated_by")
values
  (?, ?, ?, ?)
on conflict
  ("jurisdiction_code")
do update set
  "rota" = ?,
  "updated_at" = ?,
  "updated_by" = ?;
-- parameters: "100000", "{\"slots\":[],\"exceptions\":[]}", "2025-01-01T00:00:00.000Z", "user-1", "{\"slots\":[],\"exceptions\":[]}", "2025-01-01T00:00:00.000Z", "user-1"

-- on postgres:
insert into
  "rosters" ("jurisdiction_code", "rota", "updated_at", "updated_by")
values
  ($1, $2, $3, $4)
on conflict
  ("jurisdiction_code")
do update set
  "rota" = $5,
  "updated_at" = $6,
  "updated_by" = $7;
-- parameters: "100000", "{\"slots\":[],\"exceptions\":[]}", "2025-01-01T00:00:00.000Z", "user-1", "{\"slots\":[],\"exceptions\":[]}", "2025-01-01T00:00:00.000Z", "user-1"


-- staffOf (src/server/roster/roster.queries.ts)

-- on sqlite:
select
  "id",
  "display_name",
  "role",
  "im_id"
from
  "users"
where
  "jurisdiction_code" = ?
  and "disabled" = ?
order by
  "display_name";
-- parameters: "100000", 0

-- on postgres:
select
  "id",
  "display_name",
  "role",
  "im_id"
from
  "users"
where
  "jurisdiction_code" = $1
  and "disabled" = $2
order by
  "display_name";
-- parameters: "100000", 0


-- onDutyFor (src/server/roster/roster.queries.ts)

-- on sqlite:
select
  "display_name",
  "im_id"
from
  "users"
where
  "id" = ?;
-- parameters: "user-1"

-- on postgres:
select
  "display_name",
  "im_id"
from
  "users"
where
  "id" = $1;
-- parameters: "user-1"


-- onDutyMany (src/server/roster/roster.queries.ts)

-- on sqlite:
select
  "jurisdiction_code",
  "rota"
from
  "rosters"
where
  "jurisdiction_code" in (?);
-- parameters: "100000"

-- on postgres:
select
  "jurisdiction_code",
  "rota"
from
  "rosters"
where
  "jurisdiction_code" in ($1);
-- parameters: "100000"


-- handoversOf (src/server/roster/roster.queries.ts)

-- on sqlite:
select
  "h".*,
  "f"."display_name" as "from_name",
  "t"."display_name" as "to_name"
from
  "shift_handovers" as "h"
  left join "users" as "f" on "f"."id" = "h"."from_account"
  left join "users" as "t" on "t"."id" = "h"."to_account"
where
  "h"."jurisdiction_code" = ?
order by
  "h"."at" desc
limit
  ?;
-- parameters: "100000", 20

-- on postgres:
select
  "h".*,
  "f"."display_name" as "from_name",
  "t"."display_name" as "to_name"
from
  "shift_handovers" as "h"
  left join "users" as "f" on "f"."id" = "h"."from_account"
  left join "users" as "t" on "t"."id" = "h"."to_account"
where
  "h"."jurisdiction_code" = $1
order by
  "h"."at" desc
limit
  $2;
-- parameters: "100000", 20


-- recordHandover (src/server/roster/roster.queries.ts)

-- on sqlite:
insert into
  "shift_handovers" ("id", "jurisdiction_code", "post", "from_account", "to_account", "at", "note", "live_incidents", "open_escalations")
values
  (?, ?, ?, ?, ?, ?, ?, ?, ?);
-- parameters: "handover-1", "100000", "desk", "user-1", "user-2", "2025-01-01T00:00:00.000Z", null, 1, 0

-- on postgres:
insert into
  "shift_handovers" ("id", "jurisdiction_code", "post", "from_account", "to_account", "at", "note", "live_incidents", "open_escalations")
values
  ($1, $2, $3, $4, $5, $6, $7, $8, $9);
-- parameters: "handover-1", "100000", "desk", "user-1", "user-2", "2025-01-01T00:00:00.000Z", null, 1, 0


-- openAt (src/server/roster/roster.queries.ts)

-- on sqlite:
select
  count(*) as "n"
from
  "incidents"
where
  "jurisdiction" = ?
  and "status" not in (?, ?);
-- parameters: "100000", "closed", "settled"

select
  count(*) as "n"
from
  "escalations"
where
  "to_jurisdiction" = ?
  and "acknowledged_at" is null;
-- parameters: "100000"

-- on postgres:
select
  count(*) as "n"
from
  "incidents"
where
  "jurisdiction" = $1
  and "status" not in ($2, $3);
-- parameters: "100000", "closed", "settled"

select
  count(*) as "n"
from
  "escalations"
where
  "to_jurisdiction" = $1
  and "acknowledged_at" is null;
-- parameters: "100000"
