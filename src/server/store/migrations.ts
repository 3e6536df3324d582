import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { BOARD_EVENT_TYPES, writeBoardColumns } from '../incident/board.columns.ts';
import {
  addCommitOrderColumn,
  createAppendOnlyGuards,
  createAppendOnlyTableGuards,
  createEpochTriggers,
  dropAppendOnlyTableGuards,
  type Engine,
  keyedTableEnd,
  positionType,
} from './dialect.ts';
import type { DB } from './schema.ts';

/** One migration set for both engines; dialect differences come from dialect.ts. */
export function migrations(engine: Engine): Record<string, Migration> {
  return {
    '0001_event_log': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('events')
          .addColumn('position', positionType(engine), (c) =>
            engine === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
          )
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('case_id', 'text', (c) => c.notNull())
          .addColumn('seq', 'integer', (c) => c.notNull().check(sql`seq > 0`))
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('actor_id', 'text', (c) => c.notNull())
          .addColumn('actor_role', 'text', (c) => c.notNull())
          .addColumn('occurred_at', 'text', (c) => c.notNull())
          .addColumn('recorded_at', 'text', (c) => c.notNull())
          .addColumn('prev_hash', 'text', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .addUniqueConstraint('events_id_key', ['id'])
          .addUniqueConstraint('events_case_seq_key', ['case_id', 'seq'])
          .execute();
        await addCommitOrderColumn(db, engine);
        await createAppendOnlyGuards(db, engine);

        await db.schema
          .createTable('case_heads')
          .addColumn('case_id', 'text', (c) => c.primaryKey())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .addColumn('mac', 'text', (c) => c.notNull())
          .modifyEnd(keyedTableEnd(engine))
          .execute();

        await db.schema
          .createTable('case_summary')
          .addColumn('case_id', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('opened_at', 'text', (c) => c.notNull())
          .addColumn('last_occurred_at', 'text', (c) => c.notNull())
          .addColumn('last_recorded_at', 'text', (c) => c.notNull())
          .addColumn('last_type', 'text', (c) => c.notNull())
          .addColumn('event_count', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('case_summary_recent')
          .on('case_summary')
          .column('last_recorded_at')
          .execute();
      },
    },
    '0002_incident_read_models': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('incidents')
          .addColumn('case_id', 'text', (c) => c.primaryKey())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('jurisdiction', 'text')
          .addColumn('plan_id', 'text', (c) => c.notNull())
          .addColumn('plan_version', 'integer', (c) => c.notNull())
          .addColumn('level', 'text')
          .addColumn('level_basis', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('exercise', 'integer', (c) => c.notNull())
          .addColumn('reported_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('open_duties', 'integer', (c) => c.notNull())
          .addColumn('overdue_duties', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('incidents_by_jurisdiction')
          .on('incidents')
          .columns(['jurisdiction', 'status', 'reported_at'])
          .execute();
        await db.schema
          .createTable('duties')
          .addColumn('case_id', 'text', (c) => c.notNull())
          .addColumn('duty_id', 'text', (c) => c.notNull())
          .addColumn('owner', 'text', (c) => c.notNull())
          .addColumn('started_at', 'text', (c) => c.notNull())
          .addColumn('due_at', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('escalate_to', 'text')
          .addColumn('late_seconds', 'integer')
          .addColumn('met_at', 'text')
          .addPrimaryKeyConstraint('duties_pk', ['case_id', 'duty_id'])
          .execute();
        // the clock finds what falls due next
        await db.schema.createIndex('duties_due').on('duties').columns(['status', 'due_at']).execute();
      },
    },
    '0003_accounts': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('jurisdictions')
          .addColumn('code', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('level', 'text', (c) => c.notNull())
          .addColumn('parent_code', 'text', (c) => c.references('jurisdictions.code'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('jurisdictions_parent')
          .on('jurisdictions')
          .column('parent_code')
          .execute();
        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('username', 'text', (c) => c.notNull().unique())
          .addColumn('display_name', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('jurisdiction_code', 'text', (c) => c.notNull().references('jurisdictions.code'))
          .addColumn('disabled', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0004_sessions_and_active_plans': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('sessions')
          // only a hash of the token is kept: a copy of the database opens no session
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('csrf_token', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        // the plan a jurisdiction runs for incidents reported there
        await db.schema.alterTable('jurisdictions').addColumn('plan_id', 'text').execute();
      },
    },
    '0005_case_items': {
      async up(db: Kysely<unknown>) {
        const table = (name: string, key: string) =>
          db.schema
            .createTable(name)
            .addColumn('case_id', 'text', (c) => c.notNull())
            .addColumn(key, 'text', (c) => c.notNull())
            .addPrimaryKeyConstraint(`${name}_pk`, ['case_id', key]);
        await table('tasks', 'task_id')
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('grp', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('due_at', 'text')
          .addColumn('assigned_at', 'text', (c) => c.notNull())
          .addColumn('result', 'text')
          .execute();
        await table('demands', 'demand_id')
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('people', 'integer', (c) => c.notNull())
          .addColumn('department', 'text', (c) => c.notNull())
          .addColumn('assessment', 'text')
          .addColumn('assessment_basis', 'text')
          .addColumn('answer', 'text')
          .addColumn('registered_at', 'text', (c) => c.notNull())
          .addColumn('answered_at', 'text')
          .execute();
        await table('commitments', 'commitment_id')
          .addColumn('demand_id', 'text')
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('owner', 'text', (c) => c.notNull())
          .addColumn('due_at', 'text', (c) => c.notNull())
          .addColumn('made_at', 'text', (c) => c.notNull())
          .addColumn('fulfilled_at', 'text')
          .addColumn('evidence', 'text')
          .execute();
        // promises to the public, tracked to fulfilment across incidents
        await db.schema
          .createIndex('commitments_open')
          .on('commitments')
          .columns(['fulfilled_at', 'due_at'])
          .execute();
        await table('statements', 'statement_id')
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('published_at', 'text', (c) => c.notNull())
          .execute();
        await table('measures', 'measure_id')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('legal_basis', 'text', (c) => c.notNull())
          .addColumn('authorized_by', 'text', (c) => c.notNull())
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('recording', 'integer', (c) => c.notNull())
          .addColumn('authorized_at', 'text', (c) => c.notNull())
          .addColumn('ended_at', 'text')
          .addColumn('outcome', 'text')
          .execute();
      },
    },
    '0006_escalations_notifications_reply_channels': {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('duties').addColumn('warn_at', 'text').execute();
        // the list of a large scope (a city's thousand jurisdictions): newest first, read
        // backwards along this index and filtered, rather than sorting every incident
        await db.schema.createIndex('incidents_recent').on('incidents').column('reported_at').execute();
        await db.schema.createIndex('duties_warn').on('duties').columns(['status', 'warn_at']).execute();
        await db.schema
          .createTable('duty_warnings')
          .addColumn('case_id', 'text', (c) => c.notNull())
          .addColumn('duty_id', 'text', (c) => c.notNull())
          .addColumn('warned_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('duty_warnings_pk', ['case_id', 'duty_id'])
          .execute();
        await db.schema
          .createTable('escalations')
          .addColumn('event_id', 'text', (c) => c.primaryKey())
          .addColumn('case_id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('duty_id', 'text')
          .addColumn('target', 'text', (c) => c.notNull())
          .addColumn('from_jurisdiction', 'text')
          .addColumn('to_jurisdiction', 'text')
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('recorded_at', 'text', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('escalations_by_target')
          .on('escalations')
          .columns(['to_jurisdiction', 'at'])
          .execute();
        await db.schema
          .createIndex('escalations_by_target_recorded')
          .on('escalations')
          .columns(['to_jurisdiction', 'recorded_at'])
          .execute();
        await db.schema.createIndex('escalations_by_case').on('escalations').column('case_id').execute();
        await db.schema
          .createTable('webhooks')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('jurisdiction_code', 'text', (c) => c.notNull().references('jurisdictions.code'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('url', 'text', (c) => c.notNull())
          .addColumn('format', 'text', (c) => c.notNull())
          .addColumn('secret', 'text')
          .addColumn('kinds', 'text', (c) => c.notNull())
          .addColumn('enabled', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('webhooks_by_jurisdiction')
          .on('webhooks')
          .column('jurisdiction_code')
          .execute();
        await db.schema
          .createTable('notifications')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('case_id', 'text', (c) => c.notNull())
          .addColumn('source_id', 'text', (c) => c.notNull())
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull())
          .addColumn('next_attempt_at', 'text', (c) => c.notNull())
          .addColumn('last_error', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('delivered_at', 'text')
          .addUniqueConstraint('notifications_once', ['webhook_id', 'source_id'])
          .execute();
        await db.schema
          .createIndex('notifications_due')
          .on('notifications')
          .columns(['status', 'next_attempt_at'])
          .execute();
        await db.schema
          .createTable('notification_attempts')
          .addColumn('notification_id', 'text', (c) => c.notNull())
          .addColumn('attempt', 'integer', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('status_code', 'integer')
          .addColumn('error', 'text')
          .addColumn('ms', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('notification_attempts_pk', ['notification_id', 'attempt'])
          .execute();
        await createAppendOnlyTableGuards(db, engine, 'notification_attempts');
        await db.schema
          .createTable('reply_channels')
          .addColumn('case_id', 'text', (c) => c.notNull())
          .addColumn('demand_id', 'text', (c) => c.notNull())
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('set_by', 'text', (c) => c.notNull())
          .addColumn('set_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('reply_channels_pk', ['case_id', 'demand_id'])
          .execute();
        await db.schema
          .createTable('reply_channel_reads')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('case_id', 'text', (c) => c.notNull())
          .addColumn('demand_id', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('username', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('reply_channel_reads_by_case')
          .on('reply_channel_reads')
          .columns(['case_id', 'at'])
          .execute();
        await createAppendOnlyTableGuards(db, engine, 'reply_channel_reads');
      },
    },
    '0007_plan_versions': {
      async up(db: Kysely<unknown>) {
        // plan versions uploaded by admins; a case pins (plan_id, version), so a version,
        // once stored, never changes
        await db.schema
          .createTable('plan_versions')
          .addColumn('plan_id', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('yaml', 'text', (c) => c.notNull())
          .addColumn('sha256', 'text', (c) => c.notNull())
          .addColumn('uploaded_by', 'text', (c) => c.notNull())
          // the uploader's jurisdiction: a plan first uploaded there is that jurisdiction's
          .addColumn('jurisdiction_code', 'text', (c) => c.notNull())
          .addColumn('uploaded_at', 'text', (c) => c.notNull())
          .addColumn('note', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('plan_versions_pk', ['plan_id', 'version'])
          .execute();
        await createAppendOnlyTableGuards(db, engine, 'plan_versions');
      },
    },
    '0008_login_throttle_health_probe': {
      async up(db: Kysely<unknown>) {
        // each server's last successful test write (GET /api/health: can it write?)
        await db.schema
          .createTable('health_probes')
          .addColumn('server', 'text', (c) => c.primaryKey())
          .addColumn('at', 'text', (c) => c.notNull())
          .execute();
        // failed logins per username and per address, shared by every server and kept across
        // restarts: the count, how many failures are checked before the next lock, the lock
        await db.schema
          .createTable('login_throttle')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('failures', 'integer', (c) => c.notNull())
          .addColumn('allowance', 'integer', (c) => c.notNull())
          .addColumn('locked_until', 'text')
          .addColumn('last_failure_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0009_notification_attempt_errors': {
      async up(db: Kysely<unknown>) {
        // attempts keep their status code and a classified error, never the receiver's
        // answer: the answers stored before (up to 200 characters of it) are removed, the
        // one rewrite of this append-only table
        await db.schema.alterTable('notification_attempts').addColumn('detail', 'text').execute();
        const classified = (column: string) => sql`CASE
          WHEN ${sql.ref(column)} IS NULL THEN NULL
          WHEN ${sql.ref(column)} LIKE 'HTTP 3%' THEN 'http_3xx'
          WHEN ${sql.ref(column)} LIKE 'HTTP 4%' THEN 'http_4xx'
          WHEN ${sql.ref(column)} LIKE 'HTTP 5%' THEN 'http_5xx'
          WHEN ${sql.ref(column)} LIKE 'HTTP %' THEN 'http_other'
          WHEN ${sql.ref(column)} LIKE 'errcode %' THEN 'robot_error'
          WHEN ${sql.ref(column)} LIKE 'not the robot%' THEN 'bad_answer'
          WHEN ${sql.ref(column)} LIKE 'timed out%' THEN 'timeout'
          WHEN ${sql.ref(column)} LIKE '%ENOTFOUND%' OR ${sql.ref(column)} LIKE '%EAI_AGAIN%' THEN 'dns'
          WHEN ${sql.ref(column)} LIKE '%ECONNREFUSED%' OR ${sql.ref(column)} LIKE '%UNREACH%' THEN 'connect'
          WHEN ${sql.ref(column)} LIKE '%CERT%' OR ${sql.ref(column)} LIKE '%SSL%' OR ${sql.ref(column)} LIKE '%TLS%' THEN 'tls'
          WHEN ${sql.ref(column)} LIKE '%redirect%' THEN 'http_3xx'
          ELSE 'network' END`;
        await dropAppendOnlyTableGuards(db, engine, 'notification_attempts');
        await sql`UPDATE notification_attempts SET error = ${classified('error')} WHERE error IS NOT NULL`.execute(
          db,
        );
        await createAppendOnlyTableGuards(db, engine, 'notification_attempts');
        await sql`UPDATE notifications SET last_error = ${classified('last_error')} WHERE last_error IS NOT NULL`.execute(
          db,
        );
      },
    },
    '0010_warnings_in_the_log_case_snapshots': {
      async up(db: Kysely<unknown>) {
        // a duty's warning is now an event of its case (duty.warned); the read model keeps
        // when it went out. Warnings sent before are carried over, so none is sent twice.
        await db.schema.alterTable('duties').addColumn('warned_at', 'text').execute();
        await sql`UPDATE duties SET warned_at = (SELECT w.warned_at FROM duty_warnings w
          WHERE w.case_id = duties.case_id AND w.duty_id = duties.duty_id)`.execute(db);
        await db.schema.dropTable('duty_warnings').execute();
        await db.schema
          .createTable('case_snapshots')
          .addColumn('case_id', 'text', (c) => c.primaryKey())
          .addColumn('format', 'text', (c) => c.notNull())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .addColumn('plan', 'text')
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('taken_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0011_auth_epoch': {
      async up(db: Kysely<unknown>) {
        // one number that moves whenever who-may-see-what may have changed: a session ended,
        // an account changed, a jurisdiction added or changed. Servers keep sessions and scopes
        // in memory and read only this number per request; the database moves it, so every
        // writer (another server, the command line) is seen.
        await db.schema
          .createTable('auth_epoch')
          .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
          .addColumn('n', 'bigint', (c) => c.notNull())
          .execute();
        await sql`INSERT INTO auth_epoch (id, n) VALUES (1, 0)`.execute(db);
        await createEpochTriggers(db, engine, 'auth_epoch', [
          ['sessions', 'DELETE'],
          ['users', 'UPDATE'],
          ['users', 'DELETE'],
          ['jurisdictions', 'INSERT'],
          ['jurisdictions', 'UPDATE'],
          ['jurisdictions', 'DELETE'],
        ]);
      },
    },
    '0012_dispute_ledger': {
      async up(db: Kysely<unknown>) {
        // the ledger (台账): one row per dispute, from its log
        await db.schema
          .createTable('disputes')
          .addColumn('case_id', 'text', (c) => c.primaryKey())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('summary', 'text', (c) => c.notNull())
          .addColumn('category', 'text', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('jurisdiction', 'text')
          .addColumn('plan_id', 'text')
          .addColumn('plan_version', 'integer')
          .addColumn('people', 'integer')
          .addColumn('households', 'integer')
          .addColumn('amount', 'real')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('risk', 'text')
          .addColumn('tier', 'text')
          .addColumn('unit', 'text')
          .addColumn('lead_position', 'text')
          .addColumn('due_at', 'text')
          .addColumn('extension_days', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('open_commitments', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('from_incident', 'text')
          .addColumn('screening_round_id', 'text')
          .addColumn('registered_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('disputes_by_jurisdiction')
          .on('disputes')
          .column('jurisdiction')
          .execute();
        // a wide scope (a county, a city) reads the newest first and stops at the page
        await db.schema
          .createIndex('disputes_recent')
          .on('disputes')
          .columns(['registered_at', 'case_id'])
          .execute();
        // a dispute's commitments (agreement clauses, promises) beside the incidents'
        await db.schema.alterTable('commitments').addColumn('agreement_id', 'text').execute();
        await db.schema.alterTable('commitments').addColumn('discharged_at', 'text').execute();
        await db.schema.alterTable('commitments').addColumn('discharge_reason', 'text').execute();
      },
    },
    '0013_representative_contacts': {
      async up(db: Kysely<unknown>) {
        // how to reach a side's representatives, if they gave it: outside the log, one row per
        // side of a dispute (its position in the registration's `sides`), purged a set time
        // after 销号 (`settled_at`, stamped by the settling append)
        await db.schema
          .createTable('representative_contacts')
          .addColumn('case_id', 'text', (c) => c.notNull())
          .addColumn('side', 'integer', (c) => c.notNull().check(sql`side >= 0`))
          .addColumn('contact', 'text', (c) => c.notNull())
          .addColumn('kept_by', 'text', (c) => c.notNull())
          .addColumn('kept_at', 'text', (c) => c.notNull())
          .addColumn('settled_at', 'text')
          .addPrimaryKeyConstraint('representative_contacts_pk', ['case_id', 'side'])
          .execute();
        await db.schema
          .createIndex('representative_contacts_settled')
          .on('representative_contacts')
          .column('settled_at')
          .execute();
        // every read: who, when, why (never the contact itself); kept after the purge
        await db.schema
          .createTable('representative_contact_reads')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('case_id', 'text', (c) => c.notNull())
          .addColumn('side', 'integer', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('username', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('representative_contact_reads_by_case')
          .on('representative_contact_reads')
          .columns(['case_id', 'at'])
          .execute();
        await createAppendOnlyTableGuards(db, engine, 'representative_contact_reads');
        // an incident's reply channels are no longer purged at closure (its answers are still
        // owed) but a set time after 销号 (incident.settled); one kept on an incident already
        // settled counts from its settling
        await db.schema.alterTable('reply_channels').addColumn('settled_at', 'text').execute();
        await sql`UPDATE reply_channels SET settled_at = (SELECT MIN(e.recorded_at) FROM events e
          WHERE e.case_id = reply_channels.case_id AND e.type = 'incident.settled')`.execute(db);
        await db.schema
          .createIndex('reply_channels_settled')
          .on('reply_channels')
          .column('settled_at')
          .execute();
      },
    },
    '0014_screening': {
      async up(db: Kysely<unknown>) {
        // a jurisdiction's screening register (排查台账): one case per jurisdiction
        await db.schema
          .createTable('screening_registers')
          .addColumn('case_id', 'text', (c) => c.primaryKey())
          .addColumn('jurisdiction', 'text', (c) => c.notNull().unique())
          .addColumn('plan_id', 'text')
          .addColumn('plan_version', 'integer')
          .addColumn('opened_at', 'text', (c) => c.notNull())
          .addColumn('last_round_at', 'text')
          .execute();
        // the rounds it held, and what each found (disputes registered from it, or 零报告)
        await db.schema
          .createTable('screening_rounds')
          .addColumn('case_id', 'text', (c) => c.notNull())
          .addColumn('round_id', 'text', (c) => c.notNull())
          .addColumn('event_id', 'text', (c) => c.notNull())
          .addColumn('jurisdiction', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('participants', 'text', (c) => c.notNull())
          .addColumn('zero_report', 'integer', (c) => c.notNull())
          .addColumn('found', 'integer', (c) => c.notNull())
          .addColumn('note', 'text')
          .addColumn('held_at', 'text', (c) => c.notNull())
          .addColumn('recorded_by', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('screening_rounds_pk', ['case_id', 'round_id'])
          .execute();
        await db.schema
          .createIndex('screening_rounds_recent')
          .on('screening_rounds')
          .columns(['jurisdiction', 'held_at'])
          .execute();
        await db.schema
          .createIndex('disputes_by_round')
          .on('disputes')
          .column('screening_round_id')
          .execute();
        // a wide scope's ledger filtered by risk or status, newest first: one index read backwards
        // from the filter's first row instead of the whole ledger's
        await db.schema
          .createIndex('disputes_by_risk')
          .on('disputes')
          .columns(['risk', 'registered_at', 'case_id'])
          .execute();
        await db.schema
          .createIndex('disputes_by_status')
          .on('disputes')
          .columns(['status', 'registered_at', 'case_id'])
          .execute();
      },
    },
    '0015_drill_runs': {
      async up(db: Kysely<unknown>) {
        // each drill run, kept: who ran which scenario against which plan version, when, and how
        // it went (a record of preparedness, so append-only like the plan versions it ran)
        await db.schema
          .createTable('drill_runs')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('plan_id', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('scenario', 'text', (c) => c.notNull())
          .addColumn('scenario_title', 'text', (c) => c.notNull())
          .addColumn('scenario_yaml', 'text', (c) => c.notNull())
          .addColumn('shipped', 'integer', (c) => c.notNull())
          .addColumn('run_by', 'text', (c) => c.notNull())
          .addColumn('run_by_role', 'text', (c) => c.notNull())
          .addColumn('jurisdiction_code', 'text', (c) => c.notNull())
          .addColumn('run_at', 'text', (c) => c.notNull())
          .addColumn('expected', 'integer', (c) => c.notNull())
          .addColumn('passed', 'integer', (c) => c.notNull())
          .addColumn('level', 'text')
          .addColumn('met', 'integer', (c) => c.notNull())
          .addColumn('late', 'integer', (c) => c.notNull())
          .addColumn('missed', 'integer', (c) => c.notNull())
          .addColumn('differences', 'text', (c) => c.notNull())
          .addColumn('review', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('drill_runs_by_plan')
          .on('drill_runs')
          .columns(['plan_id', 'run_at'])
          .execute();
        await createAppendOnlyTableGuards(db, engine, 'drill_runs');
      },
    },
    '0016_findings': {
      async up(db: Kysely<unknown>) {
        // 问责意见, derived from each case's log by core (core/findings): a read model, rebuilt
        // from the log with the others; the dispositions are events on the case's log
        await db.schema
          .createTable('findings')
          .addColumn('case_id', 'text', (c) => c.notNull())
          .addColumn('finding_id', 'text', (c) => c.notNull())
          .addColumn('case_kind', 'text', (c) => c.notNull())
          .addColumn('case_title', 'text', (c) => c.notNull())
          .addColumn('jurisdiction', 'text')
          .addColumn('exercise', 'integer', (c) => c.notNull())
          .addColumn('plan_id', 'text')
          .addColumn('plan_version', 'integer')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('owner', 'text', (c) => c.notNull())
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('arose_at', 'text', (c) => c.notNull())
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('evidence', 'text', (c) => c.notNull())
          .addColumn('disposition', 'text')
          .addColumn('reason', 'text')
          .addColumn('disposed_by', 'text')
          .addColumn('disposed_role', 'text')
          .addColumn('disposed_at', 'text')
          .addPrimaryKeyConstraint('findings_pk', ['case_id', 'finding_id'])
          .execute();
        await db.schema
          .createIndex('findings_by_place')
          .on('findings')
          .columns(['jurisdiction', 'arose_at'])
          .execute();
        // what findings read of a case: its events of a few types, however long the case
        await db.schema.createIndex('events_case_type').on('events').columns(['case_id', 'type']).execute();
      },
    },
    '0017_sitreps': {
      async up(db: Kysely<unknown>) {
        // each situation report sent, where it is addressed, and its acknowledgement (已收悉)
        await db.schema
          .createTable('sitreps')
          .addColumn('event_id', 'text', (c) => c.primaryKey())
          .addColumn('case_id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('to_level', 'text')
          .addColumn('to_office', 'text')
          .addColumn('to_jurisdiction', 'text')
          .addColumn('from_jurisdiction', 'text')
          .addColumn('sent_at', 'text', (c) => c.notNull())
          .addColumn('sent_by', 'text', (c) => c.notNull())
          .addColumn('sent_role', 'text', (c) => c.notNull())
          .addColumn('fields', 'text', (c) => c.notNull())
          .addColumn('document', 'text')
          .addColumn('acknowledged_at', 'text')
          .addColumn('acknowledged_by', 'text')
          .addColumn('acknowledged_role', 'text')
          .addColumn('acknowledged_note', 'text')
          .execute();
        await db.schema
          .createIndex('sitreps_received')
          .on('sitreps')
          .columns(['to_jurisdiction', 'sent_at'])
          .execute();
      },
    },
    '0018_dispute_outcomes': {
      async up(db: Kysely<unknown>) {
        // what became of each dispute (受理, 不予受理, 化解), kept beside its status, which 销号
        // replaces: the figures count them without reading the logs
        for (const column of ['accepted_at', 'not_accepted_at', 'resolved_at'])
          await db.schema.alterTable('disputes').addColumn(column, 'text').execute();
        for (const [column, type] of [
          ['accepted_at', 'dispute.accepted'],
          ['not_accepted_at', 'dispute.not_accepted'],
          ['resolved_at', 'dispute.resolved'],
        ] as const)
          await sql`UPDATE disputes SET ${sql.ref(column)} = (SELECT min(e.occurred_at) FROM events e WHERE e.case_id = disputes.case_id AND e.type = ${type})`.execute(
            db,
          );
      },
    },
    '0019_board': {
      async up(db: Kysely<unknown>) {
        // what a duty board shows of an incident without opening it: where, how many people,
        // whether the first report (首报) has gone out; read from the logs once here
        await db.schema.alterTable('incidents').addColumn('place', 'text').execute();
        await db.schema.alterTable('incidents').addColumn('participants', 'integer').execute();
        await db.schema.alterTable('incidents').addColumn('participants_at', 'text').execute();
        await db.schema.alterTable('incidents').addColumn('first_report_at', 'text').execute();
        await backfillBoardColumns(db as Kysely<DB>);
        // an escalation taken in hand (已接收) by the level it reached: escalation.acknowledged
        for (const column of ['acknowledged_at', 'acknowledged_by', 'acknowledged_role', 'acknowledged_note'])
          await db.schema.alterTable('escalations').addColumn(column, 'text').execute();
        // when each account last looked at its board: what arrived since is marked new
        await db.schema
          .createTable('board_visits')
          .addColumn('account_id', 'text', (c) => c.primaryKey())
          .addColumn('seen_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0020_roster': {
      async up(db: Kysely<unknown>) {
        // 值班: each jurisdiction's rota (its duty desk and the plan's posts, weekly with
        // exceptions), replaced whole; an account's id in the organisation's WeCom or DingTalk,
        // so a robot message can mention whoever is on duty; and the record of each handover
        await db.schema.alterTable('users').addColumn('im_id', 'text').execute();
        await db.schema
          .createTable('rosters')
          .addColumn('jurisdiction_code', 'text', (c) => c.primaryKey())
          .addColumn('rota', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('updated_by', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('shift_handovers')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('jurisdiction_code', 'text', (c) => c.notNull())
          .addColumn('post', 'text', (c) => c.notNull())
          .addColumn('from_account', 'text', (c) => c.notNull())
          .addColumn('to_account', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('note', 'text')
          .addColumn('live_incidents', 'integer', (c) => c.notNull())
          .addColumn('open_escalations', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('shift_handovers_by_place')
          .on('shift_handovers')
          .columns(['jurisdiction_code', 'at'])
          .execute();
        await createAppendOnlyTableGuards(db, engine, 'shift_handovers');
      },
    },
    '0021_finding_words': {
      async up(db: Kysely<unknown>) {
        // what a finding says before it is put into a language (core/words), so the page shows
        // it in the reader's; rows derived before it keep their Chinese text until derived again
        // (huajie rebuild, or the case's next event that changes its findings)
        await db.schema.alterTable('findings').addColumn('said', 'text').execute();
      },
    },
    '0022_notices': {
      async up(db: Kysely<unknown>) {
        // 值班提醒: a warning or an escalation for whoever is on duty for it, in the app, beside
        // the group robot's mention; one per account and source, read or not
        await db.schema
          .createTable('notices')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull())
          .addColumn('source_id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('case_id', 'text', (c) => c.notNull())
          .addColumn('jurisdiction_code', 'text', (c) => c.notNull())
          .addColumn('exercise', 'integer', (c) => c.notNull())
          .addColumn('link', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('said', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('read_at', 'text')
          .addUniqueConstraint('notices_once', ['account_id', 'source_id'])
          .execute();
        await db.schema
          .createIndex('notices_by_account')
          .on('notices')
          .columns(['account_id', 'created_at'])
          .execute();
      },
    },
    '0023_dispute_exercise': {
      async up(db: Kysely<unknown>) {
        // a dispute of an exercise (演练) is kept apart like an exercise incident: out of the real
        // figures and the findings lists; disputes registered before were all real
        await db.schema
          .alterTable('disputes')
          .addColumn('exercise', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
  };
}

/** 0019: the board's columns of the incidents there are, from their logs, a page of events at a time. */
export async function backfillBoardColumns(db: Kysely<DB>): Promise<void> {
  let from = 0;
  for (;;) {
    const rows = await db
      .selectFrom('events')
      .select(['position', 'case_id', 'type', 'data', 'occurred_at'])
      .where('type', 'in', [...BOARD_EVENT_TYPES])
      .where('position', '>', from)
      .orderBy('position')
      .limit(2000)
      .execute();
    if (rows.length === 0) return;
    for (const r of rows) {
      await writeBoardColumns(db, r.case_id, r.type, JSON.parse(r.data), r.occurred_at);
      from = Number(r.position);
    }
  }
}

export async function migrateToLatest(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(engine) };
  const migrator = new Migrator({ db, provider, migrationTableName: 'huajie_migrations' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}
