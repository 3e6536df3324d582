import { z } from 'zod';

/**
 * What a refused field says, in the words of the people who fill the forms: Chinese first, the
 * English after it in brackets ("不能超过 200 个字 (at most 200 characters)"), the way every
 * message of the server is written, so the interface shows the part in the user's language.
 * Installed once as zod's error map (`z.config`), under the messages a schema gives itself.
 */
const TYPE_NAMES: Record<string, string> = {
  string: '文字',
  number: '数字',
  int: '整数',
  boolean: '是或否',
  array: '列表',
  object: '一组字段',
  date: '日期',
};
const FORMAT_NAMES: Record<string, string> = {
  datetime: '带时区的日期时间',
  date: '日期（YYYY-MM-DD）',
  time: '时间',
  uuid: 'UUID',
  email: '电子邮箱',
  url: '网址',
  regex: '规定的格式',
};

type Issue = z.core.$ZodRawIssue;

/** The words for an issue, or undefined where zod's own say it as well. */
export function issueWords(iss: Issue): string | undefined {
  const i = iss as Issue & Record<string, unknown>;
  switch (i.code) {
    case 'invalid_type': {
      if (i.input === undefined) return '必填 (required)';
      const expected = String(i.expected);
      return `应为${TYPE_NAMES[expected] ?? expected} (expected ${expected})`;
    }
    case 'too_big': {
      const max = String(i.maximum);
      if (i.origin === 'string') return `不能超过 ${max} 个字 (at most ${max} characters)`;
      if (i.origin === 'array' || i.origin === 'set') return `最多 ${max} 项 (at most ${max} items)`;
      if (i.origin === 'number' || i.origin === 'int' || i.origin === 'bigint')
        return i.inclusive === false
          ? `须小于 ${max} (less than ${max})`
          : `不能大于 ${max} (at most ${max})`;
      return undefined;
    }
    case 'too_small': {
      const min = String(i.minimum);
      if (i.origin === 'string')
        return min === '1' ? '不能为空 (must not be empty)' : `至少 ${min} 个字 (at least ${min} characters)`;
      if (i.origin === 'array' || i.origin === 'set') return `至少 ${min} 项 (at least ${min} items)`;
      if (i.origin === 'number' || i.origin === 'int' || i.origin === 'bigint')
        return i.inclusive === false
          ? `须大于 ${min} (more than ${min})`
          : `不能小于 ${min} (at least ${min})`;
      return undefined;
    }
    case 'invalid_value': {
      const values = (i.values as unknown[] | undefined)?.map(String) ?? [];
      return `只能是其中之一：${values.join('、')} (one of ${values.join(', ')})`;
    }
    case 'unrecognized_keys': {
      const keys = (i.keys as string[] | undefined) ?? [];
      return `不认识的字段：${keys.join('、')} (unknown field${keys.length > 1 ? 's' : ''}: ${keys.join(', ')})`;
    }
    case 'invalid_format': {
      const format = String(i.format);
      return `格式不对，应为${FORMAT_NAMES[format] ?? format} (expected ${format})`;
    }
    case 'not_multiple_of':
      return `须为 ${String(i.divisor)} 的倍数 (a multiple of ${String(i.divisor)})`;
    case 'invalid_union':
      return '不符合任何一种允许的写法 (matches none of the allowed forms)';
    default:
      return undefined;
  }
}

z.config({ customError: issueWords });
