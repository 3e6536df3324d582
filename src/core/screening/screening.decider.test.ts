import { describe, expect, it } from 'vitest';
import { periodOf } from '../calendar/periods.ts';
import {
  decideScreening,
  evolveScreening,
  initialScreeningState,
  openScreening,
  replanScreening,
  type ScreeningDraft,
  type ScreeningRules,
  type ScreeningState,
  tickScreening,
} from './screening.decider.ts';

/**
 * The screening register: rounds of 排查 and the plan's cadences as clocks — regular screening
 * monthly by the 25th, joint assessment quarterly — each period's round met by a round of its
 * kind held inside the period, missed and escalated when its day passes with none.
 */
const RULES: ScreeningRules = {
  plan: { id: 'town', version: 2 },
  cadences: [
    {
      id: 'monthly',
      title: '每月定期排查',
      kind: 'regular',
      every: 'month',
      by: 25,
      owner: 'town',
      escalateTo: 'county',
      warnBefore: { days: 3, count: 'calendar' },
    },
    {
      id: 'joint',
      title: '季度联席研判',
      kind: 'joint',
      every: 'quarter',
      by: 20,
      owner: 'town',
      escalateTo: 'county',
    },
  ],
};

const actor = { id: 'u1', role: 'officer' };
let counter = 0;
const cid = () => `00000000-0000-7000-8000-${String(++counter).padStart(12, '0')}`;

function fold(s: ScreeningState, events: ScreeningDraft[]): ScreeningState {
  let seq = s.eventIds.size;
  for (const e of events) evolveScreening(s, { ...e, seq: ++seq });
  return s;
}

function opened(at: string): ScreeningState {
  return fold(initialScreeningState(), openScreening('town-1', RULES, at, 'register'));
}

const round = (kind: string, extra: Record<string, unknown> = {}) => ({
  roundId: `r-${++counter}`,
  kind,
  scope: '全镇12个村',
  participants: [{ unit: '镇综治中心', position: '主任' }, { unit: '各村委会' }],
  zeroReport: false,
  found: 2,
  ...extra,
});

function record(s: ScreeningState, at: string, data: Record<string, unknown>, now = at) {
  const out = decideScreening(
    s,
    { id: cid(), type: 'screening.round.recorded', data, actor, occurredAt: at },
    RULES,
    now,
  );
  fold(s, out);
  return out;
}

describe('periods in China time', () => {
  it('names the period an instant falls in and when its round is due', () => {
    // 2026-12-31 20:00 UTC is already 1 January 2027 in China
    expect(periodOf('2026-12-31T20:00:00Z', 'month', 25)).toMatchObject({
      key: '2027-01',
      dueAt: '2027-01-25T16:00:00.000Z',
      lastDay: '2027-01-25',
      startsAt: '2026-12-31T16:00:00.000Z',
    });
    // a day past the month's end is its last day
    expect(periodOf('2027-02-10T00:00:00Z', 'month', 31).lastDay).toBe('2027-02-28');
    expect(periodOf('2026-11-02T00:00:00Z', 'quarter', 20)).toMatchObject({
      key: '2026-Q4',
      lastDay: '2026-12-20',
      endsAt: '2026-12-31T16:00:00.000Z',
    });
    // Sunday 6 December 2026 is in ISO week 49; by 5 = Friday 4 December
    expect(periodOf('2026-12-06T10:00:00Z', 'week', 5)).toMatchObject({
      key: '2026-W49',
      lastDay: '2026-12-04',
    });
    expect(periodOf('2027-01-01T10:00:00Z', 'week', 7).key).toBe('2026-W53');
  });
});

describe('screening register', () => {
  it('opening starts each cadence for the period now running, or the next when its day has gone', () => {
    const s = opened('2026-12-06T02:00:00Z');
    expect([...s.duties.keys()]).toEqual(['screening:monthly:2026-12', 'screening:joint:2026-Q4']);
    expect(s.duties.get('screening:monthly:2026-12')).toMatchObject({
      dueAt: '2026-12-25T16:00:00.000Z',
      warnAt: '2026-12-21T16:00:00.000Z',
      status: 'open',
    });
    expect([...opened('2026-12-26T02:00:00Z').duties.keys()]).toEqual([
      'screening:monthly:2027-01',
      'screening:joint:2027-Q1',
    ]);
  });

  it('a round of the cadence kind held in the period meets it and starts the next period', () => {
    const s = opened('2026-12-06T02:00:00Z');
    const out = record(s, '2026-12-10T03:00:00Z', round('regular'));
    expect(out.map((e) => e.type)).toEqual(['screening.round.recorded', 'duty.met', 'duty.started']);
    expect(out[1]?.data).toMatchObject({ dutyId: 'screening:monthly:2026-12', lateSeconds: 0 });
    expect(out[2]?.data).toMatchObject({
      dutyId: 'screening:monthly:2027-01',
      dueAt: '2027-01-25T16:00:00.000Z',
    });
    // a second round in the same month meets nothing more
    expect(record(s, '2026-12-20T03:00:00Z', round('regular')).map((e) => e.type)).toEqual([
      'screening.round.recorded',
    ]);
    // a special round never meets the regular cadence
    const t = opened('2026-12-06T02:00:00Z');
    expect(record(t, '2026-12-10T03:00:00Z', round('special')).map((e) => e.type)).toEqual([
      'screening.round.recorded',
    ]);
  });

  it('a 零报告 is a round held: it meets the cadence', () => {
    const s = opened('2026-12-06T02:00:00Z');
    const out = record(s, '2026-12-24T03:00:00Z', round('regular', { zeroReport: true, found: 0 }));
    expect(out.map((e) => e.type)).toContain('duty.met');
  });

  it('a round not held by its day is missed, escalated as the plan says, and the next month starts', () => {
    const s = opened('2026-12-06T02:00:00Z');
    // the quarter's joint meeting is held on time
    fold(
      s,
      decideScreening(
        s,
        {
          id: cid(),
          type: 'screening.round.recorded',
          data: round('joint'),
          actor,
          occurredAt: '2026-12-08T02:00:00Z',
        },
        RULES,
        '2026-12-08T02:00:00Z',
      ),
    );
    // warned three days before the 25th
    const warned = tickScreening(s, RULES, '2026-12-22T00:00:00Z', 'case-1');
    expect(warned.map((e) => [e.type, e.data])).toEqual([
      [
        'duty.warned',
        { dutyId: 'screening:monthly:2026-12', dueAt: '2026-12-25T16:00:00.000Z', owner: 'town' },
      ],
    ]);
    fold(s, warned);
    // nothing yet at 23:59 on the 25th (China)
    expect(tickScreening(s, RULES, '2026-12-25T15:59:00Z', 'case-1')).toEqual([]);
    const missed = tickScreening(s, RULES, '2026-12-25T16:00:01Z', 'case-1');
    expect(missed.map((e) => [e.type, e.data])).toEqual([
      [
        'duty.missed',
        { dutyId: 'screening:monthly:2026-12', escalateTo: 'county', dueAt: '2026-12-25T16:00:00.000Z' },
      ],
      [
        'duty.started',
        {
          dutyId: 'screening:monthly:2027-01',
          dueAt: '2027-01-25T16:00:00.000Z',
          owner: 'town',
          warnAt: '2027-01-21T16:00:00.000Z',
        },
      ],
    ]);
    expect(missed[0]?.occurredAt).toBe('2026-12-25T16:00:00.000Z');
    fold(s, missed);
    // a late round in December (补排查) is recorded; January's duty is not met by it
    expect(record(s, '2026-12-28T03:00:00Z', round('regular')).map((e) => e.type)).toEqual([
      'screening.round.recorded',
    ]);
    // the same tick twice derives nothing more
    expect(tickScreening(s, RULES, '2026-12-26T00:00:00Z', 'case-1')).toEqual([]);
  });

  it('a round held late but within its period meets the duty late — after the miss it meets nothing', () => {
    const s = opened('2026-12-06T02:00:00Z');
    const out = record(s, '2026-12-26T01:00:00Z', round('regular'), '2026-12-26T01:00:00Z');
    // the clock had not yet ticked: the round is inside December, after the 25th
    expect(out[1]).toMatchObject({ type: 'duty.met', data: { lateSeconds: 9 * 3600 } });
  });

  it('after months without a tick every period that passed is missed in turn, up to the one running', () => {
    const s = opened('2026-12-06T02:00:00Z');
    const out = tickScreening(s, RULES, '2027-03-27T00:00:00Z', 'case-1');
    const monthly = out.filter((e) => 'dutyId' in e.data && e.data.dutyId.startsWith('screening:monthly'));
    expect(monthly.map((e) => `${e.type} ${'dutyId' in e.data ? e.data.dutyId : ''}`)).toEqual([
      'duty.missed screening:monthly:2026-12',
      'duty.started screening:monthly:2027-01',
      'duty.missed screening:monthly:2027-01',
      'duty.started screening:monthly:2027-02',
      'duty.missed screening:monthly:2027-02',
      'duty.started screening:monthly:2027-03',
      'duty.missed screening:monthly:2027-03',
      'duty.started screening:monthly:2027-04',
    ]);
    // the first quarter's joint meeting (by 20 March) was missed too
    expect(out.some((e) => e.type === 'duty.missed' && e.data.dutyId === 'screening:joint:2027-Q1')).toBe(
      true,
    );
    fold(s, out);
    expect(tickScreening(s, RULES, '2027-03-27T00:00:00Z', 'case-1')).toEqual([]);
  });

  it('follows a new version of the plan: new cadences start, running periods run on', () => {
    const s = opened('2026-12-06T02:00:00Z');
    const v3: ScreeningRules = {
      plan: { id: 'town', version: 3 },
      cadences: [
        ...RULES.cadences.filter((c) => c.id === 'monthly'),
        {
          id: 'weekly',
          title: '每周日常排查',
          kind: 'daily',
          every: 'week',
          by: 5,
          owner: 'town',
          escalateTo: 'county',
        },
      ],
    };
    const out = replanScreening(s, v3, '2026-12-07T02:00:00Z', 'replan');
    expect(out.map((e) => [e.type, 'dutyId' in e.data ? e.data.dutyId : e.data])).toEqual([
      ['screening.replanned', { plan: { id: 'town', version: 3 } }],
      ['duty.started', 'screening:weekly:2026-W50'],
    ]);
    fold(s, out);
    expect(s.plan).toEqual({ id: 'town', version: 3 });
    expect(replanScreening(s, v3, '2026-12-08T02:00:00Z', 'replan')).toEqual([]);
    // the joint cadence v3 dropped: its open period is missed at its day, and none follows
    const ticked = tickScreening(s, v3, '2026-12-21T00:00:00Z', 'case-1');
    expect(
      ticked.filter((e) => e.type === 'duty.missed').map((e) => 'dutyId' in e.data && e.data.dutyId),
    ).toContain('screening:joint:2026-Q4');
    expect(ticked.some((e) => e.type === 'duty.started' && e.data.dutyId.startsWith('screening:joint'))).toBe(
      false,
    );
  });

  it('refuses what a round may not be', () => {
    const s = opened('2026-12-06T02:00:00Z');
    const at = '2026-12-10T03:00:00Z';
    expect(() => record(s, at, round('regular', { zeroReport: true, found: 2 }))).toThrow(
      /零报告 found nothing/,
    );
    expect(() => record(s, at, round('regular', { found: 0 }))).toThrow(/found ≥ 1\) or is a 零报告/);
    expect(() => record(s, at, round('regular', { participants: [] }))).toThrow(/at least one unit/);
    expect(() => record(s, at, round('regular', { personName: '张三' }))).toThrow(/personName|Unrecognized/);
    expect(() => record(s, '2026-12-20T03:00:00Z', round('regular'), at)).toThrow(/in the future/);
    expect(() => record(s, '2026-10-01T03:00:00Z', round('regular'), at)).toThrow(/more than 30 days/);
    const r = round('regular');
    record(s, at, r);
    expect(() => record(s, at, r)).toThrow(/recorded already/);
    expect(() => decideScreening(s, { id: cid(), type: 'duty.met', data: {}, actor }, RULES, at)).toThrow(
      /derived by Huajie/,
    );
    expect(() =>
      decideScreening(s, { id: cid(), type: 'screening.opened', data: {}, actor }, RULES, at),
    ).toThrow(/derived by Huajie/);
    expect(() =>
      decideScreening(
        initialScreeningState(),
        { id: cid(), type: 'screening.round.recorded', data: round('regular'), actor },
        RULES,
        at,
      ),
    ).toThrow(/not open/);
  });
});
