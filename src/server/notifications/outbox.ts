import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { StoredEvent } from '../../core/events/event.ts';
import { typed } from '../../core/incident/incident.events.ts';
import { WEBHOOK_KINDS, type WebhookKind } from '../../core/notifications/webhooks.ts';
import { clockTitle } from '../../core/plan/duties.ts';
import { unitNames } from '../../core/plan/units.ts';
import { DESK } from '../../core/roster/roster.ts';
import { type Param, type Said, said, sayLines, words } from '../../core/words/words.ts';
import { chainOf } from '../incident/escalation.projection.ts';
import { noticeOnDuty } from '../notices/notices.ts';
import type { PlanRegistry } from '../plans/plan.registry.ts';
import type { Projection } from '../projections/projection.ts';
import { type OnDutyPerson, onDutyFor } from '../roster/roster.queries.ts';
import type { DB } from '../store/schema.ts';

/**
 * The outbox: each message a webhook must receive is written in the same transaction as the
 * event that causes it, so an acknowledged event never loses its notification; a dispatcher
 * delivers them afterwards, with retries. Who receives what:
 * - `incident` (a new incident) and `missed` (a duty not done in time): webhooks of the
 *   incident's jurisdiction and of every jurisdiction above it that asked for that kind;
 * - `escalation`: webhooks of the jurisdiction the escalation reaches;
 * - `warning` (a duty about to fall due): webhooks of the incident's own jurisdiction.
 * Messages carry what the duty office needs — the incident, the duty, the time — and nothing
 * about any person.
 */
/** What a message is about: the kinds a webhook may ask for (core), or a test of the webhook. */
export type NotificationKind = WebhookKind | 'test';

export const Message = z.object({
  kind: z.enum([...WEBHOOK_KINDS, 'test']),
  /** one line a phone shows in the group chat */
  title: z.string(),
  /** the details, a few lines of plain text */
  text: z.string(),
  caseId: z.string(),
  incident: z.object({
    title: z.string(),
    jurisdiction: z.string().nullable(),
    jurisdictionName: z.string().nullable(),
    level: z.string().nullable(),
    exercise: z.boolean(),
  }),
  /** when it happened (the due time for duties) */
  at: z.string(),
  /** where the incident page is, relative to the server */
  link: z.string(),
  /** 值班: who is on duty for it (the duty's owner, else the duty desk), mentioned by the robots */
  onDuty: z
    .object({ post: z.string(), name: z.string(), imId: z.string().nullable(), until: z.string() })
    .optional(),
});
export type Message = z.infer<typeof Message>;

interface Enqueue {
  kind: NotificationKind;
  caseId: string;
  /** the cause: one message per webhook and cause */
  sourceId: string;
  /** the jurisdictions whose webhooks receive it */
  jurisdictions: string[];
  message: Message;
  now: string;
  /** only this webhook (a test message) */
  only?: string;
}

/** Write one message per matching, enabled webhook; a cause already queued is skipped. */
export async function enqueue(db: Kysely<DB>, m: Enqueue): Promise<number> {
  if (m.jurisdictions.length === 0) return 0;
  const hooks = await db
    .selectFrom('webhooks')
    .select(['id', 'kinds'])
    .where('jurisdiction_code', 'in', m.jurisdictions)
    .where('enabled', '=', 1)
    .$if(m.only !== undefined, (q) => q.where('id', '=', m.only as string))
    .execute();
  let n = 0;
  for (const h of hooks) {
    const kinds = JSON.parse(h.kinds) as string[];
    if (m.kind !== 'test' && !kinds.includes(m.kind)) continue;
    const r = await db
      .insertInto('notifications')
      .values({
        id: uuidv7(),
        webhook_id: h.id,
        kind: m.kind,
        case_id: m.caseId,
        source_id: m.sourceId,
        payload: JSON.stringify(m.message),
        status: 'pending',
        attempts: 0,
        next_attempt_at: m.now,
        last_error: null,
        created_at: m.now,
        delivered_at: null,
      })
      .onConflict((oc) => oc.columns(['webhook_id', 'source_id']).doNothing())
      .executeTakeFirst();
    n += Number(r.numInsertedOrUpdatedRows ?? 0);
  }
  return n;
}

/**
 * The case as a message needs it — an incident, a dispute or a screening register — with a
 * function naming its duties and where its page is. A message's `incident` field describes any
 * case (a dispute: its title, no level; a register: its jurisdiction).
 */
export async function incidentFacts(db: Kysely<DB>, plans: PlanRegistry, caseId: string) {
  const row = await db
    .selectFrom('incidents as i')
    .leftJoin('jurisdictions as j', 'j.code', 'i.jurisdiction')
    .select(['i.title', 'i.jurisdiction', 'i.level', 'i.exercise', 'i.plan_id', 'i.plan_version', 'j.name'])
    .where('i.case_id', '=', caseId)
    .executeTakeFirst();
  if (!row) return otherFacts(db, plans, caseId);
  const plan = plans.get(row.plan_id, row.plan_version);
  const promised = await commitmentTitles(db, caseId);
  const levelName = plan?.levels.find((l) => l.id === row.level)?.name ?? row.level;
  return {
    incident: {
      title: row.title,
      jurisdiction: row.jurisdiction,
      jurisdictionName: row.name,
      level: levelName,
      exercise: row.exercise === 1,
    },
    kind: 'incident' as const,
    plan,
    link: `/incidents/${caseId}`,
    dutyTitle: (id: string) =>
      (plan ? clockTitle(plan, id) : undefined) ?? (id.startsWith('commitment:') ? promised(id) : id),
  };
}

/** A commitment's clock named by what was promised (`commitment:<id>`), not by its id. */
async function commitmentTitles(db: Kysely<DB>, caseId: string): Promise<(dutyId: string) => string> {
  const rows = await db
    .selectFrom('commitments')
    .select(['commitment_id', 'text'])
    .where('case_id', '=', caseId)
    .execute();
  const text = new Map(rows.map((r) => [r.commitment_id, r.text]));
  return (dutyId) => {
    const id = dutyId.slice('commitment:'.length);
    return said({ key: 'notice.commitment', params: { text: text.get(id) ?? id } });
  };
}

/** A dispute or a screening register, as `incidentFacts` gives an incident. */
async function otherFacts(db: Kysely<DB>, plans: PlanRegistry, caseId: string) {
  const row = await db
    .selectFrom('disputes as d')
    .leftJoin('jurisdictions as j', 'j.code', 'd.jurisdiction')
    .select([
      'd.title',
      'd.jurisdiction',
      'd.plan_id',
      'd.plan_version',
      'j.name',
      sql<string>`'dispute'`.as('kind'),
      'd.exercise',
    ])
    .where('d.case_id', '=', caseId)
    .unionAll((q) =>
      q
        .selectFrom('screening_registers as g')
        .leftJoin('jurisdictions as j', 'j.code', 'g.jurisdiction')
        .select([
          sql<string>`''`.as('title'),
          'g.jurisdiction',
          'g.plan_id',
          'g.plan_version',
          'j.name',
          sql<string>`'screening'`.as('kind'),
          sql<number>`0`.as('exercise'),
        ])
        .where('g.case_id', '=', caseId),
    )
    .executeTakeFirst();
  if (!row) return null;
  const plan = row.plan_id && row.plan_version ? plans.get(row.plan_id, row.plan_version) : undefined;
  const promised = await commitmentTitles(db, caseId);
  const screening = row.kind === 'screening';
  return {
    incident: {
      title: screening
        ? said({ key: 'notice.screeningTitle', params: { place: row.name ?? row.jurisdiction ?? '' } })
        : said({ key: 'notice.disputeTitle', params: { title: row.title } }),
      jurisdiction: row.jurisdiction,
      jurisdictionName: row.name,
      level: null,
      exercise: row.exercise === 1,
    },
    kind: 'other' as const,
    plan,
    link: screening ? '/screening' : `/disputes/${caseId}`,
    dutyTitle: (id: string) => {
      if (id.startsWith('commitment:')) return promised(id);
      const [head, cadence, period] = id.split(':');
      if (head === 'screening' && cadence) {
        const title = plan?.disputes?.screening.find((c) => c.id === cadence)?.title ?? cadence;
        return said({ key: 'notice.screeningRound', params: { title, period: period ?? '' } });
      }
      return plan?.disputes?.duties.find((d) => d.id === id)?.title ?? id;
    },
  };
}

/** The line that names who is on duty. */
function onDutyLine(p: OnDutyPerson | null): string {
  return p ? `\n${said({ key: 'notice.onDuty', params: { name: p.name, until: p.until } })}` : '';
}

function mention(p: OnDutyPerson): NonNullable<Message['onDuty']> {
  return { post: p.post, name: p.name, imId: p.imId, until: p.until };
}

function headline(kind: NotificationKind, incident: Message['incident'], what: string): Said {
  const headline: Said = { key: 'notice.headline', params: { tag: { key: `notice.tags.${kind}` }, what } };
  // an exercise says so once: its title may say it already
  return incident.exercise && !what.startsWith(said({ key: 'notice.exercise', params: { headline: '' } }))
    ? { key: 'notice.exercise', params: { headline } }
    : headline;
}

/** Where the case is, and an incident's level (a dispute and a register have none). */
function where(incident: Message['incident'], kind: 'incident' | 'other' = 'incident'): Param {
  const place = incident.jurisdictionName ?? incident.jurisdiction ?? '—';
  if (kind === 'other') return place;
  return { key: 'notice.where', params: { place, level: incident.level ?? { key: 'notice.unleveled' } } };
}

/** The lines of a message in Chinese (the groups' language), and who is on duty for it. */
const text = (lines: readonly Param[], onDuty: OnDutyPerson | null = null) =>
  sayLines(words(), lines) + onDutyLine(onDuty);

/**
 * The outbox as a projection: it runs in the append's transaction, after the read models it
 * reads (the incident row, the escalations). It is not a read model — `huajie rebuild` never runs it, so a rebuild sends nothing.
 */
export function notificationOutbox(plans: PlanRegistry): Projection {
  return {
    name: 'notification-outbox',
    tables: [],
    async apply(db, events) {
      for (const e of events) await onEvent(db, plans, e);
    },
  };
}

async function onEvent(db: Kysely<DB>, plans: PlanRegistry, e: StoredEvent): Promise<void> {
  const t = typed(e);
  if (
    t?.type !== 'incident.reported' &&
    t?.type !== 'duty.warned' &&
    t?.type !== 'duty.missed' &&
    t?.type !== 'escalation.requested'
  )
    return;
  const facts = await incidentFacts(db, plans, e.caseId);
  if (!facts?.incident.jurisdiction) return;
  const { incident } = facts;
  const from = incident.jurisdiction as string;
  const unit = unitNames(facts.plan);
  if (t.type === 'duty.warned') {
    // a warning goes to the incident's own jurisdiction, whose duty it is
    const title = headline('warning', incident, facts.dutyTitle(t.data.dutyId));
    const onDuty = await onDutyFor(db, from, t.data.owner, new Date(e.occurredAt));
    const lines: Param[] = [
      incident.title,
      where(incident, facts.kind),
      { key: 'notice.warning', params: { owner: unit(t.data.owner) ?? t.data.owner, due: t.data.dueAt } },
    ];
    const sourceId = `warn:${e.caseId}:${t.data.dutyId}`;
    await noticeOnDuty(db, onDuty, {
      kind: 'warning',
      sourceId,
      caseId: e.caseId,
      jurisdiction: from,
      exercise: incident.exercise,
      link: facts.link,
      at: t.data.dueAt,
      now: e.recordedAt,
      title,
      lines,
    });
    await enqueue(db, {
      kind: 'warning',
      caseId: e.caseId,
      sourceId,
      jurisdictions: [from],
      now: e.recordedAt,
      message: {
        kind: 'warning',
        caseId: e.caseId,
        incident,
        link: facts.link,
        at: t.data.dueAt,
        title: said(title),
        text: text(lines, onDuty),
        ...(onDuty ? { onDuty: mention(onDuty) } : {}),
      },
    });
    return;
  }
  const chain = await chainOf(db, from);
  const upward = chain.map((j) => j.code);
  const base = { caseId: e.caseId, incident, link: facts.link };
  const now = e.recordedAt;
  if (t.type === 'incident.reported') {
    await enqueue(db, {
      kind: 'incident',
      caseId: e.caseId,
      sourceId: e.id,
      jurisdictions: upward,
      now,
      message: {
        ...base,
        kind: 'incident',
        at: e.occurredAt,
        title: said(headline('incident', incident, incident.title)),
        text: text([where(incident, facts.kind), { key: 'notice.reported', params: { at: e.occurredAt } }]),
      },
    });
    return;
  }
  const missed = t.type === 'duty.missed';
  const target = missed ? t.data.escalateTo : t.data.to;
  // where it goes was settled by the escalation read model, earlier in this transaction
  const row = await db
    .selectFrom('escalations')
    .select('to_jurisdiction')
    .where('event_id', '=', e.id)
    .executeTakeFirst();
  const to = row?.to_jurisdiction ?? null;
  const toName = chain.find((j) => j.code === to)?.name ?? to ?? target;
  if (missed) {
    const duty = facts.dutyTitle(t.data.dutyId);
    const due = t.data.dueAt;
    await enqueue(db, {
      kind: 'missed',
      caseId: e.caseId,
      sourceId: e.id,
      jurisdictions: upward,
      now,
      message: {
        ...base,
        kind: 'missed',
        at: due,
        title: said(headline('missed', incident, duty)),
        text: text([
          incident.title,
          where(incident, facts.kind),
          { key: 'notice.missed', params: { due, target: unit(target) ?? target, to: toName } },
        ]),
      },
    });
  }
  if (to) {
    const reason: Param = missed
      ? { key: 'notice.missedReason', params: { duty: facts.dutyTitle(t.data.dutyId) } }
      : t.data.reason;
    // the escalation reaches the duty desk of the level it goes to
    const onDuty = await onDutyFor(db, to, DESK, new Date(now));
    const title = headline('escalation', incident, `${incident.title} → ${toName}`);
    const lines = [where(incident, facts.kind), reason];
    const at = missed ? t.data.dueAt : e.occurredAt;
    await noticeOnDuty(db, onDuty, {
      kind: 'escalation',
      sourceId: `escalation:${e.id}`,
      caseId: e.caseId,
      jurisdiction: to,
      exercise: incident.exercise,
      link: facts.link,
      at,
      now,
      title,
      lines,
    });
    await enqueue(db, {
      kind: 'escalation',
      caseId: e.caseId,
      sourceId: `escalation:${e.id}`,
      jurisdictions: [to],
      now,
      message: {
        ...base,
        kind: 'escalation',
        at,
        title: said(title),
        text: text(lines, onDuty),
        ...(onDuty ? { onDuty: mention(onDuty) } : {}),
      },
    });
  }
}
