import type { Strings } from '../app/strings.types.ts';

/** The strings of the notices for the person on duty (值班提醒). Chinese first. */
export const zh = {
  notices: {
    title: '值班提醒',
    open: '值班提醒（{{count}} 条未读）',
    none: '没有值班提醒。您值班时，本级的超时预警和上报会在这里提醒您。',
    readAll: '全部标为已读',
    unread: '未读',
  },
};

/** The same in English: every key of the Chinese, and no other. */
export const en: Strings<typeof zh> = {
  notices: {
    title: 'Duty notices',
    open: 'Duty notices ({{count}} unread)',
    none: 'No notices. While you are on duty, the warnings and escalations of your level are shown here.',
    readAll: 'Mark all as read',
    unread: 'Unread',
  },
};
