import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { engines, freshDb } from '../../../test/support/stores.ts';
import { verifyAll } from './verify.ts';

const ROUNDS = 20;

/**
 * Run the writer process; once it has had `killAfterAcks` events acknowledged, kill it with
 * SIGKILL within `jitterMs` (while it is writing, however busy the machine), and return the
 * ids it saw acknowledged.
 */
function runAndKill(url: string, keyHex: string, killAfterAcks: number, jitterMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/support/crash-writer.ts', url, keyHex, '16'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const acked: string[] = [];
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith('ack ')) return;
      acked.push(line.slice(4));
      if (acked.length === killAfterAcks) setTimeout(() => child.kill('SIGKILL'), jitterMs);
    });
    child.on('close', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`the writer exited on its own (${signal ?? _code}): ${stderr}`));
    });
  });
}

/**
 * Wait until PostgreSQL has noticed the killed writer's connections. Until then a transaction
 * of the dead process may still count as running, and readAll (which returns only what
 * committed before every running transaction began) rightly holds back what came after it.
 */
async function writerGone(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let i = 0; i < 200; i++) {
      const { rows } = await client.query(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
      if (rows[0].n === 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the killed writer's connections to ${name} are still open after 10 s`);
  } finally {
    await client.end();
  }
}

describe.each(engines())(
  'crash: SIGKILL under load loses nothing acknowledged: $engine',
  ({ engine, skip }) => {
    it.skipIf(skip)(
      `keeps every acknowledged event exactly once across ${ROUNDS} kills`,
      async () => {
        const db = await freshDb(engine);
        const allAcked = new Set<string>();
        try {
          for (let round = 1; round <= ROUNDS; round++) {
            const acked = await runAndKill(
              db.url,
              db.keyHex,
              11 + Math.floor(Math.random() * 30),
              Math.floor(Math.random() * 50),
            );
            for (const id of acked) allAcked.add(id);
            if (engine === 'postgres') await writerGone(db.url);

            const store = await db.open();
            try {
              // every committed row, not readAll: its commit-safe order rightly holds back what
              // committed after any transaction still open on the server — another test's, in
              // another database — and what is asked here is only whether the row is there
              const all = await store.db.selectFrom('events').select('id').execute();
              const counts = new Map<string, number>();
              for (const e of all) counts.set(e.id, (counts.get(e.id) ?? 0) + 1);
              const lost = [...allAcked].filter((id) => counts.get(id) !== 1);
              expect(lost, `round ${round}: acknowledged events missing or doubled`).toEqual([]);
              const report = await verifyAll(store.db, db.key);
              expect(report.broken, `round ${round}`).toEqual([]);
            } finally {
              await store.close();
            }
          }
          // the writer was killed while writing, each round after at least 11 acknowledgements
          expect(allAcked.size).toBeGreaterThan(ROUNDS * 10);
        } finally {
          await db.drop();
        }
      },
      300_000,
    );
  },
);
