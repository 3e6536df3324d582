import { z } from 'zod';
import { Count, Day, Id, Instant, Required, Text } from '../events/fields.ts';
import { FindingDisposed } from '../findings/disposition.ts';
import { EscalationAcknowledged } from '../incident/escalation.ts';
import { DisputeFactsSchema, RISKS } from './dispute.facts.ts';

/**
 * The event catalogue of a dispute (矛盾纠纷): from its registration on the ledger (台账) to
 * 销号. Every schema is strict — unknown fields are refused — and none has a field for a
 * person's name, ID number, phone or address: the sides of a dispute are described as groups
 * or organisations, and a representative's contact, where one is needed, is kept outside the
 * log.
 *
 * The rules of the law these events follow: 信访工作条例 (2022) Art. 22–23 (register, accept or
 * not within 15 days, with notice), 31–32 (a written answer: 支持 / 解释说明 / 不予支持, with the
 * request, facts, reasons and legal basis), 34 (60 days, extended by at most 30 with the head's
 * approval and notice of the reason), 35–36 (复查 requested within 30 days of the answer, 复核
 * within 30 days of the 复查 opinion; nothing after 复核); 人民调解法 Art. 17 (no mediation when a
 * party refuses), 23 (public or private sessions), 26 (a failed mediation ends, the parties told
 * their other routes), 28–29 (an agreement's clauses state how and by when), 33 (司法确认
 * applied for within 30 days).
 */

/** Where a dispute came to light (来源). */
export const DISPUTE_SOURCES = [
  'screening', // 排查
  'visit', // 来访
  'letter', // 来信
  'phone', // 电话
  'online', // 网络
  'referral', // 转办、交办
  'incident', // 由事件转入
] as const;

/** The categories offices keep their ledgers by (矛盾纠纷类别). */
export const DISPUTE_CATEGORIES = [
  'family', // 婚姻家庭
  'neighbour', // 邻里
  'land', // 土地山林、承包经营
  'requisition', // 征地拆迁
  'labour', // 劳动争议、欠薪
  'construction', // 工程建设
  'environment', // 环境污染
  'medical', // 医疗
  'property', // 物业、房屋
  'traffic', // 交通事故
  'consumer', // 消费
  'enterprise', // 企业改制、经营
  'other', // 其他
] as const;

/** Where a dispute is handled (简易矛盾村社化解、复杂矛盾镇街首调、疑难矛盾县级包案). */
export const TIERS = ['village', 'town', 'county'] as const;

export const SIDE_KINDS = ['group', 'organisation'] as const;

export const MEDIATION_METHODS = ['in_person', 'on_site', 'phone', 'online', 'joint'] as const;
/** 继续 / 达成协议 / 一方拒绝调解 / 调解不成 */
export const MEDIATION_OUTCOMES = ['continuing', 'agreement', 'refused', 'failed'] as const;
/** 支持 / 解释说明 / 不予支持 (信访工作条例 Art. 32) */
export const ANSWER_DECISIONS = ['support', 'explain', 'not_support'] as const;
/** 复查 / 复核 */
export const REVIEW_KINDS = ['recheck', 'review'] as const;
/** 维持 / 变更 / 撤销 */
export const REVIEW_DECISIONS = ['upheld', 'changed', 'revoked'] as const;
/** 满意 / 基本满意 / 不满意 */
export const EVALUATIONS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;

/** One side of a dispute, described — never a person record. */
const Side = z
  .object({
    kind: z.enum(SIDE_KINDS),
    /** e.g. 某村三组村民（约60户）, 某建筑公司 */
    description: Text(200),
  })
  .strict();

/** A clause of an agreement: what is to be done, how (履行方式) and by when (期限). */
const Clause = z
  .object({
    commitmentId: Id,
    text: Text(1000),
    method: Required(500, 'a clause states how it is to be performed (履行方式)'),
    dueAt: Instant,
    /** who performs it: a unit, a position or a side as described */
    owner: Text(200),
  })
  .strict();

const RoutesTold = (what: string) =>
  Required(1000, `${what}: record the other routes the parties were told (诉讼、仲裁、行政复议等)`);

export const DisputeEventData = {
  'dispute.registered': z
    .object({
      title: Text(200),
      summary: Text(4000),
      source: z.enum(DISPUTE_SOURCES),
      category: z.enum(DISPUTE_CATEGORIES),
      facts: DisputeFactsSchema.default({}),
      sides: z.array(Side).min(1, 'describe at least one side').max(10),
      /** the department concerned */
      department: Text(200).optional(),
      /** where it is: the jurisdiction whose ledger it is on (default: the registrar's) */
      jurisdiction: Id.optional(),
      /** the screening round that found it */
      screeningRoundId: Id.optional(),
      /** the incident it was registered from */
      fromIncident: Id.optional(),
      /**
       * the day it was registered on an earlier ledger (登记日期 of an imported 台账), when that
       * is before it came to Huajie: the ledger shows it; the clocks count from the event
       */
      registeredOn: Day.optional(),
      /** a dispute of an exercise (演练, the demo's): kept apart, never counted in real figures */
      exercise: z.boolean().optional(),
      /** the plan version the dispute runs under, pinned by Huajie at registration */
      plan: z
        .object({ id: Id, version: z.number().int().min(1) })
        .strict()
        .optional(),
    })
    .strict(),
  /** 受理 (信访工作条例 Art. 22–23) */
  'dispute.accepted': z.object({ note: Text(1000).optional() }).strict(),
  /** 不予受理: the reason and the routes the people were told, in writing */
  'dispute.not_accepted': z
    .object({
      reason: Required(1000, 'a refusal to accept states its reason'),
      routesTold: RoutesTold('not accepted'),
    })
    .strict(),
  /** 包案: the responsible unit and the lead leader by position, with a deadline and a tier */
  'dispute.assigned': z
    .object({
      unit: Text(200),
      leadPosition: Text(200),
      tier: z.enum(TIERS),
      dueAt: Instant.optional(),
      note: Text(1000).optional(),
    })
    .strict(),
  /** 研判: the dispute's risk, by the plan's rules over its facts; a re-assessment is a new event */
  'dispute.assessed': z
    .object({
      facts: DisputeFactsSchema,
      risk: z.enum(RISKS),
      basis: Required(2000, 'an assessment states its basis (研判依据)'),
      /** what the plan's rules give for these facts (set by Huajie) */
      ruleRisk: z.enum(RISKS).optional(),
      /** whole days unresolved at the assessment (set by Huajie) */
      unresolvedDays: Count.optional(),
    })
    .strict(),
  /** a mediation session (人民调解法 Art. 17, 23, 26) */
  'mediation.held': z
    .object({
      sessionId: Id,
      /** the mediator, by position or committee (调委会) */
      mediator: Text(200),
      method: z.enum(MEDIATION_METHODS),
      public: z.boolean(),
      outcome: z.enum(MEDIATION_OUTCOMES),
      summary: Text(4000),
      /** the side that refused, as described (outcome refused) */
      refusedBy: Text(200).optional(),
      /** the other routes the parties were told (outcome refused or failed) */
      routesTold: Text(1000).optional(),
    })
    .strict(),
  /** 调解协议 (人民调解法 Art. 28–29): each clause a tracked commitment */
  'agreement.reached': z
    .object({
      agreementId: Id,
      form: z.enum(['written', 'oral']),
      clauses: z.array(Clause).min(1, 'an agreement has at least one clause').max(50),
    })
    .strict(),
  /** 司法确认, applied for jointly within 30 days of the agreement (人民调解法 Art. 33) */
  'confirmation.applied': z.object({ agreementId: Id, court: Text(200) }).strict(),
  /** 处理意见书 (信访工作条例 Art. 31–32) */
  'answer.issued': z
    .object({
      answerId: Id,
      decision: z.enum(ANSWER_DECISIONS),
      request: Required(2000, 'an answer states the request it answers'),
      facts: Required(4000, 'an answer states the facts found'),
      reasons: Required(4000, 'an answer states its reasons'),
      legalBasis: Required(2000, 'an answer states its legal basis (法律依据)'),
    })
    .strict(),
  /** 延期 (信访工作条例 Art. 34): approved by the head, the reason told to the people */
  'extension.approved': z
    .object({
      days: z.number().int().min(1).max(30, 'an extension is at most 30 days'),
      approvedBy: Required(200, 'an extension is approved by the head (负责人批准): give the position'),
      reason: Required(1000, 'an extension states its reason'),
      noticeGivenAt: Instant,
    })
    .strict(),
  /** 复查 / 复核 requested (信访工作条例 Art. 35–36) */
  'review.requested': z.object({ kind: z.enum(REVIEW_KINDS), request: Text(2000) }).strict(),
  'review.decided': z
    .object({
      kind: z.enum(REVIEW_KINDS),
      decision: z.enum(REVIEW_DECISIONS),
      reasons: Required(4000, 'a review decision states its reasons'),
      legalBasis: Required(2000, 'a review decision states its legal basis'),
    })
    .strict(),
  /** a promise outside an agreement (e.g. in an answer) */
  'commitment.made': z
    .object({ commitmentId: Id, text: Text(1000), owner: Text(200), dueAt: Instant })
    .strict(),
  'commitment.fulfilled': z.object({ commitmentId: Id, evidence: Text(2000) }).strict(),
  /** a commitment that will not be performed, and why (it can no longer fall due) */
  'commitment.discharged': z
    .object({ commitmentId: Id, reason: Required(1000, 'a discharged commitment states why') })
    .strict(),
  /** 化解进展 */
  'progress.noted': z.object({ text: Text(4000) }).strict(),
  /** 回访, with the parties' evaluation when they gave one */
  'visit.made': z
    .object({
      method: z.enum(['in_person', 'phone', 'online']),
      summary: Text(4000),
      evaluation: z.enum(EVALUATIONS).optional(),
      /** what they said of the handling, in their words */
      said: Text(2000).optional(),
    })
    .strict(),
  /** an incident reported from this dispute, or this dispute registered from one */
  'incident.linked': z.object({ incidentId: Id }).strict(),
  /** 化解 */
  'dispute.resolved': z.object({ summary: Text(4000) }).strict(),
  /** 终止: ended without resolution, the parties told their routes */
  'dispute.ended': z.object({ reason: Text(2000), routesTold: RoutesTold('ended') }).strict(),
  /** 销号: nothing is owed any more */
  'dispute.settled': z.object({ note: Text(2000).optional() }).strict(),
  'entry.corrected': z.object({ eventId: z.string().uuid(), correction: Text(), reason: Text() }).strict(),
  /** a reviewer at the level above disposes of a finding of this case (core/findings) */
  'finding.disposed': FindingDisposed,
  /** the level an escalation reached has taken it in hand (core/incident/escalation.ts) */
  'escalation.acknowledged': EscalationAcknowledged,
  // derived by core, never sent by a client
  'duty.started': z
    .object({ dutyId: Id, dueAt: Instant, owner: Text(100), warnAt: Instant.optional() })
    .strict(),
  /** an approved extension moved a duty's due date (and its warning): the record shows both */
  'duty.extended': z.object({ dutyId: Id, dueAt: Instant, warnAt: Instant.optional(), days: Count }).strict(),
  'duty.warned': z.object({ dutyId: Id, dueAt: Instant, owner: Text(100) }).strict(),
  'duty.met': z.object({ dutyId: Id, byEventId: z.string(), lateSeconds: Count }).strict(),
  'duty.missed': z.object({ dutyId: Id, escalateTo: Text(100), dueAt: Instant }).strict(),
} as const;

export type DisputeEventType = keyof typeof DisputeEventData;
export type DisputeDataOf<T extends DisputeEventType> = z.output<(typeof DisputeEventData)[T]>;
export type DisputeEventOf<T extends DisputeEventType> = {
  [K in DisputeEventType]: { type: K; data: DisputeDataOf<K> };
}[T];
export type DisputeEvent = DisputeEventOf<DisputeEventType>;

/** Events only core derives; a client command naming one is refused. */
export const DISPUTE_DERIVED_TYPES = new Set<DisputeEventType>([
  'duty.started',
  'duty.extended',
  'duty.warned',
  'duty.met',
  'duty.missed',
]);

export function isDisputeEventType(t: string): t is DisputeEventType {
  return Object.hasOwn(DisputeEventData, t);
}

/** The type and typed data of a logged event, or null outside the dispute catalogue. */
export function disputeEventOf(e: { type: string; data: unknown }): DisputeEvent | null {
  return isDisputeEventType(e.type) ? ({ type: e.type, data: e.data } as DisputeEvent) : null;
}

/** Validate the data of a command of `type`; the typed event, or the zod error. */
export function parseDisputeEvent(
  type: DisputeEventType,
  data: unknown,
): { ok: true; event: DisputeEvent } | { ok: false; error: z.ZodError } {
  const r = DisputeEventData[type].safeParse(data ?? {});
  return r.success
    ? { ok: true, event: { type, data: r.data } as DisputeEvent }
    : { ok: false, error: r.error };
}
