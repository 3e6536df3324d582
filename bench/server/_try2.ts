import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Child } from './common.ts';
import { sqliteEnv } from './huajie.ts';
import { benchSse } from './sse.ts';

const tmp = mkdtempSync(join(os.tmpdir(), 'hb-'));
const sse = Child.start('./sse.child.ts');
try {
  const r = await benchSse(sqliteEnv(tmp), sse);
  for (const x of r)
    console.log(
      x.clients,
      x.p99Ratio,
      x.connectMs,
      x.huajie.sinceRecorded,
      x.baseline.sinceRecorded,
      x.huajie.sampleFrame.length,
      x.baseline.sampleFrame.length,
    );
} finally {
  await sse.stop();
  rmSync(tmp, { recursive: true });
}
