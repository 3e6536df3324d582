import type { Kysely } from 'kysely';
import type { StoredEvent } from '../../core/events/event.ts';
import {
  FINDING_TYPES,
  type Finding,
  type FindingEvent,
  findingsOf,
  lateEntryFinding,
} from '../../core/findings/findings.ts';
import { lateEntryAfterMs } from '../../core/incident/late-entry.ts';
import { planUnitNames } from '../../core/plan/units.ts';
import { incidentFacts } from '../notifications/outbox.ts';
import type { PlanRegistry } from '../plans/plan.registry.ts';
import { kindOpenedBy, type Projection } from '../projections/projection.ts';
import type { DB, FindingsTable } from '../store/schema.ts';
import { caseEventsOf, insertFinding, replaceFindings, setDisposition } from './findings.queries.ts';

/** Below this gap between field time and recording no plan's tolerance makes an entry 补录. */
const LATE_AT_LEAST_MS = 60_000;
const CHANGES: ReadonlySet<string> = new Set(FINDING_TYPES);

const stored = (e: StoredEvent): FindingEvent => ({
  id: e.id,
  type: e.type,
  data: e.data as Record<string, unknown>,
  actor: { id: e.actorId, role: e.actorRole },
  occurredAt: e.occurredAt,
  recordedAt: e.recordedAt,
});

/**
 * Bring a case's findings up to date with a batch of its events: a 补录 from the entry alone;
 * the rest derived again (core/findings) from the case's events of the types that make them —
 * read through an index, so a long case costs no more than a short one.
 */
async function applyToCase(db: Kysely<DB>, plans: PlanRegistry, caseId: string, batch: StoredEvent[]) {
  const changes = batch.some((e) => CHANGES.has(e.type));
  const maybeLate = batch.filter(
    (e) => e.actorRole !== 'system' && Date.parse(e.recordedAt) - Date.parse(e.occurredAt) > LATE_AT_LEAST_MS,
  );
  if (!changes && maybeLate.length === 0) return;
  const facts = await incidentFacts(db, plans, caseId);
  const first = batch[0]?.type === undefined ? undefined : kindOpenedBy(batch[0].type);
  const kind =
    first ??
    (facts?.kind === 'incident' ? 'incident' : facts?.link === '/screening' ? 'screening' : 'dispute');
  const row = (f: Finding): FindingsTable => ({
    case_id: caseId,
    finding_id: f.id,
    case_kind: kind,
    case_title: facts?.incident.title ?? '',
    jurisdiction: facts?.incident.jurisdiction ?? null,
    exercise: facts?.incident.exercise ? 1 : 0,
    plan_id: facts?.plan?.id ?? null,
    plan_version: facts?.plan?.version ?? null,
    kind: f.kind,
    owner: f.owner,
    subject: f.subject,
    arose_at: f.arose,
    text: f.text,
    said: JSON.stringify(f.said),
    evidence: JSON.stringify(f.evidence),
    disposition: f.disposition?.value ?? null,
    reason: f.disposition?.reason ?? null,
    disposed_by: f.disposition?.by.id ?? null,
    disposed_role: f.disposition?.by.role ?? null,
    disposed_at: f.disposition?.at ?? null,
  });
  const tolerance = lateEntryAfterMs(facts?.plan);
  for (const e of maybeLate) {
    const late = lateEntryFinding(stored(e), tolerance);
    if (late) await insertFinding(db, row(late));
  }
  if (!changes) return;
  const events: FindingEvent[] = (await caseEventsOf(db, caseId, FINDING_TYPES)).map((r) => ({
    id: r.id,
    type: r.type,
    data: JSON.parse(r.data) as Record<string, unknown>,
    actor: { id: r.actor_id, role: r.actor_role },
    occurredAt: r.occurred_at,
    recordedAt: r.recorded_at,
  }));
  const found = findingsOf(events, {
    kind,
    lateEntryAfterMs: tolerance,
    title: facts?.dutyTitle,
    // a level is named by core in the reader's language
    unitName: planUnitNames(facts?.plan),
  }).filter((f) => f.kind !== 'late_entry');
  await replaceFindings(db, caseId, found.map(row));
  // a disposition of a 补录 finding, kept apart from the findings derived again
  for (const e of batch) {
    if (e.type !== 'finding.disposed') continue;
    const d = e.data as { findingId: string; disposition: string; reason: string };
    if (!d.findingId.startsWith('entry:')) continue;
    await setDisposition(db, caseId, d.findingId, {
      disposition: d.disposition,
      reason: d.reason,
      disposed_by: e.actorId,
      disposed_role: e.actorRole,
      disposed_at: e.recordedAt,
    });
  }
}

/**
 * The findings of every kind of case, kept as the log grows (after the read models of the
 * case's kind, whose rows it reads: where the case is, its plan). Rebuilt from the log with the
 * others.
 */
export function findingsProjection(plans: PlanRegistry): Projection {
  return {
    name: 'findings',
    tables: ['findings'],
    async apply(db, events) {
      const byCase = new Map<string, StoredEvent[]>();
      for (const e of events) byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), e]);
      for (const [caseId, batch] of byCase) await applyToCase(db, plans, caseId, batch);
    },
  };
}
