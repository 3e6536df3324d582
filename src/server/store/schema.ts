import type { Generated } from 'kysely';

/** The one typed schema of every table, for both engines. */

export interface EventsTable {
  position: Generated<number>;
  id: string;
  case_id: string;
  seq: number;
  type: string;
  /** canonical JSON text of the event data (the exact bytes the hash covers) */
  data: string;
  actor_id: string;
  actor_role: string;
  occurred_at: string;
  recorded_at: string;
  prev_hash: string;
  hash: string;
}

/** Each case's newest (seq, hash), signed with a key kept outside the database. */
export interface CaseHeadsTable {
  case_id: string;
  seq: number;
  hash: string;
  mac: string;
}

/** Read model: one row a case, what the log says about it at a glance. */
export interface CaseSummaryTable {
  case_id: string;
  kind: string;
  opened_at: string;
  last_occurred_at: string;
  last_recorded_at: string;
  last_type: string;
  event_count: number;
}

/** Read model: the incident list (per jurisdiction: level, status, open and overdue duties). */
export interface IncidentsTable {
  case_id: string;
  title: string;
  jurisdiction: string | null;
  plan_id: string;
  plan_version: number;
  level: string | null;
  level_basis: string | null;
  /** open | stabilized | closed | settled (已销号) */
  status: string;
  /** 1 for drills and demo exercises: never counted in real figures */
  exercise: number;
  reported_at: string;
  updated_at: string;
  open_duties: number;
  overdue_duties: number;
  /** where it happened, as reported */
  place: string | null;
  /** how many people, the latest known (and when it was known) */
  participants: number | null;
  participants_at: string | null;
  /** when the first report (首报: an initial situation report) went out */
  first_report_at: string | null;
}

/** Read model: the dispute ledger (台账), one row per dispute. */
export interface DisputesTable {
  case_id: string;
  title: string;
  summary: string;
  category: string;
  source: string;
  jurisdiction: string | null;
  plan_id: string | null;
  plan_version: number | null;
  people: number | null;
  households: number | null;
  amount: number | null;
  /** 1: a dispute of an exercise (演练), kept out of real figures and findings (migration 0023) */
  exercise: number;
  /** registered | accepted | not_accepted | resolved | ended | settled */
  status: string;
  /** high | medium | low, once assessed */
  risk: string | null;
  tier: string | null;
  unit: string | null;
  lead_position: string | null;
  /** the deadline of the assignment (包案) */
  due_at: string | null;
  extension_days: number;
  open_commitments: number;
  from_incident: string | null;
  screening_round_id: string | null;
  registered_at: string;
  updated_at: string;
  /** when it was first accepted (受理), not accepted, resolved (化解): what became of it, whatever its status now */
  accepted_at: string | null;
  not_accepted_at: string | null;
  resolved_at: string | null;
}

/** Read model: every duty clock of every case. */
export interface DutiesTable {
  case_id: string;
  duty_id: string;
  owner: string;
  started_at: string;
  due_at: string;
  /** open | met | missed */
  status: string;
  escalate_to: string | null;
  late_seconds: number | null;
  met_at: string | null;
  /** when the warning is due (dueAt − warnBefore), if the plan asks for one */
  warn_at: string | null;
  /** when the warning went out (its duty.warned was recorded) */
  warned_at: string | null;
}

/** 辖区: 市 › 县/区 › 镇/街道 › 村/社区, and units (单位) anywhere in the tree. */
export interface JurisdictionsTable {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
  created_at: string;
  /** the plan incidents reported here run under */
  plan_id: string | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

/**
 * One row (id 1) whose `n` the database moves on every change to sessions (ending one),
 * accounts and jurisdictions: what lets a server keep sessions and scopes in memory.
 */
export interface AuthEpochTable {
  id: number;
  n: number;
}

/** Each server's last successful test write (GET /api/health). */
export interface HealthProbesTable {
  server: string;
  at: string;
}

/** Failed logins of a username or from an address (login.throttle.ts). */
export interface LoginThrottleTable {
  /** `${kind}:${subject}` */
  key: string;
  kind: 'username' | 'address';
  subject: string;
  /** failures counted, including attempts still being checked */
  failures: number;
  /** attempts up to this count are checked; one beyond it waits for the lock to pass */
  allowance: number;
  locked_until: string | null;
  /** the newest failure (or attempt under way); failures are forgotten a while after it */
  last_failure_at: string;
}

/** A staff account. Never a record of the public: participants and petitioners have none. */
export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  /** argon2id, PHC string */
  password_hash: string;
  role: string;
  jurisdiction_code: string;
  disabled: number;
  created_at: string;
  /** the account's id in the organisation's WeCom or DingTalk, for robot mentions when on duty */
  im_id: string | null;
}

/** 值班: a jurisdiction's rota (core/roster `Rota`, as JSON), replaced whole. */
export interface RostersTable {
  jurisdiction_code: string;
  rota: string;
  updated_at: string;
  updated_by: string;
}

/** 交接班: each handover of a shift, append-only. */
export interface ShiftHandoversTable {
  id: string;
  jurisdiction_code: string;
  post: string;
  from_account: string;
  to_account: string;
  at: string;
  note: string | null;
  /** what was open when it was handed over */
  live_incidents: number;
  open_escalations: number;
}

interface CaseItem {
  case_id: string;
}
export interface TasksTable extends CaseItem {
  task_id: string;
  title: string;
  grp: string | null;
  /** open | acknowledged | done */
  status: string;
  due_at: string | null;
  assigned_at: string;
  result: string | null;
}
export interface DemandsTable extends CaseItem {
  demand_id: string;
  text: string;
  people: number;
  department: string;
  assessment: string | null;
  assessment_basis: string | null;
  answer: string | null;
  registered_at: string;
  answered_at: string | null;
}
export interface CommitmentsTable extends CaseItem {
  commitment_id: string;
  demand_id: string | null;
  text: string;
  owner: string;
  due_at: string;
  made_at: string;
  fulfilled_at: string | null;
  evidence: string | null;
  /** the agreement (调解协议) whose clause it is (disputes) */
  agreement_id: string | null;
  /** released with a reason instead of fulfilled (disputes) */
  discharged_at: string | null;
  discharge_reason: string | null;
}
export interface StatementsTable extends CaseItem {
  statement_id: string;
  channel: string;
  text: string;
  published_at: string;
}
/** The authority's own acts: what, on what legal basis, authorised by whom, over what scope. */
export interface MeasuresTable extends CaseItem {
  measure_id: string;
  kind: string;
  legal_basis: string;
  authorized_by: string;
  scope: string;
  recording: number;
  authorized_at: string;
  ended_at: string | null;
  outcome: string | null;
}

/** An escalation, resolved to the jurisdiction whose board it reaches (read model). */
export interface EscalationsTable {
  /** the event that escalated: a duty.missed or an escalation.requested */
  event_id: string;
  case_id: string;
  /** missed | requested */
  kind: string;
  duty_id: string | null;
  /** what the plan or the request named: a jurisdiction level or one of the plan's units */
  target: string;
  from_jurisdiction: string | null;
  to_jurisdiction: string | null;
  /** due time (a miss) or when it was asked (a request) */
  at: string;
  /** when it was written: what a board polling with ?since= follows */
  recorded_at: string;
  reason: string;
  /** taken in hand (已接收) by the level it reached: escalation.acknowledged */
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  acknowledged_role: string | null;
  acknowledged_note: string | null;
}

/** When each account last looked at its duty board. */
export interface BoardVisitsTable {
  account_id: string;
  seen_at: string;
}

/** Warnings sent before a duty falls due (one per duty; not a read model: never rebuilt). */
/**
 * A case's folded state at a seq, so a command on a cold case (after a restart, or idle for a
 * long time) folds only the events after it. Never the truth: rebuilt from the log when absent,
 * stale or of another format; `huajie rebuild` and `audit verify` never read it.
 */
export interface CaseSnapshotsTable {
  case_id: string;
  /** the kind of case and the version of its state's encoding (e.g. incident/2, dispute/1) */
  format: string;
  seq: number;
  /** the head hash at `seq`: a snapshot whose hash is not the log's at that seq is ignored */
  hash: string;
  /** the plan the case runs under, id@version */
  plan: string | null;
  state: string;
  taken_at: string;
}

/** A jurisdiction's outgoing webhook. */
export interface WebhooksTable {
  id: string;
  jurisdiction_code: string;
  name: string;
  url: string;
  /** json | wecom | dingtalk */
  format: string;
  /** json: HMAC key of the X-Huajie-Signature header; dingtalk: the robot's 加签 secret */
  secret: string | null;
  /** JSON array of the kinds it receives: incident, warning, missed, escalation */
  kinds: string;
  enabled: number;
  created_at: string;
  created_by: string;
}

/** One message to one webhook: the outbox, written with the event that caused it. */
export interface NotificationsTable {
  id: string;
  webhook_id: string;
  /** incident | warning | missed | escalation */
  kind: string;
  case_id: string;
  /** what caused it (an event id, or warn:DUTY): one message per webhook and cause */
  source_id: string;
  /** the message, format-neutral JSON */
  payload: string;
  /** pending | delivered | failed */
  status: string;
  attempts: number;
  next_attempt_at: string;
  /** the classified error of the last attempt (notifications/delivery.ts DELIVERY_ERRORS) */
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

/** Every delivery attempt, kept (append-only); the receiver's answer is never kept. */
export interface NotificationAttemptsTable {
  notification_id: string;
  attempt: number;
  at: string;
  status_code: number | null;
  /** null when delivered; else a classified error (notifications/delivery.ts DELIVERY_ERRORS) */
  error: string | null;
  /** a short detail in Huajie's own words (an error code, a robot's errcode, why an address is refused) */
  detail: string | null;
  ms: number;
}

/**
 * How to reach the representatives who raised a demand, if they gave one. Kept outside the
 * log so it can be purged a set time after the incident is settled (已销号).
 */
export interface ReplyChannelsTable {
  case_id: string;
  demand_id: string;
  channel: string;
  set_by: string;
  set_at: string;
  /** when the incident was settled (its incident.settled recorded); the purge counts from it */
  settled_at: string | null;
}

/** Every read of a reply channel: who, when, why (append-only; kept after the purge). */
export interface ReplyChannelReadsTable {
  id: string;
  case_id: string;
  demand_id: string;
  user_id: string;
  username: string;
  role: string;
  reason: string;
  at: string;
}

/**
 * How to reach the representatives of one side of a dispute, if they gave it: kept outside the
 * log, purged a set time after the dispute's 销号.
 */
export interface RepresentativeContactsTable {
  case_id: string;
  /** the side it reaches: its position in the registration's `sides`, from 0 */
  side: number;
  contact: string;
  kept_by: string;
  kept_at: string;
  /** when the dispute was settled (its dispute.settled recorded); the purge counts from it */
  settled_at: string | null;
}

/** Every read of a representative's contact: who, when, why (append-only; kept after the purge). */
export interface RepresentativeContactReadsTable {
  id: string;
  case_id: string;
  side: number;
  user_id: string;
  username: string;
  role: string;
  reason: string;
  at: string;
}

/** Read model: a jurisdiction's screening register (排查台账), one per jurisdiction. */
export interface ScreeningRegistersTable {
  case_id: string;
  jurisdiction: string;
  plan_id: string | null;
  plan_version: number | null;
  opened_at: string;
  last_round_at: string | null;
}

/** Read model: the screening rounds (排查) held, and what each found. */
export interface ScreeningRoundsTable {
  case_id: string;
  round_id: string;
  event_id: string;
  jurisdiction: string;
  /** daily | regular | special | joint */
  kind: string;
  scope: string;
  /** JSON: [{ unit, position? }] */
  participants: string;
  /** 1: 零报告 */
  zero_report: number;
  found: number;
  note: string | null;
  held_at: string;
  recorded_by: string;
}

/** A plan version uploaded by an admin (append-only; bundled versions are files). */
export interface PlanVersionsTable {
  plan_id: string;
  version: number;
  yaml: string;
  sha256: string;
  /** the uploader's username */
  uploaded_by: string;
  /** the uploader's jurisdiction: later versions of a plan first uploaded here need an admin over it */
  jurisdiction_code: string;
  uploaded_at: string;
  /** what changed, in the uploader's words */
  note: string;
}

/** A drill run, kept (migration 0015): who ran what against which version, and how it went. */
export interface DrillRunsTable {
  id: string;
  plan_id: string;
  version: number;
  /** the shipped scenario's name; empty for a composed one */
  scenario: string;
  scenario_title: string;
  /** the scenario's text as it ran */
  scenario_yaml: string;
  /** 1: a scenario shipped with the plan; 0: composed */
  shipped: number;
  /** the runner's user id */
  run_by: string;
  run_by_role: string;
  /** the runner's jurisdiction: the run is listed to callers over it */
  jurisdiction_code: string;
  run_at: string;
  /** 1: the scenario says what it expects (`expect:`) */
  expected: number;
  /** 1: no difference from what it expects (or it expects nothing) */
  passed: number;
  /** the level the drill reached (its id), if any */
  level: string | null;
  met: number;
  late: number;
  missed: number;
  /** JSON: each way it differed from `expect:` */
  differences: string;
  /** JSON: the review (DrillReview) */
  review: string;
}

/**
 * 值班提醒: a warning or an escalation for the person on duty for it, in the app (migration 0022,
 * notifications/outbox.ts); read by them alone.
 */
export interface NoticesTable {
  id: string;
  account_id: string;
  /** what it is of (a warning's duty, an escalation's event): one notice per account and source */
  source_id: string;
  /** warning or escalation */
  kind: string;
  case_id: string;
  jurisdiction_code: string;
  exercise: number;
  /** the case's page */
  link: string;
  /** the due time warned of, or when it was escalated */
  at: string;
  /** in Chinese */
  title: string;
  text: string;
  /** JSON: `{ title, lines }`, each said before it is put into a language (core/words) */
  said: string;
  created_at: string;
  read_at: string | null;
}

/** A finding (问责意见) of a case, derived from its log (migration 0016, findings.projection.ts). */
export interface FindingsTable {
  case_id: string;
  /** unique within the case (core/findings) */
  finding_id: string;
  /** incident, dispute or screening */
  case_kind: string;
  case_title: string;
  jurisdiction: string | null;
  exercise: number;
  /** the plan the case runs under: it names the owners and the duties */
  plan_id: string | null;
  plan_version: number | null;
  kind: string;
  owner: string;
  subject: string;
  arose_at: string;
  /** in Chinese, as documents print it */
  text: string;
  /** JSON: what it says before it is put into a language (core/words `Said`); null before 0021 */
  said: string | null;
  /** JSON: the events it rests on, each { eventId, type, at } */
  evidence: string;
  /** the latest disposition: accepted, explained, dismissed; null while none */
  disposition: string | null;
  reason: string | null;
  disposed_by: string | null;
  disposed_role: string | null;
  disposed_at: string | null;
}

/** A situation report sent, where it is addressed and its acknowledgement (migration 0017). */
export interface SitrepsTable {
  event_id: string;
  case_id: string;
  /** initial | update | final */
  kind: string;
  to_level: string | null;
  to_office: string | null;
  /** the jurisdiction it reaches: the case's ancestor of the level it is addressed to (null: none, or national) */
  to_jurisdiction: string | null;
  from_jurisdiction: string | null;
  sent_at: string;
  sent_by: string;
  sent_role: string;
  /** JSON: the report's fields (002 五(二)) */
  fields: string;
  /** JSON: how it goes out as a document (issuer, signer, number, urgency), if given */
  document: string | null;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  acknowledged_role: string | null;
  acknowledged_note: string | null;
}

export interface DB {
  events: EventsTable;
  case_heads: CaseHeadsTable;
  case_summary: CaseSummaryTable;
  incidents: IncidentsTable;
  disputes: DisputesTable;
  duties: DutiesTable;
  jurisdictions: JurisdictionsTable;
  users: UsersTable;
  sessions: SessionsTable;
  auth_epoch: AuthEpochTable;
  login_throttle: LoginThrottleTable;
  health_probes: HealthProbesTable;
  tasks: TasksTable;
  demands: DemandsTable;
  commitments: CommitmentsTable;
  statements: StatementsTable;
  measures: MeasuresTable;
  escalations: EscalationsTable;
  board_visits: BoardVisitsTable;
  notices: NoticesTable;
  rosters: RostersTable;
  shift_handovers: ShiftHandoversTable;
  case_snapshots: CaseSnapshotsTable;
  webhooks: WebhooksTable;
  notifications: NotificationsTable;
  notification_attempts: NotificationAttemptsTable;
  reply_channels: ReplyChannelsTable;
  reply_channel_reads: ReplyChannelReadsTable;
  representative_contacts: RepresentativeContactsTable;
  representative_contact_reads: RepresentativeContactReadsTable;
  plan_versions: PlanVersionsTable;
  screening_registers: ScreeningRegistersTable;
  screening_rounds: ScreeningRoundsTable;
  drill_runs: DrillRunsTable;
  findings: FindingsTable;
  sitreps: SitrepsTable;
}
