import { Command, InvalidArgumentError } from 'commander';
import { systemClock } from '../../core/clock.ts';
import { rebuild } from '../projections/rebuild.ts';
import { projections } from '../projections/registry.ts';
import { startServer } from '../server.ts';
import { loadHeadKey } from '../store/head-key.ts';
import { describeDb, openStore, openStoreWithKey, resolveConfig } from '../store/open.ts';
import { verifyAll } from '../store/verify.ts';
import { VERSION } from '../version.ts';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('a port is a whole number 0–65535');
  return n;
}

const dbOption = [
  '--db <url>',
  'database: sqlite:PATH or postgres://… (default: SQLite in the data directory)',
] as const;
const dataOption = ['--data <dir>', 'data directory (default: $HUAJIE_DATA or ./data)'] as const;

export function cli(): Command {
  const program = new Command('huajie')
    .description('化解 Huajie — executable emergency response plans for crowd incidents')
    .version(VERSION)
    .showHelpAfterError();

  program
    .command('serve')
    .description('run the Huajie server (web UI and API)')
    .option('-p, --port <port>', 'port to listen on (default: $PORT or 3000)', port)
    .option('--host <host>', 'address to listen on (default: $HOST or localhost)')
    .option(...dbOption)
    .option(...dataOption)
    .action(async (o: { port?: number; host?: string; db?: string; data?: string }) => {
      const cfg = resolveConfig(o);
      const server = await startServer({
        ...cfg,
        port: o.port ?? (process.env.PORT ? port(process.env.PORT) : 3000),
        host: o.host ?? process.env.HOST ?? 'localhost',
        logger: true,
      });
      console.log(`化解 Huajie ${VERSION} serving on ${server.url} (database ${describeDb(cfg.dbUrl)})`);
      const stop = (signal: string) => {
        console.log(`${signal}: finishing requests and writes, then stopping`);
        server.close().then(
          () => process.exit(0),
          (e) => {
            console.error(e);
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });

  const audit = program.command('audit').description('check the integrity of the record');
  audit
    .command('verify')
    .description(
      "recompute every case's hash chain and check it against its signed head; exit 1 if any is broken",
    )
    .option(...dbOption)
    .option(...dataOption)
    .option('--json', 'print the report as JSON')
    .action(async (o: { db?: string; data?: string; json?: boolean }) => {
      const cfg = resolveConfig(o);
      const { key } = loadHeadKey({ dataDir: cfg.dataDir, create: false });
      const store = await openStoreWithKey(cfg.dbUrl, key, systemClock);
      try {
        const report = await verifyAll(store.db, key);
        if (o.json) {
          console.log(JSON.stringify(report, null, 2));
        } else {
          console.log(`verified ${describeDb(cfg.dbUrl)}: ${report.cases} cases, ${report.events} events`);
          for (const c of report.broken) {
            for (const p of c.problems) console.log(`BROKEN case ${c.caseId} at seq ${p.seq}: ${p.message}`);
          }
          console.log(
            report.ok
              ? 'every chain verifies against its signed head'
              : `${report.broken.length} of ${report.cases} cases are broken`,
          );
        }
        process.exitCode = report.ok ? 0 : 1;
      } finally {
        await store.close();
      }
    });

  program
    .command('rebuild')
    .description('replay the whole log into the read models (one transaction; appends wait)')
    .option(...dbOption)
    .option(...dataOption)
    .action(async (o: { db?: string; data?: string }) => {
      const cfg = resolveConfig(o);
      const { store } = await openStore(cfg, { clock: systemClock });
      try {
        const started = performance.now();
        const { events } = await rebuild(store, projections);
        const ms = Math.round(performance.now() - started);
        console.log(
          `rebuilt ${projections.map((p) => p.name).join(', ')} from ${events} events in ${ms} ms (${describeDb(cfg.dbUrl)})`,
        );
      } finally {
        await store.close();
      }
    });

  return program;
}
