import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { errors } from '../../core/api/errors.ts';
import { HandoverIn, Roster } from '../../core/api/roster.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import type { Plan } from '../../core/plan/plan.schema.ts';
import { DESK, onDutyAt, postsOf, Rota, rotaProblems } from '../../core/roster/roster.ts';
import { requireCaller } from '../auth/auth.plugin.ts';
import type { RouteDeps } from '../deps.ts';
import { activePlan } from '../incident/incident.queries.ts';
import { SECURITY } from '../openapi.ts';
import { handoversOf, openAt, recordHandover, rotaRow, saveRota, staffOf } from './roster.queries.ts';

/** The posts a jurisdiction's rota may hold: its duty desk, and its active plan's units and positions. */
function postsFor(plan: Plan | undefined): { post: string; name: string }[] {
  const o = plan?.organisation;
  const units = o
    ? [o.leadingGroup, o.office, ...o.groups, ...o.positions].filter((u) => u !== undefined)
    : [];
  return [{ post: DESK, name: '值班室' }, ...units.map((u) => ({ post: u.id, name: u.name }))];
}

const Params = z.object({ code: z.string().min(1).max(100) });

/**
 * 值班: each jurisdiction's rota — who holds its duty desk and its plan's posts, by shift — set
 * by its admins and commanders; who is on duty now; and the record of each handover (交接班).
 */
export const rosterRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const db = deps.store.db;
  const place = (scope: ReadonlySet<string>, code: string) => {
    if (!scope.has(code)) throw new NotFoundError(`没有这个辖区 (no jurisdiction ${code})`);
  };
  const planOf = async (code: string) => {
    const id = await activePlan(db, code);
    return id ? deps.plans.get(id) : undefined;
  };

  async function roster(code: string): Promise<Roster> {
    const [row, staff, handovers, plan] = await Promise.all([
      rotaRow(db, code),
      staffOf(db, code),
      handoversOf(db, code, 20),
      planOf(code),
    ]);
    const rota: Rota = row ? Rota.parse(JSON.parse(row.rota)) : { slots: [], exceptions: [] };
    const names = new Map(staff.map((s) => [s.id, s.display_name]));
    const now = deps.clock.now();
    const onDuty = [...postsOf(rota)].flatMap((post) => {
      const s = onDutyAt(rota, post, now);
      return s ? [{ ...s, name: names.get(s.account) ?? s.account }] : [];
    });
    return {
      jurisdiction: code,
      rota,
      updatedAt: row?.updated_at ?? null,
      updatedBy: row?.updated_by ?? null,
      posts: postsFor(plan),
      staff: staff.map((s) => ({ id: s.id, name: s.display_name, role: s.role, imId: s.im_id })),
      onDuty,
      handovers: handovers.map((h) => ({
        id: h.id,
        post: h.post,
        from: h.from_account,
        fromName: h.from_name,
        to: h.to_account,
        toName: h.to_name,
        at: h.at,
        note: h.note,
        liveIncidents: Number(h.live_incidents),
        openEscalations: Number(h.open_escalations),
      })),
    };
  }

  app.get(
    '/api/roster/:code',
    {
      schema: {
        operationId: 'roster',
        security: SECURITY.session,
        tags: ['roster'],
        summary: "值班: a jurisdiction's rota, who is on duty now, and its newest handovers",
        params: Params,
        response: { 200: Roster, ...errors(401, 404, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req);
      place(caller.scope, req.params.code);
      return roster(req.params.code);
    },
  );

  app.put(
    '/api/roster/:code',
    {
      schema: {
        operationId: 'setRoster',
        security: SECURITY.write,
        tags: ['roster'],
        summary:
          "Set a jurisdiction's rota, whole: weekly shifts of its duty desk and its plan's posts, and exceptions on given dates (Beijing time)",
        params: Params,
        body: Rota,
        response: { 200: Roster, ...errors(400, 401, 403, 404, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req, 'roster.manage');
      const code = req.params.code;
      place(caller.scope, code);
      const rota = req.body;
      const posts = new Set(postsFor(await planOf(code)).map((p) => p.post));
      const staff = new Set((await staffOf(db, code)).map((s) => s.id));
      const issues: { path: string; message: string }[] = [];
      const check = (path: string, post: string, account: string) => {
        if (!posts.has(post))
          issues.push({
            path: `${path}.post`,
            message: `没有这个岗位：${post} (not the desk nor a post of the plan)`,
          });
        if (!staff.has(account))
          issues.push({
            path: `${path}.account`,
            message: `不是本辖区的在用账号：${account} (not an enabled account of this jurisdiction)`,
          });
      };
      for (const [i, s] of rota.slots.entries()) check(`slots.${i}`, s.post, s.account);
      for (const [i, e] of rota.exceptions.entries()) check(`exceptions.${i}`, e.post, e.account);
      for (const p of rotaProblems(rota)) {
        const at = p.indexOf(': ');
        issues.push({ path: p.slice(0, at), message: p.slice(at + 2) });
      }
      if (issues.length > 0)
        throw new ValidationError(issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
      await deps.store.transaction((tx) =>
        saveRota(tx, code, rota, deps.clock.now().toISOString(), caller.user.id),
      );
      return roster(code);
    },
  );

  app.post(
    '/api/roster/:code/handovers',
    {
      schema: {
        operationId: 'handOver',
        security: SECURITY.write,
        tags: ['roster'],
        summary:
          'Hand over a shift (交接班): recorded with what was open then — live incidents, escalations not taken in hand',
        params: Params,
        body: HandoverIn,
        response: { 201: Roster, ...errors(400, 401, 403, 404, 503) },
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'roster.handover');
      const code = req.params.code;
      place(caller.scope, code);
      const staff = new Set((await staffOf(db, code)).map((s) => s.id));
      if (!postsFor(await planOf(code)).some((p) => p.post === req.body.post))
        throw new ValidationError(
          `post: 没有这个岗位：${req.body.post} (not the desk nor a post of the plan)`,
          [{ path: 'post', message: `没有这个岗位：${req.body.post} (not the desk nor a post of the plan)` }],
        );
      if (!staff.has(req.body.to))
        throw new ValidationError(`to: 不是本辖区的在用账号 (not an enabled account of this jurisdiction)`, [
          { path: 'to', message: '不是本辖区的在用账号 (not an enabled account of this jurisdiction)' },
        ]);
      const open = await openAt(db, code);
      await deps.store.transaction((tx) =>
        recordHandover(tx, {
          id: uuidv7(),
          jurisdiction_code: code,
          post: req.body.post,
          from_account: caller.user.id,
          to_account: req.body.to,
          at: deps.clock.now().toISOString(),
          note: req.body.note ?? null,
          live_incidents: open.live,
          open_escalations: open.escalations,
        }),
      );
      return reply.status(201).send(await roster(code));
    },
  );
};
