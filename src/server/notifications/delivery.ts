import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { EgressTarget } from './egress.ts';

/**
 * Why a delivery attempt failed, as stored with the attempt (with its HTTP status, if any).
 * The receiver's answer itself is never stored: it is read only as far as a group robot's
 * `errcode` needs.
 */
export const DELIVERY_ERRORS = [
  /** the address is internal, a metadata service, or written oddly (egress.ts) */
  'refused_address',
  /** the host is not on the server's list of webhook hosts */
  'host_not_allowed',
  /** the host name does not resolve */
  'dns',
  /** no connection: refused, unreachable */
  'connect',
  /** the TLS handshake or the certificate failed */
  'tls',
  /** no complete answer in time */
  'timeout',
  /** the connection broke off, or what came back was not HTTP */
  'network',
  /** a redirect (never followed) */
  'http_3xx',
  'http_4xx',
  'http_5xx',
  /** any other status that is not 2xx */
  'http_other',
  /** a group robot answered with an errcode other than 0 (the detail names it) */
  'robot_error',
  /** a group robot's answer was not its JSON */
  'bad_answer',
  /** the stored message could not be rendered */
  'invalid_message',
] as const;
export type DeliveryError = (typeof DELIVERY_ERRORS)[number];

/** A failed attempt: what kind of failure, and a short detail in Huajie's words (never the answer). */
export interface Failure {
  error: DeliveryError;
  detail: string | null;
}

export class DeliveryFailure extends Error {
  constructor(
    readonly error: DeliveryError,
    readonly detail: string | null,
  ) {
    super(detail ? `${error}: ${detail}` : error);
  }
}

export interface Answer {
  status: number;
  /** the first `maxAnswerBytes` of the answer */
  body: string;
  /** false when the answer was longer and was cut off */
  complete: boolean;
}

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_)|CERT|^EPROTO$|SELF_SIGNED|UNABLE_TO_/;
const CONNECT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ETIMEDOUT']);

/** The failure of a request, by its error code and how far the request got. */
function classify(e: unknown, stage: 'connect' | 'tls' | 'sent'): Failure {
  const code = (e as { code?: unknown }).code;
  const c = typeof code === 'string' && /^[A-Z0-9_]{2,64}$/.test(code) ? code : null;
  if (c && TLS_CODE.test(c)) return { error: 'tls', detail: c };
  if (c && CONNECT_CODES.has(c)) return { error: 'connect', detail: c };
  if (stage === 'connect') return { error: 'connect', detail: c };
  if (stage === 'tls') return { error: 'tls', detail: c };
  return { error: 'network', detail: c };
}

/**
 * POST to a checked target, connecting to exactly its checked address (never resolving the
 * name again) while the request, its Host header and the TLS certificate check use the name.
 * No redirect is followed, no proxy is used. Rejects with a DeliveryFailure.
 */
export function postPinned(
  target: EgressTarget,
  req: { headers: Record<string, string>; body: string },
  opts: { signal: AbortSignal; maxAnswerBytes: number },
): Promise<Answer> {
  const { address, family } = target;
  const lookup = ((_host, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as LookupFunction;
  const secure = target.url.protocol === 'https:';
  return new Promise<Answer>((resolve, reject) => {
    let stage: 'connect' | 'tls' | 'sent' = 'connect';
    let settled = false;
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      const f: Failure = opts.signal.aborted ? { error: 'timeout', detail: null } : classify(e, stage);
      reject(new DeliveryFailure(f.error, f.detail));
    };
    const request = (secure ? https : http).request(target.url, {
      method: 'POST',
      headers: { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) },
      lookup,
      // a fresh agent: no pooled connection to another address, no proxy from the environment
      agent: false,
      signal: opts.signal,
    });
    request.on('socket', (socket) => {
      socket.once('connect', () => {
        stage = secure ? 'tls' : 'sent';
      });
      socket.once('secureConnect', () => {
        stage = 'sent';
      });
    });
    request.on('response', (res) => {
      stage = 'sent';
      const chunks: Buffer[] = [];
      let size = 0;
      const done = (complete: boolean) => {
        if (settled) return;
        settled = true;
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8').slice(0, opts.maxAnswerBytes),
          complete,
        });
        request.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > opts.maxAnswerBytes) return done(false);
        chunks.push(chunk);
      });
      res.on('end', () => done(true));
      res.on('error', fail);
    });
    request.on('error', fail);
    request.end(req.body);
  });
}

/** Turn what went wrong into a stored failure. */
export function failureOf(e: unknown): Failure {
  if (e instanceof DeliveryFailure) return { error: e.error, detail: e.detail };
  return { error: 'network', detail: null };
}
