import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../../../test/support/decider.spec.ts';
import { NotFoundError, RuleError, StateError, ValidationError } from '../errors.ts';
import {
  type Command,
  type DisputeDraft,
  type DisputeRules,
  type DisputeState,
  decideDispute,
  evolveDispute,
  initialDisputeState,
  type LoggedDisputeEvent,
} from './dispute.decider.ts';
import { DisputeEventData } from './dispute.events.ts';

/** Every rule the dispute decider holds a command to, as given / when / then. */
const T0 = Date.parse('2026-03-02T01:00:00Z');
const DAY = 86_400_000;
const time = (days: number) => new Date(T0 + days * DAY).toISOString();
const clerk = { id: 'u-clerk', role: 'officer' };
const RULES: DisputeRules = {
  plan: { id: 'town-dispute', version: 3 },
  risk: [
    {
      risk: 'high',
      rule: {
        any: [
          { fact: 'people', gte: 50 },
          { fact: 'visitedUp.level', in: ['city', 'province', 'national'] },
        ],
      },
    },
    {
      risk: 'medium',
      rule: {
        any: [
          { fact: 'people', gte: 10 },
          { fact: 'unresolvedDays', gte: 90 },
        ],
      },
    },
  ],
};

/** The server clock of most commands: after every field time, so none is in the future. */
const NOW_DAYS = 400;
const cmd = (type: string, data: Record<string, unknown>, days: number): Command => ({
  id: uuidv7(),
  type,
  data,
  actor: clerk,
  occurredAt: time(days),
});

let seq = 0;
/** A command as the log holds it once recorded (its data parsed as the catalogue does). */
const logged = (c: Command): LoggedDisputeEvent => {
  seq += 1;
  const type = c.type as keyof typeof DisputeEventData;
  return {
    id: c.id,
    actor: c.actor,
    occurredAt: c.occurredAt ?? time(0),
    type,
    data: DisputeEventData[type].parse(c.data),
    seq,
  } as LoggedDisputeEvent;
};

/** The decider with the server clock at day `nowDays` (default: long after every field time). */
const specAt = (nowDays: number) =>
  deciderSpec<DisputeState, Command, LoggedDisputeEvent | DisputeDraft>({
    initialState: initialDisputeState,
    evolve: (s, e) => evolveDispute(s, e as LoggedDisputeEvent),
    decide: (s, c) => decideDispute(s, c, RULES, time(nowDays)),
  });

const registered = cmd(
  'dispute.registered',
  {
    title: '三组征地补偿款分配纠纷',
    summary: '三组村民对征地补偿款分配方案有异议，要求重新分配。',
    source: 'screening',
    category: 'requisition',
    facts: { people: 30, households: 12, amount: 480000, since: '2026-01-10' },
    sides: [
      { kind: 'group', description: '三组部分村民（约12户）' },
      { kind: 'organisation', description: '三组村民小组' },
    ],
    department: '镇国土所',
  },
  0,
);
const accepted = cmd('dispute.accepted', {}, 1);
const answer = cmd(
  'answer.issued',
  {
    answerId: 'a1',
    decision: 'explain',
    request: '重新分配补偿款',
    facts: '分配方案经村民小组会议表决通过',
    reasons: '方案符合规定',
    legalBasis: '《土地管理法》第四十八条',
  },
  20,
);
const agreement = cmd(
  'agreement.reached',
  {
    agreementId: 'g1',
    form: 'written',
    clauses: [
      { commitmentId: 'c1', text: '补发差额', method: '银行转账', dueAt: time(40), owner: '三组村民小组' },
      {
        commitmentId: 'c2',
        text: '公示分配明细',
        method: '村务公开栏张贴',
        dueAt: time(35),
        owner: '村委会',
      },
    ],
  },
  30,
);

function given(...cmds: Command[]) {
  return givenAt(NOW_DAYS, ...cmds);
}
function givenAt(nowDays: number, ...cmds: Command[]) {
  seq = 0;
  return specAt(nowDays).given(cmds.map(logged));
}

describe('the dispute decider', () => {
  it('registers a dispute once, pins the plan version, and describes its sides, never a person', () => {
    givenAt(0)
      .when(registered)
      .thenRecords((r) => {
        expect(r).toHaveLength(1);
        expect(r[0]?.type).toBe('dispute.registered');
        expect(r[0]?.data).toMatchObject({ plan: { id: 'town-dispute', version: 3 } });
      });
    givenAt(1, registered)
      .when(cmd('dispute.registered', registered.data as Record<string, unknown>, 1))
      .thenThrows(StateError, { code: 'already_registered' });
    // a side with a person's name and phone is no side: the schema has no such field
    givenAt(0)
      .when(
        cmd(
          'dispute.registered',
          {
            ...(registered.data as Record<string, unknown>),
            sides: [{ kind: 'group', description: '村民', name: '张三', phone: '13800000000' }],
          },
          0,
        ),
      )
      .thenThrows(ValidationError, /sides\.0/);
    givenAt(0)
      .when(cmd('dispute.accepted', {}, 0))
      .thenThrows(NotFoundError);
  });

  it('accepts or refuses once; a refusal states its reason and the routes told', () => {
    given(registered, accepted)
      .when(cmd('dispute.not_accepted', { reason: 'x', routesTold: 'y' }, 2))
      .thenThrows(StateError, { code: 'already_decided' });
    given(registered)
      .when(cmd('dispute.not_accepted', { reason: '不属于本机关职权范围' }, 2))
      .thenThrows(ValidationError, /routes/);
    given(
      registered,
      cmd('dispute.not_accepted', { reason: '已进入诉讼程序', routesTold: '告知依法通过诉讼途径解决' }, 2),
    )
      .when(cmd('dispute.assigned', { unit: '司法所', leadPosition: '副镇长', tier: 'town' }, 3))
      .thenThrows(StateError, { code: 'not_accepted' });
  });

  it('assigns (包案) only an accepted dispute', () => {
    given(registered)
      .when(cmd('dispute.assigned', { unit: '司法所', leadPosition: '副镇长', tier: 'town' }, 2))
      .thenThrows(StateError, { code: 'not_accepted_yet' });
    given(registered, accepted)
      .when(
        cmd('dispute.assigned', { unit: '司法所', leadPosition: '副镇长', tier: 'town', dueAt: time(60) }, 2),
      )
      .thenRecords((r) => expect(r[0]?.type).toBe('dispute.assigned'));
  });

  it('assesses risk by the plan rules over the dispute facts alone, higher with a basis but never lower', () => {
    const assess = (risk: string, facts: Record<string, unknown>, at = 5) =>
      cmd('dispute.assessed', { risk, basis: '涉及人数多，已多次到县上访', facts }, at);
    given(registered)
      .when(assess('high', { people: 60 }))
      .thenRecords((r) => expect(r[0]?.data).toMatchObject({ risk: 'high', ruleRisk: 'high' }));
    given(registered)
      .when(assess('medium', { people: 60 }))
      .thenThrows(RuleError, { code: 'risk_below_rules' });
    // rated higher than the rules with its basis
    given(registered)
      .when(assess('high', { people: 3 }))
      .thenRecords((r) => expect(r[0]?.data).toMatchObject({ risk: 'high', ruleRisk: 'low' }));
    // how long unresolved counts from `since`: 100 days → medium by the rules
    given(registered)
      .when(assess('medium', { people: 3, since: '2026-01-01' }, 30))
      .thenRecords((r) => expect(r[0]?.data).toMatchObject({ ruleRisk: 'medium', unresolvedDays: 90 }));
    // an assessment reads only the dispute's facts: nothing about a person is accepted
    given(registered)
      .when(assess('low', { people: 3, leader: '张三' }))
      .thenThrows(ValidationError, /facts/);
    given(registered)
      .when(cmd('dispute.assessed', { risk: 'low', facts: {} }, 5))
      .thenThrows(ValidationError, /basis/);
  });

  it('ends mediation when a party refuses, with the routes told (人民调解法 Art. 17, 26)', () => {
    const session = (id: string, outcome: string, extra: Record<string, unknown> = {}, at = 10) =>
      cmd(
        'mediation.held',
        {
          sessionId: id,
          mediator: '村调委会',
          method: 'in_person',
          public: false,
          outcome,
          summary: '双方到场',
          ...extra,
        },
        at,
      );
    given(registered).when(session('m1', 'continuing')).thenThrows(StateError, { code: 'not_accepted_yet' });
    given(registered, accepted)
      .when(session('m1', 'refused'))
      .thenThrows(ValidationError, /refusedBy/);
    given(registered, accepted)
      .when(session('m1', 'failed'))
      .thenThrows(ValidationError, /routesTold/);
    given(
      registered,
      accepted,
      session('m1', 'refused', { refusedBy: '三组村民小组', routesTold: '告知可向人民法院起诉' }),
    )
      .when(session('m2', 'continuing', {}, 12))
      .thenThrows(RuleError, { code: 'mediation_ended' });
    given(registered, accepted, session('m1', 'continuing'))
      .when(session('m1', 'continuing', {}, 11))
      .thenThrows(StateError, { code: 'duplicate' });
  });

  it('records an agreement whose clauses state how and by when, each a commitment', () => {
    given(registered, accepted)
      .when(
        cmd(
          'agreement.reached',
          {
            agreementId: 'g1',
            form: 'written',
            clauses: [{ commitmentId: 'c1', text: '补发差额', dueAt: time(40), owner: '村委会' }],
          },
          30,
        ),
      )
      .thenThrows(ValidationError, /履行方式/);
    given(registered, accepted)
      .when(cmd('agreement.reached', { agreementId: 'g1', form: 'written', clauses: [] }, 30))
      .thenThrows(ValidationError, /clause/);
    // a clause is not due before the agreement is reached (a slip of the year)
    given(registered, accepted)
      .when(
        cmd(
          'agreement.reached',
          {
            agreementId: 'g1',
            form: 'written',
            clauses: [
              { commitmentId: 'c1', text: '补发差额', method: '银行转账', dueAt: time(20), owner: '村委会' },
            ],
          },
          30,
        ),
      )
      .thenThrows(ValidationError, /data\.clauses\.0\.dueAt: 履行期限早于/);
    given(registered, accepted)
      .when(
        cmd(
          'commitment.made',
          { commitmentId: 'c5', text: '重新丈量', owner: '镇自然资源所', dueAt: time(1) },
          30,
        ),
      )
      .thenThrows(ValidationError, /data\.dueAt: 履行期限早于/);
    given(registered, accepted, agreement)
      .when(cmd('commitment.fulfilled', { commitmentId: 'c1', evidence: '转账凭证' }, 38))
      .thenRecords((r) => expect(r[0]?.type).toBe('commitment.fulfilled'));
    given(registered, accepted, agreement)
      .when(cmd('commitment.fulfilled', { commitmentId: 'c9', evidence: 'x' }, 38))
      .thenThrows(NotFoundError);
  });

  it('takes 司法确认 only within 30 days of the agreement (人民调解法 Art. 33), as the civil code counts them', () => {
    // agreed 1 April 2026; the 30th day, 1 May, is Labour Day (1–5 May off): the period runs to
    // the end of the next workday, 6 May (《民法典》 Art. 203)
    given(registered, accepted, agreement)
      .when(cmd('confirmation.applied', { agreementId: 'g1', court: '县人民法院' }, 65))
      .thenRecords((r) => expect(r[0]?.type).toBe('confirmation.applied'));
    given(registered, accepted, agreement)
      .when(cmd('confirmation.applied', { agreementId: 'g1', court: '县人民法院' }, 66))
      .thenThrows(RuleError, { code: 'confirmation_window' });
  });

  it('issues a written answer only with its decision and legal basis (条例 Art. 32)', () => {
    const { legalBasis: _l, ...noBasis } = answer.data as Record<string, unknown>;
    given(registered, accepted)
      .when(cmd('answer.issued', noBasis, 20))
      .thenThrows(ValidationError, /legal basis/);
    given(registered, accepted)
      .when(cmd('answer.issued', { ...(answer.data as object), decision: 'maybe' }, 20))
      .thenThrows(ValidationError, /decision/);
    given(registered).when(answer).thenThrows(StateError, { code: 'not_accepted_yet' });
  });

  it('extends the time limit only with the head approving, a reason and the notice given, 30 days in all (条例 Art. 34)', () => {
    const ext = (d: number, extra: Record<string, unknown> = {}) =>
      cmd(
        'extension.approved',
        { days: d, approvedBy: '县信访局局长', reason: '需补充调查', noticeGivenAt: time(50), ...extra },
        50,
      );
    given(registered, accepted)
      .when(ext(30))
      .thenRecords((r) => expect(r[0]?.data).toMatchObject({ days: 30 }));
    given(registered, accepted)
      .when(cmd('extension.approved', { days: 20, reason: '需补充调查', noticeGivenAt: time(50) }, 50))
      .thenThrows(ValidationError, /approved by the head/);
    given(registered, accepted)
      .when(cmd('extension.approved', { days: 20, approvedBy: '局长', reason: '需补充调查' }, 50))
      .thenThrows(ValidationError, /noticeGivenAt/);
    given(registered, accepted, ext(20)).when(ext(11)).thenThrows(RuleError, { code: 'extension_limit' });
    given(registered, accepted)
      .when(ext(31))
      .thenThrows(ValidationError, /30 days/);
  });

  it('takes 复查 within 30 days of the answer, 复核 within 30 days of the 复查, and nothing after 复核 (条例 Art. 35–36)', () => {
    const req = (kind: string, at: number) => cmd('review.requested', { kind, request: '不服处理意见' }, at);
    const dec = (kind: string, at: number) =>
      cmd(
        'review.decided',
        { kind, decision: 'upheld', reasons: '事实清楚', legalBasis: '《信访工作条例》第三十五条' },
        at,
      );
    given(registered, accepted).when(req('recheck', 25)).thenThrows(StateError, { code: 'no_answer' });
    given(registered, accepted, answer)
      .when(req('recheck', 50))
      .thenRecords((r) => expect(r[0]?.type).toBe('review.requested'));
    given(registered, accepted, answer)
      .when(req('recheck', 51))
      .thenThrows(RuleError, { code: 'review_window' });
    given(registered, accepted, answer, req('recheck', 30))
      .when(req('review', 40))
      .thenThrows(StateError, { code: 'no_recheck' });
    // the 复查 opinion of 1 May: its 30th day, 31 May, is a Sunday, so 复核 may be asked until 1 June
    given(registered, accepted, answer, req('recheck', 30), dec('recheck', 60))
      .when(req('review', 91))
      .thenRecords((r) => expect(r[0]?.data).toMatchObject({ kind: 'review' }));
    given(registered, accepted, answer, req('recheck', 30), dec('recheck', 60))
      .when(req('review', 92))
      .thenThrows(RuleError, { code: 'review_window' });
    given(registered, accepted, answer, req('recheck', 30), dec('recheck', 60), req('review', 80))
      .when(req('recheck', 85))
      .thenThrows(RuleError, { code: 'after_review' });
    given(
      registered,
      accepted,
      answer,
      req('recheck', 30),
      dec('recheck', 60),
      req('review', 80),
      dec('review', 100),
    )
      .when(req('review', 101))
      .thenThrows(RuleError, { code: 'after_review' });
    given(registered, accepted).when(dec('recheck', 30)).thenThrows(StateError, { code: 'not_requested' });
  });

  it('settles (销号) only a concluded dispute with every commitment fulfilled or discharged', () => {
    const resolved = cmd('dispute.resolved', { summary: '双方达成协议' }, 31);
    const settle = (at: number) => cmd('dispute.settled', {}, at);
    given(registered, accepted).when(settle(31)).thenThrows(StateError, { code: 'not_concluded' });
    given(registered, accepted, agreement, resolved)
      .when(settle(32))
      .thenThrows(RuleError, { code: 'commitments_open', message: expect.stringContaining('c1, c2') });
    given(
      registered,
      accepted,
      agreement,
      resolved,
      cmd('commitment.fulfilled', { commitmentId: 'c1', evidence: '转账凭证' }, 38),
      cmd('commitment.discharged', { commitmentId: 'c2', reason: '村委会已改为线上公示，双方同意' }, 36),
    )
      .when(settle(41))
      .thenRecords((r) => expect(r[0]?.type).toBe('dispute.settled'));
    given(registered, accepted, agreement, resolved)
      .when(cmd('commitment.discharged', { commitmentId: 'c1' }, 33))
      .thenThrows(ValidationError, /why/);
    // not accepted: settled at once
    given(
      registered,
      cmd('dispute.not_accepted', { reason: '已进入诉讼程序', routesTold: '告知诉讼途径' }, 2),
    )
      .when(settle(3))
      .thenRecords((r) => expect(r).toHaveLength(1));
    // settled: only corrections
    given(
      registered,
      cmd('dispute.not_accepted', { reason: '已进入诉讼程序', routesTold: '告知诉讼途径' }, 2),
      settle(3),
    )
      .when(cmd('progress.noted', { text: '又来访' }, 4))
      .thenThrows(StateError, { code: 'settled' });
  });

  it('keeps commitments open and fulfillable after the dispute is resolved', () => {
    const resolved = cmd('dispute.resolved', { summary: '双方达成协议' }, 31);
    given(registered, accepted, agreement, resolved)
      .when(cmd('commitment.fulfilled', { commitmentId: 'c2', evidence: '公示照片' }, 34))
      .thenRecords((r) => expect(r[0]?.type).toBe('commitment.fulfilled'));
    given(registered, accepted, agreement, resolved)
      .when(
        cmd(
          'mediation.held',
          {
            sessionId: 'm9',
            mediator: '调委会',
            method: 'phone',
            public: false,
            outcome: 'continuing',
            summary: 'x',
          },
          34,
        ),
      )
      .thenThrows(StateError, { code: 'outcome_recorded' });
    given(registered, accepted, resolved)
      .when(cmd('dispute.ended', { reason: 'x', routesTold: 'y' }, 35))
      .thenThrows(StateError, { code: 'outcome_recorded' });
    given(registered, accepted)
      .when(cmd('dispute.ended', { reason: '一方拒绝调解' }, 35))
      .thenThrows(ValidationError, /routes/);
  });

  it('refuses derived types, unknown types, and times in the future or long before the registration', () => {
    given(registered)
      .when(cmd('duty.missed', { dutyId: 'x', escalateTo: 'county', dueAt: time(1) }, 2))
      .thenThrows(ValidationError, /derived/);
    given(registered)
      .when(cmd('incident.reported', {}, 2))
      .thenThrows(ValidationError, /not a dispute event type/);
    given(registered)
      .when(cmd('progress.noted', { text: 'x' }, NOW_DAYS + 1))
      .thenThrows(ValidationError, /future/);
    given(registered)
      .when(cmd('progress.noted', { text: 'x' }, -31))
      .thenThrows(ValidationError, /30 days/);
  });
});
