/**
 * The key of every query the web application makes: what a page asks the server for, and what a
 * write or an event of the live stream refreshes. A key refreshes every query whose key begins
 * with it (`incident(id)` refreshes the incident and its review), so each family has its root
 * (`…All`) beside the keys of its members.
 */
export const queryKeys = {
  /** who is logged in */
  me: ['me'] as const,
  /** the jurisdictions in the user's scope */
  jurisdictions: ['jurisdictions'] as const,

  /** incident lists (the board's live ones) */
  incidentsAll: ['incidents'] as const,
  incidentsLive: ['incidents', 'live'] as const,
  /** the duty board's live incidents in urgency order */
  board: ['incidents', 'board'] as const,
  /** the incident list by its query string */
  incidents: (query: string) => ['incidents', 'list', query] as const,
  /** one incident, with what hangs off it */
  incident: (caseId: string) => ['incident', caseId] as const,
  incidentReview: (caseId: string) => ['incident', caseId, 'review'] as const,
  /** the duty clocks running in the user's scope */
  duties: ['duties'] as const,
  /** incidents escalated to the user's level */
  escalations: ['escalations'] as const,
  /** the user's own notices as the person on duty (值班提醒) */
  notices: ['notices'] as const,
  /** clocks past due: incidents', disputes', screening's */
  overdue: ['overdue'] as const,
  /** situation reports addressed to the user's office */
  sitrepsAll: ['sitreps'] as const,
  sitrepsReceived: ['sitreps', 'received'] as const,
  /** a printed document: a situation report, a review, findings */
  document: (kind: string, id: string) => ['document', kind, id] as const,

  /** dispute lists: the ledger by its query string, the board's high-risk ones */
  disputesAll: ['disputes'] as const,
  disputes: (query: string) => ['disputes', query] as const,
  disputesHigh: ['disputes', 'high'] as const,
  /** one dispute, and its sides' contacts */
  dispute: (caseId: string) => ['dispute', caseId] as const,
  disputeContacts: (caseId: string) => ['dispute', caseId, 'contacts'] as const,
  /** the screening registers */
  screening: ['screening'] as const,

  /** findings, by their query string */
  findingsAll: ['findings'] as const,
  findings: (query: string) => ['findings', query] as const,
  /** the figures of a period and jurisdiction */
  figures: (query: string) => ['figures', query] as const,

  /** a jurisdiction's duty roster (值班) */
  roster: (code: string) => ['roster', code] as const,

  /** the plan library */
  plans: ['plans'] as const,
  /** one plan, its newest version or a pinned one */
  planAll: ['plan'] as const,
  plan: (id: string, version?: number) => ['plan', id, version ?? 'latest'] as const,
  planVersionsAll: ['plan-versions'] as const,
  planVersions: (id: string | undefined) => ['plan-versions', id] as const,
  /** a plan's YAML source: the newest, or a version */
  planSourceAll: ['plan-source'] as const,
  planSource: (id: string | undefined, version?: number) =>
    version === undefined ? (['plan-source', id] as const) : (['plan-source', id, version] as const),
  /** a plan's drill scenarios, and the drills run on it */
  drills: (planId: string | undefined) => ['drills', planId] as const,
  drillRuns: (planId: string | undefined) => ['drill-runs', planId] as const,
};
