import type { Kysely } from 'kysely';
import type { FigureRows } from '../../core/figures/figures.ts';
import type { DB } from '../store/schema.ts';
import {
  disputeEvents,
  disputesRegistered,
  dutiesDue,
  findingsArisen,
  incidentsReported,
  type Period,
} from './figures.queries.ts';

const json = (v: unknown) =>
  typeof v === 'string' ? (JSON.parse(v) as Record<string, unknown>) : (v as Record<string, unknown>);

/** Every row the figures of a scope and period are computed from, as they stand at `now`. */
export async function figureRows(
  db: Kysely<DB>,
  scope: readonly string[],
  p: Period,
  now: string,
): Promise<FigureRows> {
  const [duties, incidents, disputes, events, findings] = await Promise.all([
    dutiesDue(db, scope, p, now),
    incidentsReported(db, scope, p),
    disputesRegistered(db, scope, p),
    disputeEvents(db, scope, p),
    findingsArisen(db, scope, p),
  ]);
  return {
    duties,
    incidents: incidents.map((i) => ({
      reportedAt: i.reported_at,
      firstReportAt: (i.first_report as string | null) ?? null,
      firstStatementAt: (i.first_statement as string | null) ?? null,
    })),
    disputes: disputes.map((d) => ({ source: d.source, n: Number(d.n) })),
    outcomes: {
      accepted: disputes.reduce((a, d) => a + Number(d.accepted), 0),
      notAccepted: disputes.reduce((a, d) => a + Number(d.not_accepted), 0),
      resolved: disputes.reduce((a, d) => a + Number(d.resolved), 0),
    },
    evaluations: events
      .filter((e) => e.type === 'visit.made')
      .map((v) => json(v.data).evaluation)
      .filter((e): e is string => typeof e === 'string'),
    reviewRequests: events.filter((e) => e.type === 'review.requested').length,
    findings: findings.map((f) => ({ kind: f.kind, disposition: f.disposition, n: Number(f.n) })),
  };
}
