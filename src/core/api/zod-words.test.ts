import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import './zod-words.ts';

const messages = (schema: z.ZodType, value: unknown) =>
  (schema.safeParse(value).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('what a refused field says', () => {
  it('says it in Chinese first, the English after it', () => {
    const s = z
      .object({
        title: z.string().max(5),
        summary: z.string().trim().min(1),
        people: z.number().int().min(0),
        kind: z.enum(['road', 'office']),
        at: z.iso.datetime({ offset: true }),
      })
      .strict();
    expect(
      messages(s, {
        title: '太长的标题文字',
        summary: '  ',
        people: -5,
        kind: 'river',
        at: 'today',
        extra: 1,
      }),
    ).toEqual([
      'title: 不能超过 5 个字 (at most 5 characters)',
      'summary: 不能为空 (must not be empty)',
      'people: 不能小于 0 (at least 0)',
      'kind: 只能是其中之一：road、office (one of road, office)',
      'at: 格式不对，应为带时区的日期时间 (expected datetime)',
      ': 不认识的字段：extra (unknown field: extra)',
    ]);
    expect(messages(s, {})[0]).toBe('title: 必填 (required)');
  });

  it('keeps the words a schema gives itself', () => {
    expect(messages(z.string().min(1, '处理意见须写明理由 (a disposition needs its reason)'), '')).toEqual([
      ': 处理意见须写明理由 (a disposition needs its reason)',
    ]);
  });
});
