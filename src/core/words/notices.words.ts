import type { Strings } from './strings.types.ts';

/**
 * What the notifications say (server/notifications): to the groups' robots, and to the person on
 * duty in the app. Times are Beijing wall time (`beijing`).
 */
export const zh = {
  notice: {
    tags: { incident: '新事件', warning: '即将超时', missed: '职责超时', escalation: '上报', test: '测试' },
    headline: '【{{tag}}】{{what}}',
    exercise: '【演练】{{headline}}',
    where: '{{place}} · 级别 {{level}}',
    unleveled: '未定级',
    reported: '接报时间 {{at, clock}}',
    warning: '责任方 {{owner}}，须在 {{due, clock}} 前完成',
    missed: '时限 {{due, clock}} 已过，未完成；按预案上报 {{target}}（{{to}}）',
    missedReason: '职责超时：{{duty}}',
    onDuty: '值班：{{name}}（至 {{until, clock}}）',
    mention: '值班',
    commitment: '兑现承诺：{{text}}',
    screeningRound: '{{title}}（{{period}}）',
    disputeTitle: '【矛盾纠纷】{{title}}',
    screeningTitle: '{{place}}矛盾纠纷排查',
    open: '查看',
    testTitle: '【测试】化解 Huajie → {{name}}',
    testText: '{{name}} 的通知已接通',
  },
  levels: {
    village: '村（社区）',
    town: '镇',
    county: '县',
    city: '市',
    province: '省',
    unit: '单位',
    national: '国家信访局',
  },
};

/** The levels of the jurisdiction tree and the bodies above it, as plans escalate to them. */
export const LEVELS = zh.levels;
export type Level = keyof typeof LEVELS;

export const en: Strings<typeof zh> = {
  notice: {
    tags: {
      incident: 'New incident',
      warning: 'Due soon',
      missed: 'Duty missed',
      escalation: 'Escalated',
      test: 'Test',
    },
    headline: '[{{tag}}] {{what}}',
    exercise: '[Exercise] {{headline}}',
    where: '{{place}} · level {{level}}',
    unleveled: 'not graded',
    reported: 'Reported at {{at, clock}}',
    warning: 'Owner {{owner}}, due by {{due, clock}}',
    missed: 'Due at {{due, clock}}, not done; escalated by the plan to {{target}} ({{to}})',
    missedReason: 'Duty missed: {{duty}}',
    onDuty: 'On duty: {{name}} (until {{until, clock}})',
    mention: 'On duty',
    commitment: 'Keep the commitment: {{text}}',
    screeningRound: '{{title}} ({{period}})',
    disputeTitle: '[Dispute] {{title}}',
    screeningTitle: 'Dispute screening of {{place}}',
    open: 'Open',
    testTitle: '[Test] Huajie → {{name}}',
    testText: 'Notifications of {{name}} reach this group',
  },
  levels: {
    village: 'village (community)',
    town: 'town',
    county: 'county',
    city: 'city',
    province: 'province',
    unit: 'unit',
    national: 'National Public Complaints and Proposals Administration',
  },
};
