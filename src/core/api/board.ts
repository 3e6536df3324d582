import { z } from 'zod';
import { URGENCY_TIERS } from '../incident/urgency.ts';
import { Incident } from './incidents.ts';
import { OnDutyRef } from './roster.ts';

/** The clock a board row shows: the incident's most urgent. */
export const BoardClock = z
  .object({
    duty_id: z.string(),
    owner: z.string(),
    due_at: z.string(),
    warn_at: z.string().nullable(),
    status: z.string().describe('open or missed'),
    on_duty: OnDutyRef.nullable().describe("who is on duty for the duty's owner now (else the duty desk's)"),
  })
  .describe("A live incident's most urgent duty clock.");

/** A live incident on a duty board (值班台): what a duty officer needs without opening it. */
export const BoardIncident = Incident.extend({
  jurisdiction_name: z.string().nullable(),
  urgency: z
    .enum(URGENCY_TIERS)
    .describe('overdue: a duty past its limit; warning: a duty in its warning window; due: neither'),
  clock: BoardClock.nullable().describe('the most overdue clock, else the soonest due'),
  level_rank: z.number().describe("the level's place among its plan's levels, 0 (none) to 1 (the highest)"),
}).meta({ id: 'BoardIncident', description: 'A live incident on a duty board, in urgency order.' });
export type BoardIncident = z.infer<typeof BoardIncident>;

export const Board = z
  .object({
    at: z.string().describe("the server's time of the answer"),
    desk: OnDutyRef.nullable().describe("who is on the caller's own jurisdiction's duty desk now"),
    incidents: z
      .array(BoardIncident)
      .describe('most urgent first: overdue, then warning, then the higher level, then the longer wait'),
  })
  .meta({ id: 'Board', description: "The live incidents of the caller's jurisdiction and below." });
export type Board = z.infer<typeof Board>;

export const BoardVisit = z
  .object({
    previous: z.string().nullable().describe('when the account looked at its board before (none: never)'),
    at: z.string().describe('this visit'),
  })
  .meta({ id: 'BoardVisit', description: 'A look at the board: what arrived since `previous` is new.' });
export type BoardVisit = z.infer<typeof BoardVisit>;

export const AcknowledgementIn = z
  .object({
    id: z.uuid({ version: 'v7', message: 'id is the client-made UUIDv7 of the event (the retry key)' }),
    note: z.string().max(500).optional(),
  })
  .strict();
