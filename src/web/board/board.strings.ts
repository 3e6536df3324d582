import type { Strings } from '../app/strings.types.ts';

/** The strings of the duty board (值班台) and of overdue clocks. Chinese first. */
export const zh = {
  board: {
    title: '值班台',
    live: '处置中的事件',
    none: '辖区内没有处置中的事件',
    escalations: '上报到本级的事件',
    noEscalations: '没有新的上报',
    elapsed: '已 {{d}}',
    openDuties: '未完成职责',
    overdue: '已超时',
    exercise: '演练',
    dueIn: '{{d}} 后到期',
    overdueBy: '已超时 {{d}}',
    notify: '开启桌面通知',
    soundOn: '开启声音提醒',
    soundOff: '关闭声音提醒',
  },
  overdue: {
    title: '逾期',
    none: '没有逾期事项',
    commitment: '承诺',
    kinds: {
      incident: '事件',
      dispute: '纠纷',
      screening: '排查',
    },
  },
};

/** The same in English: every key of the Chinese, and no other. */
export const en: Strings<typeof zh> = {
  board: {
    title: 'Duty board',
    live: 'Live incidents',
    none: 'No live incidents in your jurisdiction',
    escalations: 'Escalated to this level',
    noEscalations: 'No new escalations',
    elapsed: '{{d}} ago',
    openDuties: 'Open duties',
    overdue: 'Overdue',
    exercise: 'Exercise',
    dueIn: 'due in {{d}}',
    overdueBy: 'overdue by {{d}}',
    notify: 'Allow desktop notifications',
    soundOn: 'Sound on',
    soundOff: 'Sound off',
  },
  overdue: {
    title: 'Overdue',
    none: 'Nothing overdue',
    commitment: 'Commitment',
    kinds: {
      incident: 'Incident',
      dispute: 'Dispute',
      screening: 'Screening',
    },
  },
};
