import type { Strings } from './strings.types.ts';

/** The strings of the application shell and those every screen shares: statuses, duty clocks, roles, unsent intents. Chinese first. */
export const zh = {
  app: {
    name: '化解',
    tagline: '应急预案执行系统',
    logout: '退出',
    language: 'English',
  },
  nav: {
    board: '值班台',
    report: '报告事件',
    disputes: '台账',
    screening: '排查',
    plans: '预案库',
    drills: '演练',
    audit: '审计',
    findings: '问责',
    figures: '统计',
  },
  level: {
    none: '未定级',
  },
  status: {
    open: '处置中',
    stabilized: '已平息',
    closed: '已结案',
    settled: '已销号',
  },
  duty: {
    open: '进行中',
    met: '已完成',
    missed: '超时',
    due: '时限',
    late: '迟 {{d}}',
  },
  roles: {
    admin: '管理员',
    commander: '指挥员',
    officer: '值班员',
    recorder: '记录员',
    leader: '领导',
    auditor: '审计员',
  },
  intent: {
    unsent: '上次提交没有收到确认，可能已经记录。再次提交不会重复记录。',
    noAnswer: '没有收到服务器的答复，可能已经记录。再次提交不会重复记录。',
    discard: '放弃这次提交',
    editNotRecorded: '这条记录此前已经送达，记录的是最初提交的内容；之后的修改没有记录，请补充或更正。',
    pending: '未确认',
  },
  errors: {
    generic: '出错了',
    offline: '无法连接服务器',
  },
};

/** The same in English: every key of the Chinese, and no other. */
export const en: Strings<typeof zh> = {
  app: {
    name: 'Huajie',
    tagline: 'Executable emergency response plans',
    logout: 'Log out',
    language: '中文',
  },
  nav: {
    board: 'Duty board',
    report: 'Report',
    disputes: 'Ledger',
    screening: 'Screening',
    plans: 'Plans',
    drills: 'Drills',
    audit: 'Audit',
    findings: 'Findings',
    figures: 'Figures',
  },
  level: {
    none: 'No level',
  },
  status: {
    open: 'Open',
    stabilized: 'Stabilized',
    closed: 'Closed',
    settled: 'Settled',
  },
  duty: {
    open: 'Running',
    met: 'Met',
    missed: 'Missed',
    due: 'Due',
    late: '{{d}} late',
  },
  roles: {
    admin: 'admin',
    commander: 'commander',
    officer: 'duty officer',
    recorder: 'recorder',
    leader: 'leader',
    auditor: 'auditor',
  },
  intent: {
    unsent:
      'The last submission was not confirmed and may already be recorded. Submitting again never records it twice.',
    noAnswer:
      'No answer came from the server: it may be recorded already. Submitting again never records it twice.',
    discard: 'Discard it',
    editNotRecorded:
      'This had already arrived and was recorded as first sent; the later changes were not recorded: add or correct them.',
    pending: 'Not confirmed',
  },
  errors: {
    generic: 'Something went wrong',
    offline: 'The server cannot be reached',
  },
};
