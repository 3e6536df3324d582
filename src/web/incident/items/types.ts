import type { IncidentDetail } from '../../app/api.ts';

/** What the items tab shows of the incident page's answer; the case's log: what it holds is recorded. */
export type Items = Pick<IncidentDetail, 'tasks' | 'demands' | 'commitments' | 'statements' | 'measures'> & {
  timeline: { id: string }[];
};
