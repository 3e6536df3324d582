import { z } from 'zod';
import { Event } from './incidents.ts';

/** What the API answers about screening (排查): the registers in scope, their rounds and clocks. */

export const ScreeningRound = z
  .object({
    case_id: z.string(),
    round_id: z.string(),
    event_id: z.string(),
    jurisdiction: z.string(),
    kind: z.string().describe('daily, regular, special or joint (日常、定期、专项、联合排查)'),
    scope: z.string(),
    participants: z.array(z.object({ unit: z.string(), position: z.string().optional() })),
    zero_report: z.boolean().describe('零报告: the round found nothing'),
    found: z.number().int().describe('how many disputes it found'),
    registered: z.number().int().describe('how many disputes are on the ledger from it'),
    note: z.string().nullable(),
    held_at: z.string(),
    recorded_by: z.string(),
  })
  .meta({ id: 'ScreeningRound', description: 'A round of screening and what it found.' });

export const CadenceClock = z
  .object({
    case_id: z.string(),
    duty_id: z.string().describe('screening:<cadence>:<period>, e.g. screening:monthly:2026-12'),
    owner: z.string(),
    started_at: z.string(),
    due_at: z.string(),
    warn_at: z.string().nullable(),
    status: z.string().describe('open, met or missed'),
    escalate_to: z.string().nullable(),
    met_at: z.string().nullable(),
  })
  .meta({ id: 'CadenceClock', description: "A period of a plan's screening cadence." });

export const ScreeningRegister = z
  .object({
    case_id: z.string(),
    jurisdiction: z.string(),
    plan_id: z.string().nullable(),
    plan_version: z.number().int().nullable(),
    opened_at: z.string(),
    last_round_at: z.string().nullable(),
  })
  .meta({ id: 'ScreeningRegister', description: "A jurisdiction's screening register (排查台账)." });

export const ScreeningOverview = z.object({
  registers: z.array(ScreeningRegister),
  rounds: z.array(ScreeningRound).describe('the newest rounds in scope'),
  clocks: z.array(CadenceClock).describe('the open and the recently missed periods in scope'),
});

export const ScreeningRegisterDetail = z.object({
  register: ScreeningRegister,
  rounds: z.array(ScreeningRound),
  clocks: z.array(CadenceClock),
  events: z.array(Event),
});
export type ScreeningOverview = z.infer<typeof ScreeningOverview>;
export type ScreeningRegisterDetail = z.infer<typeof ScreeningRegisterDetail>;
