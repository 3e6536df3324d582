import type { Projection } from '../projections/projection.ts';

/** Tasks per group, demands, commitments, statements and measures of each case, from its log. */
export const caseItemsProjection: Projection = {
  name: 'case-items',
  tables: ['tasks', 'demands', 'commitments', 'statements', 'measures'],
  async apply(db, events) {
    for (const e of events) {
      const d = e.data as Record<string, unknown>;
      const str = (k: string) => String(d[k]);
      const opt = (k: string) => (d[k] === undefined ? null : String(d[k]));
      const c = e.caseId;
      switch (e.type) {
        case 'task.assigned':
          await db
            .insertInto('tasks')
            .values({
              case_id: c,
              task_id: str('taskId'),
              title: str('title'),
              grp: opt('group'),
              status: 'open',
              due_at: opt('dueAt'),
              assigned_at: e.occurredAt,
              result: null,
            })
            .onConflict((oc) =>
              oc
                .columns(['case_id', 'task_id'])
                .doUpdateSet({ title: str('title'), grp: opt('group'), due_at: opt('dueAt') }),
            )
            .execute();
          break;
        case 'task.acknowledged':
          await db
            .updateTable('tasks')
            .set({ status: 'acknowledged' })
            .where('case_id', '=', c)
            .where('task_id', '=', str('taskId'))
            .where('status', '=', 'open')
            .execute();
          break;
        case 'task.completed':
          await db
            .updateTable('tasks')
            .set({ status: 'done', result: str('result') })
            .where('case_id', '=', c)
            .where('task_id', '=', str('taskId'))
            .execute();
          break;
        case 'demand.registered':
          await db
            .insertInto('demands')
            .values({
              case_id: c,
              demand_id: str('demandId'),
              text: str('text'),
              people: Number(d.people),
              department: str('department'),
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
            .set({ assessment: str('assessment'), assessment_basis: str('basis') })
            .where('case_id', '=', c)
            .where('demand_id', '=', str('demandId'))
            .execute();
          break;
        case 'demand.answered':
          await db
            .updateTable('demands')
            .set({ answer: str('answer'), answered_at: e.occurredAt })
            .where('case_id', '=', c)
            .where('demand_id', '=', str('demandId'))
            .execute();
          break;
        case 'commitment.made':
          await db
            .insertInto('commitments')
            .values({
              case_id: c,
              commitment_id: str('commitmentId'),
              demand_id: opt('demandId'),
              text: str('text'),
              owner: str('owner'),
              due_at: str('dueAt'),
              made_at: e.occurredAt,
              fulfilled_at: null,
              evidence: null,
            })
            .execute();
          break;
        case 'commitment.fulfilled':
          await db
            .updateTable('commitments')
            .set({ fulfilled_at: e.occurredAt, evidence: str('evidence') })
            .where('case_id', '=', c)
            .where('commitment_id', '=', str('commitmentId'))
            .execute();
          break;
        case 'statement.published':
          await db
            .insertInto('statements')
            .values({
              case_id: c,
              statement_id: str('statementId'),
              channel: str('channel'),
              text: str('text'),
              published_at: e.occurredAt,
            })
            .execute();
          break;
        case 'measure.authorized':
          await db
            .insertInto('measures')
            .values({
              case_id: c,
              measure_id: str('measureId'),
              kind: str('kind'),
              legal_basis: str('legalBasis'),
              authorized_by: str('authorizedBy'),
              scope: str('scope'),
              recording: d.recording ? 1 : 0,
              authorized_at: e.occurredAt,
              ended_at: null,
              outcome: null,
            })
            .execute();
          break;
        case 'measure.ended':
          await db
            .updateTable('measures')
            .set({ ended_at: e.occurredAt, outcome: str('outcome') })
            .where('case_id', '=', c)
            .where('measure_id', '=', str('measureId'))
            .execute();
          break;
        case 'incident.closed':
          // the representatives' reply channels are kept only while the incident is open
          await db.deleteFrom('reply_channels').where('case_id', '=', c).execute();
          break;
      }
    }
  },
};
