-- Printed by `npm run sql` (scripts/print-sql.ts) from src/server/notifications/webhooks.queries.ts; do not edit.
-- Each query function with example arguments, and every statement it sends to SQLite and to
-- PostgreSQL. A change of a query changes this file: review the difference with the change.


-- webhooksIn (src/server/notifications/webhooks.queries.ts)

-- on sqlite:
select
  *
from
  "webhooks"
where
  "jurisdiction_code" in (?, ?)
order by
  "created_at";
-- parameters: "100000", "100100"

-- on postgres:
select
  *
from
  "webhooks"
where
  "jurisdiction_code" in ($1, $2)
order by
  "created_at";
-- parameters: "100000", "100100"


-- webhookById (src/server/notifications/webhooks.queries.ts)

-- on sqlite:
select
  *
from
  "webhooks"
where
  "id" = ?;
-- parameters: "webhook-1"

-- on postgres:
select
  *
from
  "webhooks"
where
  "id" = $1;
-- parameters: "webhook-1"


-- insertWebhook (src/server/notifications/webhooks.queries.ts)

-- on sqlite:
select
  "code"
from
  "jurisdictions"
where
  "code" = ?;
-- parameters: "100000"

insert into
  "webhooks" ("id", "jurisdiction_code", "name", "url", "format", "secret", "kinds", "enabled", "created_at", "created_by")
values
  (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
-- parameters: "webhook-1", "100000", "镇值班室", "https://example.org/hook", "json", null, "[\"incident\"]", 1, "2025-01-01T00:00:00.000Z", "user-1"

-- on postgres:
select
  "code"
from
  "jurisdictions"
where
  "code" = $1;
-- parameters: "100000"

insert into
  "webhooks" ("id", "jurisdiction_code", "name", "url", "format", "secret", "kinds", "enabled", "created_at", "created_by")
values
  ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10);
-- parameters: "webhook-1", "100000", "镇值班室", "https://example.org/hook", "json", null, "[\"incident\"]", 1, "2025-01-01T00:00:00.000Z", "user-1"


-- updateWebhook (src/server/notifications/webhooks.queries.ts)

-- on sqlite:
update
  "webhooks"
set
  "enabled" = ?
where
  "id" = ?;
-- parameters: 0, "webhook-1"

select
  *
from
  "webhooks"
where
  "id" = ?;
-- parameters: "webhook-1"

-- on postgres:
update
  "webhooks"
set
  "enabled" = $1
where
  "id" = $2;
-- parameters: 0, "webhook-1"

select
  *
from
  "webhooks"
where
  "id" = $1;
-- parameters: "webhook-1"


-- queuedFor (src/server/notifications/webhooks.queries.ts)

-- on sqlite:
select
  "id"
from
  "notifications"
where
  "webhook_id" = ?
  and "source_id" = ?;
-- parameters: "webhook-1", "event-1"

-- on postgres:
select
  "id"
from
  "notifications"
where
  "webhook_id" = $1
  and "source_id" = $2;
-- parameters: "webhook-1", "event-1"
