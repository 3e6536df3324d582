#!/usr/bin/env node
// `npm run test:stress`: the whole test suite (`npm test`) three times in a row while two
// CPU-bound processes load the machine, as a busy CI runner or a shared server would. A suite
// that passes only on a quiet machine fails here. Not part of `npm test`.
//   npm run test:stress [-- --runs=N --hogs=N]
import { spawn } from 'node:child_process';
import { requireSupportedNode } from './node-version.mjs';

requireSupportedNode('The stress run');

const arg = (name, fallback) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.split('=')[1]) : fallback;
};
const runs = arg('runs', 3);
const hogCount = arg('hogs', 2);

const hogs = Array.from({ length: hogCount }, () =>
  spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
);
const stopHogs = () => {
  for (const h of hogs) h.kill('SIGKILL');
};
process.on('exit', stopHogs);
for (const sig of ['SIGINT', 'SIGTERM'])
  process.on(sig, () => {
    stopHogs();
    process.exit(130);
  });

function runSuite() {
  return new Promise((resolve) => {
    const started = Date.now();
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const child = spawn(npm, ['test'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let summary = '';
    let tail = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      tail = (tail + d.toString()).slice(-4000);
      const m = /tests: \d+ passed, \d+ failed, \d+ skipped/.exec(tail);
      if (m) summary = m[0];
    });
    child.on('close', (code) =>
      resolve({
        code: code ?? 1,
        summary: summary || 'no test summary',
        seconds: (Date.now() - started) / 1000,
      }),
    );
  });
}

const results = [];
for (let i = 1; i <= runs; i++) {
  console.log(`\n[stress] run ${i} of ${runs}, with ${hogCount} CPU-bound processes running`);
  results.push(await runSuite());
}
stopHogs();
console.log(`\n[stress] ${runs} runs of npm test beside ${hogCount} CPU-bound processes:`);
for (const [i, r] of results.entries())
  console.log(`  run ${i + 1}: ${r.summary}, exit ${r.code}, ${Math.round(r.seconds)} s`);
const failed = results.filter((r) => r.code !== 0).length;
console.log(failed ? `[stress] ${failed} of ${runs} runs failed` : `[stress] every run passed`);
process.exit(failed ? 1 : 0);
