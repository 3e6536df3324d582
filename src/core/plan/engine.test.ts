import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CaseEvent, deriveCase, judgedBy } from './engine.ts';
import { planJsonSchema } from './plan.jsonschema.ts';
import { type Duty, PlanSchema } from './plan.schema.ts';

const plan = PlanSchema.parse({
  id: 'unit-test',
  title: '测试',
  jurisdiction: { level: 'town', name: '测试镇' },
  version: 3,
  effective: '2026-01-01',
  source: 'test',
  levels: [
    { id: 'general', name: '一般', colour: '#1677ff', rule: { fact: 'participants', gte: 10 } },
    { id: 'major', name: '重大', colour: '#f5222d', rule: { fact: 'participants', gte: 50 } },
  ],
  organisation: { office: { id: 'office', name: '办公室' } },
  duties: [
    {
      id: 'report',
      title: '20分钟内报告',
      owner: 'village',
      start: { on: 'incident.reported' },
      within: 'PT20M',
      warnBefore: 'PT5M',
      satisfiedBy: { on: 'sitrep.submitted', when: { data: 'to.level', eq: 'town' } },
      escalateTo: 'office',
    },
    {
      id: 'county',
      title: '重大事件1小时内报县',
      owner: 'office',
      start: { on: 'incident.level.set', when: { data: 'level', eq: 'major' } },
      within: 'PT1H',
      satisfiedBy: { on: 'sitrep.submitted', when: { data: 'to.level', eq: 'county' } },
      escalateTo: 'county',
    },
    {
      id: 'statement',
      title: '事件发生后2小时内首次发布',
      owner: 'office',
      start: { on: 'incident.reported', from: 'data.startedAt' },
      within: 'PT2H',
      satisfiedBy: { on: 'statement.published' },
      escalateTo: 'county',
    },
    {
      id: 'only-general',
      title: '一般事件包村干部到场',
      owner: 'office',
      start: { on: 'incident.reported' },
      levels: ['general'],
      within: 'PT30M',
      satisfiedBy: { on: 'arrival.recorded' },
      escalateTo: 'office',
    },
  ],
  aftermath: [{ id: 'answer-demands', title: '限期答复诉求', within: 'P30D' }],
  checklists: {
    general: [{ id: 'register', title: '登记诉求' }],
    major: [{ id: 'convene', title: '召开会议', within: 'PT1H' }],
  },
});

const T0 = Date.parse('2026-05-11T01:00:00Z');
let n = 0;
const at = (min: number, type: string, data: Record<string, unknown> = {}): CaseEvent => ({
  id: `e${++n}`,
  type,
  data,
  occurredAt: new Date(T0 + min * 60_000).toISOString(),
});
const time = (min: number) => new Date(T0 + min * 60_000).toISOString();

describe('plan engine', () => {
  it('starts a duty on its trigger with due and warning times', () => {
    const v = deriveCase(plan, [at(0, 'incident.reported', { facts: { participants: 12 } })], time(5));
    expect(v.level).toMatchObject({ id: 'general', basis: 'rule', since: time(0) });
    expect(v.duties.find((d) => d.id === 'report')).toMatchObject({
      status: 'open',
      startedAt: time(0),
      dueAt: time(20),
      warnAt: time(15),
    });
    expect(v.escalations).toEqual([]);
  });

  it('counts a duty met late as met, late by its seconds, escalated once at its due time', () => {
    const v = deriveCase(
      plan,
      [
        at(0, 'incident.reported', { facts: { participants: 12 } }),
        at(25, 'sitrep.submitted', { to: { level: 'town' } }),
      ],
      time(60),
    );
    expect(v.duties.find((d) => d.id === 'report')).toMatchObject({
      status: 'met',
      lateSeconds: 300,
      metAt: time(25),
    });
    expect(v.escalations.filter((e) => e.dutyId === 'report')).toEqual([
      { dutyId: 'report', to: 'office', at: time(20) },
    ]);
    expect(v.findings.map((f) => f.kind)).toContain('duty_late');
  });

  it('counts a duty met at exactly its due time as on time, and missed only once past it', () => {
    const reported = at(0, 'incident.reported', { facts: { participants: 12 } });
    const onTheDot = deriveCase(
      plan,
      [reported, at(20, 'sitrep.submitted', { to: { level: 'town' } })],
      time(60),
    );
    expect(onTheDot.duties.find((d) => d.id === 'report')).toMatchObject({ status: 'met', lateSeconds: 0 });
    expect(onTheDot.escalations.filter((e) => e.dutyId === 'report')).toEqual([]);
    expect(deriveCase(plan, [reported], time(20)).duties.find((d) => d.id === 'report')?.status).toBe('open');
    expect(deriveCase(plan, [reported], time(20.01)).duties.find((d) => d.id === 'report')?.status).toBe(
      'missed',
    );
  });

  it('is not satisfied by an event that does not match the condition', () => {
    const v = deriveCase(
      plan,
      [
        at(0, 'incident.reported', { facts: { participants: 12 } }),
        at(5, 'sitrep.submitted', { to: { level: 'county' } }),
      ],
      time(30),
    );
    expect(v.duties.find((d) => d.id === 'report')?.status).toBe('missed');
  });

  it('re-classifies as facts change, starting the duties and tasks of the new level', () => {
    const v = deriveCase(
      plan,
      [
        at(0, 'incident.reported', { facts: { participants: 12 } }),
        at(40, 'incident.facts.updated', { facts: { participants: 55 } }),
      ],
      time(60),
    );
    expect(v.levelHistory.map((l) => l.id)).toEqual(['general', 'major']);
    expect(v.duties.find((d) => d.id === 'county')).toMatchObject({
      startedAt: time(40),
      dueAt: time(100),
      status: 'open',
    });
    expect(v.tasks.map((t) => [t.id, t.level, t.createdAt])).toEqual([
      ['register', 'general', time(0)],
      ['convene', 'major', time(40)],
    ]);
    expect(v.tasks.find((t) => t.id === 'convene')?.dueAt).toBe(time(100));
  });

  it('starts a levels-limited duty only at those levels', () => {
    const big = deriveCase(plan, [at(0, 'incident.reported', { facts: { participants: 80 } })], time(1));
    expect(big.duties.map((d) => d.id)).not.toContain('only-general');
    const small = deriveCase(plan, [at(0, 'incident.reported', { facts: { participants: 11 } })], time(1));
    expect(small.duties.map((d) => d.id)).toContain('only-general');
  });

  it('holds a commander override against the rules until the commander lifts it', () => {
    const events = [
      at(0, 'incident.reported', { facts: { participants: 12 } }),
      at(10, 'incident.level.set', { level: 'major', basis: 'commander', reason: '可能扩大' }),
      at(20, 'incident.facts.updated', { facts: { participants: 15 } }),
    ];
    const held = deriveCase(plan, events, time(30));
    expect(held.level).toMatchObject({
      id: 'major',
      basis: 'commander',
      reason: '可能扩大',
      since: time(10),
    });
    expect(held.duties.find((d) => d.id === 'county')?.startedAt).toBe(time(10));
    const lifted = deriveCase(
      plan,
      [...events, at(25, 'incident.level.set', { basis: 'rule', reason: '事态平稳' })],
      time(30),
    );
    expect(lifted.level).toMatchObject({ id: 'general', basis: 'rule', since: time(25) });
  });

  it('follows task acknowledgement and completion', () => {
    const v = deriveCase(
      plan,
      [
        at(0, 'incident.reported', { facts: { participants: 60 } }),
        at(5, 'task.acknowledged', { taskId: 'register' }),
        at(9, 'task.completed', { taskId: 'convene', result: '已召开' }),
        at(10, 'task.acknowledged', { taskId: 'convene' }),
      ],
      time(30),
    );
    expect(Object.fromEntries(v.tasks.map((t) => [t.id, t.status]))).toEqual({
      register: 'acknowledged',
      convene: 'done',
    });
  });

  it('starts a clock at the instant its `from` names, or at the event when that is missing', () => {
    const reported = at(30, 'incident.reported', { facts: { participants: 12 }, startedAt: time(0) });
    const v = deriveCase(plan, [reported], time(60));
    expect(v.duties.find((d) => d.id === 'statement')).toMatchObject({
      startedAt: time(0),
      dueAt: time(120),
    });
    const noStart = deriveCase(
      plan,
      [at(30, 'incident.reported', { facts: { participants: 12 } })],
      time(60),
    );
    expect(noStart.duties.find((d) => d.id === 'statement')?.startedAt).toBe(time(30));
  });

  it('turns the aftermath steps into tasks once the incident is stabilized', () => {
    const events = [at(0, 'incident.reported', { facts: { participants: 12 } })];
    expect(deriveCase(plan, events, time(10)).tasks.map((t) => t.id)).not.toContain('answer-demands');
    const v = deriveCase(
      plan,
      [...events, at(90, 'incident.stabilized', { note: '秩序恢复' }), at(95, 'incident.closed', {})],
      time(100),
    );
    expect(v.tasks.filter((t) => t.id === 'answer-demands')).toEqual([
      {
        id: 'answer-demands',
        title: '限期答复诉求',
        group: undefined,
        level: 'aftermath',
        createdAt: time(90),
        dueAt: time(90 + 30 * 24 * 60),
        status: 'open',
      },
    ]);
  });

  it('has no level for facts below every rule', () => {
    expect(
      deriveCase(plan, [at(0, 'incident.reported', { facts: { participants: 3 } })], time(1)).level,
    ).toBeNull();
  });
});

describe('plans/plan.schema.json', () => {
  it('is what the zod schema generates (run `npm run plan:schema` after changing it)', () => {
    const committed = JSON.parse(readFileSync('plans/plan.schema.json', 'utf8'));
    expect(committed).toEqual(planJsonSchema());
  });
});

describe('a clock counted from when the incident started', () => {
  it('counts from the start the report gives, and never from after the report itself', () => {
    const started = deriveCase(
      plan,
      [at(0, 'incident.reported', { facts: { participants: 12 }, startedAt: time(-30) })],
      time(1),
    );
    expect(started.duties.find((d) => d.id === 'statement')).toMatchObject({
      startedAt: time(-30),
      dueAt: time(90),
    });
    // a start a few seconds after the report (a device clock ahead) counts from the report: the
    // statement published right after still meets it
    const ahead = deriveCase(
      plan,
      [
        at(0, 'incident.reported', {
          facts: { participants: 12 },
          startedAt: new Date(T0 + 5000).toISOString(),
        }),
        at(1, 'statement.published', { statementId: 's1', channel: '公众号', text: '情况通报' }),
      ],
      time(2),
    );
    expect(ahead.duties.find((d) => d.id === 'statement')).toMatchObject({
      startedAt: time(0),
      status: 'met',
    });
  });
});

describe('findings', () => {
  it('give a missed duty its due time in Beijing time, as the review is read', () => {
    const v = deriveCase(plan, [at(0, 'incident.reported', { facts: { participants: 12 } })], time(600));
    const finding = v.findings.find((f) => f.kind === 'duty_missed' && f.dutyId === 'report');
    // 01:20 UTC is 09:20 in Beijing
    expect(finding?.text).toContain('未在 2026-05-11 09:20（北京时间）前完成');
  });
});

describe('which time meets a duty', () => {
  const reported = at(0, 'incident.reported', { facts: { participants: 12 } });
  const sitrep = (field: number, recorded: number): CaseEvent => ({
    ...at(field, 'sitrep.submitted', { to: { level: 'town' } }),
    recordedAt: time(recorded),
  });

  it('judges a report by when it was recorded: dated within the limit but entered late is late', () => {
    const v = deriveCase(plan, [reported, sitrep(15, 50)], time(60));
    expect(v.duties.find((d) => d.id === 'report')).toMatchObject({
      status: 'met',
      metAt: time(50),
      lateSeconds: 30 * 60,
    });
  });

  it('judges an arrival by its field time, however late it is entered', () => {
    const arrival: CaseEvent = { ...at(20, 'arrival.recorded', { position: 'x' }), recordedAt: time(55) };
    const v = deriveCase(plan, [reported, arrival], time(60));
    expect(v.duties.find((d) => d.id === 'only-general')).toMatchObject({ status: 'met', lateSeconds: 0 });
  });

  it('follows the plan where it says field time for a report', () => {
    const byField = PlanSchema.parse({
      ...plan,
      duties: plan.duties.map((d) => (d.id === 'report' ? { ...d, judgedBy: 'field' } : d)),
    });
    const v = deriveCase(byField, [reported, sitrep(15, 50)], time(60));
    expect(v.duties.find((d) => d.id === 'report')).toMatchObject({ status: 'met', lateSeconds: 0 });
    expect(judgedBy(byField.duties[0] as Duty)).toBe('field');
    expect(judgedBy(plan.duties[0] as Duty)).toBe('recording');
  });
});

describe('a repeated duty started by its fallback', () => {
  it('runs its rounds as one started by its event', () => {
    const p = PlanSchema.parse({
      ...plan,
      format: 2,
      levels: plan.levels.map((l) => ({ ...l })),
      duties: [
        {
          id: 'updates',
          title: '续报',
          owner: 'office',
          start: {
            on: 'log.entry',
            when: { data: 'marker', eq: 'go' },
            fallback: { on: 'incident.reported', after: 'PT10M' },
          },
          within: 'PT30M',
          satisfiedBy: { on: 'sitrep.submitted' },
          repeat: { every: 'PT30M', until: { on: 'incident.stabilized' } },
          escalateTo: 'office',
        },
      ],
    });
    const v = deriveCase(
      p,
      [
        at(0, 'incident.reported', { facts: { participants: 12 } }),
        at(20, 'sitrep.submitted', { to: { level: 'town' } }),
      ],
      time(45),
    );
    // started at 10 by the fallback, met at 20; the second round runs from 20, due at 50
    expect(v.duties.map((d) => [d.id, d.status, d.startedAt, d.dueAt])).toEqual([
      ['updates', 'met', time(10), time(40)],
      ['updates.2', 'open', time(20), time(50)],
    ]);
  });
});
