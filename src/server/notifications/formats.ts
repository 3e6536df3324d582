import { createHmac } from 'node:crypto';
import type { WebhookFormat } from '../../core/notifications/webhooks.ts';
import { said } from '../../core/words/words.ts';
import type { Answer, Failure } from './delivery.ts';
import type { Message } from './outbox.ts';

export { WEBHOOK_FORMATS, type WebhookFormat } from '../../core/notifications/webhooks.ts';

export interface Outgoing {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * The message as group-robot markdown. DingTalk joins single line breaks, so lines are kept
 * apart by blank lines; the body is shortened, never the title, link or footer, so the
 * result fits in `maxBytes` (WeCom: 4,096).
 */
function markdown(m: Message, link: string, maxBytes = 4096): string {
  const head = `**${m.title}**`;
  const open = `${said({ key: 'notice.open' })} ${said({ key: 'notice.open' }, 'en')}`;
  const tail = [`[${open}](${link})`, '— 化解 Huajie'];
  const room = maxBytes - Buffer.byteLength([head, '', ...tail].join('\n\n')) - 8;
  const body = fitBytes(m.text, Math.max(room, 0))
    .split('\n')
    .map((l) => `> ${l}`);
  return [head, ...body, ...tail].join('\n\n');
}

/** Cut on a character boundary, never mid-character. */
function fitBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = '';
  for (const ch of text) {
    if (Buffer.byteLength(out + ch) > max - 3) break;
    out += ch;
  }
  return `${out}…`;
}

/**
 * The request for one message in a webhook's format.
 * - json: the message as is; with a secret, `X-Huajie-Timestamp` (Unix seconds) and
 *   `X-Huajie-Signature: sha256=<hex HMAC-SHA256 of "timestamp.body">`.
 * - wecom (企业微信群机器人): `{msgtype: markdown, markdown: {content}}`.
 * - dingtalk (钉钉自定义机器人): `{msgtype: markdown, markdown: {title, text}}`; with a 加签
 *   secret, `timestamp` and `sign` (HMAC-SHA256 of "timestamp\nsecret", base64) are added to the URL.
 */
export function render(
  format: WebhookFormat,
  hook: { url: string; secret: string | null },
  m: Message,
  opts: { deliveryId: string; now: Date; publicUrl?: string },
): Outgoing {
  const link = opts.publicUrl ? new URL(m.link, opts.publicUrl).toString() : m.link;
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (format === 'wecom') {
    // 企业微信 markdown mentions a member as <@userid>
    const at = m.onDuty?.imId ? `\n\n${said({ key: 'notice.mention' })} <@${m.onDuty.imId}>` : '';
    const body = {
      msgtype: 'markdown',
      markdown: { content: markdown(m, link, 4096 - Buffer.byteLength(at)) + at },
    };
    return { url: hook.url, headers, body: JSON.stringify(body) };
  }
  if (format === 'dingtalk') {
    let url = hook.url;
    if (hook.secret) {
      const timestamp = String(opts.now.getTime());
      const sign = createHmac('sha256', hook.secret).update(`${timestamp}\n${hook.secret}`).digest('base64');
      const u = new URL(hook.url);
      u.searchParams.set('timestamp', timestamp);
      u.searchParams.set('sign', sign);
      url = u.toString();
    }
    // 钉钉 mentions by the user ids in `at`, each also written as @id in the text
    const id = m.onDuty?.imId;
    const text =
      markdown(m, link, id ? 4000 : 4096) + (id ? `\n\n${said({ key: 'notice.mention' })} @${id}` : '');
    const body = {
      msgtype: 'markdown',
      markdown: { title: m.title, text },
      ...(id ? { at: { atUserIds: [id], isAtAll: false } } : {}),
    };
    return { url, headers, body: JSON.stringify(body) };
  }
  const body = JSON.stringify({ source: 'huajie', deliveryId: opts.deliveryId, ...m, link });
  headers['x-huajie-kind'] = m.kind;
  headers['x-huajie-delivery'] = opts.deliveryId;
  if (hook.secret) {
    // the time is signed with the body, so a receiver can refuse an old message replayed
    const timestamp = String(Math.floor(opts.now.getTime() / 1000));
    headers['x-huajie-timestamp'] = timestamp;
    headers['x-huajie-signature'] =
      `sha256=${createHmac('sha256', hook.secret).update(`${timestamp}.${body}`).digest('hex')}`;
  }
  return { url: hook.url, headers, body };
}

/**
 * Whether the receiver took it: null, or why not. Any 2xx for JSON; the robots answer 200
 * with `{errcode, errmsg}` and only errcode 0 means the message was posted. Nothing of the
 * answer is kept but a robot's numeric errcode.
 */
export function accepted(format: WebhookFormat, answer: Answer): Failure | null {
  const { status } = answer;
  if (status < 200 || status >= 300) {
    const error =
      status >= 300 && status < 400
        ? 'http_3xx'
        : status >= 400 && status < 500
          ? 'http_4xx'
          : status >= 500 && status < 600
            ? 'http_5xx'
            : 'http_other';
    return { error, detail: null };
  }
  if (format === 'json') return null;
  if (!answer.complete) return { error: 'bad_answer', detail: 'the answer is longer than a robot answers' };
  let errcode: unknown;
  try {
    errcode = (JSON.parse(answer.body) as { errcode?: unknown } | null)?.errcode;
  } catch {
    return { error: 'bad_answer', detail: 'the answer is not JSON' };
  }
  if (errcode === 0) return null;
  if (typeof errcode === 'number' && Number.isSafeInteger(errcode))
    return { error: 'robot_error', detail: `errcode ${errcode}` };
  return { error: 'bad_answer', detail: 'the answer has no errcode' };
}
