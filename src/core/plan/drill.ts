import { z } from 'zod';
import { HuajieError } from '../errors.ts';
import { derivedId } from '../events/derived-id.ts';
import { type Actor, type Draft, decide, evolve, initialState, tick } from '../incident/incident.decider.ts';
import { isEventType } from '../incident/incident.events.ts';
import { timelineEngine } from '../incident/timeline.ts';
import { suggest } from './catalogue.ts';
import { durationMs, durationSchema } from './duration.ts';
import { planDuties, planDuty } from './duties.ts';
import { type CaseEvent, type CaseView, engineAdvance, engineClone, engineView } from './engine.ts';
import { FactsSchema } from './facts.ts';
import { LIMITS, quote } from './limits.ts';
import type { Plan } from './plan.schema.ts';

/**
 * A drill scenario (DESIGN.md): timed events run against a plan on a simulated clock. At most
 * LIMITS.events events, offsets and `until` at most LIMITS.durationDays: a run costs events ×
 * duties × condition parts, each bounded (limits.ts), however far the clock is run.
 */
const Offset = durationSchema('an offset from start, as an ISO-8601 duration (e.g. PT25M)');
const Names = z.array(z.string().max(LIMITS.idChars)).max(LIMITS.duties, `at most ${LIMITS.duties} entries`);

const FactsEventData = z.object({ facts: FactsSchema.optional() }).passthrough();

export const ScenarioSchema = z
  .object({
    title: z.string().min(1).max(LIMITS.textChars),
    start: z.iso.datetime({ offset: true, message: 'start is an ISO-8601 date-time with an offset' }),
    events: z
      .array(
        z
          .object({
            at: Offset,
            /** when it is entered, if later than `at` (a late entry, 补录): the clock runs to here first */
            recorded: Offset.optional(),
            type: z
              .string()
              .max(100, { message: 'an event type is at most 100 characters', abort: true })
              .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'an event type, e.g. sitrep.submitted'),
            data: z.record(z.string(), z.unknown()).default({}),
          })
          .strict()
          .superRefine((e, ctx) => {
            if (!isEventType(e.type)) {
              ctx.addIssue({
                code: 'custom',
                path: ['type'],
                message: `no event type ${quote(e.type)} (see the event catalogue: incident.reported, sitrep.submitted, arrival.recorded …)`,
              });
              return;
            }
            if (e.type === 'incident.reported' || e.type === 'incident.facts.updated') {
              const r = FactsEventData.safeParse(e.data);
              if (!r.success) {
                for (const i of r.error.issues)
                  ctx.addIssue({ code: 'custom', path: ['data', ...i.path], message: i.message });
              }
            }
          }),
      )
      .min(1)
      .max(LIMITS.events, `a scenario has at most ${LIMITS.events} events`),
    until: Offset,
    expect: z
      .object({
        /** a level's id or name; `none`: no level's rule holds */
        level: z.string().max(LIMITS.textChars).optional(),
        /** exactly these duties start (in any order); [] — none does */
        started: Names.optional(),
        missed: Names.optional(),
        met: Names.optional(),
        late: Names.optional(),
        escalatedTo: Names.optional(),
        tasks: z.array(z.string().max(LIMITS.idChars)).max(LIMITS.tasks).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type Scenario = z.infer<typeof ScenarioSchema>;

/** The review of a drill, in the shape `huajie drill --json` prints (DESIGN.md). */
export interface Review {
  plan: string;
  version: number;
  scenario: string;
  level: { id: string; name: string } | null;
  duties: {
    id: string;
    title: string;
    owner: string;
    startedAt: string;
    dueAt: string;
    status: 'met' | 'missed' | 'open';
    lateSeconds: number;
  }[];
  tasks: { id: string; title: string; group: string | null; status: string }[];
  escalations: { dutyId: string; to: string; at: string }[];
  findings: { kind: string; dutyId?: string; text: string }[];
  /** the scenario's events that live use would have refused, each with the reason */
  refused: { at: string; type: string; error: string; message: string }[];
}

export function review(
  plan: Plan,
  scenario: string,
  view: CaseView,
  refused: Review['refused'] = [],
): Review {
  return {
    plan: plan.id,
    version: plan.version,
    scenario,
    level: view.level ? { id: view.level.id, name: view.level.name } : null,
    duties: view.duties.map((d) => ({
      id: d.id,
      title: d.title,
      owner: d.owner,
      startedAt: d.startedAt,
      dueAt: d.dueAt,
      status: d.status,
      lateSeconds: d.lateSeconds,
    })),
    tasks: view.tasks.map((t) => ({ id: t.id, title: t.title, group: t.group ?? null, status: t.status })),
    escalations: view.escalations,
    findings: view.findings,
    refused,
  };
}

/** The scenario's events, stamped on the simulated clock (recorded at their field time unless `recorded` says later). */
export function scenarioEvents(s: Scenario): (CaseEvent & { recordedAt: string })[] {
  const start = new Date(s.start).getTime();
  return s.events.map((e, i) => {
    const at = start + durationMs(e.at);
    return {
      id: `drill-${i + 1}`,
      type: e.type,
      data: e.data,
      occurredAt: new Date(at).toISOString(),
      recordedAt: new Date(Math.max(at, start + (e.recorded ? durationMs(e.recorded) : 0))).toISOString(),
    };
  });
}

export interface DrillResult {
  review: Review;
  /** each way the run differed from `expect:` (empty: the drill passed) */
  differences: string[];
}

/** What a drill's report says where the scenario leaves it out. */
const REPORT_DEFAULTS = (at: string) => ({
  location: { text: '演练 drill' },
  source: '演练 drill',
  startedAt: at,
  exercise: true,
});

/** How many refused events a review lists (the rest are counted). */
const MAX_REFUSED_LISTED = 20;

/** Who records a drill's events: a commander, who may record everything a scenario holds. */
export const DRILL_ACTOR: Actor = { id: 'drill', role: 'commander' };

/**
 * Run a scenario as live use runs a case: each event a command through the same `decide`, the
 * clock's `tick` before it and at `until`, on a simulated clock. What live use refuses (six
 * representatives at a dialogue, a task completed after closing) is refused here too: the
 * event is left out of the record, the review lists it, and the drill fails.
 * A drill's report is an exercise; where it leaves them out, its place and source read 演练
 * and it started when it was reported.
 */
export function runDrill(plan: Plan, s: Scenario): DrillResult {
  // entered in the order they are recorded, each at its own field time, as live use enters them
  const events = scenarioEvents(s).sort((a, b) => Date.parse(a.recordedAt) - Date.parse(b.recordedAt));
  const start = Date.parse(s.start);
  const until = new Date(start + durationMs(s.until)).toISOString();
  const caseId = 'drill';
  const state = initialState();
  let seq = 0;
  const record = (drafts: Draft[], recordedAt: string) => {
    for (const d of drafts) evolve(state, { ...d, seq: ++seq, recordedAt });
  };
  const refused: Review['refused'] = [];
  let refusedTotal = 0;
  events.forEach((e, i) => {
    record(tick(state, plan, e.recordedAt, caseId), e.recordedAt);
    const data = e.type === 'incident.reported' ? { ...REPORT_DEFAULTS(e.occurredAt), ...e.data } : e.data;
    const id = derivedId(`${caseId}:${s.start}`, `event-${i}`);
    try {
      record(
        decide(
          state,
          { id, type: e.type, data, actor: DRILL_ACTOR, occurredAt: e.occurredAt },
          plan,
          e.recordedAt,
        ),
        e.recordedAt,
      );
    } catch (err) {
      if (!(err instanceof HuajieError)) throw err;
      refusedTotal += 1;
      if (refused.length >= MAX_REFUSED_LISTED) return;
      const offset = Math.round((Date.parse(e.occurredAt) - start) / 60_000);
      const message = err.message.length > 300 ? `${err.message.slice(0, 300)}…` : err.message;
      refused.push({ at: `T+${offset} min`, type: e.type, error: err.code, message });
    }
  });
  record(tick(state, plan, until, caseId), until);
  const engine = engineClone(timelineEngine(state.timeline, plan));
  engineAdvance(engine, Date.parse(until));
  const r = review(plan, s.title, engineView(engine), refused);
  const differences = [
    ...refused.map((x) => `${x.at} ${x.type}: refused, as live use would (${x.message})`),
    ...(refusedTotal > refused.length
      ? [
          `… and ${refusedTotal - refused.length} more events refused (the first ${refused.length} are listed)`,
        ]
      : []),
    ...compare(plan, r, s.expect),
  ];
  return { review: r, differences };
}

/** `task:<id>`: the clock of a task of the plan's checklists or aftermath (format 2). */
function isTaskClock(plan: Plan, id: string): boolean {
  const task = id.startsWith('task:') ? id.slice('task:'.length) : undefined;
  return (
    task !== undefined &&
    [...Object.values(plan.checklists).flat(), ...plan.aftermath].some((t) => t.id === task)
  );
}

function compare(plan: Plan, r: Review, expect: Scenario['expect']): string[] {
  if (!expect) return [];
  const out: string[] = [];
  if (expect.level === 'none' && !plan.levels.some((l) => l.id === 'none')) {
    if (r.level)
      out.push(`level: expected none (no level's rule holds), got ${r.level.name} (${r.level.id})`);
  } else if (expect.level !== undefined) {
    const want = plan.levels.find((l) => l.id === expect.level || l.name === expect.level);
    if (!want)
      out.push(
        `expect.level ${quote(expect.level)} is no level of plan ${plan.id} (levels: ${plan.levels
          .map((l) => `${l.id} ${l.name}`)
          .join(', ')})`,
      );
    else if (r.level?.id !== want.id) {
      out.push(
        `level: expected ${want.name} (${want.id}), got ${r.level ? `${r.level.name} (${r.level.id})` : 'none'}`,
      );
    }
  }
  const byStatus = (
    ids: string[] | undefined,
    what: string,
    ok: (d: Review['duties'][number]) => boolean,
  ) => {
    for (const id of ids ?? []) {
      const d = r.duties.find((x) => x.id === id);
      // a duty id the plan does not have is a slip in the scenario, not a duty that never started
      if (!d && !planDuty(plan, id) && !isTaskClock(plan, id))
        out.push(
          `duty ${id}: the plan has no duty ${quote(id)} — ${suggest(
            id,
            planDuties(plan).map((x) => x.id),
          )}`,
        );
      else if (!d) out.push(`duty ${id}: expected ${what}, but it never started`);
      else if (!ok(d))
        out.push(
          `duty ${id}: expected ${what}, got ${d.status}${d.lateSeconds ? ` (${Math.round(d.lateSeconds / 60)} min late)` : ''}`,
        );
    }
  };
  if (expect.started) {
    const started = r.duties.map((d) => d.id).sort();
    const want = [...expect.started].sort();
    if (started.join(',') !== want.join(','))
      out.push(
        `duties started: expected ${want.length ? want.join(', ') : 'none'}, got ${started.length ? started.join(', ') : 'none'}`,
      );
  }
  byStatus(expect.missed, 'missed', (d) => d.status === 'missed');
  byStatus(expect.met, 'met on time', (d) => d.status === 'met' && d.lateSeconds === 0);
  byStatus(expect.late, 'met late', (d) => d.status === 'met' && d.lateSeconds > 0);
  for (const to of expect.escalatedTo ?? []) {
    if (!r.escalations.some((e) => e.to === to)) out.push(`escalation to ${to}: expected, none happened`);
  }
  for (const t of expect.tasks ?? []) {
    if (!r.tasks.some((x) => x.id === t)) out.push(`task ${t}: expected, not created`);
  }
  return out;
}
