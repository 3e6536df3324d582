import type { Kysely } from 'kysely';
import type { StoredEvent } from '../../core/events/event.ts';
import { type FindingEvent, findingsOf } from '../../core/findings/findings.ts';
import { lateEntryAfterMs } from '../../core/incident/late-entry.ts';
import type { Plan } from '../../core/plan/plan.schema.ts';
import { incidentFacts } from '../notifications/outbox.ts';
import type { PlanRegistry } from '../plans/plan.registry.ts';
import { kindOpenedBy, type Projection } from '../projections/projection.ts';
import type { DB } from '../store/schema.ts';
import { caseLog, replaceFindings } from './findings.queries.ts';

/** What can change a case's findings (core/findings); any other event only if entered late. */
const CHANGES = new Set([
  'duty.started',
  'duty.missed',
  'duty.met',
  'commitment.made',
  'sitrep.submitted',
  'measure.authorized',
  'measure.ended',
  'incident.closed',
  'finding.disposed',
]);
/** Below this gap between field time and recording no plan's tolerance makes an entry 补录. */
const LATE_AT_LEAST_MS = 60_000;

function mayChange(e: StoredEvent): boolean {
  if (CHANGES.has(e.type)) return true;
  return e.actorRole !== 'system' && Date.parse(e.recordedAt) - Date.parse(e.occurredAt) > LATE_AT_LEAST_MS;
}

const LEVEL_NAMES: Record<string, string> = {
  village: '村（社区）',
  town: '镇',
  county: '县',
  city: '市',
  province: '省',
  unit: '单位',
  national: '国家信访局',
};

/** The names of a plan's units, positions, external bodies and of the levels, by id. */
function unitNames(plan: Plan | undefined): (id: string) => string | undefined {
  const o = plan?.organisation;
  const names = new Map(
    [o?.leadingGroup, o?.office, ...(o?.groups ?? []), ...(o?.positions ?? []), ...(o?.external ?? [])]
      .filter((u) => u !== undefined)
      .map((u) => [u.id, u.name]),
  );
  return (id) => names.get(id) ?? LEVEL_NAMES[id];
}

/** Derive a case's findings from its whole log again, and keep them. */
export async function refreshFindings(db: Kysely<DB>, plans: PlanRegistry, caseId: string): Promise<void> {
  const rows = await caseLog(db, caseId);
  const kind = kindOpenedBy(rows[0]?.type ?? '');
  if (!kind) return;
  const facts = await incidentFacts(db, plans, caseId);
  const events: FindingEvent[] = rows.map((r) => ({
    id: r.id,
    type: r.type,
    data: JSON.parse(r.data) as Record<string, unknown>,
    actor: { id: r.actor_id, role: r.actor_role },
    occurredAt: r.occurred_at,
    recordedAt: r.recorded_at,
  }));
  const found = findingsOf(events, {
    kind,
    lateEntryAfterMs: lateEntryAfterMs(facts?.plan),
    title: facts?.dutyTitle,
    unitName: unitNames(facts?.plan),
  });
  await replaceFindings(
    db,
    caseId,
    found.map((f) => ({
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
      evidence: JSON.stringify(f.evidence),
      disposition: f.disposition?.value ?? null,
      reason: f.disposition?.reason ?? null,
      disposed_by: f.disposition?.by.id ?? null,
      disposed_role: f.disposition?.by.role ?? null,
      disposed_at: f.disposition?.at ?? null,
    })),
  );
}

/**
 * The findings of every kind of case, kept as the log grows: a case's are derived again from
 * its whole log when an event that can change them comes (a duty's miss or late meeting, a
 * report, a measure, the close, a disposition, an entry recorded late). After the read models
 * of the case's kind, whose rows it reads (where the case is, its plan).
 */
export function findingsProjection(plans: PlanRegistry): Projection {
  return {
    name: 'findings',
    tables: ['findings'],
    async apply(db, events) {
      const touched = new Set<string>();
      for (const e of events) if (mayChange(e)) touched.add(e.caseId);
      for (const caseId of touched) await refreshFindings(db, plans, caseId);
    },
  };
}
