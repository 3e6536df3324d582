import { z } from 'zod';
import { EventData, type EventType } from '../../../core/incident/incident.events.ts';
import type { Plan } from '../../../core/plan/plan.schema.ts';
import type { IncidentDetail } from '../../app/api.ts';
import type { Section } from '../../app/names.ts';
import type { Field } from './fields.ts';

/** The longest text that is a line (a name, a unit, a channel); a longer one gets a box. */
const LINE = 200;

/** What a form may say of a field beyond its schema. */
export interface FieldOptions {
  /** a line or a box, whatever the schema's length */
  kind?: 'text' | 'textarea';
  /** where the dictionary names the values of an enum */
  dict?: Section;
  /**
   * not required on the form although the schema requires it: the server's rule then refuses
   * it, with the rule's own words by the field
   */
  leaveToServer?: boolean;
}

type Choices = (d: IncidentDetail, plan: Plan | undefined) => { value: string; label: string }[];

/** A field's schema without optional and default around it. */
function inner(s: z.ZodType): z.ZodType {
  let at: z.ZodType = s;
  while (at instanceof z.ZodOptional || at instanceof z.ZodDefault) at = at.unwrap() as z.ZodType;
  return at;
}

/**
 * The fields of a form, from the schema of the event it records (core's catalogue): each field
 * is a field of the event's data; whether it is required, and how it is entered — a number, a
 * switch, one of the schema's values, a line or a box of text, a time — is the schema's.
 */
export function schemaFields<T extends EventType>(type: T) {
  const shape = (EventData[type] as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
  const schemaOf = (name: string): z.ZodType => {
    const s = shape[name];
    if (!s) throw new Error(`${type} has no field ${name}`);
    return s;
  };
  const required = (name: string) => !schemaOf(name).safeParse(undefined).success;
  return {
    /** a field entered as its schema says */
    field(name: string, o: FieldOptions = {}): Field {
      const s = inner(schemaOf(name));
      const req = required(name) && !o.leaveToServer;
      if (s instanceof z.ZodBoolean) return { name, kind: 'bool' };
      if (s instanceof z.ZodNumber) return { name, kind: 'number', required: req };
      if (s instanceof z.ZodISODateTime) return { name, kind: 'datetime', required: req };
      if (s instanceof z.ZodEnum)
        return {
          name,
          kind: 'select',
          options: s.options.map(String),
          ...(o.dict ? { dict: o.dict } : {}),
          required: req,
        };
      if (s instanceof z.ZodString) {
        const kind = o.kind ?? ((s.maxLength ?? Number.POSITIVE_INFINITY) <= LINE ? 'text' : 'textarea');
        return { name, kind, required: req, ...(s.maxLength !== null ? { max: s.maxLength } : {}) };
      }
      throw new Error(`${type}.${name}: no form field for this schema`);
    },
    /** a field whose value is picked among what the incident or its plan holds (its tasks, the plan's units) */
    choice(name: string, choices: Choices): Field {
      return { name, kind: 'choice', choices, required: required(name) };
    },
  };
}
