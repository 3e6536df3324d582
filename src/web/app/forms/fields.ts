import type { ParseKeys, TFunction } from 'i18next';
import type { Plan } from '../../../core/plan/plan.schema.ts';
import type { Section } from '../names.ts';
import type { Dictionary } from '../strings.ts';
import { dayjs, TZ } from '../time.ts';

/**
 * The forms of what is recorded on a case (an incident, a dispute), as data: `CaseForm` renders
 * one, the server's rules answer it. A field's name is a path in the event's data ('note',
 * 'facts.people'); its label is named in the form set's section of the dictionary.
 */

/** The section of the dictionary at a path ('df', 'd.tier'). */
type At<T, P extends string> = P extends `${infer H}.${infer R}`
  ? H extends keyof T
    ? At<T[H], R>
    : never
  : P extends keyof T
    ? T[P]
    : never;
/** The keys of the dictionary's section at a path: what a label or a value may be named by. */
export type KeysOf<P extends Section> = keyof At<Dictionary, P> & string;

/** The sections that name every one of the values `V` (an enum's). */
export type Naming<V extends string> = { [P in Section]: [V] extends [KeysOf<P>] ? P : never }[Section];

/** A choice among what the case or its plan holds (its demands, its agreements, the plan's groups). */
export type Choices<D> = (d: D, plan: Plan | undefined, t: TFunction) => { value: string; label: string }[];

interface Base {
  /** the path of the field in the event's data: 'note', 'facts.people' */
  name: string;
  /** its key in the form set's section of labels, when it is not the field's own last name */
  label?: string;
}

/** A field entered as it is kept: a line, a box, a number, a switch, a time, a day, one or several values. */
export type PlainField = Base &
  (
    | { kind: 'text' | 'textarea'; required?: boolean /** the most characters */; max?: number }
    | { kind: 'number'; required?: boolean; int?: boolean; min?: number; max?: number }
    | { kind: 'bool'; required?: boolean }
    /** a time, picked and shown as Beijing wall time */
    | { kind: 'datetime'; required?: boolean }
    /** a day: kept as the day (YYYY-MM-DD), or as its end in Beijing ('by the 20th') */
    | { kind: 'date'; required?: boolean; as: 'day' | 'dayEnd' }
    /** one of fixed values, named in the dictionary's `dict` section */
    | { kind: 'select'; options: readonly string[]; dict?: Section; required?: boolean }
    /** several of fixed values */
    | { kind: 'multi'; options: readonly string[]; dict: Section }
  );

export type ChoiceField<D> = Base & { kind: 'choice'; choices: Choices<D>; required?: boolean };

/** Items of the same fields, added one by one (an agreement's clauses). */
export type ListField<D> = Base & {
  kind: 'list';
  fields: Field<D>[];
  /** what each item is called, with its number ({{n}}), and the button that adds one */
  item: ParseKeys;
  add: ParseKeys;
  min: number;
  max: number;
};

export type Field<D = never> = PlainField | ChoiceField<D> | ListField<D>;

/** A form's values as kept with its intent and its draft (JSON): a time as Beijing wall time. */
export type Stored = Record<string, unknown>;

export interface CommandForm<D, T extends string = string> {
  /** the event it records: a type of core's catalogue */
  type: T;
  fields: Field<D>[];
  /**
   * the event's data from the form's values (times already instants, switches left off false)
   * and the intent's id; without it the values are the data
   */
  data?: (v: Stored, intentId: string) => Record<string, unknown>;
  /** the form's values for an event's data (a duty's one-tap action fills the form with them) */
  fromData?: (data: Record<string, unknown>) => Stored;
  /** what the form starts with on this case */
  initial?: (d: D) => Stored;
  /** values that are possible but unlikely, each a sentence asking to confirm it */
  implausible?: (v: Stored) => string[];
}

/** A kept wall time in Beijing, as an instant with its offset. */
export const beijingInstant = (v: unknown) =>
  typeof v === 'string' && v ? dayjs.tz(v, TZ).format() : undefined;

/** A kept day as its end in Beijing (24:00): what "by the 20th" means. */
export const beijingDayEnd = (v: unknown) =>
  typeof v === 'string' && v ? dayjs.tz(v.slice(0, 10), TZ).endOf('day').format() : undefined;

/**
 * A new item's id, made from the intent's: unique even when two officers record in the same
 * instant, and the same in every retry.
 */
export const itemId = (prefix: string, intentId: string) => `${prefix}-${intentId}`;

export const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The value at a field's path. */
export function getPath(v: unknown, path: string): unknown {
  let at = v;
  for (const k of path.split('.')) at = at && typeof at === 'object' ? (at as Stored)[k] : undefined;
  return at;
}

/** A copy of `v` with the value at a path replaced (the objects on the way made as needed). */
export function setPath(v: Stored, path: string, value: unknown): Stored {
  const [head = '', ...rest] = path.split('.');
  if (rest.length === 0) return { ...v, [head]: value };
  const inner = v[head] && typeof v[head] === 'object' ? (v[head] as Stored) : {};
  return { ...v, [head]: setPath(inner, rest.join('.'), value) };
}

/**
 * The event's data from a form's kept values: a time as the instant it is in Beijing, a day as
 * the schema keeps it, a switch the schema requires and no one touched as off.
 */
export function wire<D>(fields: Field<D>[], v: Stored): Stored {
  let out = v;
  for (const f of fields) {
    const x = getPath(v, f.name);
    if (f.kind === 'datetime' && x !== undefined) out = setPath(out, f.name, beijingInstant(x));
    if (f.kind === 'date' && x !== undefined)
      out = setPath(out, f.name, f.as === 'dayEnd' ? beijingDayEnd(x) : String(x).slice(0, 10));
    if (f.kind === 'bool' && f.required && x === undefined) out = setPath(out, f.name, false);
    if (f.kind === 'list' && Array.isArray(x))
      out = setPath(
        out,
        f.name,
        x.map((item) => wire(f.fields, (item ?? {}) as Stored)),
      );
  }
  return out;
}
