import type { Strings } from '../app/strings.types.ts';

/** The strings of drills (演练) and their runs. Chinese first. */
export const zh = {
  drills: {
    title: '演练',
    compose: '自拟情景…',
    problems: '情景有 {{n}} 处问题，未运行',
    help: '情景是按时间排列的事件，在模拟时钟上运行，由预案的同一套规则得出级别、职责时限和复盘。可直接修改后运行。',
    run: '运行演练',
    review: '复盘：{{scenario}}',
    passed: '与预期一致',
    differed: '有 {{n}} 处与预期不符',
    started: '开始',
    status: '结果',
    escalations: '超时上报',
    findings: '发现的问题',
  },
  drillRuns: {
    title: '演练记录',
    none: '还没有人用此预案演练过',
    at: '时间',
    by: '演练人',
    scenario: '情景',
    composed: '（自拟）',
    duties: '职责',
    counts: '按时 {{met}} · 迟 {{late}} · 超时 {{missed}}',
    result: '结果',
    noExpect: '未设预期',
    kept: '本次演练已记入演练记录',
  },
};

/** The same in English: every key of the Chinese, and no other. */
export const en: Strings<typeof zh> = {
  drills: {
    title: 'Drills',
    compose: 'Compose a scenario…',
    problems: 'The scenario has {{n}} problem(s); it did not run',
    help: 'A scenario is a list of timed events run on a simulated clock; the plan’s own rules give the level, the duty clocks and the review. Edit it and run it.',
    run: 'Run the drill',
    review: 'Review: {{scenario}}',
    passed: 'As expected',
    differed: '{{n}} difference(s) from what was expected',
    started: 'Started',
    status: 'Result',
    escalations: 'Escalations',
    findings: 'Findings',
  },
  drillRuns: {
    title: 'Drill runs',
    none: 'No drill has been run on this plan yet',
    at: 'When',
    by: 'Run by',
    scenario: 'Scenario',
    composed: '(composed)',
    duties: 'Duties',
    counts: 'on time {{met}} · late {{late}} · missed {{missed}}',
    result: 'Result',
    noExpect: 'No expectations',
    kept: 'This run is kept in the drill runs',
  },
};
