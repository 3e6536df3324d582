import { readFileSync } from 'node:fs';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { deciderSpec } from '../../../test/support/decider.spec.ts';
import { ForbiddenError, NotFoundError, RuleError, StateError, ValidationError } from '../errors.ts';
import { checkPlan } from '../plan/plan.check.ts';
import type { Plan } from '../plan/plan.schema.ts';
import {
  type Command,
  type Draft,
  decide,
  evolve,
  initialState,
  type LoggedEvent,
} from './incident.decider.ts';

/** Every rule the incident decider holds a command to, as given / when / then. */
const plan = // version 2 (format 1): the decider's mechanics pinned to one version of the plan
  checkPlan(parse(readFileSync('plans/town-mass-incident@2.yaml', 'utf8'))).plan as Plan;
const T0 = Date.parse('2026-05-11T01:00:00Z');
const time = (min: number) => new Date(T0 + min * 60_000).toISOString();
const NOW = time(60);
const officer = { id: 'u-officer', role: 'officer' };
const commander = { id: 'u-commander', role: 'commander' };
const cmd = (type: string, data: Record<string, unknown>, min = 10, actor = officer): Command => ({
  id: uuidv7(),
  type,
  data,
  actor,
  occurredAt: time(min),
});
const report = cmd(
  'incident.reported',
  {
    title: '聚集',
    location: { text: '镇政府' },
    startedAt: time(0),
    source: '电话',
    facts: { participants: 60 },
  },
  0,
);
const demand = cmd(
  'demand.registered',
  { demandId: 'd1', text: '发放补偿款', people: 60, department: '财政所' },
  5,
);
const commitment = cmd(
  'commitment.made',
  { commitmentId: 'c1', demandId: 'd1', text: '7日内发放', owner: '财政所', dueAt: time(7 * 1440) },
  6,
);
const measure = cmd(
  'measure.authorized',
  {
    measureId: 'm1',
    kind: '交通管制',
    legalBasis: '《道路交通安全法》第三十九条',
    authorizedBy: '指挥长',
    scope: '县道两端',
    recording: true,
  },
  7,
  commander,
);
const closed = cmd('incident.closed', { summary: '已平息' }, 50);

/** the log these commands make, each decided on what the ones before it recorded */
function log(...cmds: Command[]): LoggedEvent[] {
  const out: LoggedEvent[] = [];
  for (const c of cmds) {
    const state = out.reduce(evolve, initialState());
    for (const d of decide(state, c, plan, c.occurredAt ?? NOW)) out.push({ ...d, seq: out.length + 1 });
  }
  return out;
}

const spec = deciderSpec<ReturnType<typeof initialState>, Command, LoggedEvent | Draft>({
  initialState,
  evolve: (s, e) => evolve(s, { seq: 0, ...e }),
  decide: (s, c) => decide(s, c, plan, NOW),
});
const own = (type: string) => (recorded: Draft[] | LoggedEvent[]) => {
  if (recorded[0]?.type !== type) throw new Error(`recorded ${recorded[0]?.type ?? 'nothing'}, not ${type}`);
};

describe('incident decider: given / when / then', () => {
  describe('what any command must be', () => {
    it('an event type of the catalogue', () =>
      spec
        .given(log(report))
        .when(cmd('incident.exploded', {}))
        .thenThrows(ValidationError, /not an incident event type/));
    it('not one Huajie derives', () =>
      spec
        .given(log(report))
        .when(cmd('duty.met', { dutyId: 'x', byEventId: 'y', lateSeconds: 0 }))
        .thenThrows(ValidationError, /derived by Huajie/));
    it('data of its schema', () =>
      spec
        .given(log(report))
        .when(cmd('log.entry', { words: 'x' }))
        .thenThrows(ValidationError, /data/));
    it('not in the future', () =>
      spec
        .given(log(report))
        .when(cmd('log.entry', { text: 'x' }, 70))
        .thenThrows(ValidationError, /future/));
    it('not more than 30 days before the report', () =>
      spec
        .given(log(report))
        .when(cmd('log.entry', { text: 'x' }, -31 * 1440))
        .thenThrows(ValidationError, /more than 30 days/));
    it('a retry of a recorded command records nothing', () =>
      spec.given(log(report, demand)).when(demand).thenRecords([]));
  });

  describe('the case', () => {
    it('is reported before anything else', () =>
      spec
        .given([])
        .when(cmd('log.entry', { text: 'x' }))
        .thenThrows(NotFoundError, /report it first/));
    it('is reported once', () =>
      spec
        .given(log(report))
        .when({ ...report, id: uuidv7() })
        .thenThrows(StateError, { code: 'already_reported' }));
    it('once closed takes a correction', () =>
      spec
        .given(log(report, closed))
        .when(cmd('entry.corrected', { eventId: report.id, correction: '人数应为58人', reason: '核对' }, 55))
        .thenRecords(own('entry.corrected')));
    it('once closed takes the review', () =>
      spec
        .given(log(report, closed))
        .when(cmd('review.submitted', { text: '总结' }, 55))
        .thenRecords(own('review.submitted')));
    it('once closed takes nothing more of the response on the scene', () =>
      spec
        .given(log(report, closed))
        .when(cmd('dialogue.held', { representatives: 5, with: '镇长', summary: '对话' }, 55))
        .thenThrows(StateError, { code: 'closed' }));
    it('once closed still takes what is owed: a commitment kept, a demand answered, a note', () => {
      spec
        .given(log(report, demand, commitment, closed))
        .when(cmd('commitment.fulfilled', { commitmentId: 'c1', evidence: '发放凭证' }, 55))
        .thenRecords((r) => expect(r.map((e) => e.type)).toEqual(['commitment.fulfilled', 'duty.met']));
      spec
        .given(log(report, demand, closed))
        .when(cmd('demand.answered', { demandId: 'd1', answer: '书面答复已送达' }, 55))
        .thenRecords((r) => expect(r[0]?.type).toBe('demand.answered'));
      spec
        .given(log(report, closed))
        .when(cmd('log.entry', { text: '回访' }, 55))
        .thenRecords((r) => expect(r[0]?.type).toBe('log.entry'));
    });
    it('is settled (销号) once closed and nothing is owed, and then takes only corrections and the review', () => {
      spec
        .given(log(report, demand, commitment))
        .when(cmd('incident.settled', {}, 55))
        .thenThrows(StateError, { code: 'not_closed' });
      spec
        .given(log(report, demand, commitment, closed))
        .when(cmd('incident.settled', {}, 55))
        .thenThrows(RuleError, { code: 'still_owed', message: expect.stringContaining('d1') });
      const answered = cmd('demand.answered', { demandId: 'd1', answer: '已答复' }, 52);
      const kept = cmd('commitment.fulfilled', { commitmentId: 'c1', evidence: '凭证' }, 53);
      spec
        .given(log(report, demand, commitment, closed, answered, kept))
        .when(cmd('incident.settled', { note: '诉求已办结' }, 55))
        .thenRecords((r) => expect(r[0]?.type).toBe('incident.settled'));
      spec
        .given(log(report, closed, cmd('incident.settled', {}, 52)))
        .when(cmd('log.entry', { text: 'x' }, 55))
        .thenThrows(StateError, { code: 'settled' });
    });
    it('is reviewed only once closed', () =>
      spec
        .given(log(report))
        .when(cmd('review.submitted', { text: '总结' }))
        .thenThrows(StateError, { code: 'not_closed' }));
  });

  describe('the level', () => {
    const set = (data: Record<string, unknown>, actor = commander) =>
      cmd('incident.level.set', data, 10, actor);
    it('is set by a commander only', () =>
      spec
        .given(log(report))
        .when(set({ level: 'larger', basis: 'commander', reason: 'x' }, officer))
        .thenThrows(ForbiddenError));
    it('with a reason', () =>
      spec
        .given(log(report))
        .when(set({ level: 'larger', basis: 'commander' }))
        .thenThrows(ValidationError, /data.reason/));
    it('to a level of the plan', () =>
      spec
        .given(log(report))
        .when(set({ level: 'huge', basis: 'commander', reason: 'x' }))
        .thenThrows(ValidationError, /no level/));
    it('is given back to the rules only when a commander set it', () =>
      spec
        .given(log(report))
        .when(set({ basis: 'rule', reason: 'x' }))
        .thenThrows(StateError, { code: 'no_override' }));
    it('set by a commander is recorded with what it derives', () =>
      spec
        .given(log(report))
        .when(set({ level: 'larger', basis: 'commander', reason: '人群散去大半' }))
        .thenRecords((r) => {
          const levels = r
            .filter((e) => e.type === 'incident.level.set')
            .map((e) => [e.data.level, e.data.basis]);
          if (JSON.stringify(levels.at(-1)) !== JSON.stringify(['larger', 'commander']))
            throw new Error(JSON.stringify(levels));
        }));
  });

  describe('measures (慎用强制措施)', () => {
    it('are authorised by a commander', () =>
      spec
        .given(log(report))
        .when({ ...measure, actor: officer })
        .thenThrows(ForbiddenError));
    it('with a legal basis', () =>
      spec
        .given(log(report))
        .when({ ...measure, data: { ...(measure.data as object), legalBasis: undefined } })
        .thenThrows(ValidationError, /legalBasis/));
    it('once each', () =>
      spec
        .given(log(report, measure))
        .when({ ...measure, id: uuidv7() })
        .thenThrows(StateError, { code: 'duplicate' }));
    it('end only when authorised', () =>
      spec
        .given(log(report))
        .when(cmd('measure.ended', { measureId: 'm1', outcome: '解除' }))
        .thenThrows(NotFoundError));
    it('end once', () =>
      spec
        .given(log(report, measure, cmd('measure.ended', { measureId: 'm1', outcome: '解除' }, 8)))
        .when(cmd('measure.ended', { measureId: 'm1', outcome: '再次解除' }))
        .thenThrows(StateError, { code: 'already_ended' }));
  });

  describe('dialogue, demands, commitments, statements', () => {
    it('a dialogue is held with at most five representatives (信访工作条例)', () =>
      spec
        .given(log(report))
        .when(cmd('dialogue.held', { representatives: 6, with: '镇长', summary: '对话' }))
        .thenThrows(RuleError, /代表人数不超过5人/));
    it('five are heard', () =>
      spec
        .given(log(report))
        .when(cmd('dialogue.held', { representatives: 5, with: '镇长', summary: '对话' }))
        .thenRecords(own('dialogue.held')));
    it('a demand is registered once', () =>
      spec
        .given(log(report, demand))
        .when({ ...demand, id: uuidv7() })
        .thenThrows(StateError, { code: 'duplicate' }));
    it('a demand records no names', () =>
      spec
        .given(log(report))
        .when(
          cmd('demand.registered', {
            demandId: 'd2',
            text: 'x',
            people: 1,
            department: 'y',
            names: ['张三'],
          }),
        )
        .thenThrows(ValidationError, /names/));
    it('only a registered demand is assessed', () =>
      spec
        .given(log(report))
        .when(cmd('demand.assessed', { demandId: 'd9', assessment: 'reasonable', basis: 'x' }))
        .thenThrows(NotFoundError));
    it('only a registered demand is answered', () =>
      spec
        .given(log(report))
        .when(cmd('demand.answered', { demandId: 'd9', answer: 'x' }))
        .thenThrows(NotFoundError));
    it('a commitment answers a registered demand', () =>
      spec
        .given(log(report))
        .when(commitment)
        .thenThrows(NotFoundError, /no demand d1/));
    it('a commitment is made once', () =>
      spec
        .given(log(report, demand, commitment))
        .when({ ...commitment, id: uuidv7() })
        .thenThrows(StateError, { code: 'duplicate' }));
    it('a commitment is not due before it is made: a slip of the year is refused by its field', () =>
      spec
        .given(log(report, demand))
        .when({ ...commitment, data: { ...(commitment.data as object), dueAt: '2020-01-01T15:59:59.000Z' } })
        .thenThrows(ValidationError, /data\.dueAt: 履行期限早于作出承诺的时间/));
    it('only a commitment made is fulfilled', () =>
      spec
        .given(log(report))
        .when(cmd('commitment.fulfilled', { commitmentId: 'c1', evidence: 'x' }))
        .thenThrows(NotFoundError));
    it('a commitment is fulfilled once', () =>
      spec
        .given(
          log(
            report,
            demand,
            commitment,
            cmd('commitment.fulfilled', { commitmentId: 'c1', evidence: '已发放' }, 8),
          ),
        )
        .when(cmd('commitment.fulfilled', { commitmentId: 'c1', evidence: '再次' }))
        .thenThrows(StateError, { code: 'already_fulfilled' }));
    it('a statement is published once', () => {
      const s = cmd('statement.published', { statementId: 's1', channel: '公众号', text: '通报' }, 8);
      spec
        .given(log(report, s))
        .when({ ...s, id: uuidv7() })
        .thenThrows(StateError, { code: 'duplicate' });
    });
  });

  describe('tasks and corrections', () => {
    it('a task acknowledged is one of the case or its plan', () =>
      spec
        .given(log(report))
        .when(cmd('task.acknowledged', { taskId: 'no-such-task' }))
        .thenThrows(NotFoundError));
    it('a task of the plan is completed', () =>
      spec
        .given(log(report))
        .when(cmd('task.completed', { taskId: 'convene-command-post', result: '已成立' }))
        .thenRecords(own('task.completed')));
    it('a correction corrects an entry of this case', () =>
      spec
        .given(log(report))
        .when(cmd('entry.corrected', { eventId: uuidv7(), correction: 'x', reason: 'y' }))
        .thenThrows(NotFoundError));
  });
});
