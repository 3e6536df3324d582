import { z } from 'zod';
import { Commitment, Duty, Event } from './incidents.ts';

/**
 * What the API answers about disputes: the ledger (台账) and a dispute's page. Rows of the read
 * models keep their column names (snake_case), as the server reads them.
 */

export const Dispute = z
  .object({
    case_id: z.string(),
    title: z.string(),
    summary: z.string(),
    category: z.string(),
    source: z.string(),
    jurisdiction: z.string().nullable(),
    plan_id: z.string().nullable(),
    plan_version: z.number().int().nullable(),
    people: z.number().int().nullable(),
    households: z.number().int().nullable(),
    amount: z.number().nullable(),
    exercise: z.number().int().describe('1: a dispute of an exercise (演练), never counted in real figures'),
    status: z.string().describe('registered, accepted, not_accepted, resolved, ended or settled (销号)'),
    risk: z.string().nullable().describe('high, medium or low, once assessed'),
    tier: z.string().nullable().describe('village, town or county'),
    unit: z.string().nullable().describe('the responsible unit (包案)'),
    lead_position: z.string().nullable().describe('the lead leader, by position (包案领导)'),
    due_at: z.string().nullable(),
    extension_days: z.number().int(),
    open_commitments: z.number().int(),
    from_incident: z.string().nullable(),
    screening_round_id: z.string().nullable(),
    registered_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Dispute', description: 'A dispute on the ledger.' });
export type Dispute = z.infer<typeof Dispute>;

export const DisputeList = z.object({ disputes: z.array(Dispute) });
export type DisputeList = z.infer<typeof DisputeList>;

/** An incident linked to a dispute: reported from it, or the one it was registered from. */
export const LinkedIncident = z.object({
  case_id: z.string(),
  title: z.string(),
  status: z.string(),
  level: z.string().nullable(),
  reported_at: z.string(),
});
export type LinkedIncident = z.infer<typeof LinkedIncident>;

export const DisputeDetail = z.object({
  dispute: Dispute,
  /** the incidents it flared into, or came from */
  incidents: z.array(LinkedIncident),
  commitments: z.array(Commitment),
  /** its clocks: the plan's duties and each commitment's */
  duties: z.array(Duty),
  /** the dispute's log, oldest first */
  events: z.array(Event),
});
export type DisputeDetail = z.infer<typeof DisputeDetail>;
