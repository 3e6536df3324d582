// `npm start`: build the web application if its sources changed, then serve.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureWebBuilt } from './build-web.mjs';
import { requireSupportedNode } from './node-version.mjs';

requireSupportedNode();

if (ensureWebBuilt()) console.log('web application built into dist/web');
const cli = fileURLToPath(new URL('../bin/huajie.mjs', import.meta.url));
const child = spawn(process.execPath, [cli, 'serve', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
