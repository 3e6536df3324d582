import { describe, expect, it } from 'vitest';
import { type FindingEvent, findingsOf } from './findings.ts';

/** A log written by hand: each event at minutes after 09:00 Beijing (01:00Z), recorded when given. */
const T0 = Date.parse('2026-05-11T01:00:00Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();
let n = 0;
function e(
  type: string,
  data: Record<string, unknown>,
  min: number,
  o: { recorded?: number; role?: string } = {},
): FindingEvent {
  const system = type.startsWith('duty.');
  return {
    id: `e${++n}`,
    type,
    data,
    actor: system ? { id: 'huajie', role: 'system' } : { id: 'u-officer', role: o.role ?? 'officer' },
    occurredAt: at(min),
    recordedAt: at(o.recorded ?? min),
  };
}
const TEN_MIN = 10 * 60_000;
const incident = (events: FindingEvent[]) =>
  findingsOf(events, {
    kind: 'incident',
    lateEntryAfterMs: TEN_MIN,
    title: (id) => ({ 'report-town': '20 分钟内报告镇' })[id],
    unitName: (id) => ({ 'command-post': '现场指挥部' })[id],
  });
const reported = () =>
  e('incident.reported', { title: '堵路', facts: { participants: 60 }, source: '电话' }, 0);

describe('findings from an incident’s log', () => {
  it('a duty missed: owned by the duty’s owner, evidenced by its start and its miss', () => {
    const start = e('duty.started', { dutyId: 'report-town', dueAt: at(20), owner: 'village' }, 0);
    const miss = e('duty.missed', { dutyId: 'report-town', escalateTo: 'command-post', dueAt: at(20) }, 20);
    const [f, ...rest] = incident([reported(), start, miss]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      id: 'clock:report-town',
      kind: 'duty_missed',
      owner: 'village',
      subject: 'report-town',
      arose: at(20),
      evidence: [
        { eventId: start.id, type: 'duty.started', at: at(0) },
        { eventId: miss.id, type: 'duty.missed', at: at(20) },
      ],
    });
    expect(f?.text).toBe('“20 分钟内报告镇”未在 2026-05-11 09:20（北京时间）前完成，已上报现场指挥部');
  });

  it('a duty then met late: one finding, now “met late”, with all three events', () => {
    const start = e('duty.started', { dutyId: 'report-town', dueAt: at(20), owner: 'village' }, 0);
    const miss = e('duty.missed', { dutyId: 'report-town', escalateTo: 'command-post', dueAt: at(20) }, 20);
    const met = e('duty.met', { dutyId: 'report-town', byEventId: 'x', lateSeconds: 300 }, 25);
    const found = incident([reported(), start, miss, met]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'duty_late', text: '“20 分钟内报告镇”迟 5 分钟 完成' });
    expect(found[0]?.evidence.map((x) => x.type)).toEqual(['duty.started', 'duty.missed', 'duty.met']);
  });

  it('a duty met on time is no finding', () => {
    const start = e('duty.started', { dutyId: 'report-town', dueAt: at(20), owner: 'village' }, 0);
    const met = e('duty.met', { dutyId: 'report-town', byEventId: 'x', lateSeconds: 0 }, 12);
    expect(incident([reported(), start, met])).toEqual([]);
  });

  it('a commitment not kept by its day: owned by the department that promised', () => {
    const made = e(
      'commitment.made',
      { commitmentId: 'c1', text: '三日内公布补偿方案', owner: '镇财政所', dueAt: at(3 * 1440) },
      30,
    );
    const start = e('duty.started', { dutyId: 'commitment:c1', dueAt: at(3 * 1440), owner: '镇财政所' }, 30);
    const miss = e(
      'duty.missed',
      { dutyId: 'commitment:c1', escalateTo: 'leading-group', dueAt: at(3 * 1440) },
      3 * 1440,
    );
    const [f] = incident([reported(), made, start, miss]);
    expect(f).toMatchObject({ kind: 'commitment_overdue', owner: '镇财政所', subject: 'commitment:c1' });
    expect(f?.text).toContain('承诺“三日内公布补偿方案”未在');
  });

  it('an entry recorded more than the tolerance after its field time is 补录; within it, not', () => {
    const late = e('arrival.recorded', { position: 'principal' }, 25, { recorded: 60, role: 'commander' });
    const onTime = e('log.entry', { text: '现场平稳' }, 30, { recorded: 39 });
    const found = incident([reported(), late, onTime]);
    expect(found).toEqual([
      expect.objectContaining({
        id: `entry:${late.id}`,
        kind: 'late_entry',
        owner: 'role:commander',
        arose: at(60),
        text: '补录：2026-05-11 09:25 发生的记录，2026-05-11 10:00 才录入，晚 35 分钟',
      }),
    ]);
  });

  it('a situation report without what 002 五(二) requires of its kind', () => {
    const initial = e(
      'sitrep.submitted',
      {
        to: { level: 'county' },
        kind: 'initial',
        fields: { time: '09:00', place: '县道', participants: 60, source: '' },
      },
      14,
    );
    const complete = e(
      'sitrep.submitted',
      {
        to: { level: 'county' },
        kind: 'initial',
        fields: { time: '09:00', place: '县道', participants: 60, source: '村委会', scene: '堵路' },
      },
      15,
    );
    const found = incident([reported(), initial, complete]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'sitrep_incomplete', subject: initial.id, owner: 'role:officer' });
    expect(found[0]?.text).toBe('首报缺少信息来源、现场情况（种子文件 002 五(二)）');
  });

  it('a measure still in force at the close: its outcome was never recorded', () => {
    const m1 = e(
      'measure.authorized',
      {
        measureId: 'm1',
        kind: '交通管制',
        legalBasis: '道路交通安全法',
        authorizedBy: '镇长',
        scope: '县道',
        recording: false,
      },
      40,
    );
    const m2 = e(
      'measure.authorized',
      {
        measureId: 'm2',
        kind: '现场警戒',
        legalBasis: '人民警察法',
        authorizedBy: '镇长',
        scope: '路口',
        recording: false,
      },
      41,
    );
    const ended = e('measure.ended', { measureId: 'm2', outcome: '已撤除' }, 90);
    const closed = e('incident.closed', { summary: '已疏散' }, 120);
    expect(incident([reported(), m1, m2, ended])).toEqual([]);
    const found = incident([reported(), m1, m2, ended, closed]);
    expect(found).toEqual([
      expect.objectContaining({
        id: 'measure:m1',
        kind: 'measure_open',
        owner: '镇长',
        text: '处置措施“交通管制”至结案未记录结束和效果',
        evidence: [
          { eventId: m1.id, type: 'measure.authorized', at: at(40) },
          { eventId: closed.id, type: 'incident.closed', at: at(120) },
        ],
      }),
    ]);
  });

  it('a disposition is the latest one; it stays when the finding changes (a miss met late)', () => {
    const start = e('duty.started', { dutyId: 'report-town', dueAt: at(20), owner: 'village' }, 0);
    const miss = e('duty.missed', { dutyId: 'report-town', escalateTo: 'command-post', dueAt: at(20) }, 20);
    const first = e(
      'finding.disposed',
      { findingId: 'clock:report-town', disposition: 'explained', reason: '通讯中断' },
      30,
      { role: 'leader' },
    );
    const second = e(
      'finding.disposed',
      { findingId: 'clock:report-town', disposition: 'accepted', reason: '核实后认定迟报' },
      40,
      { role: 'leader' },
    );
    const met = e('duty.met', { dutyId: 'report-town', byEventId: 'x', lateSeconds: 1800 }, 50);
    const [f] = incident([reported(), start, miss, first, second, met]);
    expect(f).toMatchObject({
      kind: 'duty_late',
      disposition: {
        value: 'accepted',
        reason: '核实后认定迟报',
        by: { role: 'leader' },
        eventId: second.id,
      },
    });
    // a disposition is never itself a late entry, however long after it comes
    const late = e(
      'finding.disposed',
      { findingId: 'clock:report-town', disposition: 'dismissed', reason: '不可抗力' },
      50,
      { recorded: 5000, role: 'auditor' },
    );
    expect(incident([reported(), start, miss, late]).map((x) => x.kind)).toEqual(['duty_missed']);
  });
});

describe('findings from a dispute’s and a screening register’s log', () => {
  it('a dispute past its handling limit; a dispute duty met late', () => {
    const start = e('duty.started', { dutyId: 'accept', dueAt: at(15 * 1440), owner: 'petition-office' }, 0);
    const miss = e(
      'duty.missed',
      { dutyId: 'accept', escalateTo: 'county', dueAt: at(15 * 1440) },
      15 * 1440,
    );
    const opts = { kind: 'dispute' as const, lateEntryAfterMs: TEN_MIN };
    expect(findingsOf([start, miss], opts)).toEqual([
      expect.objectContaining({ kind: 'dispute_overdue', owner: 'petition-office' }),
    ]);
    const met = e('duty.met', { dutyId: 'accept', byEventId: 'x', lateSeconds: 86_400 }, 16 * 1440);
    // a dispute's limit met late is late like any duty, not overdue
    expect(findingsOf([start, miss, met], opts)).toEqual([
      expect.objectContaining({ kind: 'duty_late', text: '“accept”迟 24 小时 0 分钟 完成' }),
    ]);
  });

  it('a screening round not held in its period', () => {
    const id = 'screening:monthly:2026-05';
    const start = e('duty.started', { dutyId: id, dueAt: at(20 * 1440), owner: 'comprehensive-office' }, 0);
    const miss = e('duty.missed', { dutyId: id, escalateTo: 'county', dueAt: at(20 * 1440) }, 20 * 1440);
    expect(findingsOf([start, miss], { kind: 'screening', lateEntryAfterMs: TEN_MIN })).toEqual([
      expect.objectContaining({ kind: 'screening_missed', owner: 'comprehensive-office', subject: id }),
    ]);
  });
});
