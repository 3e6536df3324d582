import { typed } from '../../core/incident/incident.events.ts';
import type { Projection } from '../projections/projection.ts';

/** Tasks per group, demands, commitments, statements and measures of each case, from its log. */
export const caseItemsProjection: Projection = {
  name: 'case-items',
  kind: 'incident',
  tables: ['tasks', 'demands', 'commitments', 'statements', 'measures'],
  async apply(db, events) {
    for (const e of events) {
      const t = typed(e);
      if (!t) continue;
      const c = e.caseId;
      switch (t.type) {
        case 'task.assigned':
          await db
            .insertInto('tasks')
            .values({
              case_id: c,
              task_id: t.data.taskId,
              title: t.data.title,
              grp: t.data.group ?? null,
              status: 'open',
              due_at: t.data.dueAt ?? null,
              assigned_at: e.occurredAt,
              result: null,
            })
            .onConflict((oc) =>
              oc.columns(['case_id', 'task_id']).doUpdateSet({
                title: t.data.title,
                grp: t.data.group ?? null,
                due_at: t.data.dueAt ?? null,
              }),
            )
            .execute();
          break;
        case 'task.acknowledged':
          await db
            .updateTable('tasks')
            .set({ status: 'acknowledged' })
            .where('case_id', '=', c)
            .where('task_id', '=', t.data.taskId)
            .where('status', '=', 'open')
            .execute();
          break;
        case 'task.completed':
          await db
            .updateTable('tasks')
            .set({ status: 'done', result: t.data.result })
            .where('case_id', '=', c)
            .where('task_id', '=', t.data.taskId)
            .execute();
          break;
        case 'demand.registered':
          await db
            .insertInto('demands')
            .values({
              case_id: c,
              demand_id: t.data.demandId,
              text: t.data.text,
              people: t.data.people,
              department: t.data.department,
              assessment: null,
              assessment_basis: null,
              answer: null,
              registered_at: e.occurredAt,
              answered_at: null,
            })
            .execute();
          break;
        case 'demand.assessed':
          await db
            .updateTable('demands')
            .set({ assessment: t.data.assessment, assessment_basis: t.data.basis })
            .where('case_id', '=', c)
            .where('demand_id', '=', t.data.demandId)
            .execute();
          break;
        case 'demand.answered':
          await db
            .updateTable('demands')
            .set({ answer: t.data.answer, answered_at: e.occurredAt })
            .where('case_id', '=', c)
            .where('demand_id', '=', t.data.demandId)
            .execute();
          break;
        case 'commitment.made':
          await db
            .insertInto('commitments')
            .values({
              case_id: c,
              commitment_id: t.data.commitmentId,
              demand_id: t.data.demandId ?? null,
              text: t.data.text,
              owner: t.data.owner,
              due_at: t.data.dueAt,
              made_at: e.occurredAt,
              fulfilled_at: null,
              evidence: null,
            })
            .execute();
          break;
        case 'obligations.carried':
          // owned by the dispute from now on: the incident's rows say where they went
          if (t.data.demandIds.length > 0)
            await db
              .updateTable('demands')
              .set({ answer: `转入矛盾纠纷办理（${t.data.disputeId}）`, answered_at: e.occurredAt })
              .where('case_id', '=', c)
              .where('demand_id', 'in', t.data.demandIds)
              .execute();
          if (t.data.commitmentIds.length > 0)
            await db
              .updateTable('commitments')
              .set({ discharged_at: e.occurredAt, discharge_reason: `转入矛盾纠纷 ${t.data.disputeId}` })
              .where('case_id', '=', c)
              .where('commitment_id', 'in', t.data.commitmentIds)
              .execute();
          break;
        case 'commitment.fulfilled':
          await db
            .updateTable('commitments')
            .set({ fulfilled_at: e.occurredAt, evidence: t.data.evidence })
            .where('case_id', '=', c)
            .where('commitment_id', '=', t.data.commitmentId)
            .execute();
          break;
        case 'statement.published':
          await db
            .insertInto('statements')
            .values({
              case_id: c,
              statement_id: t.data.statementId,
              channel: t.data.channel,
              text: t.data.text,
              published_at: e.occurredAt,
            })
            .execute();
          break;
        case 'measure.authorized':
          await db
            .insertInto('measures')
            .values({
              case_id: c,
              measure_id: t.data.measureId,
              kind: t.data.kind,
              legal_basis: t.data.legalBasis,
              authorized_by: t.data.authorizedBy,
              scope: t.data.scope,
              recording: t.data.recording ? 1 : 0,
              authorized_at: e.occurredAt,
              ended_at: null,
              outcome: null,
            })
            .execute();
          break;
        case 'measure.ended':
          await db
            .updateTable('measures')
            .set({ ended_at: e.occurredAt, outcome: t.data.outcome })
            .where('case_id', '=', c)
            .where('measure_id', '=', t.data.measureId)
            .execute();
          break;
        case 'incident.settled':
          // the representatives' reply channels outlive the closing (answers are still owed):
          // they are purged a set time after 销号, counted from here (cases/contact-purge.ts).
          // After the incident projection, which updates the incident's row first: a channel
          // kept concurrently either saw 'settled' and was refused, or committed before this
          await db
            .updateTable('reply_channels')
            .set({ settled_at: e.recordedAt })
            .where('case_id', '=', c)
            .execute();
          break;
      }
    }
  },
};
