import { readFileSync } from 'node:fs';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ForbiddenError, NotFoundError, RuleError, StateError, ValidationError } from '../errors.ts';
import { checkPlan } from '../plan/plan.check.ts';
import type { Plan } from '../plan/plan.schema.ts';
import { type Command, type Draft, decide, fold, type LoggedEvent, tick } from './incident.decider.ts';

/** A field of an event's data, whatever its type. */
const field = (e: { data: object }, k: string): unknown => (e.data as Record<string, unknown>)[k];

const plan = // version 2 (format 1): the decider's mechanics pinned to one version of the plan
  checkPlan(parse(readFileSync('plans/town-mass-incident@2.yaml', 'utf8'))).plan as Plan;
const T0 = Date.parse('2026-05-11T01:00:00Z');
const time = (min: number) => new Date(T0 + min * 60_000).toISOString();
const officer = { id: 'u-officer', role: 'officer' };
const commander = { id: 'u-commander', role: 'commander' };

const cmd = (type: string, data: Record<string, unknown>, min: number, actor = officer): Command => ({
  id: uuidv7(),
  type,
  data,
  actor,
  occurredAt: time(min),
});
const report: Command = cmd(
  'incident.reported',
  {
    title: '60名村民堵塞县道',
    location: { text: '县道X201' },
    startedAt: time(0),
    source: '村委会电话',
    facts: { participants: 60, blocking: ['road'] },
  },
  0,
);

/** given these commands, decided and appended in turn at their own times */
function given(...cmds: Command[]): LoggedEvent[] {
  const log: LoggedEvent[] = [];
  for (const c of cmds) {
    const drafts = decide(fold(log), c, plan, c.occurredAt ?? time(0));
    for (const d of drafts) log.push({ ...d, seq: log.length + 1 });
  }
  return log;
}
const types = (ds: Draft[]) =>
  ds.map((d) => (d.type.startsWith('duty.') ? `${d.type}:${field(d, 'dutyId')}` : d.type));

describe('incident decider', () => {
  it('records a report with the level the plan gives, the activation and the duties it starts', () => {
    const drafts = decide(fold([]), report, plan, time(0));
    // the checklists of 重大 and every level below become tasks in the record
    expect(drafts.filter((d) => d.type === 'task.assigned').map((d) => d.data.taskId)).toEqual(
      Object.values(plan.checklists).flatMap((items) => items.map((t) => t.id)),
    );
    expect(types(drafts).filter((t) => t !== 'task.assigned')).toEqual([
      'incident.reported',
      'incident.level.set',
      'plan.activated',
      'duty.started:report-county',
      'duty.started:principal-on-scene',
      'duty.started:convene-command-post',
      'duty.started:report-town',
    ]);
    expect(drafts[0]?.id).toBe(report.id);
    expect(drafts[1]).toMatchObject({ data: { level: 'major', basis: 'rule' }, actor: { role: 'system' } });
    expect(drafts.find((d) => field(d, 'dutyId') === 'report-town')?.data).toEqual({
      dutyId: 'report-town',
      dueAt: time(20),
      owner: 'village',
      // the plan's warnBefore: PT5M
      warnAt: time(15),
    });
    // a retried command derives the very same events, ids included
    expect(decide(fold([]), report, plan, time(0))).toEqual(drafts);
  });

  it('marks a duty met by the event that satisfies it', () => {
    const log = given(report);
    const d = decide(
      fold(log),
      cmd('sitrep.submitted', { to: { level: 'town' }, kind: 'initial', fields: { participants: 60 } }, 12),
      plan,
      time(12),
    );
    expect(types(d)).toEqual(['sitrep.submitted', 'duty.met:report-town']);
    expect(d[1]?.data).toMatchObject({ byEventId: d[0]?.id, lateSeconds: 0 });
  });

  it('orders what happened by instant whatever offset the times are written with', () => {
    // a report written in Beijing time: 09:15+08:00 is 01:15Z, within the 20 minutes
    const sitrep = {
      ...cmd('sitrep.submitted', { to: { level: 'town' }, kind: 'initial' }, 0),
      occurredAt: '2026-05-11T09:15:00+08:00',
    };
    const log = given(report, sitrep);
    expect(
      log.find((e) => e.type === 'duty.met' && field(e, 'dutyId') === 'report-town')?.data,
    ).toMatchObject({
      lateSeconds: 0,
    });
    // an entry at 01:25Z comes after it in time, though not in the text's order: the duty stays met
    const later = decide(fold(log), cmd('log.entry', { text: '群众陆续散去' }, 25), plan, time(25));
    expect(types(later)).toEqual(['log.entry']);
    expect(tick(fold(log), plan, time(30), 'c1').map((d) => field(d, 'dutyId'))).not.toContain('report-town');
  });

  it('warns once when the warning time of a duty still open comes, before it falls due', () => {
    const log = given(report);
    // report-town: due at 20, the plan warns 5 minutes before
    expect(types(tick(fold(log), plan, time(14), 'c1'))).not.toContain('duty.warned:report-town');
    const warned = tick(fold(log), plan, time(16), 'c1');
    expect(types(warned)).toContain('duty.warned:report-town');
    expect(warned.find((d) => field(d, 'dutyId') === 'report-town')).toMatchObject({
      type: 'duty.warned',
      occurredAt: time(15),
      actor: { role: 'system' },
      data: { dutyId: 'report-town', dueAt: time(20), owner: 'village' },
    });
    for (const d of warned) log.push({ ...d, seq: log.length + 1 });
    // recorded once: the next tick before it falls due brings nothing more for it
    expect(types(tick(fold(log), plan, time(18), 'c1'))).not.toContain('duty.warned:report-town');
    // a duty met before its warning time is never warned
    const met = given(report, cmd('sitrep.submitted', { to: { level: 'town' }, kind: 'initial' }, 10));
    expect(types(tick(fold(met), plan, time(16), 'c1'))).not.toContain('duty.warned:report-town');
    // a clock that first looks after the due time records the miss, not a warning
    const late = tick(fold(given(report)), plan, time(21), 'c1');
    expect(types(late)).toContain('duty.missed:report-town');
    expect(types(late)).not.toContain('duty.warned:report-town');
  });

  it('lets time miss a duty once, stamped with its due time, and a late report meet it late', () => {
    const log = given(report);
    // due at 20: not yet missed (its warning, due at 15, is all time brings by then)
    expect(types(tick(fold(log), plan, time(20), 'c1')).filter((t) => t.startsWith('duty.missed'))).toEqual(
      [],
    );
    const missed = tick(fold(log), plan, time(21), 'c1').filter((d) => d.type === 'duty.missed');
    expect(types(missed)).toEqual(['duty.missed:report-town']);
    expect(missed[0]).toMatchObject({
      occurredAt: time(20),
      data: { escalateTo: 'command-post', dueAt: time(20) },
    });
    for (const d of missed) log.push({ ...d, seq: log.length + 1 });
    expect(tick(fold(log), plan, time(22), 'c1').filter((d) => d.type === 'duty.missed')).toEqual([]);
    const late = decide(
      fold(log),
      cmd('sitrep.submitted', { to: { level: 'town' }, kind: 'initial' }, 25),
      plan,
      time(25),
    );
    expect(types(late)).toEqual(['sitrep.submitted', 'duty.met:report-town']);
    expect(late[1] && field(late[1], 'lateSeconds')).toBe(300);
  });

  it('records the miss and the late meeting together when no clock ran in between', () => {
    const log = given(report);
    const d = decide(
      fold(log),
      cmd('sitrep.submitted', { to: { level: 'town' }, kind: 'initial' }, 25),
      plan,
      time(25),
    );
    expect(types(d)).toEqual(['sitrep.submitted', 'duty.missed:report-town', 'duty.met:report-town']);
  });

  it('derives as of the field time, so a record entered late shows no premature misses', () => {
    // the report and the principal's arrival 12 minutes later are both entered two hours afterwards
    const log: LoggedEvent[] = [];
    for (const c of [report, cmd('arrival.recorded', { position: 'principal' }, 12)]) {
      for (const d of decide(fold(log), c, plan, time(120))) log.push({ ...d, seq: log.length + 1 });
    }
    expect(
      log.filter((e) => e.type === 'duty.missed' && field(e, 'dutyId') === 'principal-on-scene'),
    ).toEqual([]);
    expect(log.find((e) => e.type === 'duty.met')?.data).toMatchObject({
      dutyId: 'principal-on-scene',
      lateSeconds: 0,
    });
    // the clock then records what really was missed by now
    expect(tick(fold(log), plan, time(120), 'c1').map((d) => field(d, 'dutyId'))).toEqual(
      expect.arrayContaining(['report-town', 'report-county', 'convene-command-post']),
    );
  });

  it('judges a report by when it was entered: dated 12 minutes in, entered at 120, it is late and the miss stands', () => {
    const log: LoggedEvent[] = [];
    for (const d of decide(fold(log), report, plan, time(0))) log.push({ ...d, seq: log.length + 1 });
    const d = decide(
      fold(log),
      cmd('sitrep.submitted', { to: { level: 'town' }, kind: 'initial' }, 12),
      plan,
      time(120),
    );
    expect(types(d)).toEqual(['sitrep.submitted', 'duty.missed:report-town', 'duty.met:report-town']);
    expect(d[1]).toMatchObject({ occurredAt: time(20) });
    expect(d[2]).toMatchObject({ occurredAt: time(120), data: { lateSeconds: 100 * 60 } });
  });

  it('derives the same miss ids on two servers ticking the same state, whatever their clocks say', () => {
    const s = fold(given(report));
    const ids = (ds: Draft[]) => ds.map((d) => d.id);
    expect(ids(tick(s, plan, time(31), 'c1'))).toEqual(ids(tick(s, plan, time(31.5), 'c1')));
  });

  describe('rules', () => {
    const live = () => fold(given(report));
    const refuse = (c: Command, state = live()) => {
      try {
        decide(state, c, plan, time(60));
      } catch (e) {
        return e as Error & { status: number; code: string };
      }
      throw new Error('expected the command to be refused');
    };

    it('takes nothing on a case never reported, and no second report', () => {
      expect(refuse(cmd('log.entry', { text: 'x' }, 1), fold([]))).toBeInstanceOf(NotFoundError);
      expect(refuse({ ...report, id: uuidv7() })).toBeInstanceOf(StateError);
    });

    it('takes no more of the response on the scene on a closed case; corrections and the review yes', () => {
      const log = given(report, cmd('incident.closed', { summary: '已平息' }, 50));
      const closed = fold(log);
      const e = refuse(
        cmd('dialogue.held', { representatives: 3, with: '镇长', summary: '对话' }, 55),
        closed,
      );
      expect(e).toMatchObject({ status: 409, code: 'closed' });
      expect(e.message).toContain('what is still owed');
      expect(
        decide(
          closed,
          cmd('entry.corrected', { eventId: report.id, correction: '人数应为58人', reason: '核对' }, 55),
          plan,
          time(60),
        )[0]?.type,
      ).toBe('entry.corrected');
      expect(decide(closed, cmd('review.submitted', { text: '总结' }, 56), plan, time(60))[0]?.type).toBe(
        'review.submitted',
      );
      expect(refuse(cmd('review.submitted', { text: '总结' }, 30))).toMatchObject({ code: 'not_closed' });
    });

    it('lets only a commander set the level, with a reason, to a level of the plan', () => {
      expect(
        refuse(cmd('incident.level.set', { level: 'larger', basis: 'commander', reason: '事态缓和' }, 5)),
      ).toBeInstanceOf(ForbiddenError);
      expect(
        refuse(cmd('incident.level.set', { level: 'larger', basis: 'commander' }, 5, commander)).message,
      ).toContain('data.reason');
      expect(
        refuse(cmd('incident.level.set', { level: 'huge', basis: 'commander', reason: 'x' }, 5, commander))
          .message,
      ).toContain('"huge" is no level');
      expect(
        refuse(cmd('incident.level.set', { basis: 'rule', reason: '撤销' }, 5, commander)),
      ).toMatchObject({ code: 'no_override' });
      const d = decide(
        live(),
        cmd(
          'incident.level.set',
          { level: 'larger', basis: 'commander', reason: '人群已散去大半' },
          5,
          commander,
        ),
        plan,
        time(5),
      );
      expect(d.map((x) => [x.type, field(x, 'level'), field(x, 'basis')])).toContainEqual([
        'incident.level.set',
        'larger',
        'commander',
      ]);
    });

    it('requires a legal basis and a commander for a measure', () => {
      const measure = {
        measureId: 'm1',
        kind: '交通管制',
        authorizedBy: '县公安局指挥长',
        scope: '县道X201两端',
        recording: true,
      };
      expect(refuse(cmd('measure.authorized', measure, 5, commander)).message).toContain('data.legalBasis');
      expect(
        refuse(cmd('measure.authorized', { ...measure, legalBasis: '《道路交通安全法》第三十九条' }, 5)),
      ).toBeInstanceOf(ForbiddenError);
      expect(
        decide(
          live(),
          cmd('measure.authorized', { ...measure, legalBasis: '《道路交通安全法》第三十九条' }, 5, commander),
          plan,
          time(5),
        )[0]?.type,
      ).toBe('measure.authorized');
    });

    it('refuses a dialogue with more than five representatives, quoting the rule', () => {
      const e = refuse(cmd('dialogue.held', { representatives: 6, with: '镇长', summary: '对话' }, 5));
      expect(e).toBeInstanceOf(RuleError);
      expect(e.message).toContain('代表人数不超过5人');
      expect(
        decide(
          live(),
          cmd('dialogue.held', { representatives: 5, with: '镇长', summary: '对话' }, 5),
          plan,
          time(5),
        ),
      ).toHaveLength(1);
    });

    it('refuses corrections, answers and fulfilments of what does not exist', () => {
      expect(
        refuse(cmd('entry.corrected', { eventId: uuidv7(), correction: 'x', reason: 'y' }, 5)),
      ).toBeInstanceOf(NotFoundError);
      expect(refuse(cmd('demand.answered', { demandId: 'd9', answer: 'x' }, 5))).toBeInstanceOf(
        NotFoundError,
      );
      expect(refuse(cmd('commitment.fulfilled', { commitmentId: 'c9', evidence: 'x' }, 5))).toBeInstanceOf(
        NotFoundError,
      );
      const log = given(
        report,
        cmd(
          'demand.registered',
          { demandId: 'd1', text: '发放征地补偿款', people: 60, department: '镇财政所' },
          5,
        ),
      );
      expect(
        refuse(
          cmd('demand.registered', { demandId: 'd1', text: 'again', people: 1, department: 'x' }, 6),
          fold(log),
        ),
      ).toMatchObject({ code: 'duplicate' });
    });

    it('refuses fields the contract does not have — a demand records no names', () => {
      const e = refuse(
        cmd(
          'demand.registered',
          { demandId: 'd1', text: '补偿款', people: 60, department: '财政所', names: ['张三'] },
          5,
        ),
      );
      expect(e).toBeInstanceOf(ValidationError);
      expect(e.message).toContain('names');
    });

    it('refuses derived types, unknown types and times in the future', () => {
      expect(
        refuse(cmd('duty.met', { dutyId: 'report-town', byEventId: 'x', lateSeconds: 0 }, 5)).message,
      ).toContain('derived');
      expect(refuse(cmd('incident.teleported', {}, 5)).message).toContain('not an incident event type');
      expect(refuse(cmd('log.entry', { text: '未来' }, 90)).message).toContain(
        'occurredAt: is in the future',
      );
    });

    it('takes field times up to 30 days before the report, and a report up to 30 days back', () => {
      const day = 24 * 60;
      const log = given(report);
      const at = (min: number, type = 'log.entry', data: Record<string, unknown> = { text: '补录' }) =>
        decide(fold(log), cmd(type, data, min), plan, time(60));
      expect(at(-30 * day)[0]?.type).toBe('log.entry'); // a late entry, 补录, within the window
      const e = (() => {
        try {
          at(-30 * day - 1);
        } catch (x) {
          return x as ValidationError;
        }
      })();
      expect(e).toBeInstanceOf(ValidationError);
      expect(e?.message).toContain('occurredAt: is more than 30 days before the incident was reported');
      expect(e?.issues[0]?.path).toBe('occurredAt');
      // the year 0000 is nobody's field time
      const ancient = { ...cmd('log.entry', { text: '公元零年' }, 0), occurredAt: '0000-01-01T00:00:00Z' };
      expect(() => decide(fold(log), ancient, plan, time(60))).toThrow(/more than 30 days/);
      // a report itself: up to 30 days before it is recorded
      const late = { ...report, id: uuidv7(), occurredAt: time(-31 * day) };
      expect(() => decide(fold([]), late, plan, time(0))).toThrow(/more than 30 days before it is recorded/);
      expect(decide(fold([]), { ...late, occurredAt: time(-29 * day) }, plan, time(0))[0]?.type).toBe(
        'incident.reported',
      );
    });
  });
});
