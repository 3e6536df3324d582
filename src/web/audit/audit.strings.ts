import type { Strings } from '../app/strings.types.ts';

/** The strings of the audit page (审计). Chinese first. */
export const zh = {
  audit: {
    title: '审计：校验记录链',
    run: '校验',
    ok: '{{n}} 起事件的记录完整无改动',
    broken: '{{n}} 起事件的记录有问题',
    noKey: '未能校验签名（无密钥）',
    incident: '事件',
    problems: '问题',
    kinds: {
      altered: '被改动',
      unlinked: '链断开',
      missing: '缺失',
      truncated: '被截断',
      beyond_head: '签名之后多出',
      head_missing: '签名缺失',
      head_forged: '签名伪造',
      head_without_events: '有签名无记录',
    },
  },
};

/** The same in English: every key of the Chinese, and no other. */
export const en: Strings<typeof zh> = {
  audit: {
    title: 'Audit: verify the record chains',
    run: 'Verify',
    ok: 'The records of {{n}} incidents are complete and unaltered',
    broken: 'The records of {{n}} incidents have problems',
    noKey: 'signatures not checked (no key)',
    incident: 'Incident',
    problems: 'Problems',
    kinds: {
      altered: 'altered',
      unlinked: 'unlinked',
      missing: 'missing',
      truncated: 'truncated',
      beyond_head: 'beyond the signed head',
      head_missing: 'head missing',
      head_forged: 'head forged',
      head_without_events: 'head without events',
    },
  },
};
