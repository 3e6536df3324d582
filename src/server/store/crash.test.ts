import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { engines, freshDb } from '../../../test/support/stores.ts';
import { verifyAll } from './verify.ts';

const ROUNDS = 20;

/** Run the writer process, kill it with SIGKILL after `killAfterMs`, return the ids it saw acknowledged. */
function runAndKill(url: string, keyHex: string, killAfterMs: number): Promise<string[]> {
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
      if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      else if (line.startsWith('ack ')) acked.push(line.slice(4));
    });
    child.on('close', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`the writer exited on its own (${signal ?? _code}): ${stderr}`));
    });
  });
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
            const acked = await runAndKill(db.url, db.keyHex, 30 + Math.floor(Math.random() * 400));
            for (const id of acked) allAcked.add(id);

            const store = await db.open();
            try {
              const all = await store.readAll(0, 1_000_000);
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
          // the test only means something if the writer really was under load when killed
          expect(allAcked.size).toBeGreaterThan(ROUNDS * 10);
        } finally {
          await db.drop();
        }
      },
      300_000,
    );
  },
);
