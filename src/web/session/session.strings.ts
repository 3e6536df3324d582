import type { Strings } from '../app/strings.types.ts';

/** The strings of the login page. Chinese first. */
export const zh = {
  login: {
    title: '登录',
    username: '用户名',
    password: '密码',
    submit: '登录',
    failed: '用户名或密码错误',
    locked: '登录失败次数过多，已暂时锁定：请 {{minutes}} 分钟后再试，或请管理员解除锁定',
    expired: '登录已失效',
    expiredNote:
      '为了安全，登录已失效（可能在其他窗口退出了）。重新登录后，刚才填写的内容会照原样提交，页面不会刷新。',
    cancel: '暂不登录',
  },
};

/** The same in English: every key of the Chinese, and no other. */
export const en: Strings<typeof zh> = {
  login: {
    title: 'Log in',
    username: 'Username',
    password: 'Password',
    submit: 'Log in',
    failed: 'The username or the password is wrong',
    locked:
      'Too many failed logins: locked for now. Try again in {{minutes}} min, or ask an admin to lift the lock',
    expired: 'Your session has ended',
    expiredNote:
      'Your session has ended (perhaps you logged out in another window). Log in again and what you just filled in is sent as it is; the page stays.',
    cancel: 'Not now',
  },
};
