import { z } from 'zod';
// every refused field in Chinese first (installed once, before any schema is used)
import '../api/zod-words.ts';

/** The field types every event catalogue (incident, dispute) builds its schemas from. */

/** Trimmed text of 1–max characters. */
export const Text = (max = 2000) => z.string().trim().min(1).max(max);
/** Text the rule requires, with the rule as the message when it is missing or empty. */
export const Required = (max: number, message: string) =>
  z.string({ error: message }).trim().min(1, message).max(max);
export const Id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, 'an id is 1–100 letters, digits, _ . : -');
export const Instant = z.iso.datetime({ offset: true, message: 'an ISO-8601 date-time with an offset' });
export const Count = z.number().int().min(0);
/** A calendar day, YYYY-MM-DD. */
export const Day = z.iso.date({ message: 'a date, YYYY-MM-DD' });
