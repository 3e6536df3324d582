import type { ParseKeys } from 'i18next';
import { z } from 'zod';
import type { Section } from '../names.ts';
import type { ChoiceField, Choices, Field, KeysOf, ListField, Naming, PlainField } from './fields.ts';

/** The longest text that is a line (a name, a unit, a channel); a longer one gets a box. */
const LINE = 200;

/** A field's schema without optional and default around it. */
function inner(s: z.ZodType): z.ZodType {
  let at: z.ZodType = s;
  while (at instanceof z.ZodOptional || at instanceof z.ZodDefault) at = at.unwrap() as z.ZodType;
  return at;
}

type Shape<S> = S extends { shape: infer Sh } ? Sh : never;
/** A field's value as kept, without undefined. */
type ValueOf<S, N> = N extends keyof Shape<S> ? Exclude<z.output<Shape<S>[N] & z.ZodType>, undefined> : never;
/** The schema of a field that is itself an object, or of the items of a list. */
type Unwrapped<T> = T extends z.ZodOptional<infer I> | z.ZodDefault<infer I> ? Unwrapped<I> : T;
type ObjectNames<S> = {
  [K in keyof Shape<S> & string]: Unwrapped<Shape<S>[K]> extends { shape: unknown } ? K : never;
}[keyof Shape<S> & string];
type ListNames<S> = {
  [K in keyof Shape<S> & string]: Unwrapped<Shape<S>[K]> extends z.ZodArray<z.ZodObject> ? K : never;
}[keyof Shape<S> & string];
type ItemOf<S, N> = N extends keyof Shape<S>
  ? Unwrapped<Shape<S>[N]> extends z.ZodArray<infer I>
    ? I
    : never
  : never;

/** What a form may say of a field beyond its schema. */
interface Options<L extends string> {
  /** a line or a box, whatever the schema's length; a day for a time due by the end of it */
  kind?: 'text' | 'textarea' | 'date';
  /** its label's key, when it is not the field's own name (a clause's 履行方式, not a mediation's 方式) */
  label?: L;
  /**
   * not required on the form although the schema requires it: the server's rule then refuses
   * it, with the rule's own words by the field
   */
  leaveToServer?: boolean;
}

/**
 * The section that names an enum's values: the form set's own section may, or the field says
 * which (checked by the type: a value no section names fails the compiler).
 */
type DictOption<V, O extends string> = [V] extends [string]
  ? string extends V
    ? unknown
    : [V] extends [O]
      ? { dict?: Naming<V> }
      : { dict: Naming<V> }
  : unknown;

/** The options of a field: its label must be named, by the field's name or by `label`. */
type Args<N extends string, V, L extends string, O extends string> = N extends L
  ? DictOption<V, O> extends { dict: unknown }
    ? [o: Options<L> & DictOption<V, O>]
    : [o?: Options<L> & DictOption<V, O>]
  : [o: Options<L> & DictOption<V, O> & { label: L }];

export interface Builder<S, L extends string, O extends string> {
  /** a field entered as its schema says */
  field<N extends keyof Shape<S> & string>(name: N, ...o: Args<N, ValueOf<S, N>, L, O>): PlainField;
  /** a field whose value is picked among what the case or its plan holds */
  choice<D, N extends keyof Shape<S> & string>(
    name: N,
    choices: Choices<D>,
    ...o: N extends L ? [o?: { label?: L }] : [o: { label: L }]
  ): ChoiceField<D>;
  /** the fields of a field that is an object, each by its path ('facts.people') */
  object<N extends ObjectNames<S>>(
    name: N,
    build: (of: Builder<Unwrapped<Shape<S>[N & keyof Shape<S>]>, L, O>) => PlainField[],
  ): PlainField[];
  /** a list of items (an agreement's clauses), each of the fields `build` gives */
  list<N extends ListNames<S>, D = never>(
    name: N,
    build: (of: Builder<ItemOf<S, N>, L, O>) => Field<D>[],
    o: { item: ParseKeys; add: ParseKeys },
  ): ListField<D>;
}

/**
 * The fields of a form, from the schema of the event it records (a catalogue of core): each
 * field is a field of the event's data; whether it is required, and how it is entered — a
 * number, a switch, one of the schema's values, a line or a box of text, a time — is the
 * schema's. `labels` is the dictionary's section naming the fields, `options` the one naming
 * an enum's values unless the field names another: a field or a value left unnamed fails `tsc`.
 */
export function schemaFields<C extends Record<string, z.ZodType>, L extends Section, O extends Section>(
  catalogue: C,
  _sections: { labels: L; options: O },
) {
  return <T extends keyof C & string>(type: T): Builder<C[T], KeysOf<L>, KeysOf<O>> =>
    builder(catalogue[type] as z.ZodType, type, '', true);
}

function builder<S, L extends string, O extends string>(
  schema: z.ZodType,
  where: string,
  prefix: string,
  parentRequired: boolean,
): Builder<S, L, O> {
  const object = inner(schema);
  if (!(object instanceof z.ZodObject)) throw new Error(`${where} is not an object`);
  const shape = object.shape as Record<string, z.ZodType>;
  const schemaOf = (name: string): z.ZodType => {
    const s = shape[name];
    if (!s) throw new Error(`${where} has no field ${prefix}${name}`);
    return s;
  };
  const required = (name: string) => parentRequired && !schemaOf(name).safeParse(undefined).success;
  const label = (o: { label?: string } | undefined) => (o?.label ? { label: o.label } : {});
  return {
    field(name: string, ...args: unknown[]): PlainField {
      const o = (args[0] ?? {}) as Options<string> & { dict?: Section };
      const path = `${prefix}${name}`;
      const s = inner(schemaOf(name));
      const req = required(name) && !o.leaveToServer;
      const base = { name: path, ...label(o) };
      if (s instanceof z.ZodBoolean) return { ...base, kind: 'bool', required: req };
      if (s instanceof z.ZodNumber)
        return {
          ...base,
          kind: 'number',
          required: req,
          int: s.isInt,
          ...(s.minValue !== null && Number.isFinite(s.minValue) ? { min: s.minValue } : {}),
          ...(s.maxValue !== null && Number.isFinite(s.maxValue) ? { max: s.maxValue } : {}),
        };
      if (s instanceof z.ZodISODateTime)
        return o.kind === 'date'
          ? { ...base, kind: 'date', as: 'dayEnd', required: req }
          : { ...base, kind: 'datetime', required: req };
      if (s instanceof z.ZodISODate) return { ...base, kind: 'date', as: 'day', required: req };
      if (s instanceof z.ZodEnum)
        return {
          ...base,
          kind: 'select',
          options: s.options.map(String),
          ...(o.dict ? { dict: o.dict } : {}),
          required: req,
        };
      if (s instanceof z.ZodString) {
        const kind =
          o.kind === 'text' || o.kind === 'textarea'
            ? o.kind
            : (s.maxLength ?? Number.POSITIVE_INFINITY) <= LINE
              ? 'text'
              : 'textarea';
        return { ...base, kind, required: req, ...(s.maxLength !== null ? { max: s.maxLength } : {}) };
      }
      throw new Error(`${where}.${path}: no form field for this schema`);
    },
    choice<D>(name: string, choices: Choices<D>, ...args: unknown[]): ChoiceField<D> {
      const o = args[0] as { label?: string } | undefined;
      return { name: `${prefix}${name}`, ...label(o), kind: 'choice', choices, required: required(name) };
    },
    object(name: string, build: (of: never) => PlainField[]) {
      return build(builder(schemaOf(name), where, `${prefix}${name}.`, required(name)) as never);
    },
    list<D>(name: string, build: (of: never) => Field<D>[], o: { item: ParseKeys; add: ParseKeys }) {
      const s = inner(schemaOf(name));
      if (!(s instanceof z.ZodArray)) throw new Error(`${where}.${prefix}${name} is not a list`);
      const bag = s._zod.bag as { minimum?: number; maximum?: number };
      return {
        name: `${prefix}${name}`,
        kind: 'list',
        fields: build(builder(s.element as z.ZodType, where, '', true) as never),
        item: o.item,
        add: o.add,
        min: bag.minimum ?? 0,
        max: bag.maximum ?? Number.POSITIVE_INFINITY,
      } as ListField<D>;
    },
  } as unknown as Builder<S, L, O>;
}
