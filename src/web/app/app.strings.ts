import type { Strings } from './strings.types.ts';

/** The strings of the application shell and those every screen shares: statuses, duty clocks, roles, unsent intents. Chinese first. */
export const zh = {
  app: {
    name: '化解',
    recordersOnly:
      '报告事件和登记矛盾纠纷由值班员、记录员、指挥员和管理员进行；您的角色可以查阅、审核和处理问责意见。',
    tagline: '应急预案执行系统',
    logout: '退出',
    language: 'English',
  },
  nav: {
    board: '值班台',
    incidents: '事件',
    roster: '值班',
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
    commitment: '承诺：{{text}}',
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
    codes: {
      unauthorized: '登录已失效，请重新登录。',
      csrf: '登录状态已更新，请重新提交。',
      forbidden: '您的角色或辖区不能进行这项操作。',
      not_found: '找不到这条记录，或它不在您的辖区内。',
      concurrency_conflict: '这条记录刚被别人更新过，请刷新后再提交。',
      closed: '事件已结案：只能记录仍未了结的事项（答复、承诺、善后任务）、记录、更正和总结。',
      settled: '已销号：只能更正和补充总结。',
      not_closed: '须先结案。',
      still_owed: '还有未答复的诉求或未兑现的承诺，暂不能销号。',
      already_acknowledged: '已经有人签收了。',
      rate_limited: '操作太频繁，请稍后再试。',
      unavailable: '数据库暂时不可用，请稍后再试；同一次提交重发不会重复记录。',
      integrity: '这件案卷的完整性校验未通过，在审计人员查看之前不能再记录。',
      internal: '服务器出错了，已记入日志。',
    },
    status: {
      '400': '填写的内容有误，请按提示修改。',
      '401': '登录已失效，请重新登录。',
      '403': '您没有权限进行这项操作。',
      '404': '找不到这条记录。',
      '409': '与当前状态冲突，请刷新后再试。',
      '413': '内容太大。',
      '422': '预案规则不允许这样做。',
      '423': '案卷完整性校验未通过，暂停记录。',
      '429': '操作太频繁，请稍后再试。',
      '500': '服务器出错了，已记入日志。',
      '503': '服务暂时不可用，请稍后再试。',
    },
  },
};

/** The same in English: every key of the Chinese, and no other. */
export const en: Strings<typeof zh> = {
  app: {
    name: 'Huajie',
    recordersOnly:
      'Incidents are reported and disputes registered by duty officers, recorders, commanders and admins; your role reads, reviews and disposes of findings.',
    tagline: 'Executable emergency response plans',
    logout: 'Log out',
    language: '中文',
  },
  nav: {
    board: 'Duty board',
    incidents: 'Incidents',
    roster: 'Roster',
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
    commitment: 'Commitment: {{text}}',
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
    codes: {
      unauthorized: 'Your session has ended: log in again.',
      csrf: 'Your session was renewed: send it again.',
      forbidden: 'Your role or jurisdiction may not do this.',
      not_found: 'Not found, or not in your jurisdiction.',
      concurrency_conflict: 'Someone has just changed this: reload and send it again.',
      closed:
        'The incident is closed: only what is still owed (answers, commitments, aftermath tasks), notes, corrections and the review may be recorded.',
      settled: 'Settled: only corrections and the review may be added.',
      not_closed: 'Close it first.',
      still_owed: 'Demands are unanswered or commitments unkept: it cannot be settled yet.',
      already_acknowledged: 'Someone has taken it in hand already.',
      rate_limited: 'Too many requests: try again shortly.',
      unavailable:
        'The database is unavailable: try again shortly; sending the same again never records it twice.',
      integrity:
        'This case failed its integrity check: nothing more is recorded until an auditor has looked.',
      internal: 'The server failed; it has been logged.',
    },
    status: {
      '400': 'Something in the form is wrong: see each field.',
      '401': 'Your session has ended: log in again.',
      '403': 'You may not do this.',
      '404': 'Not found.',
      '409': 'It conflicts with the present state: reload and try again.',
      '413': 'Too large.',
      '422': 'The plan’s rules do not allow it.',
      '423': 'The case failed its integrity check: recording is paused.',
      '429': 'Too many requests: try again shortly.',
      '500': 'The server failed; it has been logged.',
      '503': 'The service is unavailable: try again shortly.',
    },
  },
};
