-- Printed by `npm run sql` (scripts/print-sql.ts) from src/server/cases/contact-purge.queries.ts; do not edit.
-- Each query function with example arguments, and every statement it sends to SQLite and to
-- PostgreSQL. A change of a query changes this file: review the difference with the change.


-- purgeDisputeContacts (src/server/cases/contact-purge.queries.ts)

-- on sqlite:
delete from
  "representative_contacts"
where
  "settled_at" is not null
  and "settled_at" <= ?;
-- parameters: "2025-01-01T00:00:00.000Z"

-- on postgres:
delete from
  "representative_contacts"
where
  "settled_at" is not null
  and "settled_at" <= $1;
-- parameters: "2025-01-01T00:00:00.000Z"


-- purgeReplyChannels (src/server/cases/contact-purge.queries.ts)

-- on sqlite:
delete from
  "reply_channels"
where
  "settled_at" is not null
  and "settled_at" <= ?;
-- parameters: "2025-01-01T00:00:00.000Z"

-- on postgres:
delete from
  "reply_channels"
where
  "settled_at" is not null
  and "settled_at" <= $1;
-- parameters: "2025-01-01T00:00:00.000Z"
