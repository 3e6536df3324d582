import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { benchCommands } from './commands.ts';
import { Child } from './common.ts';
import { sqliteEnv } from './huajie.ts';

const tmp = mkdtempSync(join(os.tmpdir(), 'hb-'));
const load = Child.start('./load.child.ts');
try {
  const r = await benchCommands(sqliteEnv(tmp), load);
  console.log(
    r.ratioPct,
    r.sharedRatioPct,
    r.huajie.eventsPerCase,
    r.shared.eventsPerCase,
    r.huajie.sampleBody.slice(0, 300),
  );
} finally {
  await load.stop();
  rmSync(tmp, { recursive: true });
}
