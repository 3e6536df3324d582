import type { z } from 'zod';
import { DisputeEventData } from '../../core/dispute/dispute.events.ts';
import { EventData } from '../../core/incident/incident.events.ts';
import { ScreeningEventData } from '../../core/screening/screening.events.ts';
import { zh as zhAll } from '../../web/app/strings.ts';

/**
 * docs/events.md, written from the zod catalogues (`npm run events:doc`): every event type of
 * every kind of case, with its Chinese name as the interface shows it and each field — its
 * path, type, whether it is required, its values. A test fails when the file is not what the
 * catalogues say.
 */

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  entries?: Record<string, string>;
  values?: unknown[];
  element?: z.ZodType;
  options?: z.ZodType[];
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  format?: string;
}
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

interface Row {
  path: string;
  type: string;
  required: boolean;
}

/** The schema under its wrappers, and whether one of them made it optional. */
function unwrap(s: z.ZodType): { inner: z.ZodType; optional: boolean } {
  let cur = s;
  let optional = false;
  for (let i = 0; i < 10; i++) {
    const d = defOf(cur);
    if (d.type === 'optional' || d.type === 'default' || d.type === 'prefault') optional = true;
    if (d.innerType) cur = d.innerType;
    else if (d.type === 'pipe' && d.in) cur = d.in;
    else break;
  }
  return { inner: cur, optional };
}

function typeOf(s: z.ZodType): string {
  const d = defOf(unwrap(s).inner);
  switch (d.type) {
    case 'enum':
      return Object.values(d.entries ?? {}).join(' · ');
    case 'literal':
      return (d.values ?? []).map(String).join(' · ');
    case 'array':
      return d.element ? `list of ${typeOf(d.element)}` : 'list';
    case 'object':
      return 'object';
    case 'record':
      return `map of ${d.valueType ? typeOf(d.valueType) : 'values'}`;
    case 'union':
      return (d.options ?? []).map(typeOf).join(' or ');
    case 'string':
      return d.format === 'datetime'
        ? 'date-time (ISO-8601, with offset)'
        : d.format === 'date'
          ? 'date'
          : 'text';
    default:
      return d.type;
  }
}

function rows(schema: z.ZodType, prefix = ''): Row[] {
  const d = defOf(unwrap(schema).inner);
  const out: Row[] = [];
  for (const [key, field] of Object.entries(d.shape ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    const { inner, optional } = unwrap(field);
    out.push({ path, type: typeOf(field), required: !optional });
    const kind = defOf(inner).type;
    if (kind === 'object') out.push(...rows(inner, path));
    if (kind === 'array') {
      const el = defOf(inner).element;
      if (el && defOf(unwrap(el).inner).type === 'object') out.push(...rows(unwrap(el).inner, `${path}[]`));
    }
  }
  return out;
}

const escaped = (s: string) => s.replaceAll('|', '\\|');

function section(title: string, catalogue: Record<string, unknown>, names: Record<string, string>): string {
  const parts = [`## ${title}`, ''];
  for (const [type, schema] of Object.entries(catalogue)) {
    parts.push(`### \`${type}\`${names[type] ? ` · ${names[type]}` : ''}`, '');
    const r = rows(schema as z.ZodType);
    if (r.length === 0) parts.push('no data', '');
    else
      parts.push(
        '| field | type | required |',
        '|---|---|---|',
        ...r.map((x) => `| \`${x.path}\` | ${escaped(x.type)} | ${x.required ? 'yes' : ''} |`),
        '',
      );
  }
  return parts.join('\n');
}

export function eventsDoc(): string {
  const de = zhAll.de as Record<string, string>;
  const ev = zhAll.events as Record<string, string>;
  return [
    '# Event catalogues · 事件目录',
    '',
    '<!-- written by `npm run events:doc` from the zod catalogues; do not edit by hand -->',
    '',
    'Every event type of every kind of case, with the name the interface shows and the fields of',
    "its data: their paths (as a plan's `data:` condition names them), types, and whether they are",
    'required. The rules each type is held to are in [event-log.md](event-log.md); how plans use',
    'the types and paths, in [plan-format.md](plan-format.md).',
    '',
    section('Incidents · 事件 (src/core/incident/incident.events.ts)', EventData, ev),
    section('Disputes · 矛盾纠纷 (src/core/dispute/dispute.events.ts)', DisputeEventData, de),
    section('Screening registers · 排查 (src/core/screening/screening.events.ts)', ScreeningEventData, de),
  ].join('\n');
}
