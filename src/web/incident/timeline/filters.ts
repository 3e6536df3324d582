import { ownersOf, type Plan } from '../../../core/plan/plan.schema.ts';
import type { IncidentDetail, TimelineEntry } from '../../app/api.ts';

/** Entries a reviewer reads first; derived bookkeeping (tasks assigned, duties started) is hidden by the filter. */
export const SIGNIFICANT = new Set([
  'incident.reported',
  'incident.level.set',
  'sitrep.submitted',
  'escalation.requested',
  'dialogue.held',
  'demand.registered',
  'commitment.made',
  'statement.published',
  'measure.authorized',
  'measure.ended',
  'incident.stabilized',
  'incident.closed',
  'incident.settled',
  'duty.warned',
  'duty.missed',
  'duty.met',
  'arrival.recorded',
]);

/**
 * The organisation unit an entry concerns: a task's group, a duty's owner, who arrived.
 * Entries of people's own doing (a log line, a statement) belong to no group.
 */
export function groupOf(e: TimelineEntry, d: IncidentDetail, plan: Plan | undefined): string | undefined {
  const taskId = typeof e.data.taskId === 'string' ? e.data.taskId : undefined;
  if (taskId) {
    if (typeof e.data.group === 'string') return e.data.group;
    const row = d.tasks.find((x) => x.task_id === taskId);
    return typeof row?.grp === 'string' ? row.grp : undefined;
  }
  if (typeof e.data.dutyId === 'string') {
    if (typeof e.data.owner === 'string') return e.data.owner;
    const owner = plan?.duties.find((x) => x.id === e.data.dutyId)?.owner;
    return owner === undefined ? undefined : ownersOf(owner).ids[0];
  }
  if (e.type === 'arrival.recorded' && typeof e.data.position === 'string') return e.data.position;
  return undefined;
}
