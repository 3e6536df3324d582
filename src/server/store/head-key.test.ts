import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ev } from '../../../test/support/events.ts';
import { ManualClock } from '../../core/clock.ts';
import { HeadKey, loadHeadKey } from './head-key.ts';
import { openStore } from './open.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'huajie-key-'));

describe('head key', () => {
  it('creates a 32-byte key file readable by its owner only, and reuses it', () => {
    const d = dir();
    const first = loadHeadKey({ dataDir: d, env: {}, create: true });
    expect(first.created).toBe(true);
    const file = join(d, 'head.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    const again = loadHeadKey({ dataDir: d, env: {}, create: true });
    expect(again.created).toBe(false);
    const head = { caseId: 'c', seq: 2, hash: 'ab' };
    expect(again.key.verify(head, first.key.sign(head))).toBe(true);
  });

  it('prefers HUAJIE_HEAD_KEY, in hex or base64', () => {
    const hex = 'ab'.repeat(32);
    const fromHex = loadHeadKey({ dataDir: dir(), env: { HUAJIE_HEAD_KEY: hex }, create: true });
    const fromB64 = loadHeadKey({
      dataDir: dir(),
      env: { HUAJIE_HEAD_KEY: Buffer.from(hex, 'hex').toString('base64') },
      create: true,
    });
    const head = { caseId: 'c', seq: 1, hash: 'ff' };
    expect(fromB64.key.verify(head, fromHex.key.sign(head))).toBe(true);
    expect(fromHex.key.source).toBe('HUAJIE_HEAD_KEY');
  });

  it('refuses a short key and, without create, a missing one', () => {
    expect(() => loadHeadKey({ dataDir: dir(), env: { HUAJIE_HEAD_KEY: 'abcd' }, create: true })).toThrow(
      /32 bytes/,
    );
    expect(() => loadHeadKey({ dataDir: dir(), env: {}, create: false })).toThrow(/no head key/);
  });

  it('detects a signature made with another key or over another head', () => {
    const k = new HeadKey(Buffer.alloc(32, 1), 't');
    const other = new HeadKey(Buffer.alloc(32, 2), 't');
    const head = { caseId: 'c', seq: 5, hash: 'aa' };
    expect(k.verify(head, other.sign(head))).toBe(false);
    expect(k.verify({ ...head, seq: 4 }, k.sign(head))).toBe(false);
    expect(k.verify(head, 'not hex')).toBe(false);
  });

  it('remembers its own signatures without ever accepting a different one', () => {
    const k = new HeadKey(Buffer.alloc(32, 1), 't', 2);
    const other = new HeadKey(Buffer.alloc(32, 9), 't');
    const head = { caseId: 'c', seq: 5, hash: 'aa' };
    const mac = k.sign(head);
    expect(k.verify(head, mac)).toBe(true);
    expect(k.verify(head, other.sign(head))).toBe(false);
    expect(k.verify({ ...head, seq: 6 }, mac)).toBe(false);
    expect(k.verify({ ...head, hash: 'ab' }, mac)).toBe(false);
    // evicted from the small memo, still verified the long way
    k.sign({ caseId: 'd', seq: 1, hash: 'bb' });
    k.sign({ caseId: 'e', seq: 1, hash: 'cc' });
    expect(k.verify(head, mac)).toBe(true);
    expect(k.verify(head, `${mac.slice(0, -1)}${mac.endsWith('0') ? '1' : '0'}`)).toBe(false);
  });

  it('will not start a database that has signed cases with a newly made key', async () => {
    const d = dir();
    const cfg = { dbUrl: `sqlite:${join(d, 'huajie.db')}`, dataDir: d };
    const { store } = await openStore(cfg, { clock: new ManualClock(0), env: {} });
    await store.append('c1', 0, [ev()]);
    await store.close();
    writeFileSync(join(d, 'lost.txt'), '');
    // the key file is lost
    const { rmSync } = await import('node:fs');
    rmSync(join(d, 'head.key'));
    await expect(openStore(cfg, { clock: new ManualClock(0), env: {} })).rejects.toThrow(
      /head key is missing/,
    );
    expect(existsSync(join(d, 'head.key'))).toBe(false);
  });
});
