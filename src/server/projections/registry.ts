import { disputeProjection } from '../dispute/dispute.projection.ts';
import { caseItemsProjection } from '../incident/case-items.projection.ts';
import { escalationProjection } from '../incident/escalation.projection.ts';
import { incidentProjection } from '../incident/incident.projection.ts';
import { sitrepProjection } from '../incident/sitrep.projection.ts';
import { screeningProjection } from '../screening/screening.projection.ts';
import { caseSummaryProjection } from './case-summary.projection.ts';
import type { Projection } from './projection.ts';

/** Every read model the server maintains; `huajie rebuild` replays the log into all of them. */
export const projections: Projection[] = [
  caseSummaryProjection,
  incidentProjection,
  caseItemsProjection,
  sitrepProjection,
  disputeProjection,
  screeningProjection,
  // after the projections of every kind: it reads where the case is
  escalationProjection,
];
