import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { errors } from '../../core/api/errors.ts';
import {
  Appended,
  DutyList,
  EscalationList,
  IncidentDetail,
  IncidentList,
  TimelinePage,
} from '../../core/api/incidents.ts';
import { ForbiddenError, IdempotencyError, StateError, ValidationError } from '../../core/errors.ts';
import { CaseIdSchema } from '../../core/events/event.ts';
import { escalationResolution } from '../../core/incident/escalation.ts';
import { eventOf } from '../../core/incident/incident.events.ts';
import { type Facts, FactsSchema, mergeFacts } from '../../core/plan/facts.ts';
import { scopeOf } from '../accounts/accounts.repo.ts';
import { inScope } from '../accounts/scope.ts';
import { type Caller, requireCaller } from '../auth/auth.plugin.ts';
import { appended, CommandIn, refuseAddressed } from '../cases/command.http.ts';
import type { AppDeps, RouteDeps } from '../deps.ts';
import { carryInto, checkCarry } from '../dispute/carry.ts';
import { commandDispute } from '../dispute/dispute.handler.ts';
import { linkedDisputes, linksOf, visibleDispute } from '../dispute/dispute.queries.ts';
import { SECURITY } from '../openapi.ts';
import { onDutyMany } from '../roster/roster.queries.ts';
import { authoredViews, eventView } from './event.view.ts';
import { commandIncident, reportIncident } from './incident.handler.ts';
import {
  activePlan,
  caseCorrections,
  escalationsReaching,
  factsEvents,
  incidentInScope,
  incidentItems,
  incidentsIn,
  jurisdictionNames,
  openDuties,
  storedEvent,
  upperLevelEvents,
  visibleIncident,
} from './incident.queries.ts';

/** Who may record what happens; leaders and auditors read. */

/**
 * Where a report goes. A report whose event id is stored already is a retry: it goes to the
 * case that holds it, if that is the caller's own report in their scope — anything else is an
 * id used for another event, answered without a word about where. A case id the client chose
 * must be new: one that exists, in the caller's scope or not, answers the same 409, so the
 * route tells nobody whether a case they cannot see exists, and nobody takes it over.
 */
async function reportTarget(
  deps: AppDeps,
  caller: Caller,
  eventId: string,
  caseId: string | undefined,
): Promise<string | undefined> {
  const known = await storedEvent(deps.store.db, eventId);
  if (known) {
    const mine =
      known.type === 'incident.reported' &&
      known.actor_id === caller.user.id &&
      known.jurisdiction !== null &&
      caller.scope.has(known.jurisdiction) &&
      (caseId === undefined || caseId === known.case_id);
    if (!mine) throw new IdempotencyError(eventId, 'for another event');
    return known.case_id;
  }
  if (caseId === undefined) return undefined;
  if (await deps.store.head(caseId))
    throw new StateError(
      'case_id_taken',
      `caseId: ${caseId} cannot be used for a new incident; leave caseId out and Huajie gives the incident one`,
    );
  return caseId;
}

/** What the incident list may be narrowed to. */
const IncidentQuery = z
  .object({
    status: z.enum(['open', 'stabilized', 'closed', 'settled']).optional(),
    level: z.string().min(1).max(100).optional().describe("a level's id; `none`: not yet given a level"),
    q: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe('words in the title or place, or the start of the code'),
    jurisdiction: z.string().min(1).max(100).optional().describe('this jurisdiction and below'),
    from: z.iso
      .date({ message: '日期写作 YYYY-MM-DD (from is a date)' })
      .optional()
      .describe('reported on or after (China)'),
    to: z.iso
      .date({ message: '日期写作 YYYY-MM-DD (to is a date)' })
      .optional()
      .describe('reported on or before (China)'),
    exercise: z.enum(['true', 'false']).optional().describe('exercises only, or none'),
    limit: z.coerce.number().int().min(1).max(500).default(500),
  })
  .strict();

export const incidentRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const incidentDeps = deps.writePath;

  app.post(
    '/api/incidents',
    {
      schema: {
        operationId: 'reportIncident',
        security: SECURITY.write,
        tags: ['incidents'],
        summary: 'Report an incident: it runs under the active plan of its jurisdiction',
        body: CommandIn.extend({
          caseId: CaseIdSchema.optional(),
          jurisdiction: z.string().optional(),
        }).strict(),
        response: { 201: Appended, 200: Appended, ...errors(400, 401, 403, 409, 422, 423, 503) },
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'case.record');
      const where = req.body.jurisdiction ?? caller.user.jurisdiction_code;
      if (!caller.scope.has(where))
        throw new ForbiddenError(
          `jurisdiction ${where} is outside yours (${caller.user.jurisdiction_code} and below)`,
        );
      const planId = await activePlan(deps.store.db, where);
      if (!planId)
        throw new ValidationError(
          `jurisdiction: ${where} has no active plan; set one with huajie jurisdiction add --plan`,
        );
      // reported from a dispute: one the caller sees, linked both ways
      const fromDispute = req.body.data.fromDispute;
      if (typeof fromDispute === 'string') await visibleDispute(deps.store.db, caller.scope, fromDispute);
      const cmd = {
        id: req.body.id,
        type: 'incident.reported',
        data: { ...req.body.data, jurisdiction: where },
        actor: { id: caller.user.id, role: caller.user.role },
        occurredAt: req.body.occurredAt,
      };
      const caseId = (await reportTarget(deps, caller, req.body.id, req.body.caseId)) ?? uuidv7();
      let r: Awaited<ReturnType<typeof reportIncident>>;
      try {
        r = await reportIncident(incidentDeps, caseId, planId, cmd);
      } catch (e) {
        // the same report sent twice at once: the other request stored it under its case id
        if (!(e instanceof IdempotencyError)) throw e;
        const stored = await reportTarget(deps, caller, req.body.id, req.body.caseId);
        if (stored === undefined || stored === caseId) throw e;
        r = await reportIncident(incidentDeps, stored, planId, cmd);
      }
      if (typeof fromDispute === 'string')
        // the dispute's side of the link, with an id of the report's (a retry writes it once)
        await commandDispute(deps.writePath.disputes, fromDispute, {
          id: deps.store.derivedId(`${req.body.id}:link`, 0),
          type: 'incident.linked',
          data: { incidentId: r.caseId },
          actor: cmd.actor,
        });
      return reply.status(r.duplicate ? 200 : 201).send(appended(r));
    },
  );

  app.post(
    '/api/incidents/:caseId/events/:type',
    {
      schema: {
        operationId: 'recordEvent',
        security: SECURITY.write,
        tags: ['incidents'],
        summary: 'Record what happened: any incident event type of the contract',
        params: z.object({ caseId: CaseIdSchema, type: z.string() }),
        body: CommandIn.extend({ expectedSeq: z.number().int().min(1).optional() }).strict(),
        response: { 201: Appended, 200: Appended, ...errors(400, 401, 403, 404, 409, 422, 423, 503) },
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'case.record');
      await incidentInScope(deps.store.db, caller.scope, req.params.caseId);
      // 已收悉 and 已接收 are the addressed office's, given where the report or escalation arrived
      refuseAddressed(req.params.type);
      const carry = req.params.type === 'obligations.carried';
      if (carry) await checkCarry(deps.writePath, caller.scope, req.params.caseId, req.body.data);
      const actor = { id: caller.user.id, role: caller.user.role };
      const r = await commandIncident(
        incidentDeps,
        req.params.caseId,
        {
          id: req.body.id,
          type: req.params.type,
          data: req.body.data,
          actor,
          occurredAt: req.body.occurredAt,
        },
        req.body.expectedSeq,
      );
      // the dispute's side of a carry (a retry writes it once)
      const own = r.events.find((e) => e.id === req.body.id);
      if (carry && own?.type === 'obligations.carried')
        await carryInto(
          deps.writePath,
          req.params.caseId,
          own.id,
          own.data as { disputeId: string; demandIds: string[]; commitmentIds: string[] },
          actor,
        );
      return reply.status(r.duplicate ? 200 : 201).send(appended(r));
    },
  );

  app.get(
    '/api/incidents',
    {
      schema: {
        operationId: 'listIncidents',
        security: SECURITY.session,
        tags: ['incidents'],
        summary:
          "The incidents in the caller's jurisdiction and below, newest first, closed and settled ones included: narrowed by status, level, words in the title or place or the start of the code, a jurisdiction (and below), the days reported, exercise or not",
        querystring: IncidentQuery,
        response: { 200: IncidentList, ...errors(400, 401, 403, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req);
      const { jurisdiction, exercise, ...f } = req.query;
      let scope = caller.scope;
      if (jurisdiction) {
        inScope(caller, jurisdiction);
        scope = new Set((await scopeOf(deps.store.db, jurisdiction)).filter((c) => caller.scope.has(c)));
      }
      if (f.from && f.to && f.from > f.to)
        throw new ValidationError('from: 起始日期晚于截止日期 (from is after to)', [
          { path: 'from', message: '起始日期晚于截止日期 (from is after to)' },
        ]);
      const rows = await incidentsIn(deps.store.db, scope, {
        ...f,
        ...(exercise === undefined ? {} : { exercise: exercise === 'true' }),
      });
      return { incidents: rows.map((r) => ({ ...r, exercise: r.exercise === 1 })) };
    },
  );

  app.get(
    '/api/duties',
    {
      schema: {
        operationId: 'listDuties',
        security: SECURITY.session,
        tags: ['incidents'],
        summary: "Duty clocks of the live incidents in the caller's jurisdiction and below: open and missed",
        response: { 200: DutyList, ...errors(401, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req);
      const rows = await openDuties(deps.store.db, caller.scope);
      return { duties: rows };
    },
  );

  app.get(
    '/api/escalations',
    {
      schema: {
        operationId: 'listEscalations',
        security: SECURITY.session,
        tags: ['incidents'],
        summary:
          "Escalations that reach the caller's jurisdiction or one below it, newest first; ?since= a time: those recorded after it",
        querystring: z
          .object({
            since: z.iso.datetime({ offset: true }).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          })
          .strict(),
        response: { 200: EscalationList, ...errors(400, 401, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req);
      const rows = await escalationsReaching(deps.store.db, caller.scope, {
        since: req.query.since ? new Date(req.query.since).toISOString() : undefined,
        limit: req.query.limit,
      });
      return {
        escalations: rows.map(({ duty_status, ...r }) => ({
          ...r,
          exercise: Number(r.exercise) === 1,
          resolved: escalationResolution(r.kind, r.case_kind, r.status, duty_status),
        })),
      };
    },
  );

  /**
   * A page of the timeline: the events before seq `before` (or the newest), at most `limit`,
   * oldest first, each with the corrections recorded against it (from anywhere in the case).
   */
  async function timelinePage(caseId: string, before: number | undefined, limit: number) {
    const head = (await deps.store.head(caseId))?.seq ?? 0;
    const to = Math.min(head, (before ?? head + 1) - 1);
    const from = Math.max(1, to - limit + 1);
    const [events, corrected] = await Promise.all([
      to >= 1 ? deps.store.readCase(caseId, from, to) : Promise.resolve([]),
      caseCorrections(deps.store.db, caseId),
    ]);
    // a correction is shown against the entry it corrects; the entry itself is never changed
    const corrections = new Map<
      string,
      { id: string; correction: string; reason: string; recordedAt: string }[]
    >();
    for (const c of corrected) {
      const t = eventOf({ type: 'entry.corrected', data: JSON.parse(c.data) });
      if (t?.type !== 'entry.corrected') continue;
      const { eventId, correction, reason } = t.data;
      const list = corrections.get(eventId) ?? [];
      list.push({ id: c.id, correction, reason, recordedAt: c.recorded_at });
      corrections.set(eventId, list);
    }
    return {
      timeline: (await authoredViews(deps.store.db, events)).map((v) => ({
        ...v,
        corrections: corrections.get(v.id) ?? [],
      })),
      /** the cursor of the page before this one (null: this page starts at the first event) */
      before: from > 1 ? from : null,
      total: head,
    };
  }

  const PageQuery = z
    .object({
      before: z.coerce.number().int().min(2).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    })
    .strict();

  /** The plans above a case, as its page shows them beside its own. */
  async function plansAbove(caseId: string, pinned: unknown) {
    const list = Array.isArray(pinned)
      ? (pinned as { id: string; version: number; jurisdiction: string }[])
      : [];
    if (list.length === 0) return [];
    const [levels, names] = await Promise.all([
      upperLevelEvents(deps.store.db, caseId),
      jurisdictionNames(
        deps.store.db,
        list.map((u) => u.jurisdiction),
      ),
    ]);
    return list.flatMap((u) => {
      const plan = deps.plans.get(u.id, u.version);
      if (!plan) return [];
      let levelId: string | undefined;
      for (const l of levels) {
        const d = JSON.parse(l.data) as { plan?: string; level?: string };
        if (d.plan === u.id) levelId = d.level;
      }
      const level = plan.levels.find((l) => l.id === levelId);
      return [
        {
          id: plan.id,
          version: plan.version,
          title: plan.title,
          jurisdiction: u.jurisdiction,
          jurisdictionName: names.find((n) => n.code === u.jurisdiction)?.name ?? null,
          level: level ? { id: level.id, name: level.name, colour: level.colour } : null,
          duties: plan.duties.map((d) => ({ id: d.id, title: d.title })),
        },
      ];
    });
  }

  app.get(
    '/api/incidents/:caseId',
    {
      schema: {
        operationId: 'getIncident',
        security: SECURITY.session,
        tags: ['incidents'],
        summary:
          'One incident: its state, duties, tasks, demands, commitments, statements, measures, escalations and the newest page of its timeline (`timelinePage.before`: the cursor of older pages)',
        params: z.object({ caseId: CaseIdSchema }),
        querystring: PageQuery.omit({ before: true }),
        response: { 200: IncidentDetail, ...errors(400, 401, 404, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req);
      const incident = await visibleIncident(deps.store.db, caller.scope, req.params.caseId);
      const id = req.params.caseId;
      const [items, report, page, links, factsRows] = await Promise.all([
        incidentItems(deps.store.db, id),
        deps.store.readCase(id, 1, 1),
        timelinePage(id, undefined, req.query.limit),
        linksOf(deps.store.db, id),
        factsEvents(deps.store.db, id),
      ]);
      let facts: Facts = {};
      for (const r of factsRows.reverse()) {
        const f = FactsSchema.safeParse((JSON.parse(r.data) as { facts?: unknown }).facts ?? {});
        if (f.success) facts = mergeFacts(facts, f.data);
      }
      const upperPlans = await plansAbove(id, report[0]?.data.upper);
      const first = report[0];
      // who answers for each duty's owner now (值班): the owner's shift, else the duty desk's
      const open = items.duties.filter((d) => d.status !== 'met');
      const onDuty = incident.jurisdiction
        ? await onDutyMany(
            deps.store.db,
            open.map((d) => ({ jurisdiction: incident.jurisdiction ?? '', owner: d.owner })),
            deps.clock.now(),
          )
        : [];
      const dutyOnDuty = new Map(open.map((d, i) => [d.duty_id, onDuty[i] ?? null]));
      return {
        incident: { ...incident, exercise: incident.exercise === 1 },
        disputes: await linkedDisputes(deps.store.db, caller.scope, links),
        duties: items.duties.map((d) => {
          const p = dutyOnDuty.get(d.duty_id);
          return { ...d, on_duty: p ? { post: p.post, name: p.name, until: p.until } : null };
        }),
        tasks: items.tasks,
        // whether the representatives left a way to reach them; reading it is a logged request
        demands: items.demands.map((d) => ({
          ...d,
          has_reply_channel: items.withReplyChannel.has(d.demand_id),
        })),
        commitments: items.commitments,
        statements: items.statements,
        measures: items.measures.map((m) => ({ ...m, recording: m.recording === 1 })),
        escalations: items.escalations,
        /** the report as recorded (what a situation report is filled in from) */
        report: first ? eventView(first) : null,
        facts,
        upperPlans,
        /** whether a situation report has gone out */
        sitrepSent: items.sitrepSent,
        timeline: page.timeline,
        timelinePage: { before: page.before, total: page.total },
      };
    },
  );

  app.get(
    '/api/incidents/:caseId/timeline',
    {
      schema: {
        operationId: 'getTimelinePage',
        security: SECURITY.session,
        tags: ['incidents'],
        summary: "An older page of an incident's timeline: the events before seq `before`, oldest first",
        params: z.object({ caseId: CaseIdSchema }),
        querystring: PageQuery,
        response: { 200: TimelinePage, ...errors(400, 401, 404, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req);
      await visibleIncident(deps.store.db, caller.scope, req.params.caseId);
      return timelinePage(req.params.caseId, req.query.before, req.query.limit);
    },
  );
};
