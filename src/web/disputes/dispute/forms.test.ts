import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DisputeDetail } from '../../../core/api/disputes.ts';
import {
  DISPUTE_DERIVED_TYPES,
  DisputeEventData,
  type DisputeEventType,
} from '../../../core/dispute/dispute.events.ts';
import { type Field, type Stored, setPath, wire } from '../../app/forms/fields.ts';
import { DISPUTE_FORMS, RECORDED_ELSEWHERE } from './catalogue.ts';

type F = Field<DisputeDetail>;

/** A field's schema without optional and default around it. */
function inner(s: z.ZodType): z.ZodType {
  let at: z.ZodType = s;
  while (at instanceof z.ZodOptional || at instanceof z.ZodDefault) at = at.unwrap() as z.ZodType;
  return at;
}
/** The schema at a field's path in an object's, or undefined. */
function schemaAt(object: z.ZodType, path: string): z.ZodType | undefined {
  let at: z.ZodType | undefined = object;
  for (const k of path.split('.')) {
    const o: z.ZodType | undefined = at && inner(at);
    at = o instanceof z.ZodObject ? (o.shape as Record<string, z.ZodType>)[k] : undefined;
  }
  return at;
}
const itemSchema = (s: z.ZodType) => (inner(s) as z.ZodArray<z.ZodType>).element;
/** Is the field required, its objects on the way included? */
function requiredAt(object: z.ZodType, path: string): boolean {
  const parts = path.split('.');
  return parts.every(
    (_, n) => !schemaAt(object, parts.slice(0, n + 1).join('.'))?.safeParse(undefined).success,
  );
}

/** Every field of a form, the fields of a list's items under the item's schema. */
function fieldsOf(fields: F[], schema: z.ZodType): { f: F; schema: z.ZodType }[] {
  return fields.flatMap((f) => [
    { f, schema },
    ...(f.kind === 'list' ? fieldsOf(f.fields, itemSchema(schemaAt(schema, f.name) ?? z.never())) : []),
  ]);
}

const UUID = '0190a000-0000-7000-8000-000000000001';
/** What a person might enter in a field, as a form keeps it. */
function sample(f: F): unknown {
  switch (f.kind) {
    case 'text':
    case 'textarea':
      return '三组村民';
    case 'number':
      return f.min ?? 1;
    case 'bool':
      return true;
    case 'date':
      return '2030-05-14';
    case 'datetime':
      return '2030-05-14T18:00:00';
    case 'select':
    case 'multi':
      return f.options[0];
    case 'choice':
      return UUID;
    case 'list':
      return [filled(f.fields)];
  }
}
const filled = (fields: F[]): Stored => fields.reduce<Stored>((v, f) => setPath(v, f.name, sample(f)), {});

describe('the dispute page’s forms', () => {
  it('record every event type a person may record (the rest say where they are recorded)', () => {
    const byHand = (Object.keys(DisputeEventData) as DisputeEventType[]).filter(
      (t) => !DISPUTE_DERIVED_TYPES.has(t),
    );
    const covered = new Set<string>([
      ...DISPUTE_FORMS.map((f) => f.type),
      ...Object.keys(RECORDED_ELSEWHERE),
    ]);
    expect(byHand.filter((t) => !covered.has(t))).toEqual([]);
    expect(DISPUTE_FORMS.map((f) => f.type).filter((t) => !byHand.includes(t))).toEqual([]);
  });

  it("ask only for fields of the event's data", () => {
    const strays = DISPUTE_FORMS.flatMap((form) =>
      fieldsOf(form.fields, DisputeEventData[form.type])
        .filter(({ f, schema }) => !schemaAt(schema, f.name))
        .map(({ f }) => `${form.type}.${f.name}`),
    );
    expect(strays).toEqual([]);
  });

  it('ask for every field the event requires, or make it (an item id, the facts)', () => {
    const missing = DISPUTE_FORMS.flatMap((form) => {
      const asked = new Set(form.fields.map((x) => x.name.split('.')[0]));
      const made = Object.keys(form.data?.({}, 'intent-1') ?? {});
      const shape = (DisputeEventData[form.type] as z.ZodObject).shape as Record<string, z.ZodType>;
      return Object.entries(shape)
        .filter(([k, s]) => !s.safeParse(undefined).success && !asked.has(k) && !made.includes(k))
        .map(([k]) => `${form.type}.${k}`);
    });
    expect(missing).toEqual([]);
  });

  it('mark required what the schema requires, inside an object or a list’s item too', () => {
    const differ = DISPUTE_FORMS.flatMap((form) =>
      fieldsOf(form.fields, DisputeEventData[form.type])
        .filter(({ f }) => f.kind !== 'list')
        .filter(
          ({ f, schema }) =>
            (f.kind === 'bool' ? f.required === true : 'required' in f && f.required === true) !==
            requiredAt(schema, f.name),
        )
        .map(({ f }) => `${form.type}.${f.name}`),
    );
    expect(differ).toEqual([]);
  });

  it('send data its schema takes when every field is filled in, a day due as its end in Beijing', () => {
    const refused = DISPUTE_FORMS.flatMap((form) => {
      const v = wire(form.fields, filled(form.fields));
      const data = form.data ? form.data(v, '0190a000-0000-7000-8000-00000000000a') : v;
      const r = DisputeEventData[form.type].safeParse(data);
      return r.success ? [] : [`${form.type}: ${r.error.issues.map((i) => i.path.join('.')).join(', ')}`];
    });
    expect(refused).toEqual([]);
    const made = DISPUTE_FORMS.find((f) => f.type === 'commitment.made');
    expect(made && wire(made.fields, { text: 'x', owner: 'y', dueAt: '2030-05-14T00:00:00' })).toEqual({
      text: 'x',
      owner: 'y',
      dueAt: '2030-05-14T23:59:59+08:00',
    });
  });

  it('make an agreement’s clauses commitments with ids of the intent, and send the facts of an assessment as an object', () => {
    const agreement = DISPUTE_FORMS.find((f) => f.type === 'agreement.reached');
    const data = agreement?.data?.({ form: 'oral', clauses: [{ text: 'a' }, { text: 'b' }] }, 'i1');
    expect(data).toMatchObject({
      agreementId: 'a-i1',
      clauses: [{ commitmentId: 'a-i1-1' }, { commitmentId: 'a-i1-2' }],
    });
    const assessed = DISPUTE_FORMS.find((f) => f.type === 'dispute.assessed');
    expect(assessed?.data?.({ risk: 'low', basis: 'x' }, 'i2')).toEqual({
      risk: 'low',
      basis: 'x',
      facts: {},
    });
    expect(assessed?.fields.map((f) => f.name)).toContain('facts.visitedUp.times');
  });
});
