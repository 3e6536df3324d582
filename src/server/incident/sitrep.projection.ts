import { typed } from '../../core/incident/incident.events.ts';
import type { Projection } from '../projections/projection.ts';
import { caseJurisdiction, chainOf } from './escalation.projection.ts';
import { acknowledgeSitrep, insertSitrep } from './sitrep.queries.ts';

/**
 * Situation reports as sent: each addressed to the jurisdiction it reaches — the case's own or
 * the ancestor of the level it names (a village's report to the town reaches its town) — so the
 * addressed office finds it on its board, and its acknowledgement (已收悉).
 */
export const sitrepProjection: Projection = {
  name: 'sitreps',
  kind: 'incident',
  tables: ['sitreps'],
  async apply(db, events) {
    for (const e of events) {
      const t = typed(e);
      if (t?.type === 'sitrep.submitted') {
        const from = await caseJurisdiction(db, e.caseId);
        const level = t.data.to.level;
        const chain = from && level ? await chainOf(db, from) : [];
        const reached = chain.find((j) => j.level === level);
        await insertSitrep(db, {
          event_id: e.id,
          case_id: e.caseId,
          kind: t.data.kind,
          to_level: level ?? null,
          to_office: t.data.to.office ?? null,
          to_jurisdiction: reached?.code ?? null,
          from_jurisdiction: from,
          sent_at: e.recordedAt,
          sent_by: e.actorId,
          sent_role: e.actorRole,
          fields: JSON.stringify(t.data.fields ?? {}),
          document: t.data.document ? JSON.stringify(t.data.document) : null,
          acknowledged_at: null,
          acknowledged_by: null,
          acknowledged_role: null,
          acknowledged_note: null,
        });
      } else if (t?.type === 'sitrep.acknowledged') {
        await acknowledgeSitrep(db, t.data.sitrepId, {
          acknowledged_at: e.recordedAt,
          acknowledged_by: e.actorId,
          acknowledged_role: e.actorRole,
          acknowledged_note: t.data.note ?? null,
        });
      }
    }
  },
};
