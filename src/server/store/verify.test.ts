import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ev } from '../../../test/support/events.ts';
import { engines, freshDb, type TestDb } from '../../../test/support/stores.ts';
import { GENESIS_HASH, hashInput } from '../../core/events/event.ts';
import { type EventStore, sha256Hex } from './event-store.ts';
import { HeadKey } from './head-key.ts';
import { type CaseReport, verifyAll } from './verify.ts';

/**
 * Tampering behind the store's back — triggers dropped, raw SQL, head rows rewritten
 * without the key — is caught by verify, which names the case and the seq.
 */
describe.each(engines())('audit verify catches tampering: $engine', ({ engine, skip }) => {
  let db: TestDb;
  let store: EventStore;
  const p = (n: number) => (engine === 'postgres' ? `$${n}` : '?');

  beforeEach(async (ctx) => {
    if (skip) ctx.skip();
    db = await freshDb(engine);
    store = await db.open();
    // five cases of five events, plus an untouched witness case
    for (const c of ['a', 'b', 'c', 'd', 'e', 'witness']) {
      await store.append(c, 0, [ev(), ev(), ev()]);
      await store.append(c, 3, [ev(), ev()]);
    }
    if (engine === 'sqlite') {
      await db.raw('DROP TRIGGER events_no_update');
      await db.raw('DROP TRIGGER events_no_delete');
    } else {
      await db.raw('ALTER TABLE events DISABLE TRIGGER events_no_update_delete');
    }
  });
  afterEach(async () => {
    if (skip) return;
    await store.close();
    await db.drop();
  });

  const problemsOf = (broken: CaseReport[], caseId: string) =>
    broken.find((b) => b.caseId === caseId)?.problems.map((x) => ({ seq: x.seq, kind: x.kind })) ?? [];

  it('passes an untouched log', async () => {
    const r = await verifyAll(store.db, db.key);
    expect(r).toMatchObject({ ok: true, cases: 6, events: 30, broken: [] });
  });

  it('names the case and seq of an altered, a deleted, an inserted and a cut-off event', async () => {
    // altered: event 3 of case a says something else now
    await db.raw(`UPDATE events SET data = ${p(1)} WHERE case_id = 'a' AND seq = 3`, ['{"text":"改过的"}']);
    // deleted: event 2 of case b is gone
    await db.raw("DELETE FROM events WHERE case_id = 'b' AND seq = 2");
    // cut off: the newest two events of case c are gone (the chain that is left is intact)
    await db.raw("DELETE FROM events WHERE case_id = 'c' AND seq >= 4");
    // inserted: a perfectly chained sixth event appended to case d by raw SQL
    const [last] = (await db.raw("SELECT hash FROM events WHERE case_id = 'd' AND seq = 5")) as {
      hash: string;
    }[];
    const forged = {
      id: ev().id,
      caseId: 'd',
      seq: 6,
      type: 'log.entry',
      data: { text: '补记' },
      actorId: 'x',
      actorRole: 'officer',
      occurredAt: '2026-05-11T02:00:00.000Z',
      recordedAt: '2026-05-11T02:00:00.000Z',
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    await db.raw(
      `INSERT INTO events (id, case_id, seq, type, data, actor_id, actor_role, occurred_at, recorded_at, prev_hash, hash)
       VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map(p).join(', ')})`,
      [
        forged.id,
        'd',
        6,
        forged.type,
        JSON.stringify(forged.data),
        'x',
        'officer',
        forged.occurredAt,
        forged.recordedAt,
        forged.prevHash,
        sha256Hex(hashInput(forged)),
      ],
    );
    const r = await verifyAll(store.db, db.key);
    expect(r.ok).toBe(false);
    expect(r.broken.map((b) => b.caseId)).toEqual(['a', 'b', 'c', 'd']);
    // only seq 3: its stored hash is the original, which seq 4 still links to
    expect(problemsOf(r.broken, 'a')).toEqual([{ seq: 3, kind: 'altered' }]);
    expect(problemsOf(r.broken, 'b')).toEqual([{ seq: 2, kind: 'missing' }]);
    expect(problemsOf(r.broken, 'c')).toEqual([{ seq: 4, kind: 'truncated' }]);
    expect(problemsOf(r.broken, 'd')).toEqual([{ seq: 6, kind: 'beyond_head' }]);
  });

  it('catches a head rewritten without the key, and a chain re-hashed to match it', async () => {
    // cut case e back to seq 4 and rewrite its head to match — but the MAC cannot be forged
    const [e4] = (await db.raw("SELECT hash FROM events WHERE case_id = 'e' AND seq = 4")) as {
      hash: string;
    }[];
    await db.raw("DELETE FROM events WHERE case_id = 'e' AND seq = 5");
    const wrongKey = new HeadKey(Buffer.alloc(32, 7), 'attacker');
    const mac = wrongKey.sign({ caseId: 'e', seq: 4, hash: e4?.hash ?? '' });
    await db.raw(`UPDATE case_heads SET seq = 4, hash = ${p(1)}, mac = ${p(2)} WHERE case_id = 'e'`, [
      e4?.hash,
      mac,
    ]);
    // rewrite event 5 of case a and re-hash it so the chain itself is consistent
    const [a5] = (await db.raw("SELECT * FROM events WHERE case_id = 'a' AND seq = 5")) as Record<
      string,
      string
    >[];
    const rewritten = {
      id: String(a5?.id),
      caseId: 'a',
      seq: 5,
      type: 'log.entry',
      data: { text: '从未发生' },
      actorId: String(a5?.actor_id),
      actorRole: String(a5?.actor_role),
      occurredAt: String(a5?.occurred_at),
      recordedAt: String(a5?.recorded_at),
      prevHash: String(a5?.prev_hash),
    };
    await db.raw(`UPDATE events SET data = ${p(1)}, hash = ${p(2)} WHERE case_id = 'a' AND seq = 5`, [
      JSON.stringify(rewritten.data),
      sha256Hex(hashInput(rewritten)),
    ]);
    // remove the head of case b and the events of case c (its head remains)
    await db.raw("DELETE FROM case_heads WHERE case_id = 'b'");
    await db.raw("DELETE FROM events WHERE case_id = 'c'");

    const r = await verifyAll(store.db, db.key);
    expect(problemsOf(r.broken, 'e')).toEqual([{ seq: 4, kind: 'head_forged' }]);
    expect(problemsOf(r.broken, 'a')).toEqual([{ seq: 5, kind: 'altered' }]);
    expect(problemsOf(r.broken, 'b')).toEqual([{ seq: 5, kind: 'head_missing' }]);
    expect(problemsOf(r.broken, 'c')).toEqual([{ seq: 1, kind: 'head_without_events' }]);
    expect(r.broken.map((b) => b.caseId)).not.toContain('witness');
  });

  it('reports through `huajie audit verify` with exit code 1, and 0 when clean', async () => {
    const cli = (extra: string[] = []) =>
      spawnSync(
        process.execPath,
        ['bin/huajie.mjs', 'audit', 'verify', '--db', db.url, '--data', db.dataDir, ...extra],
        {
          encoding: 'utf8',
          env: { ...process.env, HUAJIE_HEAD_KEY: db.keyHex },
          timeout: 60_000,
        },
      );
    const clean = cli();
    expect(clean.stdout).toContain('every chain verifies');
    expect(clean.status).toBe(0);

    await db.raw("DELETE FROM events WHERE case_id = 'd' AND seq = 5");
    await db.raw(`UPDATE events SET type = 'incident.closed' WHERE case_id = 'b' AND seq = 1`);
    const broken = cli();
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain('BROKEN case b at seq 1: the stored event does not match its hash');
    expect(broken.stdout).toContain('BROKEN case d at seq 5: the events after seq 4 are missing');
    expect(broken.stdout).toContain('2 of 6 cases are broken');

    const json = JSON.parse(cli(['--json']).stdout);
    expect(json.ok).toBe(false);
    expect(json.signaturesChecked).toBe(true);
  });
});
