import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import ipaddr from 'ipaddr.js';
import { systemClock } from '../../core/clock.ts';
import { runDrill, ScenarioSchema } from '../../core/plan/drill.ts';
import { addJurisdiction, addUser, generatePassword } from '../accounts/accounts.repo.ts';
import { contactRetentionDays, purgeContacts } from '../cases/contact-purge.ts';
import { findingsProjection } from '../findings/findings.projection.ts';
import { formatProblem, loadPlanFile, loadYamlFile, MORE_PROBLEMS } from '../plans/plan.load.ts';
import { PlanRegistry } from '../plans/plan.registry.ts';
import { showPlan, showReview } from '../plans/plan.show.ts';
import { loadStoredPlans } from '../plans/plan.versions.ts';
import { rebuild } from '../projections/rebuild.ts';
import { projections } from '../projections/registry.ts';
import { BUNDLED_PLANS, startServer } from '../server.ts';
import type { EventStore } from '../store/event-store.ts';
import { loadHeadKey } from '../store/head-key.ts';
import { describeDb, openStore, openStoreWithKey, resolveConfig, type StoreConfig } from '../store/open.ts';
import { verifyAll } from '../store/verify.ts';
import { VERSION } from '../version.ts';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('a port is a whole number 0–65535');
  return n;
}

/** --trust-proxy / HUAJIE_TRUST_PROXY: true, or the proxies' addresses and networks. */
export function trustProxy(value: string): boolean | string[] {
  const v = value.trim();
  if (v === 'true') return true;
  if (v === 'false' || v === '') return false;
  const list = v.split(',').map((x) => x.trim());
  for (const x of list) {
    const [addr, bits, ...rest] = x.split('/');
    const ok =
      addr !== undefined &&
      (ipaddr.IPv4.isValidFourPartDecimal(addr) || ipaddr.IPv6.isValid(addr)) &&
      rest.length === 0 &&
      (bits === undefined ||
        (/^\d+$/.test(bits) && Number(bits) <= (ipaddr.parse(addr).kind() === 'ipv4' ? 32 : 128)));
    if (!ok)
      throw new InvalidArgumentError(
        `"${x}" is no address or network; give true (any proxy) or the proxies' addresses/networks, such as 127.0.0.1,10.0.0.0/8`,
      );
  }
  return list;
}

/** --contact-retention-days: a whole number of days, 0–3650. */
function retentionDays(value: string): number {
  try {
    return contactRetentionDays(value, '--contact-retention-days');
  } catch (e) {
    throw new InvalidArgumentError(e instanceof Error ? e.message : String(e));
  }
}
const retentionOption = [
  '--contact-retention-days <days>',
  "days representatives' contacts are kept after 销号, then purged (default: $HUAJIE_CONTACT_RETENTION_DAYS or 30)",
  retentionDays,
] as const;

const dbOption = [
  '--db <url>',
  'database: sqlite:PATH or postgres://… (default: SQLite in the data directory)',
] as const;
const dataOption = ['--data <dir>', 'data directory (default: $HUAJIE_DATA or ./data)'] as const;

/** Open the configured store, run `fn`, always close it. */
async function withStore(cfg: StoreConfig, fn: (store: EventStore) => Promise<void>): Promise<void> {
  const { store } = await openStore(cfg, { clock: systemClock });
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

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
    .option('--plans <dir>', 'directory of plan files (default: $HUAJIE_PLANS or the bundled plans/)')
    .option('--no-demo', 'do not seed demo data into an empty database')
    .option(
      '--trust-proxy <proxies>',
      'believe X-Forwarded-For/-Proto from these proxies: addresses or networks (127.0.0.1,10.0.0.0/8), or true for the one proxy in front (default: $HUAJIE_TRUST_PROXY or none)',
      trustProxy,
    )
    .option(
      '--webhook-hosts [hosts]',
      'the only hosts webhooks may post to, comma-separated; "robots" (the bare flag too): the WeCom and DingTalk robot hosts (default: $HUAJIE_WEBHOOK_HOSTS, or any public host)',
    )
    .option(
      '--webhook-internal-networks <cidrs>',
      'internal networks webhooks may reach, e.g. 10.20.0.0/16 (default: $HUAJIE_WEBHOOK_INTERNAL_NETWORKS, none)',
    )
    .option(...retentionOption)
    .action(
      async (o: {
        port?: number;
        host?: string;
        db?: string;
        data?: string;
        plans?: string;
        demo: boolean;
        trustProxy?: boolean | string[];
        webhookHosts?: string | true;
        webhookInternalNetworks?: string;
        contactRetentionDays?: number;
      }) => {
        const cfg = resolveConfig(o);
        const server = await startServer({
          ...cfg,
          demo: o.demo,
          plansDir: o.plans ?? process.env.HUAJIE_PLANS,
          port: o.port ?? (process.env.PORT ? port(process.env.PORT) : 3000),
          host: o.host ?? process.env.HOST ?? 'localhost',
          trustProxy:
            o.trustProxy ??
            (process.env.HUAJIE_TRUST_PROXY ? trustProxy(process.env.HUAJIE_TRUST_PROXY) : false),
          logger: true,
          webhookHosts: o.webhookHosts === true ? 'robots' : o.webhookHosts,
          webhookInternalNetworks: o.webhookInternalNetworks,
          contactRetentionDays: o.contactRetentionDays,
        });
        console.log(`化解 Huajie ${VERSION} serving on ${server.url} (database ${describeDb(cfg.dbUrl)})`);
        if (server.demo) {
          console.log(
            `demo data created (exercises only). Accounts — shown once, kept in ${server.demo.credentialsFile}:`,
          );
          for (const c of server.demo.credentials)
            console.log(
              `  ${c.username.padEnd(10)} ${c.role.padEnd(10)} ${c.jurisdiction.padEnd(14)} ${c.password}`,
            );
        }
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
      },
    );

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
      await withStore(cfg, async (store) => {
        const started = performance.now();
        // the findings read the plans (titles, the tolerance of 补录): the bundled and the stored
        const plans = PlanRegistry.fromDirectory(process.env.HUAJIE_PLANS ?? BUNDLED_PLANS);
        await loadStoredPlans(store.db, plans);
        const all = [...projections, findingsProjection(plans)];
        const { events } = await rebuild(store, all);
        const ms = Math.round(performance.now() - started);
        console.log(
          `rebuilt ${all.map((p) => p.name).join(', ')} from ${events} events in ${ms} ms (${describeDb(cfg.dbUrl)})`,
        );
      });
    });

  program
    .command('purge-contacts')
    .description(
      "delete now the representatives' contacts (of disputes) and reply channels (of incidents) whose time after 销号 has come; the logs of their reads stay (the server also does this hourly)",
    )
    .option(...retentionOption)
    .option(...dbOption)
    .option(...dataOption)
    .action(async (o: { contactRetentionDays?: number; db?: string; data?: string }) => {
      const days = o.contactRetentionDays ?? contactRetentionDays(process.env.HUAJIE_CONTACT_RETENTION_DAYS);
      await withStore(resolveConfig(o), async (store) => {
        const r = await purgeContacts(store, systemClock, days);
        console.log(
          `purged ${r.contacts} contact(s) of disputes and ${r.replyChannels} reply channel(s) of incidents settled (销号) at or before ${r.cutoff} (kept ${days} days after 销号)`,
        );
      });
    });

  const jurisdiction = program
    .command('jurisdiction')
    .description('the jurisdiction tree: 市 › 县/区 › 镇/街道 › 村/社区, and units');
  jurisdiction
    .command('add')
    .description('add a jurisdiction under its parent')
    .argument('<code>', 'its code, e.g. 330382-101')
    .argument('<name>', 'its name, e.g. 上安镇')
    .requiredOption('--level <level>', 'city | county | town | village | unit')
    .option('--parent <code>', 'the code of the jurisdiction above it')
    .option('--plan <id>', 'the plan incidents reported here run under (a plan id from the plans directory)')
    .option(...dbOption)
    .option(...dataOption)
    .action(
      async (
        code: string,
        name: string,
        o: { level: string; parent?: string; plan?: string; db?: string; data?: string },
      ) => {
        if (o.plan) {
          const plans = PlanRegistry.fromDirectory(process.env.HUAJIE_PLANS ?? BUNDLED_PLANS);
          if (!plans.get(o.plan))
            throw new Error(`--plan: no plan "${o.plan}" (plans: ${plans.ids().join(', ')})`);
        }
        await withStore(resolveConfig(o), async (store) => {
          const j = await addJurisdiction(store, systemClock, {
            code,
            name,
            level: o.level,
            parent: o.parent,
            plan: o.plan,
          });
          console.log(
            `added ${j.level} ${j.name} (${j.code})${j.parent_code ? ` under ${j.parent_code}` : ''}${j.plan_id ? `, running ${j.plan_id}` : ''}`,
          );
        });
      },
    );
  jurisdiction
    .command('list')
    .description('print the tree')
    .option(...dbOption)
    .option(...dataOption)
    .action(async (o: { db?: string; data?: string }) => {
      await withStore(resolveConfig(o), async (store) => {
        const rows = await store.db.selectFrom('jurisdictions').selectAll().orderBy('code').execute();
        const print = (parent: string | null, depth: number) => {
          for (const r of rows.filter((x) => x.parent_code === parent)) {
            console.log(`${'  '.repeat(depth)}${r.name} (${r.code}, ${r.level})`);
            print(r.code, depth + 1);
          }
        };
        print(null, 0);
      });
    });

  const user = program.command('user').description('staff accounts');
  user
    .command('add')
    .description('add a staff account; prints a generated password once unless --password-stdin')
    .argument('<username>', '3–40 lower-case letters, digits, . _ -')
    .requiredOption('--role <role>', 'admin | commander | officer | recorder | leader | auditor')
    .requiredOption('--jurisdiction <code>', 'the jurisdiction the account works in (it sees that and below)')
    .option('--name <display name>', 'the name shown in the record (default: the username)')
    .option('--password-stdin', 'read the password from standard input')
    .option(...dbOption)
    .option(...dataOption)
    .action(
      async (
        username: string,
        o: {
          role: string;
          jurisdiction: string;
          name?: string;
          passwordStdin?: boolean;
          db?: string;
          data?: string;
        },
      ) => {
        const password = o.passwordStdin ? readFileSync(0, 'utf8').trim() : generatePassword();
        await withStore(resolveConfig(o), async (store) => {
          const u = await addUser(store, systemClock, {
            username,
            displayName: o.name ?? username,
            password,
            role: o.role,
            jurisdiction: o.jurisdiction,
          });
          console.log(`added ${u.role} ${u.username} in ${u.jurisdiction_code}`);
          if (!o.passwordStdin) console.log(`password (shown once): ${password}`);
        });
      },
    );

  const plan = program.command('plan').description('response plans as data: check and read them');
  plan
    .command('check')
    .description('validate plan files; each problem as FILE:LINE:COLUMN: what is wrong')
    .argument('<files...>', 'plan YAML files')
    .action((files: string[]) => {
      let bad = 0;
      for (const f of files) {
        const { problems, truncated, warnings = [] } = loadPlanFile(f);
        if (problems.length === 0)
          console.log(
            `${f}: ok${warnings.length ? ` (${warnings.length} warning${warnings.length === 1 ? '' : 's'})` : ''}`,
          );
        for (const p of problems) console.log(formatProblem(p));
        for (const w of warnings) console.log(formatProblem({ ...w, message: `warning: ${w.message}` }));
        if (truncated) console.log(`${f}: ${MORE_PROBLEMS}`);
        if (problems.length) bad += 1;
      }
      process.exitCode = bad ? 1 : 0;
    });
  plan
    .command('show')
    .description('print a plan readably: levels and thresholds, who must do what within how long')
    .argument('<file>', 'plan YAML file')
    .action((file: string) => {
      const { plan: p, problems } = loadPlanFile(file);
      if (!p) {
        for (const x of problems) console.log(formatProblem(x));
        process.exitCode = 1;
        return;
      }
      console.log(showPlan(p));
    });

  program
    .command('drill')
    .description(
      'run a drill scenario against a plan on a simulated clock and print the review; exit 1 if expect: differs',
    )
    .argument('<plan>', 'plan YAML file')
    .argument('<scenario>', 'scenario YAML file')
    .option('--json', 'print the review as JSON')
    .action((planFile: string, scenarioFile: string, o: { json?: boolean }) => {
      const p = loadPlanFile(planFile);
      const s = loadYamlFile(scenarioFile, ScenarioSchema);
      const problems = [...p.problems, ...s.problems];
      if (!p.plan || !s.value) {
        for (const x of problems) console.error(formatProblem(x));
        process.exitCode = 2;
        return;
      }
      const { review, differences } = runDrill(p.plan, s.value);
      console.log(o.json ? JSON.stringify(review, null, 2) : showReview(review));
      if (differences.length) {
        console.error(`\n演练未达预期 the drill differed from its expect: (${scenarioFile})`);
        for (const d of differences) console.error(`  - ${d}`);
        process.exitCode = 1;
      }
    });

  return program;
}
