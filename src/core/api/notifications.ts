import { z } from 'zod';
import { WEBHOOK_FORMATS, WEBHOOK_KINDS } from '../notifications/webhooks.ts';

/** What the API answers about webhooks and the delivery log (docs/notifications.md). */

export const Webhook = z
  .object({
    id: z.string(),
    jurisdiction: z.string(),
    name: z.string(),
    /** shown only as far as its host: the path and query carry the robot's key or a token */
    url: z.string().describe('the address as far as its host; the rest (keys, tokens) is hidden'),
    format: z.string().describe(`one of ${WEBHOOK_FORMATS.join(', ')}`),
    hasSecret: z.boolean(),
    kinds: z.array(z.string()).describe(`some of ${WEBHOOK_KINDS.join(', ')}`),
    enabled: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'Webhook', description: 'A webhook of a jurisdiction: a group robot or a JSON endpoint.' });
export type Webhook = z.infer<typeof Webhook>;

export const WebhookList = z.object({ webhooks: z.array(Webhook) });
export type WebhookList = z.infer<typeof WebhookList>;
export const WebhookAnswer = z.object({ webhook: Webhook });
export type WebhookAnswer = z.infer<typeof WebhookAnswer>;
export const TestQueued = z.object({
  notificationId: z.string().describe('the test message: its delivery shows in GET /api/notifications'),
});
export type TestQueued = z.infer<typeof TestQueued>;

export const DeliveryAttempt = z.object({
  attempt: z.number().int(),
  at: z.string(),
  /** the receiver's HTTP status, when it answered */
  status: z.number().int().nullable(),
  /** null when delivered; else the classified error */
  error: z.string().nullable(),
  /** a short detail in Huajie's own words; never the receiver's answer */
  detail: z.string().nullable(),
  ms: z.number(),
});
export type DeliveryAttempt = z.infer<typeof DeliveryAttempt>;

export const Delivery = z
  .object({
    id: z.string(),
    webhook: z.object({ id: z.string(), name: z.string(), format: z.string(), jurisdiction: z.string() }),
    kind: z.string().describe(`one of ${WEBHOOK_KINDS.join(', ')}, test`),
    caseId: z.string(),
    title: z.string(),
    status: z.string().describe('pending, delivered or failed'),
    attempts: z.number().int(),
    /** when it is tried next (pending ones only) */
    nextAttemptAt: z.string().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
    log: z.array(DeliveryAttempt),
  })
  .meta({ id: 'Delivery', description: 'One message to one webhook, with every attempt to deliver it.' });
export type Delivery = z.infer<typeof Delivery>;

export const DeliveryList = z.object({ notifications: z.array(Delivery) });
export type DeliveryList = z.infer<typeof DeliveryList>;
export const Requeued = z.object({ id: z.string(), status: z.literal('pending') });
export type Requeued = z.infer<typeof Requeued>;
