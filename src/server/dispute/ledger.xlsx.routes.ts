import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../core/api/errors.ts';
import { chinaDay } from '../../core/calendar/workdays.ts';
import {
  type Command,
  type DisputeRules,
  decideDispute,
  disputeRules,
  evolveDispute,
  initialDisputeState,
  MAX_BACKDATE_DAYS,
} from '../../core/dispute/dispute.decider.ts';
import type { TIERS } from '../../core/dispute/dispute.events.ts';
import {
  ForbiddenError,
  HuajieError,
  IdempotencyError,
  StateError,
  ValidationError,
} from '../../core/errors.ts';
import { requireCaller } from '../auth/auth.plugin.ts';
import type { RouteDeps } from '../deps.ts';
import { activePlan } from '../incident/incident.queries.ts';
import { SECURITY } from '../openapi.ts';
import { loadStoredPlans } from '../plans/plan.versions.ts';
import type { DisputesTable } from '../store/schema.ts';
import { commandDispute, registerDispute } from './dispute.handler.ts';
import { disputesIn } from './dispute.queries.ts';
import { LedgerQuery, ledgerScope } from './dispute.routes.ts';
import { jurisdictionLevel, ledgerProgress, storedEvents } from './ledger.xlsx.queries.ts';
import {
  type LedgerColumn,
  type LedgerProblem,
  type LedgerRow,
  MAX_LEDGER_BYTES,
  MAX_LEDGER_ROWS,
  type ParsedRow,
  parseLedger,
  STATUS_NAMES,
  writeLedger,
  XLSX_TYPE,
} from './ledger.xlsx.ts';

/**
 * The ledger as offices pass it around, in Excel (ledger.xlsx.ts): exported as the caller's
 * ledger is filtered, and imported — all or nothing. An import checks every row of the file
 * (its cells, then each row's events against the dispute's rules, decided on a new dispute
 * without writing) and writes only when every row passes; otherwise it answers every problem,
 * each with its row and column, and writes nothing. Each row becomes a dispute: registered on
 * its 登记日期, accepted, assigned when it names its 责任单位, its progress noted, resolved when
 * 是否化解 is 是. The ids — the dispute's and its events' — are derived from the file's bytes,
 * the jurisdiction and the row, so the same file sent again (or twice at once) writes nothing
 * twice and is answered as a retry, and an import cut short is finished by sending it again.
 */

/**
 * An uploaded file. Its bytes are held out of sight of the checks every request body goes
 * through (app.ts walks each field of a body: a Buffer's every byte would be one), and out of
 * any log that prints a body.
 */
class LedgerUpload {
  readonly #bytes: Buffer;
  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }
  get bytes(): Buffer {
    return this.#bytes;
  }
}

const NOT_XLSX = `请上传 Excel 文件（.xlsx），请求的 content-type 为 ${XLSX_TYPE}`;
const MAX_MB = MAX_LEDGER_BYTES / 1024 / 1024;

/** A refused upload (too large, not an .xlsx): with a status of its own. */
class UploadRefused extends HuajieError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** At most this many problems are answered (the message says how many there are in all). */
const MAX_ISSUES = 1000;

/** A ledger the import refuses: every problem, each with its row and column. Nothing was written. */
class LedgerRefused extends HuajieError {
  readonly status = 422;
  readonly code = 'ledger_invalid';
  readonly issues: { path: string; message: string; line?: number; column?: number }[];
  constructor(problems: LedgerProblem[]) {
    const rows = new Set(problems.map((p) => p.line).filter((l) => l !== null)).size;
    const shown = problems.slice(0, MAX_ISSUES);
    super(
      `台账没有导入：${rows > 0 ? `${rows} 行有` : '有'} ${problems.length} 处问题${
        problems.length > shown.length ? `（列出前 ${shown.length} 处）` : ''
      }，请改正后重新导入整个文件。${shown
        .slice(0, 5)
        .map((p) => p.message)
        .join('；')}${shown.length > 5 ? '；…' : ''}`,
    );
    this.issues = shown.map((p) => ({
      path: p.column ?? '文件',
      message: p.message,
      ...(p.line !== null ? { line: p.line } : {}),
      ...(p.columnIndex !== null ? { column: p.columnIndex } : {}),
    }));
  }
}

/** The tier (层级) an assignment gets in a jurisdiction of this level. */
function tierOf(level: string | undefined): (typeof TIERS)[number] {
  if (level === 'village') return 'village';
  if (level === 'town') return 'town';
  return 'county';
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A day's time of day in Beijing, as an instant (UTC, as every stored instant). */
const beijing = (day: string, time: string) => new Date(`${day}T${time}+08:00`).toISOString();

/**
 * The events' time of a registration on `day`: 09:00 that day in Beijing, or now when that is
 * later than now — or now when the day lies further back than the log takes a late entry
 * (dispute.decider.ts: MAX_BACKDATE_DAYS): an older ledger's disputes are on Huajie's clocks
 * from the import, their 登记日期 kept as `registeredOn` (the ledger shows it) and `facts.since`
 * (how long they are unresolved, for the risk rules).
 */
const registrationTime = (day: string, now: string) => {
  const at = beijing(day, '09:00:00');
  if (Date.parse(at) > Date.parse(now)) return now;
  return Date.parse(at) < Date.parse(now) - MAX_BACKDATE_DAYS * DAY + HOUR ? now : at;
};

/** A title from the summary: its first line, at most 30 characters. */
function titleOf(summary: string): string {
  const first = [...(summary.split('\n')[0] ?? summary).trim()];
  return first.length > 30 ? `${first.slice(0, 30).join('')}…` : first.join('');
}

const STATUS_WORDS = new Set(Object.values(STATUS_NAMES));
const IMPORTED_SIDE = { kind: 'group', description: '当事各方见简要情况（台账导入）' } as const;

/** Which column a refusal of an event of this type is about. */
const COLUMN_OF: Record<string, LedgerColumn> = {
  'dispute.registered': '简要情况',
  'dispute.accepted': '登记日期',
  'dispute.assigned': '责任单位',
  'progress.noted': '化解进展',
  'dispute.resolved': '是否化解',
};

interface Planned {
  row: ParsedRow;
  /** the dispute's case id, derived as its events' ids are: two imports of one file write one case */
  caseId: string;
  commands: Command[];
}

/** The commands a row records, in order; the ids from `key` (the file and the row), as the store derives them. */
function commandsOf(
  row: ParsedRow,
  ctx: {
    key: string;
    sha: string;
    ids: (seed: string, n: number) => string;
    actor: Command['actor'];
    jurisdiction: string;
    tier: (typeof TIERS)[number];
    now: string;
  },
): Command[] {
  const id = (n: number) => ctx.ids(ctx.key, n);
  const at = registrationTime(row.registeredOn, ctx.now);
  const cmds: Command[] = [
    {
      id: id(0),
      type: 'dispute.registered',
      data: {
        title: titleOf(row.summary),
        summary: row.summary,
        source: row.source,
        category: row.category,
        facts: { since: row.registeredOn, ...(row.people === null ? {} : { people: row.people }) },
        sides: [IMPORTED_SIDE],
        jurisdiction: ctx.jurisdiction,
        registeredOn: row.registeredOn,
      },
      actor: ctx.actor,
      occurredAt: at,
    },
    {
      id: id(1),
      type: 'dispute.accepted',
      data: { note: `台账导入：文件 sha256 ${ctx.sha.slice(0, 16)}…，第 ${row.line} 行` },
      actor: ctx.actor,
      occurredAt: at,
    },
  ];
  if (row.unit !== null && row.leadPosition !== null)
    cmds.push({
      id: id(2),
      type: 'dispute.assigned',
      data: {
        unit: row.unit,
        leadPosition: row.leadPosition,
        tier: ctx.tier,
        // the end of the day in Beijing
        ...(row.dueOn !== null ? { dueAt: beijing(row.dueOn, '23:59:59') } : {}),
      },
      actor: ctx.actor,
      occurredAt: at,
    });
  // a status in words (as the export writes when nothing was noted) is no progress
  const progress = row.progress !== null && !STATUS_WORDS.has(row.progress) ? row.progress : null;
  if (progress !== null)
    cmds.push({ id: id(3), type: 'progress.noted', data: { text: progress }, actor: ctx.actor });
  if (row.resolved)
    cmds.push({
      id: id(4),
      type: 'dispute.resolved',
      data: { summary: progress ?? STATUS_NAMES.resolved },
      actor: ctx.actor,
    });
  return cmds;
}

/** The problems of a row's events, decided on a new dispute without writing anything: none, or the first. */
function dryRun(p: Planned, rules: DisputeRules, now: string, columns: Map<LedgerColumn, number>) {
  const problem = (column: LedgerColumn, what: string): LedgerProblem => ({
    line: p.row.line,
    column,
    columnIndex: columns.get(column) ?? null,
    message: `第 ${p.row.line} 行「${column}」：${what}`,
  });
  const today = chinaDay(now);
  if (p.row.registeredOn > today) return problem('登记日期', `${p.row.registeredOn} 晚于今天（${today}）`);
  let state = initialDisputeState();
  let seq = 0;
  for (const cmd of p.commands) {
    try {
      for (const d of decideDispute(state, cmd, rules, now))
        state = evolveDispute(state, { ...d, seq: ++seq });
    } catch (e) {
      if (!(e instanceof HuajieError)) throw e;
      return problem(COLUMN_OF[cmd.type] ?? '简要情况', `不能记录（${e.message}）`);
    }
  }
  return null;
}

/** Do `fn` for each item, at most `limit` at a time; after a failure, start no more (and throw it). */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0;
  let failed = false;
  const worker = async () => {
    for (let i = next++; i < items.length && !failed; i = next++)
      await fn(items[i] as T, i).catch((e: unknown) => {
        failed = true;
        throw e;
      });
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** How many rows' disputes are written at once (each its registration first, then the rest together). */
const WRITERS = 4;

const Xlsx = z
  .custom<Buffer>((v) => Buffer.isBuffer(v))
  .meta({ type: 'string', format: 'binary', description: `矛盾纠纷台账 (${XLSX_TYPE})` });

const LedgerImported = z.object({
  imported: z.number().int().describe('the rows of the file: each one dispute'),
  disputes: z.array(z.string()).describe("the disputes' case ids, in the rows' order"),
  duplicate: z.boolean().describe('the file was imported before: nothing was written'),
});

/** The ledger's rows for disputes as the read model keeps them: each with its latest progress. */
export async function ledgerRows(
  db: RouteDeps['store']['db'],
  disputes: DisputesTable[],
): Promise<LedgerRow[]> {
  const progress = new Map<string, string>();
  const resolved = new Set<string>();
  for (const e of await ledgerProgress(
    db,
    disputes.map((d) => d.case_id),
  )) {
    const data = (typeof e.data === 'string' ? JSON.parse(e.data) : e.data) as Record<string, unknown>;
    const text = e.type === 'dispute.resolved' ? data.summary : data.text;
    if (typeof text === 'string') progress.set(e.case_id, text);
    if (e.type === 'dispute.resolved') resolved.add(e.case_id);
  }
  return disputes.map((d) => ({
    registeredOn: chinaDay(d.registered_at),
    source: d.source as LedgerRow['source'],
    category: d.category as LedgerRow['category'],
    summary: d.summary,
    people: d.people,
    unit: d.unit,
    leadPosition: d.lead_position,
    dueOn: d.due_at === null ? null : chinaDay(d.due_at),
    progress: progress.get(d.case_id) ?? STATUS_NAMES[d.status] ?? d.status,
    resolved: d.status === 'resolved' || resolved.has(d.case_id),
  }));
}

export const ledgerXlsxRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const lane = deps.writePath.disputes;
  const db = deps.store.db;

  // the .xlsx comes as the body itself, up to its limit; only the routes of this plugin take it
  app.addContentTypeParser(
    XLSX_TYPE,
    { parseAs: 'buffer', bodyLimit: MAX_LEDGER_BYTES },
    (_req, body, done) => done(null, new LedgerUpload(body as Buffer)),
  );
  // what Fastify refuses before a route runs, said in the import's words (then answered by the
  // app's error handler, as every refusal is)
  app.setErrorHandler((err) => {
    const code = (err as { code?: string }).code;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      throw new UploadRefused(413, 'too_large', `文件太大：一次最多导入 ${MAX_MB} MB，请分成几个文件导入`);
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') throw new UploadRefused(415, 'not_xlsx', NOT_XLSX);
    throw err;
  });

  app.get(
    '/api/disputes.xlsx',
    {
      schema: {
        operationId: 'exportDisputeLedger',
        security: SECURITY.session,
        tags: ['disputes'],
        summary:
          "The ledger (台账) of the caller's jurisdiction and below as an Excel workbook, filtered as GET /api/disputes, oldest first",
        querystring: LedgerQuery.extend({
          limit: z.coerce.number().int().min(1).max(MAX_LEDGER_ROWS).default(MAX_LEDGER_ROWS),
        }),
        response: {
          200: {
            description: `矛盾纠纷台账: 序号, 登记日期, 来源, 矛盾纠纷类别, 简要情况, 涉及人数, 责任单位, 包案领导(职务), 化解时限, 化解进展, 是否化解`,
            content: { [XLSX_TYPE]: { schema: Xlsx } },
          },
          ...errors(400, 401, 503),
        },
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req);
      const now = deps.clock.now().toISOString();
      const { overdue, jurisdiction, ...q } = req.query;
      const disputes = await disputesIn(db, await ledgerScope(db, caller, jurisdiction), {
        ...q,
        ...(overdue === 'true' ? { overdue: { now } } : {}),
      });
      // the newest `limit`, numbered from the earliest registered
      disputes.reverse();
      const rows = await ledgerRows(db, disputes);
      const day = chinaDay(now);
      const file = await writeLedger(rows, `矛盾纠纷台账（${day} 导出）`);
      return reply
        .header('content-type', XLSX_TYPE)
        .header(
          'content-disposition',
          `attachment; filename="disputes-${day}.xlsx"; filename*=UTF-8''${encodeURIComponent(`矛盾纠纷台账-${day}.xlsx`)}`,
        )
        .header('cache-control', 'private, no-store')
        .send(file);
    },
  );

  app.post(
    '/api/disputes/import',
    {
      schema: {
        operationId: 'importDisputeLedger',
        security: SECURITY.write,
        tags: ['disputes'],
        summary: `Import a ledger (台账) from Excel, all or nothing: every row checked first, every problem answered with its row and column (422, nothing written); at most ${MAX_LEDGER_ROWS} rows, ${MAX_MB} MB. The same file sent again is a retry`,
        consumes: [XLSX_TYPE],
        querystring: z
          .object({
            jurisdiction: z
              .string()
              .min(1)
              .max(100)
              .optional()
              .describe("the ledger's jurisdiction (default: the caller's)"),
          })
          .strict(),
        body: z
          .custom<LedgerUpload>((v) => v instanceof LedgerUpload, { message: NOT_XLSX })
          .meta({
            type: 'string',
            format: 'binary',
            description: `the .xlsx (${XLSX_TYPE}), in the columns GET /api/disputes.xlsx writes`,
          }),
        response: {
          201: LedgerImported,
          200: LedgerImported,
          ...errors(400, 401, 403, 409, 413, 415, 422, 423, 503),
        },
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'case.record');
      const where = req.query.jurisdiction ?? caller.user.jurisdiction_code;
      if (!caller.scope.has(where))
        throw new ForbiddenError(
          `不能导入到 ${where}：它不在你的辖区（${caller.user.jurisdiction_code} 及以下）`,
        );
      const planId = await activePlan(db, where);
      if (!planId)
        throw new ValidationError(
          `jurisdiction: ${where} 没有启用的预案（jurisdiction ${where} has no active plan; set one with huajie jurisdiction add --plan）`,
        );
      const bytes = req.body.bytes;
      const parsed = await parseLedger(bytes);
      if (!parsed.ok) throw new LedgerRefused(parsed.problems);

      await loadStoredPlans(db, deps.plans, undefined, lane.checkPlan);
      const plan = deps.plans.get(planId);
      if (!plan) throw new ValidationError(`jurisdiction: ${where} 的预案 ${planId} 没有加载`);
      const sha = createHash('sha256').update(bytes).digest('hex');
      const now = deps.clock.now().toISOString();
      const ctx = {
        sha,
        ids: deps.store.derivedId,
        actor: { id: caller.user.id, role: caller.user.role },
        jurisdiction: where,
        tier: tierOf(await jurisdictionLevel(db, where)),
        now,
      };
      const planned: Planned[] = parsed.rows.map((row) => {
        const key = `ledger:${sha}:${where}:${row.line}`;
        return { row, caseId: ctx.ids(key, 'case'), commands: commandsOf(row, { ...ctx, key }) };
      });
      const registration = (p: Planned) => (p.commands[0] as Command).id;

      // what an earlier import of this file wrote: a retry, by the same account, of its own import
      const stored = new Map(
        (
          await storedEvents(
            db,
            planned.flatMap((p) => p.commands.map((c) => c.id)),
          )
        ).map((e) => [e.id, e] as const),
      );
      for (const p of planned) {
        const reg = stored.get(registration(p));
        for (const c of p.commands) {
          const e = stored.get(c.id);
          if (e && (e.type !== c.type || e.case_id !== reg?.case_id || reg.jurisdiction !== where))
            throw new IdempotencyError(c.id, 'for another event');
        }
        if (reg && reg.actor_id !== caller.user.id)
          throw new StateError('already_imported', `这份台账已由另一个账号导入到 ${where}：不再重复导入`);
      }

      // every new row's events, decided on a new dispute: any problem, and nothing is written
      const rules = disputeRules(plan);
      const problems = planned
        .filter((p) => !stored.has(registration(p)))
        .map((p) => dryRun(p, rules, now, parsed.columns))
        .filter((p) => p !== null);
      if (problems.length > 0) throw new LedgerRefused(problems);

      // each row: its registration, then the rest sent together (one case's commands are applied
      // in the order they arrive, those waiting appended together); what is stored already skipped
      const disputes: string[] = [];
      let wrote = false;
      await eachLimited(planned, WRITERS, async (p, i) => {
        const [first, ...rest] = p.commands as [Command, ...Command[]];
        const reg = stored.get(first.id);
        const caseId = reg?.case_id ?? p.caseId;
        disputes[i] = caseId;
        if (!reg) wrote = !(await registerDispute(lane, caseId, planId, first)).duplicate || wrote;
        const results = await Promise.all(
          rest.filter((c) => !stored.has(c.id)).map((c) => commandDispute(lane, caseId, c)),
        );
        wrote = results.some((r) => !r.duplicate) || wrote;
      });
      return reply.status(wrote ? 201 : 200).send({ imported: planned.length, disputes, duplicate: !wrote });
    },
  );
};
