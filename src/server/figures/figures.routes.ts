import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../core/api/errors.ts';
import { FigureQuery, FiguresOut } from '../../core/api/figures.ts';
import { chinaMidnight } from '../../core/calendar/periods.ts';
import { chinaDay } from '../../core/calendar/workdays.ts';
import { monthlyDoc } from '../../core/documents/monthly.doc.ts';
import { attachment, OfficialDoc } from '../../core/documents/official.ts';
import { ValidationError } from '../../core/errors.ts';
import { computeFigures } from '../../core/figures/figures.ts';
import type { Plan } from '../../core/plan/plan.schema.ts';
import { unitNames } from '../../core/plan/units.ts';
import { scopeOf } from '../accounts/accounts.repo.ts';
import { inScope } from '../accounts/scope.ts';
import { requireCaller } from '../auth/auth.plugin.ts';
import { perAccountRate } from '../auth/rate.ts';
import type { RouteDeps } from '../deps.ts';
import { ledgerRows } from '../dispute/ledger.xlsx.routes.ts';
import { XLSX_TYPE } from '../dispute/ledger.xlsx.ts';
import { DOCX_TYPE, sendDocument } from '../documents/documents.routes.ts';
import { SECURITY } from '../openapi.ts';
import { figureRows } from './figure-rows.ts';
import { jurisdictionAndAbove, ledgerOfPeriod } from './figures.queries.ts';
import { figuresWorkbook } from './figures.xlsx.ts';

const DAY = 86_400_000;
/** figures and monthly reports a minute per account */
export const FIGURE_RATE = 30;

/** The period asked for, as China days (both included) and the instants [from, to). */
function periodOf(q: { month?: string; from?: string; to?: string }, now: Date) {
  if (q.month && (q.from || q.to))
    throw new ValidationError('给出月份（month）或起止日期（from、to），不要同时给出');
  let from: string;
  let to: string;
  if (q.from || q.to) {
    if (!q.from || !q.to) throw new ValidationError('起止日期（from、to）要同时给出');
    from = q.from;
    to = q.to;
  } else {
    const month = q.month ?? chinaDay(now.toISOString()).slice(0, 7);
    from = `${month}-01`;
    const [y, m] = month.split('-').map(Number) as [number, number];
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    to = chinaDay(Date.parse(chinaMidnight(next)) - 1);
  }
  if (to < from) throw new ValidationError(`结束日期 ${to} 早于开始日期 ${from}`);
  // at most a year: 366 days, 29 February included
  if (Date.parse(chinaMidnight(to)) - Date.parse(chinaMidnight(from)) > 365 * DAY)
    throw new ValidationError('统计期间最长一年');
  return { days: { from, to }, instants: { from: chinaMidnight(from), to: chinaMidnight(to, 1) } };
}

/**
 * 统计 and 月报: the figures of a jurisdiction and below over a period, computed from the record
 * (core/figures), as JSON for the figures page or as a workbook; and the month's report — its
 * figures and its ledger — as a Word file in the official layout and as a workbook.
 */
export const figureRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const db = deps.store.db;

  async function figuresFor(caller: ReturnType<typeof requireCaller>, q: z.infer<typeof FigureQuery>) {
    const code = q.jurisdiction ?? caller.user.jurisdiction_code;
    inScope(caller, code);
    const period = periodOf(q, deps.clock.now());
    const [scope, chain] = await Promise.all([scopeOf(db, code), jurisdictionAndAbove(db, code)]);
    const now = deps.clock.now().toISOString();
    const rows = await figureRows(db, scope, period.instants, now);
    const plan = (id: string | null, version: number | null): Plan | undefined =>
      id ? deps.plans.get(id, version ?? undefined) : undefined;
    // each plan once, nearest first
    const targetPlans = chain
      .map((j) => (j.plan_id ? deps.plans.get(j.plan_id) : undefined))
      .filter((p): p is Plan => p !== undefined)
      .filter((p, i, all) => all.findIndex((q) => q.id === p.id) === i);
    const f = computeFigures(rows, {
      plan,
      unitName: (p, id) => unitNames(p)(id) ?? id,
      targetPlans,
    });
    const self = chain[0];
    const out: FiguresOut = {
      jurisdiction: { code, name: self?.name ?? code },
      ...period.days,
      ...f,
    };
    return { out, scope, period, parent: chain[1] };
  }

  app.get(
    '/api/figures',
    {
      schema: {
        operationId: 'getFigures',
        security: SECURITY.session,
        tags: ['figures'],
        summary:
          'The figures (统计) of a jurisdiction in scope and below it over a month or days, from the record, exercises left out, set against the targets of the plans in force: JSON, or a workbook (?format=xlsx)',
        querystring: FigureQuery,
        response: {
          200: {
            description: 'The figures, as JSON or as an Excel workbook',
            content: {
              'application/json': { schema: FiguresOut },
              [XLSX_TYPE]: {
                schema: z
                  .custom<Buffer>((v) => Buffer.isBuffer(v))
                  .meta({ type: 'string', format: 'binary' }),
              },
            },
          },
          ...errors(400, 401, 403, 429, 503),
        },
      },
      // a city's month reads every clock due in it: 30 a minute per account
      config: perAccountRate(FIGURE_RATE, '统计查询 (figure requests)'),
    },
    async (req, reply) => {
      const caller = requireCaller(req);
      const { out } = await figuresFor(caller, req.query);
      if (req.query.format === 'json') return reply.header('cache-control', 'private, no-store').send(out);
      return reply
        .header('content-type', XLSX_TYPE)
        .header(
          'content-disposition',
          attachment(`统计-${out.jurisdiction.name}-${out.from}至${out.to}`, '.xlsx', 'figures.xlsx'),
        )
        .header('cache-control', 'private, no-store')
        .send(await figuresWorkbook(out));
    },
  );

  app.get(
    '/api/reports/monthly',
    {
      schema: {
        operationId: 'getMonthlyReport',
        security: SECURITY.session,
        tags: ['figures'],
        summary:
          "The monthly report (月报) of a jurisdiction in scope: the month's figures and the disputes registered in it, as the document's parts (JSON), a Word file (docx) or a workbook (xlsx)",
        querystring: z
          .object({
            jurisdiction: z.string().min(1).max(100).optional().describe("default: the caller's own"),
            month: z
              .string()
              .regex(/^(19|20)\d\d-(0[1-9]|1[0-2])$/, { message: 'month is YYYY-MM (1900–2099)' })
              .optional(),
            format: z.enum(['json', 'docx', 'xlsx']).default('docx'),
          })
          .strict(),
        response: {
          200: {
            description: 'The monthly report',
            content: {
              'application/json': { schema: OfficialDoc },
              [DOCX_TYPE]: {
                schema: z
                  .custom<Buffer>((v) => Buffer.isBuffer(v))
                  .meta({ type: 'string', format: 'binary' }),
              },
              [XLSX_TYPE]: {
                schema: z
                  .custom<Buffer>((v) => Buffer.isBuffer(v))
                  .meta({ type: 'string', format: 'binary' }),
              },
            },
          },
          ...errors(400, 401, 403, 429, 503),
        },
      },
      config: perAccountRate(FIGURE_RATE, '月报 (monthly reports)'),
    },
    async (req, reply) => {
      const caller = requireCaller(req);
      const { out, scope, period, parent } = await figuresFor(caller, { ...req.query, format: 'json' });
      const ledger = await ledgerRows(db, await ledgerOfPeriod(db, scope, period.instants));
      if (req.query.format === 'xlsx') {
        return reply
          .header('content-type', XLSX_TYPE)
          .header(
            'content-disposition',
            attachment(`月报-${out.jurisdiction.name}-${out.from.slice(0, 7)}`, '.xlsx', 'monthly.xlsx'),
          )
          .header('cache-control', 'private, no-store')
          .send(await figuresWorkbook(out, ledger));
      }
      const doc = monthlyDoc(out, ledger, { addressee: parent?.name, at: deps.clock.now().toISOString() });
      return sendDocument(reply, doc, req.query.format);
    },
  );
};
