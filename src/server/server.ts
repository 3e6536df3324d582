import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { type Clock, ReplayClock, systemClock } from '../core/clock.ts';
import { buildApp } from './app.ts';
import { ContactPurge, contactRetentionDays } from './cases/contact-purge.ts';
import { DutyClock } from './clock/duty.clock.ts';
import { type DemoResult, seedDemoIfEmpty } from './demo/demo.ts';
import { NotificationDispatcher } from './notifications/dispatcher.ts';
import { egressSettings, webhookEgress } from './notifications/egress.ts';
import { PlanWorkers } from './plans/plan.pool.ts';
import { PlanRegistry } from './plans/plan.registry.ts';
import { loadStoredPlans } from './plans/plan.versions.ts';
import type { StreamLimits } from './realtime/broadcaster.ts';
import { type Bus, LocalBus, PgBus } from './realtime/bus.ts';
import type { EventStore } from './store/event-store.ts';
import { describeDb, openStore, type StoreConfig } from './store/open.ts';
import { VERSION } from './version.ts';
import { createWritePath } from './write-path.ts';

/** The web application, as `npm start` builds it. */
export const WEB_DIR = fileURLToPath(new URL('../../dist/web', import.meta.url));

/** The plans shipped with Huajie. */
export const BUNDLED_PLANS = fileURLToPath(new URL('../../plans', import.meta.url));

export interface ServeOptions extends StoreConfig {
  port: number;
  host: string;
  clock?: Clock;
  logger?: boolean;
  /** directory of plan files (default: the bundled plans/) */
  plansDir?: string;
  /** how often the duty clock looks for duties past due */
  clockIntervalMs?: number;
  /** seed the demo tree, accounts and exercises on an empty database (default: true) */
  demo?: boolean;
  /** the address users open Huajie at, for links in notifications (HUAJIE_PUBLIC_URL) */
  publicUrl?: string;
  /** how often the outbox of notifications is delivered */
  notifyIntervalMs?: number;
  /** the only hosts webhooks may post to; `robots`: the WeCom and DingTalk robots (HUAJIE_WEBHOOK_HOSTS) */
  webhookHosts?: string;
  /** internal networks (CIDR) webhooks may reach (HUAJIE_WEBHOOK_INTERNAL_NETWORKS) */
  webhookInternalNetworks?: string;
  /** the built web application (default: dist/web) */
  webDir?: string;
  /**
   * Which proxies in front of the server to believe about the client's address and https
   * (X-Forwarded-For, X-Forwarded-Proto): their addresses or networks, or true for any.
   * Behind a TLS proxy this makes the session cookie Secure and sends HSTS.
   */
  trustProxy?: boolean | string[];
  /** the limits of live streams, where they differ from STREAM_LIMITS (tests) */
  streamLimits?: Partial<StreamLimits>;
  /** days representatives' contacts are kept after 销号 (HUAJIE_CONTACT_RETENTION_DAYS, default 30) */
  contactRetentionDays?: number;
  /** how often contacts past their retention are purged (default: hourly) */
  purgeIntervalMs?: number;
}

export interface RunningServer {
  app: FastifyInstance;
  store: EventStore;
  url: string;
  /** set when this start created the demo data */
  demo: DemoResult | null;
  close(): Promise<void>;
}

/** Open the store, build the app, listen. `close` stops taking requests, then drains the store. */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  // the demo enters its past exercise at the times it happened, before any request is taken
  const clock = new ReplayClock(opts.clock ?? systemClock);
  // how long representatives' contacts outlive 销号: refused at start when it is no number of days
  const retentionDays = contactRetentionDays(
    opts.contactRetentionDays ?? process.env.HUAJIE_CONTACT_RETENTION_DAYS,
  );
  // where webhooks may post, checked when one is saved and before each delivery
  const egress = webhookEgress(
    egressSettings({
      hosts: opts.webhookHosts ?? process.env.HUAJIE_WEBHOOK_HOSTS,
      internalNetworks: opts.webhookInternalNetworks ?? process.env.HUAJIE_WEBHOOK_INTERNAL_NETWORKS,
    }),
  );
  const plans = PlanRegistry.fromDirectory(opts.plansDir ?? BUNDLED_PLANS);
  const { store, key } = await openStore(opts, { clock });
  // the versions admins uploaded, beside the bundled files
  await loadStoredPlans(store.db, plans);
  // the bus says when it lost and regained its listening connection, in the server's log
  let log: FastifyInstance['log'] | undefined;
  const busLog = {
    info: (o: object, m: string) => log?.info(o, m),
    warn: (o: object, m: string) => log?.warn(o, m),
  };
  const bus: Bus =
    store.engine === 'postgres' ? await PgBus.start(opts.dbUrl, { log: busLog }) : new LocalBus();
  // plan checks and drills run off the event loop; so does the check of a version another
  // server stored, whenever this one first meets it
  const planWorkers = new PlanWorkers();
  // one write path for the routes, the duty clock and the demo: what the clock records
  // (misses, escalations) reaches the read models, the outbox and the live streams like any command
  const incidentDeps = createWritePath({
    store,
    plans,
    clock,
    bus,
    checkPlan: (name, yaml) => planWorkers.checkStored(name, yaml),
  });
  const demo = opts.demo === false ? null : await seedDemoIfEmpty(incidentDeps, opts.dataDir);
  const app = await buildApp(
    {
      store,
      clock,
      version: VERSION,
      plans,
      writePath: incidentDeps,
      bus,
      webDir: opts.webDir ?? WEB_DIR,
      headKey: key,
      webhookEgress: egress,
      planWorkers,
      contactRetentionDays: retentionDays,
      ...(opts.streamLimits ? { streamLimits: opts.streamLimits } : {}),
    },
    { logger: opts.logger ?? false, trustProxy: trustProxyOption(opts.trustProxy) },
  );
  log = app.log;
  try {
    await app.listen({ port: opts.port, host: opts.host });
  } catch (e) {
    await store.close();
    throw e;
  }
  const dutyClock = new DutyClock(incidentDeps, {
    intervalMs: opts.clockIntervalMs ?? 1000,
    onError: (e) => app.log.error({ err: e }, 'duty clock pass failed'),
  });
  dutyClock.start();
  // cold cases: the held cases gone idle are snapshotted, so that after a restart (or once they
  // leave the held ones) a command does not fold their whole log again
  const lanes = [incidentDeps.cases, incidentDeps.disputes.cases];
  const snapshots = setInterval(() => {
    for (const cases of lanes) void cases.snapshotIdle().catch(() => undefined);
  }, 10_000);
  snapshots.unref();
  const dispatcher = new NotificationDispatcher(store, clock, {
    intervalMs: opts.notifyIntervalMs ?? 2000,
    publicUrl: opts.publicUrl ?? process.env.HUAJIE_PUBLIC_URL,
    egress,
    onError: (e) => app.log.error({ err: e }, 'notification pass failed'),
  });
  dispatcher.start();
  // representatives' contacts whose time after 销号 has come are deleted (their read logs stay)
  const contactPurge = new ContactPurge(store, clock, {
    retentionDays,
    intervalMs: opts.purgeIntervalMs ?? 3_600_000,
    onPurge: (r) => app.log.info(r, 'representatives’ contacts purged after 销号'),
    onError: (e) => app.log.error({ err: e }, 'contact purge failed'),
  });
  contactPurge.start();
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  const shownHost = opts.host === '0.0.0.0' || opts.host === '::' ? 'localhost' : opts.host;
  let closing: Promise<void> | undefined;
  return {
    app,
    store,
    demo,
    url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`,
    close: () => {
      closing ??= (async () => {
        await app.close();
        await dutyClock.stop();
        await dispatcher.stop();
        await contactPurge.stop();
        await planWorkers.close();
        clearInterval(snapshots);
        for (const cases of lanes) {
          await cases.snapshotIdle(0); // every held case with something new
          await cases.flush();
        }
        await store.close();
      })();
      return closing;
    },
  };
}

export { describeDb };

/**
 * The trust-proxy setting as Fastify takes it. `true` is the one proxy in front of the server,
 * whatever its address: the last address it adds to X-Forwarded-For is the client's. (Fastify's
 * own `true` would believe the first, which the client writes itself.) A list names the
 * proxies by address or network, however many there are in a row.
 */
export function trustProxyOption(
  setting: boolean | string[] | undefined,
): false | string[] | ((addr: string, hop: number) => boolean) {
  if (setting === true) return (_addr, hop) => hop === 0;
  return setting || false;
}
