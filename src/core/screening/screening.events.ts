import { z } from 'zod';
import { Count, Id, Instant, Text } from '../events/fields.ts';
import { FindingDisposed } from '../findings/disposition.ts';
import { EscalationAcknowledged } from '../incident/escalation.ts';

/**
 * The event catalogue of a jurisdiction's screening register (排查台账): the rounds of
 * screening (排查) it holds and what each found — disputes registered from it, or an explicit
 * 零报告 — and the clocks of the plan's cadences (e.g. regular screening monthly by the 25th,
 * joint assessment meetings quarterly). Who took part is recorded by unit and position, never by
 * name; what a round finds is a dispute on the ledger, described by its sides as groups or
 * organisations.
 *
 * Seeds: 002 篇三 六 (日常排查、定期排查、专项排查、联合排查; a town–village–group network);
 * 000 第三篇 四.2, 第五篇 八(二)2 (不认真排查 is a ground for accountability); 001 三(一)3
 * (定期联席会议研判).
 */

/** 日常 / 定期 / 专项 / 联合 排查 */
export const SCREENING_KINDS = ['daily', 'regular', 'special', 'joint'] as const;
export type ScreeningKind = (typeof SCREENING_KINDS)[number];

/** A unit that took part, and the position that led its part (never a person's name). */
const Participant = z
  .object({
    unit: Text(200),
    position: Text(200).optional(),
  })
  .strict();

export const ScreeningEventData = {
  /** the register opened: its jurisdiction, and the plan whose cadences run (pinned by Huajie) */
  'screening.opened': z
    .object({
      jurisdiction: Id,
      plan: z
        .object({ id: Id, version: z.number().int().min(1) })
        .strict()
        .optional(),
    })
    .strict(),
  /**
   * the jurisdiction's active plan changed: the register runs the new version's cadences from
   * now on (derived at the next round or opening; a cadence new in it starts its period)
   */
  'screening.replanned': z
    .object({ plan: z.object({ id: Id, version: z.number().int().min(1) }).strict() })
    .strict(),
  /** a round held, and what it found: disputes registered from it, or 零报告 */
  'screening.round.recorded': z
    .object({
      roundId: Id,
      kind: z.enum(SCREENING_KINDS),
      /** what was screened: the villages, groups, trades or subject (专项) */
      scope: Text(500),
      participants: z
        .array(Participant)
        .min(1, 'name at least one unit that took part')
        .max(50, 'at most 50 units'),
      /** 零报告: the round found nothing */
      zeroReport: z.boolean(),
      /** how many disputes it found (registered from it with its roundId); 0 with 零报告 */
      found: Count.max(1000).default(0),
      note: Text(2000).optional(),
    })
    .strict()
    .refine((d) => !(d.zeroReport && d.found > 0), {
      message: 'a 零报告 found nothing: found is 0',
      path: ['found'],
    })
    .refine((d) => d.zeroReport || d.found > 0, {
      message: 'a round finds disputes (found ≥ 1) or is a 零报告',
      path: ['zeroReport'],
    }),
  'entry.corrected': z.object({ eventId: z.string().uuid(), correction: Text(), reason: Text() }).strict(),
  /** a reviewer at the level above disposes of a finding of this register (core/findings) */
  'finding.disposed': FindingDisposed,
  /** the level an escalation reached has taken it in hand (core/incident/escalation.ts) */
  'escalation.acknowledged': EscalationAcknowledged,
  // derived by core, never sent by a client
  'duty.started': z
    .object({ dutyId: Id, dueAt: Instant, owner: Text(100), warnAt: Instant.optional() })
    .strict(),
  'duty.warned': z.object({ dutyId: Id, dueAt: Instant, owner: Text(100) }).strict(),
  'duty.met': z.object({ dutyId: Id, byEventId: z.string(), lateSeconds: Count }).strict(),
  'duty.missed': z.object({ dutyId: Id, escalateTo: Text(100), dueAt: Instant }).strict(),
} as const;

export type ScreeningEventType = keyof typeof ScreeningEventData;
export type ScreeningDataOf<T extends ScreeningEventType> = z.output<(typeof ScreeningEventData)[T]>;
export type ScreeningEvent = {
  [K in ScreeningEventType]: { type: K; data: ScreeningDataOf<K> };
}[ScreeningEventType];

/** Events only core derives; a client command naming one is refused. */
export const SCREENING_DERIVED_TYPES = new Set<ScreeningEventType>([
  'screening.opened',
  'screening.replanned',
  'duty.started',
  'duty.warned',
  'duty.met',
  'duty.missed',
]);

export function isScreeningEventType(t: string): t is ScreeningEventType {
  return Object.hasOwn(ScreeningEventData, t);
}

export function screeningEventOf(e: { type: string; data: unknown }): ScreeningEvent | null {
  return isScreeningEventType(e.type) ? ({ type: e.type, data: e.data } as ScreeningEvent) : null;
}
