import { StateError, ValidationError } from '../../core/errors.ts';
import type { Actor } from '../../core/incident/incident.decider.ts';
import type { Scope } from '../incident/incident.queries.ts';
import type { WritePath } from '../write-path.ts';
import { commandDispute } from './dispute.handler.ts';
import { linksOf, visibleDispute } from './dispute.queries.ts';

/**
 * Carrying what an incident still owes into a dispute (obligations.carried): the dispute must be
 * one the caller sees, linked to the incident, and not settled — checked before the incident
 * records the carry. `into` then records the dispute's side: each commitment a commitment of the
 * dispute, due on the same date, and the demands as a note of progress — with ids derived from
 * the carry's, so a retry writes nothing twice.
 */
export async function checkCarry(
  deps: WritePath,
  scope: Scope,
  incidentId: string,
  data: Record<string, unknown>,
): Promise<void> {
  const disputeId = data.disputeId;
  if (typeof disputeId !== 'string') return; // the decider names the missing field
  const dispute = await visibleDispute(deps.store.db, scope, disputeId);
  if (!(await linksOf(deps.store.db, incidentId)).includes(disputeId))
    throw new ValidationError(
      `data.disputeId: dispute ${disputeId} is not linked to this incident; register it from the incident first`,
      [{ path: 'data.disputeId', message: 'not linked' }],
    );
  if (dispute.status === 'settled')
    throw new StateError('settled', `dispute ${disputeId} is settled (已销号): it takes on nothing more`);
}

export async function carryInto(
  deps: WritePath,
  incidentId: string,
  carryEventId: string,
  data: { disputeId: string; demandIds: string[]; commitmentIds: string[] },
  actor: Actor,
): Promise<void> {
  const db = deps.store.db;
  const id = (n: number) => deps.store.derivedId(`${carryEventId}:carry`, n);
  let n = 0;
  if (data.commitmentIds.length > 0) {
    const rows = await db
      .selectFrom('commitments')
      .select(['commitment_id', 'text', 'owner', 'due_at'])
      .where('case_id', '=', incidentId)
      .where('commitment_id', 'in', data.commitmentIds)
      .orderBy('commitment_id')
      .execute();
    for (const c of rows)
      await commandDispute(deps.disputes, data.disputeId, {
        id: id(n++),
        type: 'commitment.made',
        data: {
          commitmentId: `carried:${c.commitment_id}`.slice(0, 100),
          text: `（事件承诺转入）${c.text}`.slice(0, 1000),
          owner: c.owner,
          dueAt: c.due_at,
        },
        actor,
      });
  }
  if (data.demandIds.length > 0) {
    const rows = await db
      .selectFrom('demands')
      .select(['demand_id', 'text', 'people', 'department'])
      .where('case_id', '=', incidentId)
      .where('demand_id', 'in', data.demandIds)
      .orderBy('demand_id')
      .execute();
    await commandDispute(deps.disputes, data.disputeId, {
      id: id(n++),
      type: 'progress.noted',
      data: {
        text: `承接事件未答复的诉求：${rows.map((d) => `${d.text}（${d.people}人，${d.department}）`).join('；')}`.slice(
          0,
          4000,
        ),
      },
      actor,
    });
  }
}
