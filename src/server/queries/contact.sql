-- Printed by `npm run sql` (scripts/print-sql.ts) from src/server/dispute/contact.queries.ts; do not edit.
-- Each query function with example arguments, and every statement it sends to SQLite and to
-- PostgreSQL. A change of a query changes this file: review the difference with the change.


-- disputeSides (src/server/dispute/contact.queries.ts)

-- on sqlite:
select
  "data"
from
  "events"
where
  "case_id" = ?
  and "seq" = ?
  and "type" = ?;
-- parameters: "case-1", 1, "dispute.registered"

-- on postgres:
select
  "data"
from
  "events"
where
  "case_id" = $1
  and "seq" = $2
  and "type" = $3;
-- parameters: "case-1", 1, "dispute.registered"


-- disputeStatusBeforeKeeping (src/server/dispute/contact.queries.ts)

-- on sqlite:
SELECT
  status
FROM
  "disputes"
WHERE
  case_id = ?;
-- parameters: "case-1"

-- on postgres:
SELECT
  status
FROM
  "disputes"
WHERE
  case_id = $1
FOR SHARE;
-- parameters: "case-1"


-- keepContact (src/server/dispute/contact.queries.ts)

-- on sqlite:
insert into
  "representative_contacts" ("case_id", "side", "contact", "kept_by", "kept_at", "settled_at")
values
  (?, ?, ?, ?, ?, ?)
on conflict
  ("case_id", "side")
do update set
  "contact" = ?,
  "kept_by" = ?,
  "kept_at" = ?;
-- parameters: "case-1", 0, "a phone number", "user-1", "2025-01-01T00:00:00.000Z", null, "a phone number", "user-1", "2025-01-01T00:00:00.000Z"

-- on postgres:
insert into
  "representative_contacts" ("case_id", "side", "contact", "kept_by", "kept_at", "settled_at")
values
  ($1, $2, $3, $4, $5, $6)
on conflict
  ("case_id", "side")
do update set
  "contact" = $7,
  "kept_by" = $8,
  "kept_at" = $9;
-- parameters: "case-1", 0, "a phone number", "user-1", "2025-01-01T00:00:00.000Z", null, "a phone number", "user-1", "2025-01-01T00:00:00.000Z"


-- removeContact (src/server/dispute/contact.queries.ts)

-- on sqlite:
delete from
  "representative_contacts"
where
  "case_id" = ?
  and "side" = ?;
-- parameters: "case-1", 0

-- on postgres:
delete from
  "representative_contacts"
where
  "case_id" = $1
  and "side" = $2;
-- parameters: "case-1", 0


-- contactOf (src/server/dispute/contact.queries.ts)

-- on sqlite:
select
  "contact",
  "settled_at"
from
  "representative_contacts"
where
  "case_id" = ?
  and "side" = ?;
-- parameters: "case-1", 0

-- on postgres:
select
  "contact",
  "settled_at"
from
  "representative_contacts"
where
  "case_id" = $1
  and "side" = $2;
-- parameters: "case-1", 0


-- contactsKept (src/server/dispute/contact.queries.ts)

-- on sqlite:
select
  "side",
  "kept_at",
  "settled_at"
from
  "representative_contacts"
where
  "case_id" = ?
order by
  "side";
-- parameters: "case-1"

-- on postgres:
select
  "side",
  "kept_at",
  "settled_at"
from
  "representative_contacts"
where
  "case_id" = $1
order by
  "side";
-- parameters: "case-1"


-- recordContactRead (src/server/dispute/contact.queries.ts)

-- on sqlite:
insert into
  "representative_contact_reads" ("id", "case_id", "side", "user_id", "username", "role", "reason", "at")
values
  (?, ?, ?, ?, ?, ?, ?, ?);
-- parameters: "event-1", "case-1", 0, "user-1", "officer", "officer", "to tell them the date of the mediation", "2025-01-01T00:00:00.000Z"

-- on postgres:
insert into
  "representative_contact_reads" ("id", "case_id", "side", "user_id", "username", "role", "reason", "at")
values
  ($1, $2, $3, $4, $5, $6, $7, $8);
-- parameters: "event-1", "case-1", 0, "user-1", "officer", "officer", "to tell them the date of the mediation", "2025-01-01T00:00:00.000Z"


-- contactReads (src/server/dispute/contact.queries.ts)

-- on sqlite:
select
  "id",
  "side",
  "user_id",
  "username",
  "role",
  "reason",
  "at"
from
  "representative_contact_reads"
where
  "case_id" = ?
order by
  "at",
  "id";
-- parameters: "case-1"

-- on postgres:
select
  "id",
  "side",
  "user_id",
  "username",
  "role",
  "reason",
  "at"
from
  "representative_contact_reads"
where
  "case_id" = $1
order by
  "at",
  "id";
-- parameters: "case-1"
