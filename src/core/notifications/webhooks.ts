import { z } from 'zod';

/** The formats a webhook can speak: plain JSON, or the group robots of WeCom and DingTalk. */
export const WEBHOOK_FORMATS = ['json', 'wecom', 'dingtalk'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/**
 * What a webhook may ask to receive: a new incident, a duty about to fall due, a duty missed,
 * an escalation that reaches its jurisdiction (docs/notifications.md).
 */
export const WEBHOOK_KINDS = ['incident', 'warning', 'missed', 'escalation'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

const Name = z.string().trim().min(1).max(100);
const Url = z.url({ protocol: /^https?$/, message: 'url: an http:// or https:// address' }).max(2000);
const Secret = z.string().min(1).max(200);
const Kinds = z
  .array(z.enum(WEBHOOK_KINDS))
  .min(1, 'kinds: at least one of incident, warning, missed, escalation');

/**
 * A new webhook of a jurisdiction. Whether its address may be posted to (public addresses, or
 * the hosts and networks the server allows) is the server's to say, when it is saved and
 * before each delivery.
 */
export const WebhookInput = z
  .object({
    jurisdiction: z.string(),
    name: Name,
    url: Url,
    format: z.enum(WEBHOOK_FORMATS),
    /** json: the HMAC key of X-Huajie-Signature; dingtalk: the robot's 加签 secret */
    secret: Secret.optional(),
    kinds: Kinds,
  })
  .strict();
export type WebhookInput = z.infer<typeof WebhookInput>;

/** What an admin may change of a webhook: only what is sent changes. A null secret removes it. */
export const WebhookPatch = z
  .object({
    name: Name.optional(),
    url: Url.optional(),
    secret: Secret.nullable().optional(),
    kinds: Kinds.optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type WebhookPatch = z.infer<typeof WebhookPatch>;
