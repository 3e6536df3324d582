import { sql } from 'kysely';
import { disputeEventOf } from '../../core/dispute/dispute.events.ts';
import { writeDutyRow } from '../projections/duty-rows.ts';
import type { Projection } from '../projections/projection.ts';

/**
 * The dispute ledger (台账): one row per dispute with what the ledger shows — category, source,
 * how many people, where it is, its status, risk, tier, responsible unit and lead position
 * (包案), its deadline, extension and open commitments — and, beside the incidents', the
 * dispute's commitments (each clause of an agreement, each promise) and its duty clocks, which
 * the duty clock reads to find the cases time acts on.
 */
export const disputeProjection: Projection = {
  name: 'disputes',
  kind: 'dispute',
  tables: ['disputes'],
  async apply(db, events) {
    for (const e of events) {
      const ev = disputeEventOf(e);
      if (!ev) continue;
      const at = e.occurredAt;
      const touch = () =>
        db
          .updateTable('disputes')
          .set({ updated_at: sql<string>`CASE WHEN updated_at < ${at} THEN ${at} ELSE updated_at END` })
          .where('case_id', '=', e.caseId)
          .execute();
      const status = (value: string) =>
        db.updateTable('disputes').set({ status: value }).where('case_id', '=', e.caseId).execute();
      // what became of it, the first time: kept when 销号 replaces the status
      const outcome = (column: 'accepted_at' | 'not_accepted_at' | 'resolved_at') =>
        db
          .updateTable('disputes')
          .set({ [column]: at })
          .where('case_id', '=', e.caseId)
          .where(column, 'is', null)
          .execute();
      const openCommitments = (delta: number) =>
        db
          .updateTable('disputes')
          .set({ open_commitments: sql<number>`open_commitments + ${delta}` })
          .where('case_id', '=', e.caseId)
          .execute();
      switch (ev.type) {
        case 'dispute.registered': {
          const d = ev.data;
          await db
            .insertInto('disputes')
            .values({
              case_id: e.caseId,
              title: d.title,
              summary: d.summary,
              category: d.category,
              source: d.source,
              jurisdiction: d.jurisdiction ?? null,
              plan_id: d.plan?.id ?? null,
              plan_version: d.plan?.version ?? null,
              people: d.facts.people ?? null,
              households: d.facts.households ?? null,
              amount: d.facts.amount ?? null,
              exercise: d.exercise ? 1 : 0,
              status: 'registered',
              extension_days: 0,
              open_commitments: 0,
              from_incident: d.fromIncident ?? null,
              screening_round_id: d.screeningRoundId ?? null,
              // an imported ledger's 登记日期 (09:00 that day in China), else the registration
              registered_at: d.registeredOn ? new Date(`${d.registeredOn}T09:00:00+08:00`).toISOString() : at,
              updated_at: at,
              accepted_at: null,
              not_accepted_at: null,
              resolved_at: null,
            })
            .execute();
          continue;
        }
        case 'dispute.accepted':
          await status('accepted');
          await outcome('accepted_at');
          break;
        case 'dispute.not_accepted':
          await status('not_accepted');
          await outcome('not_accepted_at');
          break;
        case 'dispute.resolved':
          await status('resolved');
          await outcome('resolved_at');
          break;
        case 'dispute.ended':
          await status('ended');
          break;
        case 'dispute.settled':
          await status('settled');
          // its representatives' contacts are purged a set time after 销号, counted from here
          // (cases/contact-purge.ts); after the row's status, which a contact kept concurrently waits on
          await db
            .updateTable('representative_contacts')
            .set({ settled_at: e.recordedAt })
            .where('case_id', '=', e.caseId)
            .execute();
          break;
        case 'dispute.assigned':
          await db
            .updateTable('disputes')
            .set({
              tier: ev.data.tier,
              unit: ev.data.unit,
              lead_position: ev.data.leadPosition,
              due_at: ev.data.dueAt ?? null,
            })
            .where('case_id', '=', e.caseId)
            .execute();
          break;
        case 'dispute.assessed':
          await db
            .updateTable('disputes')
            .set({
              risk: ev.data.risk,
              people: ev.data.facts.people ?? null,
              households: ev.data.facts.households ?? null,
              amount: ev.data.facts.amount ?? null,
            })
            .where('case_id', '=', e.caseId)
            .execute();
          break;
        case 'extension.approved':
          await db
            .updateTable('disputes')
            .set({ extension_days: sql<number>`extension_days + ${ev.data.days}` })
            .where('case_id', '=', e.caseId)
            .execute();
          break;
        case 'agreement.reached':
          for (const c of ev.data.clauses)
            await db
              .insertInto('commitments')
              .values({
                case_id: e.caseId,
                commitment_id: c.commitmentId,
                demand_id: null,
                agreement_id: ev.data.agreementId,
                text: `${c.text}（${c.method}）`,
                owner: c.owner,
                due_at: c.dueAt,
                made_at: at,
              })
              .execute();
          await openCommitments(ev.data.clauses.length);
          break;
        case 'commitment.made':
          await db
            .insertInto('commitments')
            .values({
              case_id: e.caseId,
              commitment_id: ev.data.commitmentId,
              demand_id: null,
              text: ev.data.text,
              owner: ev.data.owner,
              due_at: ev.data.dueAt,
              made_at: at,
            })
            .execute();
          await openCommitments(1);
          break;
        case 'commitment.fulfilled':
          await db
            .updateTable('commitments')
            .set({ fulfilled_at: at, evidence: ev.data.evidence })
            .where('case_id', '=', e.caseId)
            .where('commitment_id', '=', ev.data.commitmentId)
            .execute();
          await openCommitments(-1);
          break;
        case 'commitment.discharged':
          await db
            .updateTable('commitments')
            .set({ discharged_at: at, discharge_reason: ev.data.reason })
            .where('case_id', '=', e.caseId)
            .where('commitment_id', '=', ev.data.commitmentId)
            .execute();
          await openCommitments(-1);
          break;
        case 'duty.started':
        case 'duty.extended':
        case 'duty.warned':
        case 'duty.missed':
        case 'duty.met':
          await writeDutyRow(db, e, ev);
          break;
        default:
          break;
      }
      await touch();
    }
  },
};
