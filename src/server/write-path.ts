import type { Clock } from '../core/clock.ts';
import { type DisputeDeps, disputeKind } from './dispute/dispute.handler.ts';
import { findingsProjection } from './findings/findings.projection.ts';
import { CaseStates, type IncidentDeps, incidentKind } from './incident/incident.handler.ts';
import { notificationOutbox } from './notifications/outbox.ts';
import type { PlanRegistry } from './plans/plan.registry.ts';
import type { CheckText } from './plans/plan.versions.ts';
import { projectionsOf } from './projections/projection.ts';
import { projections } from './projections/registry.ts';
import type { Bus } from './realtime/bus.ts';
import { type ScreeningDeps, screeningKind } from './screening/screening.handler.ts';
import type { EventStore } from './store/event-store.ts';

/**
 * The write path every command takes: the incident's lane (incident.handler.ts), with the
 * dispute's (dispute.handler.ts) and the screening register's (screening.handler.ts) beside
 * it, over one store, outbox and bus.
 */
export type WritePath = IncidentDeps & { disputes: DisputeDeps; screenings: ScreeningDeps };

export interface WritePathParts {
  store: EventStore;
  plans: PlanRegistry;
  clock: Clock;
  /** woken after every append that wrote something: the live streams of every server */
  bus?: Bus;
  /** how a stored plan version this server meets for the first time is checked (the plan workers) */
  checkPlan?: CheckText;
  /** how many cases' folded state to hold (default 500) */
  heldCases?: number;
  /** how many new events make a case worth a new snapshot (default SNAPSHOT_AFTER) */
  snapshotAfter?: number;
}

/**
 * The one assembly of the write path: the store; the folded state of recent cases and the
 * queue of commands per case; in the append's transaction the read models in their declared
 * order (registry.ts) and then the outbox of notifications; after it, the bus. The server,
 * the app, the duty clock, the demo, the benchmark and every test fixture build it here, so a
 * test writes through exactly what production runs.
 */
export function createWritePath(parts: WritePathParts): WritePath {
  const { bus } = parts;
  const cases = new CaseStates(incidentKind, parts.heldCases, parts.snapshotAfter);
  cases.snapshotTo(parts.store);
  const disputes = new CaseStates(disputeKind, parts.heldCases, parts.snapshotAfter);
  disputes.snapshotTo(parts.store);
  const screenings = new CaseStates(screeningKind, parts.heldCases, parts.snapshotAfter);
  screenings.snapshotTo(parts.store);
  const findings = findingsProjection(parts.plans);
  const shared = {
    store: parts.store,
    plans: parts.plans,
    clock: parts.clock,
    ...(bus ? { notify: () => bus.publish() } : {}),
    ...(parts.checkPlan ? { checkPlan: parts.checkPlan } : {}),
  };
  return {
    ...shared,
    projections: [...projectionsOf('incident', projections), findings, notificationOutbox(parts.plans)],
    cases,
    disputes: {
      ...shared,
      projections: [...projectionsOf('dispute', projections), findings, notificationOutbox(parts.plans)],
      cases: disputes,
    },
    screenings: {
      ...shared,
      projections: [...projectionsOf('screening', projections), findings, notificationOutbox(parts.plans)],
      cases: screenings,
    },
  };
}
