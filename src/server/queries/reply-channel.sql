-- Printed by `npm run sql` (scripts/print-sql.ts) from src/server/incident/reply-channel.queries.ts; do not edit.
-- Each query function with example arguments, and every statement it sends to SQLite and to
-- PostgreSQL. A change of a query changes this file: review the difference with the change.


-- hasDemand (src/server/incident/reply-channel.queries.ts)

-- on sqlite:
select
  "demand_id"
from
  "demands"
where
  "case_id" = ?
  and "demand_id" = ?;
-- parameters: "case-1", "demand-1"

-- on postgres:
select
  "demand_id"
from
  "demands"
where
  "case_id" = $1
  and "demand_id" = $2;
-- parameters: "case-1", "demand-1"


-- statusBeforeKeeping (src/server/incident/reply-channel.queries.ts)

-- on sqlite:
SELECT
  status
FROM
  "incidents"
WHERE
  case_id = ?;
-- parameters: "case-1"

-- on postgres:
SELECT
  status
FROM
  "incidents"
WHERE
  case_id = $1
FOR SHARE;
-- parameters: "case-1"


-- keepReplyChannel (src/server/incident/reply-channel.queries.ts)

-- on sqlite:
insert into
  "reply_channels" ("case_id", "demand_id", "channel", "set_by", "set_at")
values
  (?, ?, ?, ?, ?)
on conflict
  ("case_id", "demand_id")
do update set
  "channel" = ?,
  "set_by" = ?,
  "set_at" = ?;
-- parameters: "case-1", "demand-1", "a phone number", "user-1", "2025-01-01T00:00:00.000Z", "a phone number", "user-1", "2025-01-01T00:00:00.000Z"

-- on postgres:
insert into
  "reply_channels" ("case_id", "demand_id", "channel", "set_by", "set_at")
values
  ($1, $2, $3, $4, $5)
on conflict
  ("case_id", "demand_id")
do update set
  "channel" = $6,
  "set_by" = $7,
  "set_at" = $8;
-- parameters: "case-1", "demand-1", "a phone number", "user-1", "2025-01-01T00:00:00.000Z", "a phone number", "user-1", "2025-01-01T00:00:00.000Z"


-- removeReplyChannel (src/server/incident/reply-channel.queries.ts)

-- on sqlite:
delete from
  "reply_channels"
where
  "case_id" = ?
  and "demand_id" = ?;
-- parameters: "case-1", "demand-1"

-- on postgres:
delete from
  "reply_channels"
where
  "case_id" = $1
  and "demand_id" = $2;
-- parameters: "case-1", "demand-1"


-- replyChannel (src/server/incident/reply-channel.queries.ts)

-- on sqlite:
select
  "channel"
from
  "reply_channels"
where
  "case_id" = ?
  and "demand_id" = ?;
-- parameters: "case-1", "demand-1"

-- on postgres:
select
  "channel"
from
  "reply_channels"
where
  "case_id" = $1
  and "demand_id" = $2;
-- parameters: "case-1", "demand-1"


-- recordReplyChannelRead (src/server/incident/reply-channel.queries.ts)

-- on sqlite:
insert into
  "reply_channel_reads" ("id", "case_id", "demand_id", "user_id", "username", "role", "reason", "at")
values
  (?, ?, ?, ?, ?, ?, ?, ?);
-- parameters: "event-1", "case-1", "demand-1", "user-1", "officer", "officer", "to send the written answer", "2025-01-01T00:00:00.000Z"

-- on postgres:
insert into
  "reply_channel_reads" ("id", "case_id", "demand_id", "user_id", "username", "role", "reason", "at")
values
  ($1, $2, $3, $4, $5, $6, $7, $8);
-- parameters: "event-1", "case-1", "demand-1", "user-1", "officer", "officer", "to send the written answer", "2025-01-01T00:00:00.000Z"


-- replyChannelReads (src/server/incident/reply-channel.queries.ts)

-- on sqlite:
select
  "id",
  "demand_id",
  "user_id",
  "username",
  "role",
  "reason",
  "at"
from
  "reply_channel_reads"
where
  "case_id" = ?
order by
  "at",
  "id";
-- parameters: "case-1"

-- on postgres:
select
  "id",
  "demand_id",
  "user_id",
  "username",
  "role",
  "reason",
  "at"
from
  "reply_channel_reads"
where
  "case_id" = $1
order by
  "at",
  "id";
-- parameters: "case-1"
