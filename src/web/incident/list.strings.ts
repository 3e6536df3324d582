import type { Strings } from '../app/strings.types.ts';

/** The strings of the incident list. Chinese first. */
export const zh = {
  list: {
    title: '事件列表',
    search: '标题、事发地或编号',
    status: '状态',
    level: '级别',
    jurisdiction: '辖区',
    days: '接报日期',
    exercise: '演练',
    exercises: { all: '全部', real: '不含演练', only: '只看演练' },
    none: '没有符合条件的事件',
    reported: '接报',
    place: '事发地',
    people: '人数',
    count: '共 {{n}} 起（最多显示 500 起）',
    anyLevel: '任意级别',
    noLevel: '未定级',
  },
};

/** The same in English: every key of the Chinese, and no other. */
export const en: Strings<typeof zh> = {
  list: {
    title: 'Incidents',
    search: 'Title, place or code',
    status: 'Status',
    level: 'Level',
    jurisdiction: 'Jurisdiction',
    days: 'Reported',
    exercise: 'Exercise',
    exercises: { all: 'All', real: 'No exercises', only: 'Exercises only' },
    none: 'No incident matches',
    reported: 'Reported',
    place: 'Place',
    people: 'People',
    count: '{{n}} incidents (at most 500 shown)',
    anyLevel: 'Any level',
    noLevel: 'No level yet',
  },
};
