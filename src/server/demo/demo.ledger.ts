import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../core/incident/incident.decider.ts';
import { commandDispute, registerDispute } from '../dispute/dispute.handler.ts';
import { commandScreening } from '../screening/screening.handler.ts';
import type { WritePath } from '../write-path.ts';
import { recordedAt } from './replay.ts';

/**
 * The demo ledger (台账) of 示范镇: a dozen exercise disputes in every state of their life —
 * registered, not accepted, assigned, assessed, mediated, agreed, answered, extended, rechecked,
 * ended, resolved, settled — one of them the 欠薪 dispute the live exercise incident flared
 * from; a screening round that found two of them and a 零报告. Every title says 【演练】.
 */
export interface DemoLedger {
  disputes: string[];
  /** the dispute the live exercise incident is reported from */
  wages: string;
  rounds: string[];
}

type Step = [days: number, type: string, data: Record<string, unknown>];

const DAY = 86_400_000;
const PLAN = 'town-mass-incident';
const WHERE = 'demo-town';

export async function seedLedger(deps: WritePath, actor: (u: string) => Actor): Promise<DemoLedger> {
  const now = deps.clock.now().getTime();
  const at = (days: number) => new Date(now + days * DAY).toISOString();
  const officer = actor('officer');
  // the screening rounds: the regular round of last week found two disputes; yesterday's daily
  // round found nothing (零报告)
  const found = 'demo-round-regular';
  const zero = 'demo-round-daily';
  const round = (roundId: string, days: number, data: Record<string, unknown>) =>
    recordedAt(deps, at(days), () =>
      commandScreening(deps.screenings, WHERE, PLAN, {
        id: uuidv7(),
        type: 'screening.round.recorded',
        actor: officer,
        occurredAt: at(days),
        data: { roundId, ...data },
      }),
    );
  await round(found, -8, {
    kind: 'regular',
    scope: '全镇12个村（社区）及镇区企业',
    participants: [
      { unit: '镇综治中心', position: '主任' },
      { unit: '镇司法所', position: '所长' },
      { unit: '镇派出所' },
      { unit: '各村（社区）调委会' },
    ],
    zeroReport: false,
    found: 2,
    note: '【演练】发现河东村养殖场异味、三组征地补偿分配两起苗头',
  });
  await round(zero, -1, {
    kind: 'daily',
    scope: '河东村、中心村',
    participants: [{ unit: '河东村网格员' }, { unit: '中心村网格员' }],
    zeroReport: true,
    found: 0,
  });

  const disputes: string[] = [];
  const dispute = async (
    registered: { days: number; data: Record<string, unknown> },
    steps: Step[],
  ): Promise<string> => {
    const caseId = uuidv7();
    // each entry recorded at its own time, as the ledger would have been kept
    await recordedAt(deps, at(registered.days), () =>
      registerDispute(deps.disputes, caseId, PLAN, {
        id: uuidv7(),
        type: 'dispute.registered',
        actor: officer,
        occurredAt: at(registered.days),
        // an exercise's, as every title says: never in the real figures
        data: { jurisdiction: WHERE, exercise: true, ...registered.data },
      }),
    );
    for (const [days, type, data] of steps)
      await recordedAt(deps, at(days), () =>
        commandDispute(deps.disputes, caseId, {
          id: uuidv7(),
          type,
          data,
          actor: officer,
          occurredAt: at(days),
        }),
      );
    disputes.push(caseId);
    return caseId;
  };
  const accepted: Step = [0, 'dispute.accepted', {}];
  const on = (days: number, s: Step): Step => [days, s[1], s[2]];
  const assigned = (days: number, unit: string, lead: string, tier = 'town', due = 20): Step => [
    days,
    'dispute.assigned',
    { unit, leadPosition: lead, tier, dueAt: at(days + due) },
  ];

  // 1 — just registered (来访)
  await dispute(
    {
      days: -1,
      data: {
        title: '【演练】两户宅基地边界纠纷',
        summary: '河东村两户因新建围墙占用宅基地边界发生争执',
        source: 'visit',
        category: 'neighbour',
        facts: { people: 6, households: 2 },
        sides: [
          { kind: 'group', description: '河东村二组一户村民' },
          { kind: 'group', description: '河东村二组相邻一户村民' },
        ],
      },
    },
    [],
  );
  // 2 — not accepted: a court case already under way, routes told
  await dispute(
    {
      days: -20,
      data: {
        title: '【演练】商品房质量纠纷（已起诉）',
        summary: '业主反映房屋渗水，已向法院起诉开发商',
        source: 'letter',
        category: 'property',
        facts: { people: 3 },
        sides: [
          { kind: 'group', description: '某小区部分业主' },
          { kind: 'organisation', description: '某房地产开发公司' },
        ],
      },
    },
    [
      [
        -18,
        'dispute.not_accepted',
        {
          reason: '已进入诉讼程序，依法不予受理',
          routesTold: '已书面告知按诉讼程序主张权利，可申请法律援助',
        },
      ],
    ],
  );
  // 3 — the 欠薪 dispute the live exercise incident flared from: accepted, assigned, rated high
  const wages = await dispute(
    {
      days: -12,
      data: {
        title: '【演练】建筑工地25名工人欠薪纠纷',
        summary: '镇区某安置房项目拖欠25名务工人员工资约48万元',
        source: 'phone',
        category: 'labour',
        facts: { people: 25, amount: 480000 },
        sides: [
          { kind: 'group', description: '安置房项目务工人员（约25人）' },
          { kind: 'organisation', description: '某建筑劳务公司' },
        ],
        department: '县人社局',
      },
    },
    [
      on(-11, accepted),
      assigned(-11, '镇劳动保障所', '分管副镇长', 'town', 15),
      [
        -10,
        'dispute.assessed',
        {
          facts: { people: 25, amount: 480000, collective: true },
          risk: 'high',
          basis: '涉及25人、金额48万元，临近年底，有聚集讨薪苗头',
        },
      ],
      [-5, 'progress.noted', { text: '已约谈劳务公司负责人，承诺分两期支付' }],
    ],
  );
  // 4 — from the screening round: an odour complaint, assessed medium, mediation continuing
  await dispute(
    {
      days: -8,
      data: {
        title: '【演练】养殖场异味扰民',
        summary: '河东村养殖场异味影响周边约30户村民',
        source: 'screening',
        category: 'environment',
        facts: { people: 30, households: 30 },
        sides: [
          { kind: 'group', description: '河东村三组、四组村民（约30户）' },
          { kind: 'organisation', description: '河东村某养殖场' },
        ],
        screeningRoundId: found,
      },
    },
    [
      on(-7, accepted),
      assigned(-7, '镇生态环境办', '分管副镇长'),
      [
        -6,
        'dispute.assessed',
        { facts: { people: 30, households: 30 }, risk: 'medium', basis: '涉及30户，未有越级' },
      ],
      [
        -3,
        'mediation.held',
        {
          sessionId: 'env-1',
          mediator: '镇人民调解委员会',
          method: 'on_site',
          public: false,
          outcome: 'continuing',
          summary: '现场查看，养殖场同意加装除臭设备，待报价后再议',
        },
      ],
    ],
  );
  // 5 — from the screening round too: agreement with two clauses, one kept, one open
  await dispute(
    {
      days: -8,
      data: {
        title: '【演练】三组征地补偿款分配纠纷',
        summary: '三组部分村民对征地补偿款组内分配方案有异议',
        source: 'screening',
        category: 'requisition',
        facts: { people: 40, households: 12, amount: 360000 },
        sides: [{ kind: 'group', description: '河东村三组部分村民（约12户）' }],
        screeningRoundId: found,
      },
    },
    [
      on(-7, accepted),
      assigned(-7, '镇司法所', '分管政法副镇长'),
      [
        -4,
        'mediation.held',
        {
          sessionId: 'req-1',
          mediator: '镇人民调解委员会',
          method: 'in_person',
          public: true,
          outcome: 'agreement',
          summary: '双方同意按人口和承包面积重新测算',
        },
      ],
      [
        -4,
        'agreement.reached',
        {
          agreementId: 'req-agreement',
          form: 'written',
          clauses: [
            {
              commitmentId: 'req-pay-1',
              text: '补发第一期补偿款',
              method: '镇财政所转账至各户',
              owner: '镇政府',
              dueAt: at(-1),
            },
            {
              commitmentId: 'req-publish',
              text: '公示重新测算的分配方案',
              method: '村务公开栏及村民微信群公示7日',
              owner: '河东村委会',
              dueAt: at(5),
            },
          ],
        },
      ],
      [-2, 'commitment.fulfilled', { commitmentId: 'req-pay-1', evidence: '已转账至12户，有银行回单' }],
    ],
  );
  // 6 — a party refused mediation: ended, routes told
  await dispute(
    {
      days: -25,
      data: {
        title: '【演练】土地承包经营权流转纠纷',
        summary: '流转合同到期后租金标准争议',
        source: 'visit',
        category: 'land',
        facts: { people: 8, households: 8 },
        sides: [
          { kind: 'group', description: '中心村五组8户承包户' },
          { kind: 'organisation', description: '某种植专业合作社' },
        ],
      },
    },
    [
      on(-24, accepted),
      assigned(-24, '镇农业农村办', '分管副镇长'),
      [
        -20,
        'mediation.held',
        {
          sessionId: 'land-1',
          mediator: '镇人民调解委员会',
          method: 'in_person',
          public: false,
          outcome: 'refused',
          summary: '合作社拒绝调解',
          refusedBy: '某种植专业合作社',
          routesTold: '已告知可申请农村土地承包仲裁或向法院起诉',
        },
      ],
      [-19, 'dispute.ended', { reason: '一方拒绝调解', routesTold: '农村土地承包仲裁、诉讼' }],
    ],
  );
  // 7 — answered in writing, resolved, visited: satisfied
  await dispute(
    {
      days: -28,
      data: {
        title: '【演练】低保资格复核诉求',
        summary: '某户对低保资格取消有异议',
        source: 'letter',
        category: 'other',
        facts: { people: 1, households: 1 },
        sides: [{ kind: 'group', description: '中心村一户村民' }],
        department: '镇民政办',
      },
    },
    [
      on(-27, accepted),
      [
        -15,
        'answer.issued',
        {
          answerId: 'dibao-1',
          decision: 'explain',
          request: '恢复低保资格',
          facts: '家庭收入经核查超出标准',
          reasons: '按现行标准不符合条件，可申请临时救助',
          legalBasis: '《社会救助暂行办法》第九条',
        },
      ],
      [-14, 'dispute.resolved', { summary: '经解释说明，申请人表示理解，已转介临时救助' }],
      [
        -5,
        'visit.made',
        {
          method: 'in_person',
          summary: '上门回访，临时救助已到位',
          evaluation: 'satisfied',
          said: '政策讲清楚了',
        },
      ],
    ],
  );
  // 8 — extended with the head's approval, notice given
  await dispute(
    {
      days: -29,
      data: {
        title: '【演练】企业改制职工安置诉求',
        summary: '原镇办企业改制职工要求补缴社保',
        source: 'visit',
        category: 'enterprise',
        facts: { people: 18, visitedUp: { level: 'county', times: 2 } },
        sides: [{ kind: 'group', description: '原镇办企业改制职工（约18人）' }],
        department: '县人社局',
      },
    },
    [
      on(-28, accepted),
      assigned(-28, '镇社会事务办', '镇长', 'county', 60),
      [
        -2,
        'extension.approved',
        {
          days: 30,
          approvedBy: '县信访局局长',
          reason: '需调取二十年前改制档案，县档案馆查档中',
          noticeGivenAt: at(-2),
        },
      ],
    ],
  );
  // 9 — answered, then a 复查 requested within 30 days
  await dispute(
    {
      days: -26,
      data: {
        title: '【演练】道路施工噪音补偿诉求',
        summary: '沿线居民要求夜间施工噪音补偿',
        source: 'online',
        category: 'construction',
        facts: { people: 15, households: 15 },
        sides: [
          { kind: 'group', description: '镇区沿街居民（约15户）' },
          { kind: 'organisation', description: '某市政工程公司' },
        ],
      },
    },
    [
      on(-25, accepted),
      [
        -12,
        'answer.issued',
        {
          answerId: 'noise-1',
          decision: 'not_support',
          request: '按户补偿噪音损失',
          facts: '施工已取得夜间施工许可，噪音监测未超标',
          reasons: '不属于应予补偿情形',
          legalBasis: '《环境噪声污染防治法》相关规定',
        },
      ],
      [-6, 'review.requested', { kind: 'recheck', request: '请求复查噪音监测数据' }],
    ],
  );
  // 10 — settled (销号): resolved, its promise kept
  await dispute(
    {
      days: -27,
      data: {
        title: '【演练】农资质量纠纷',
        summary: '种子发芽率低，农户要求赔偿',
        source: 'phone',
        category: 'consumer',
        facts: { people: 9, households: 9, amount: 12000 },
        sides: [
          { kind: 'group', description: '中心村部分种植户（9户）' },
          { kind: 'organisation', description: '某农资经营部' },
        ],
      },
    },
    [
      on(-26, accepted),
      [
        -20,
        'commitment.made',
        { commitmentId: 'seed-pay', text: '经营部赔偿每户1300元', owner: '某农资经营部', dueAt: at(-10) },
      ],
      [-12, 'commitment.fulfilled', { commitmentId: 'seed-pay', evidence: '已现场支付，有签收单' }],
      [-11, 'dispute.resolved', { summary: '赔偿到位' }],
      [-4, 'visit.made', { method: 'phone', summary: '电话回访', evaluation: 'basically_satisfied' }],
      [-3, 'dispute.settled', { note: '承诺已兑现，回访基本满意，销号' }],
    ],
  );
  // 11 — assigned to a village, mediation by the village committee pending
  await dispute(
    {
      days: -3,
      data: {
        title: '【演练】赡养纠纷',
        summary: '老人子女对赡养费分担有分歧',
        source: 'visit',
        category: 'family',
        facts: { people: 5 },
        sides: [{ kind: 'group', description: '中心村一户家庭成员' }],
      },
    },
    [on(-3, accepted), assigned(-3, '中心村人民调解委员会', '村党支部书记', 'village', 7)],
  );
  // 12 — traffic accident compensation, registered and accepted
  await dispute(
    {
      days: -2,
      data: {
        title: '【演练】交通事故赔偿纠纷',
        summary: '电动车与货车相撞，赔偿金额有争议',
        source: 'referral',
        category: 'traffic',
        facts: { people: 4, amount: 80000 },
        sides: [
          { kind: 'group', description: '受伤电动车驾驶人家属' },
          { kind: 'organisation', description: '某物流公司' },
        ],
        department: '县公安局交警大队',
      },
    },
    [on(-2, accepted)],
  );
  return { disputes, wages, rounds: [found, zero] };
}
