-- Printed by `npm run sql` (scripts/print-sql.ts) from src/server/notices/notices.queries.ts; do not edit.
-- Each query function with example arguments, and every statement it sends to SQLite and to
-- PostgreSQL. A change of a query changes this file: review the difference with the change.


-- insertNotice (src/server/notices/notices.queries.ts)

-- on sqlite:
insert into
  "notices" ("id", "account_id", "source_id", "kind", "case_id", "jurisdiction_code", "exercise", "link", "at", "title", "text", "said", "created_at")
values
  (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
on conflict
  ("account_id", "source_id")
do nothing;
-- parameters: "notice-1", "user-1", "warn:case-1:report-town", "warning", "case-1", "100000", 0, "/incidents/case-1", "2025-01-01T00:00:00.000Z", "【即将超时】事发地单位 20 分钟内报告", "责任方 村（社区），须在 01/01 08:20 前完成", "{\"title\":{\"key\":\"notice.headline\"},\"lines\":[]}", "2025-01-01T00:00:00.000Z"

-- on postgres:
insert into
  "notices" ("id", "account_id", "source_id", "kind", "case_id", "jurisdiction_code", "exercise", "link", "at", "title", "text", "said", "created_at")
values
  ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
on conflict
  ("account_id", "source_id")
do nothing;
-- parameters: "notice-1", "user-1", "warn:case-1:report-town", "warning", "case-1", "100000", 0, "/incidents/case-1", "2025-01-01T00:00:00.000Z", "【即将超时】事发地单位 20 分钟内报告", "责任方 村（社区），须在 01/01 08:20 前完成", "{\"title\":{\"key\":\"notice.headline\"},\"lines\":[]}", "2025-01-01T00:00:00.000Z"


-- noticesOf (src/server/notices/notices.queries.ts)

-- on sqlite:
select
  *
from
  "notices"
where
  "account_id" = ?
order by
  "created_at" desc,
  "id" desc
limit
  ?;
-- parameters: "user-1", 50

-- on postgres:
select
  *
from
  "notices"
where
  "account_id" = $1
order by
  "created_at" desc,
  "id" desc
limit
  $2;
-- parameters: "user-1", 50


-- unreadCount (src/server/notices/notices.queries.ts)

-- on sqlite:
select
  count(*) as "n"
from
  "notices"
where
  "account_id" = ?
  and "read_at" is null;
-- parameters: "user-1"

-- on postgres:
select
  count(*) as "n"
from
  "notices"
where
  "account_id" = $1
  and "read_at" is null;
-- parameters: "user-1"


-- markRead, all (src/server/notices/notices.queries.ts)

-- on sqlite:
update
  "notices"
set
  "read_at" = ?
where
  "account_id" = ?
  and "read_at" is null;
-- parameters: "2025-01-01T00:00:00.000Z", "user-1"

-- on postgres:
update
  "notices"
set
  "read_at" = $1
where
  "account_id" = $2
  and "read_at" is null;
-- parameters: "2025-01-01T00:00:00.000Z", "user-1"


-- markRead, some (src/server/notices/notices.queries.ts)

-- on sqlite:
update
  "notices"
set
  "read_at" = ?
where
  "account_id" = ?
  and "read_at" is null
  and "id" in (?, ?);
-- parameters: "2025-01-01T00:00:00.000Z", "user-1", "notice-1", "notice-2"

-- on postgres:
update
  "notices"
set
  "read_at" = $1
where
  "account_id" = $2
  and "read_at" is null
  and "id" in ($3, $4);
-- parameters: "2025-01-01T00:00:00.000Z", "user-1", "notice-1", "notice-2"
