-- Printed by `npm run sql` (scripts/print-sql.ts) from src/server/notifications/deliveries.queries.ts; do not edit.
-- Each query function with example arguments, and every statement it sends to SQLite and to
-- PostgreSQL. A change of a query changes this file: review the difference with the change.


-- deliveriesIn, no filter (src/server/notifications/deliveries.queries.ts)

-- on sqlite:
select
  "n"."id",
  "n"."webhook_id",
  "w"."name" as "webhook_name",
  "w"."format",
  "w"."jurisdiction_code",
  "n"."kind",
  "n"."case_id",
  "n"."payload",
  "n"."status",
  "n"."attempts",
  "n"."next_attempt_at",
  "n"."last_error",
  "n"."created_at",
  "n"."delivered_at"
from
  "notifications" as "n"
  inner join "webhooks" as "w" on "w"."id" = "n"."webhook_id"
where
  "w"."jurisdiction_code" in (?, ?)
order by
  "n"."created_at" desc,
  "n"."id" desc
limit
  ?;
-- parameters: "100000", "100100", 100

-- on postgres:
select
  "n"."id",
  "n"."webhook_id",
  "w"."name" as "webhook_name",
  "w"."format",
  "w"."jurisdiction_code",
  "n"."kind",
  "n"."case_id",
  "n"."payload",
  "n"."status",
  "n"."attempts",
  "n"."next_attempt_at",
  "n"."last_error",
  "n"."created_at",
  "n"."delivered_at"
from
  "notifications" as "n"
  inner join "webhooks" as "w" on "w"."id" = "n"."webhook_id"
where
  "w"."jurisdiction_code" in ($1, $2)
order by
  "n"."created_at" desc,
  "n"."id" desc
limit
  $3;
-- parameters: "100000", "100100", 100


-- deliveriesIn, by status, webhook and case (src/server/notifications/deliveries.queries.ts)

-- on sqlite:
select
  "n"."id",
  "n"."webhook_id",
  "w"."name" as "webhook_name",
  "w"."format",
  "w"."jurisdiction_code",
  "n"."kind",
  "n"."case_id",
  "n"."payload",
  "n"."status",
  "n"."attempts",
  "n"."next_attempt_at",
  "n"."last_error",
  "n"."created_at",
  "n"."delivered_at"
from
  "notifications" as "n"
  inner join "webhooks" as "w" on "w"."id" = "n"."webhook_id"
where
  "w"."jurisdiction_code" in (?, ?)
  and "n"."status" = ?
  and "n"."webhook_id" = ?
  and "n"."case_id" = ?
order by
  "n"."created_at" desc,
  "n"."id" desc
limit
  ?;
-- parameters: "100000", "100100", "failed", "webhook-1", "case-1", 100

-- on postgres:
select
  "n"."id",
  "n"."webhook_id",
  "w"."name" as "webhook_name",
  "w"."format",
  "w"."jurisdiction_code",
  "n"."kind",
  "n"."case_id",
  "n"."payload",
  "n"."status",
  "n"."attempts",
  "n"."next_attempt_at",
  "n"."last_error",
  "n"."created_at",
  "n"."delivered_at"
from
  "notifications" as "n"
  inner join "webhooks" as "w" on "w"."id" = "n"."webhook_id"
where
  "w"."jurisdiction_code" in ($1, $2)
  and "n"."status" = $3
  and "n"."webhook_id" = $4
  and "n"."case_id" = $5
order by
  "n"."created_at" desc,
  "n"."id" desc
limit
  $6;
-- parameters: "100000", "100100", "failed", "webhook-1", "case-1", 100


-- attemptsOf (src/server/notifications/deliveries.queries.ts)

-- on sqlite:
select
  *
from
  "notification_attempts"
where
  "notification_id" in (?, ?)
order by
  "attempt";
-- parameters: "notification-1", "notification-2"

-- on postgres:
select
  *
from
  "notification_attempts"
where
  "notification_id" in ($1, $2)
order by
  "attempt";
-- parameters: "notification-1", "notification-2"


-- deliveryPlace (src/server/notifications/deliveries.queries.ts)

-- on sqlite:
select
  "n"."id",
  "n"."status",
  "w"."jurisdiction_code"
from
  "notifications" as "n"
  inner join "webhooks" as "w" on "w"."id" = "n"."webhook_id"
where
  "n"."id" = ?;
-- parameters: "notification-1"

-- on postgres:
select
  "n"."id",
  "n"."status",
  "w"."jurisdiction_code"
from
  "notifications" as "n"
  inner join "webhooks" as "w" on "w"."id" = "n"."webhook_id"
where
  "n"."id" = $1;
-- parameters: "notification-1"


-- requeueFailed (src/server/notifications/deliveries.queries.ts)

-- on sqlite:
update
  "notifications"
set
  "status" = ?,
  "next_attempt_at" = ?
where
  "id" = ?
  and "status" = ?;
-- parameters: "pending", "2025-01-01T00:00:00.000Z", "notification-1", "failed"

-- on postgres:
update
  "notifications"
set
  "status" = $1,
  "next_attempt_at" = $2
where
  "id" = $3
  and "status" = $4;
-- parameters: "pending", "2025-01-01T00:00:00.000Z", "notification-1", "failed"
