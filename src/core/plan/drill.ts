import { z } from 'zod';
import { isEventType } from '../incident/incident.events.ts';
import { durationMs, durationSchema } from './duration.ts';
import { type CaseEvent, type CaseView, deriveCase } from './engine.ts';
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
        level: z.string().max(LIMITS.textChars).optional(),
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
}

export function review(plan: Plan, scenario: string, view: CaseView): Review {
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
  };
}

/** The scenario's events, stamped on the simulated clock. */
export function scenarioEvents(s: Scenario): CaseEvent[] {
  const start = new Date(s.start).getTime();
  return s.events.map((e, i) => ({
    id: `drill-${i + 1}`,
    type: e.type,
    data: e.data,
    occurredAt: new Date(start + durationMs(e.at)).toISOString(),
  }));
}

export interface DrillResult {
  review: Review;
  /** each way the run differed from `expect:` (empty: the drill passed) */
  differences: string[];
}

export function runDrill(plan: Plan, s: Scenario): DrillResult {
  const events = scenarioEvents(s).sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  const until = new Date(new Date(s.start).getTime() + durationMs(s.until)).toISOString();
  const r = review(plan, s.title, deriveCase(plan, events, until));
  return { review: r, differences: compare(plan, r, s.expect) };
}

function compare(plan: Plan, r: Review, expect: Scenario['expect']): string[] {
  if (!expect) return [];
  const out: string[] = [];
  if (expect.level !== undefined) {
    const want = plan.levels.find((l) => l.id === expect.level || l.name === expect.level);
    if (!want) out.push(`expect.level ${quote(expect.level)} is no level of plan ${plan.id}`);
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
      if (!d) out.push(`duty ${id}: expected ${what}, but it never started`);
      else if (!ok(d))
        out.push(
          `duty ${id}: expected ${what}, got ${d.status}${d.lateSeconds ? ` (${Math.round(d.lateSeconds / 60)} min late)` : ''}`,
        );
    }
  };
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
