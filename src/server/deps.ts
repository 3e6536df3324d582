import type { Clock } from '../core/clock.ts';
import type { WebhookEgress } from './notifications/egress.ts';
import type { PlanRates, PlanWorkers, PlanWorkOptions } from './plans/plan.pool.ts';
import type { PlanRegistry } from './plans/plan.registry.ts';
import type { Broadcaster, StreamLimits } from './realtime/broadcaster.ts';
import type { Bus } from './realtime/bus.ts';
import type { EventStore } from './store/event-store.ts';
import type { HeadKey } from './store/head-key.ts';
import type { WritePath } from './write-path.ts';

/**
 * What the application is built from. Its own module, so that routes import it without
 * importing the app that registers them.
 */
export interface AppDeps {
  store: EventStore;
  clock: Clock;
  version: string;
  plans: PlanRegistry;
  /** the write path every command takes (createWritePath); built by buildApp when not given */
  writePath?: WritePath;
  /** live event fan-out; created by buildApp when not given */
  broadcaster?: Broadcaster;
  /** the limits of live streams, where they differ from STREAM_LIMITS */
  streamLimits?: Partial<StreamLimits>;
  /** how appends wake the live streams of every server (default: this process only) */
  bus?: Bus;
  /** the built web application; without one, `/` is a status page */
  webDir?: string;
  /** the key of the signed heads, for verifying them from the browser */
  headKey?: HeadKey;
  /** plan checks and drills, off the event loop; made (and closed) by buildApp when not given */
  planWorkers?: PlanWorkers;
  /** the plan workers' limits and the per-account rates of plan work (defaults: plan.pool.ts, PLAN_RATES) */
  planWork?: PlanWorkOptions & { rates?: Partial<PlanRates> };
  /** where webhooks may post (default: public addresses only, resolved by the system) */
  webhookEgress?: WebhookEgress;
  /**
   * How many days after 销号 representatives' contacts are kept before the purge
   * (HUAJIE_CONTACT_RETENTION_DAYS; default: cases/contact-purge.ts). The routes say when.
   */
  contactRetentionDays?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    broadcaster: Broadcaster;
    bus: Bus;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** the write path the app's routes use, for whatever else writes beside them (the duty clock) */
    writePath: WritePath;
  }
}

/** What a route plugin is given: the dependencies with everything buildApp completed. */
export type RouteDeps = AppDeps & {
  writePath: WritePath;
  bus: Bus;
  broadcaster: Broadcaster;
  planWorkers: PlanWorkers;
};
