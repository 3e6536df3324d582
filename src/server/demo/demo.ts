import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import type { Role } from '../../core/accounts/accounts.ts';
import type { Actor } from '../../core/incident/incident.decider.ts';
import { addJurisdiction, addUser, generatePassword } from '../accounts/accounts.repo.ts';
import { commandDispute } from '../dispute/dispute.handler.ts';
import { commandIncident, type IncidentDeps, reportIncident } from '../incident/incident.handler.ts';
import type { WritePath } from '../write-path.ts';
import { type DemoLedger, seedLedger } from './demo.ledger.ts';
import { recordedAt } from './replay.ts';

/**
 * Demo data for a first start on an empty database: a small jurisdiction tree running the
 * seed plans, one account per role, two exercise incidents — one closed with its whole record,
 * one live with its clocks running, flared from a dispute — and the town's exercise ledger of
 * disputes and screening rounds (demo.ledger.ts). Exercises never count in real figures.
 */
const TREE = [
  { code: 'demo-city', name: '示范市', level: 'city', plan: 'city-police-2025' },
  {
    code: 'demo-county',
    name: '示范县',
    level: 'county',
    parent: 'demo-city',
    plan: 'county-collective-visit',
  },
  { code: 'demo-town', name: '示范镇', level: 'town', parent: 'demo-county', plan: 'town-mass-incident' },
  { code: 'demo-shangan', name: '上安镇', level: 'town', parent: 'demo-county', plan: 'shangan-town' },
  { code: 'demo-hedong', name: '河东村', level: 'village', parent: 'demo-town', plan: 'zhongxin-village' },
  {
    code: 'demo-zhongxin',
    name: '中心村',
    level: 'village',
    parent: 'demo-shangan',
    plan: 'zhongxin-village',
  },
];

const ACCOUNTS: { username: string; name: string; role: Role; jurisdiction: string }[] = [
  { username: 'admin', name: '系统管理员', role: 'admin', jurisdiction: 'demo-county' },
  { username: 'commander', name: '示范镇镇长（指挥长）', role: 'commander', jurisdiction: 'demo-town' },
  { username: 'officer', name: '示范镇值班员', role: 'officer', jurisdiction: 'demo-town' },
  { username: 'recorder', name: '示范镇记录员', role: 'recorder', jurisdiction: 'demo-town' },
  { username: 'leader', name: '示范县分管领导', role: 'leader', jurisdiction: 'demo-county' },
  { username: 'auditor', name: '示范县审计员', role: 'auditor', jurisdiction: 'demo-county' },
];

export interface DemoResult {
  credentialsFile: string;
  credentials: { username: string; role: Role; jurisdiction: string; password: string }[];
  incidents: string[];
  ledger: DemoLedger;
}

/** Seed the demo if the database has no jurisdiction yet; null when it already had data. */
export async function seedDemoIfEmpty(deps: WritePath, dataDir: string): Promise<DemoResult | null> {
  const any = await deps.store.db.selectFrom('jurisdictions').select('code').limit(1).executeTakeFirst();
  if (any) return null;
  for (const j of TREE) await addJurisdiction(deps.store, deps.clock, j);
  const credentials: DemoResult['credentials'] = [];
  const ids = new Map<string, string>();
  for (const a of ACCOUNTS) {
    const password = generatePassword();
    const u = await addUser(deps.store, deps.clock, {
      username: a.username,
      displayName: a.name,
      password,
      role: a.role,
      jurisdiction: a.jurisdiction,
    });
    ids.set(a.username, u.id);
    credentials.push({ username: a.username, role: a.role, jurisdiction: a.jurisdiction, password });
  }
  const credentialsFile = join(dataDir, 'demo-credentials.txt');
  writeFileSync(
    credentialsFile,
    `# 化解 Huajie demo accounts (exercise data) — keep private\n${credentials.map((c) => `${c.username}\t${c.role}\t${c.jurisdiction}\t${c.password}`).join('\n')}\n`,
    { mode: 0o600 },
  );
  const actor = (username: string): Actor => ({
    id: ids.get(username) ?? username,
    role: ACCOUNTS.find((a) => a.username === username)?.role ?? 'officer',
  });
  const closed = await closedExercise(deps, actor);
  const ledger = await seedLedger(deps, actor);
  const live = await liveExercise(deps, actor, ledger.wages);
  return { credentialsFile, credentials, incidents: [closed, live], ledger };
}

async function closedExercise(deps: IncidentDeps, actor: (u: string) => Actor): Promise<string> {
  const now = deps.clock.now().getTime();
  const t0 = now - 2 * 24 * 3600_000; // two days ago
  const at = (min: number) => new Date(t0 + min * 60_000).toISOString();
  // case ids are made per installation, like every other: none is the same on two installs
  const caseId = uuidv7();
  await recordedAt(deps, at(0), () =>
    reportIncident(deps, caseId, 'town-mass-incident', {
      id: uuidv7(),
      type: 'incident.reported',
      actor: actor('officer'),
      occurredAt: at(0),
      data: {
        title: '【演练】60名村民堵塞县道，反映征地补偿款未发放',
        location: { text: '县道X201与河东村道交叉口' },
        startedAt: at(-5),
        source: '河东村委会电话',
        summary: '约60名村民在县道聚集，车辆无法通行。',
        facts: { participants: 60, onlookers: 20, blocking: ['transport_hub'], form: 'blockade' },
        jurisdiction: 'demo-town',
        exercise: true,
      },
    }),
  );
  const steps: [number, string, string, Record<string, unknown>][] = [
    [
      12,
      'officer',
      'sitrep.submitted',
      {
        to: { level: 'town' },
        kind: 'initial',
        fields: {
          time: '堵路开始于接报前5分钟',
          place: '县道X201',
          participants: 60,
          onlookers: 20,
          cause: '征地补偿款逾期未发放',
        },
      },
    ],
    [
      6,
      'commander',
      'log.entry',
      { text: '分管领导已电话报告镇党委书记', kind: 'communication', marker: 'told-secretary' },
    ],
    [
      8,
      'commander',
      'log.entry',
      { text: '分管领导已电话报告镇长', kind: 'communication', marker: 'told-mayor' },
    ],
    [
      14,
      'officer',
      'sitrep.submitted',
      { to: { level: 'county' }, kind: 'initial', fields: { participants: 60, trend: '人数稳定，情绪激动' } },
    ],
    [
      15,
      'officer',
      'log.entry',
      { text: '党政办已将村里的报告转报分管领导', kind: 'communication', marker: 'told-leader-in-charge' },
    ],
    [
      25,
      'officer',
      'task.completed',
      { taskId: 'village-cadre-on-scene', result: '包村干部和村组负责人已到场' },
    ],
    [
      38,
      'commander',
      'task.completed',
      { taskId: 'temporary-command', result: '临时应急处置机构设立，分管领导任组长' },
    ],
    // four minutes past the plan's 30: the record shows the miss, its escalation and the late arrival
    [34, 'commander', 'arrival.recorded', { position: 'principal', note: '镇长到达现场（途中堵车）' }],
    [
      30,
      'commander',
      'measure.authorized',
      {
        measureId: 'traffic-1',
        kind: '交通管制（绕行疏导）',
        legalBasis: '《道路交通安全法》第三十九条',
        authorizedBy: '县公安局交警大队指挥员',
        scope: '县道X201两端500米，引导车辆绕行',
        recording: true,
      },
    ],
    [
      35,
      'officer',
      'demand.registered',
      { demandId: 'comp-1', text: '尽快发放2025年征地补偿款', people: 60, department: '镇财政所' },
    ],
    [
      40,
      'commander',
      'dialogue.held',
      { representatives: 5, with: '镇长、财政所所长', summary: '听取5名代表意见，核对补偿名册' },
    ],
    [
      45,
      'commander',
      'task.completed',
      { taskId: 'convene-command-post', result: '现场指挥部成立，镇长任指挥长' },
    ],
    [
      55,
      'commander',
      'demand.assessed',
      { demandId: 'comp-1', assessment: 'reasonable', basis: '补偿款已到镇账户，因手续未完成拖延' },
    ],
    [
      60,
      'commander',
      'commitment.made',
      {
        commitmentId: 'pay-1',
        demandId: 'comp-1',
        text: '7日内将补偿款发放到户',
        owner: '镇财政所',
        dueAt: new Date(t0 + 7 * 24 * 3600_000).toISOString(),
      },
    ],
    [
      65,
      'commander',
      'statement.published',
      {
        statementId: 's1',
        channel: '镇政府公众号',
        text: '【演练】县道X201因群众反映补偿款问题短时拥堵，镇政府已到场处置并承诺7日内发放，现已恢复通行。',
      },
    ],
    [
      70,
      'commander',
      'task.completed',
      { taskId: 'first-statement', result: '首条权威信息经镇党委、政府审批后于镇政府公众号发布' },
    ],
    [
      75,
      'officer',
      'sitrep.submitted',
      { to: { level: 'county' }, kind: 'update', fields: { participants: 20, trend: '大部分群众已散去' } },
    ],
    [80, 'commander', 'measure.ended', { measureId: 'traffic-1', outcome: '道路恢复通行，管制解除' }],
    [85, 'officer', 'incident.stabilized', { note: '群众已散去，交通恢复' }],
    [240, 'commander', 'incident.closed', { summary: '诉求已登记并答复，承诺7日内发放补偿款' }],
    [
      300,
      'commander',
      'review.submitted',
      {
        text: '【演练总结】村里12分钟上报、县里14分钟获报、书记和镇长8分钟内获报，均在预案时限内；镇长34分钟到场，超出30分钟时限4分钟，系统已按预案上报县里。补偿款拖延是起因，建议财政所建立到账即发的台账；主要负责人到场路线应预先规划。',
      },
    ],
  ];
  // each step recorded when it happened, as it would have been on the day
  for (const [min, who, type, data] of steps) {
    await recordedAt(deps, at(min), () =>
      commandIncident(deps, caseId, { id: uuidv7(), type, data, actor: actor(who), occurredAt: at(min) }),
    );
  }
  return caseId;
}

/** The live exercise: the workers of the 欠薪 dispute at the town hall, reported from it and linked both ways. */
async function liveExercise(
  deps: WritePath,
  actor: (u: string) => Actor,
  fromDispute: string,
): Promise<string> {
  const now = deps.clock.now().getTime();
  const caseId = uuidv7();
  await reportIncident(deps, caseId, 'town-mass-incident', {
    id: uuidv7(),
    type: 'incident.reported',
    actor: actor('officer'),
    occurredAt: new Date(now - 8 * 60_000).toISOString(),
    data: {
      title: '【演练】25名工人在镇政府门口聚集讨薪',
      location: { text: '示范镇政府东门' },
      startedAt: new Date(now - 15 * 60_000).toISOString(),
      source: '镇政府门卫',
      facts: { participants: 25, form: 'gathering' },
      jurisdiction: 'demo-town',
      exercise: true,
      fromDispute,
    },
  });
  await commandDispute(deps.disputes, fromDispute, {
    id: uuidv7(),
    type: 'incident.linked',
    data: { incidentId: caseId },
    actor: actor('officer'),
  });
  return caseId;
}
