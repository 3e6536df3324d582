import { createHmac, createSecretKey, type KeyObject, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type IdDeriver, uuidv7FromHash } from '../../core/events/derived-id.ts';
import { type CaseHead, headInput } from '../../core/events/event.ts';

/**
 * The key that signs each case's head. It lives outside the database — in a key file in
 * the data directory or in HUAJIE_HEAD_KEY — so that whoever can write the database alone
 * cannot cut the newest events off a case and re-sign its head.
 */
export class HeadKey {
  private readonly key: KeyObject;
  /** per case, the newest head this key signed or verified: re-checking it needs no HMAC */
  private readonly known = new Map<string, string>();

  constructor(
    key: Buffer,
    readonly source: string,
    private readonly memoSize = 100_000,
  ) {
    if (key.length < 32) throw new Error(`the head key from ${source} is shorter than 32 bytes`);
    this.key = createSecretKey(key);
  }

  private mac(head: CaseHead): string {
    return createHmac('sha256', this.key).update(headInput(head)).digest('hex');
  }

  private remember(head: CaseHead, mac: string): void {
    this.known.delete(head.caseId);
    this.known.set(head.caseId, `${head.seq}|${head.hash}|${mac}`);
    if (this.known.size > this.memoSize) {
      const oldest = this.known.keys().next().value;
      if (oldest !== undefined) this.known.delete(oldest);
    }
  }

  /**
   * The ids of the events Huajie derives (level set, duties started, met, missed): HMAC'd
   * under a key drawn from this one, so the servers sharing the key derive the same ids while
   * nobody without it can compute the id of an event in a case they cannot see.
   */
  derivedIds(): IdDeriver {
    const sub = createSecretKey(createHmac('sha256', this.key).update('huajie derived event ids').digest());
    return (seed, index) =>
      uuidv7FromHash(seed, createHmac('sha256', sub).update(`${seed}#${index}`).digest('hex'));
  }

  sign(head: CaseHead): string {
    const mac = this.mac(head);
    this.remember(head, mac);
    return mac;
  }

  /** Whether `mac` is this key's signature of `head`. A valid signature stays valid, so a memo is safe. */
  verify(head: CaseHead, mac: string): boolean {
    if (this.known.get(head.caseId) === `${head.seq}|${head.hash}|${mac}`) return true;
    const expected = Buffer.from(this.mac(head), 'hex');
    const given = Buffer.from(mac, 'hex');
    const ok = given.length === expected.length && timingSafeEqual(given, expected);
    if (ok) this.remember(head, mac);
    return ok;
  }
}

export const HEAD_KEY_FILE = 'head.key';

function parseKey(text: string, source: string): HeadKey {
  const t = text.trim();
  const buf =
    /^[0-9a-fA-F]+$/.test(t) && t.length % 2 === 0 ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  return new HeadKey(buf, source);
}

export interface HeadKeyResult {
  key: HeadKey;
  /** true when no key existed and a new one was written */
  created: boolean;
}

/**
 * HUAJIE_HEAD_KEY (hex or base64, ≥ 32 bytes) wins; otherwise `head.key` in the data
 * directory. With `create`, a missing file is created (random 32 bytes, mode 0600).
 */
export function loadHeadKey(opts: {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  create: boolean;
}): HeadKeyResult {
  const env = opts.env ?? process.env;
  if (env.HUAJIE_HEAD_KEY) return { key: parseKey(env.HUAJIE_HEAD_KEY, 'HUAJIE_HEAD_KEY'), created: false };
  const file = join(opts.dataDir, HEAD_KEY_FILE);
  if (existsSync(file)) return { key: parseKey(readFileSync(file, 'utf8'), file), created: false };
  if (!opts.create) {
    throw new Error(`no head key: neither HUAJIE_HEAD_KEY is set nor ${file} exists`);
  }
  mkdirSync(opts.dataDir, { recursive: true });
  const hex = randomBytes(32).toString('hex');
  writeFileSync(file, `${hex}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { key: parseKey(hex, file), created: true };
}
