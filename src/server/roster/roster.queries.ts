import type { Kysely } from 'kysely';
import { DESK, type OnDuty, onDutyAt, postFor, Rota } from '../../core/roster/roster.ts';
import { type PrintedQuery, example as x } from '../queries/printed.ts';
import type { DB, ShiftHandoversTable } from '../store/schema.ts';

/** The rota of each of some jurisdictions that has one. */
export async function rotasOf(db: Kysely<DB>, codes: string[]): Promise<Map<string, Rota>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('rosters')
    .select(['jurisdiction_code', 'rota'])
    .where('jurisdiction_code', 'in', codes)
    .execute();
  return new Map(rows.map((r) => [r.jurisdiction_code, Rota.parse(JSON.parse(r.rota))]));
}

/** A jurisdiction's rota as stored, with when and by whom it was last set. */
export function rotaRow(db: Kysely<DB>, code: string) {
  return db.selectFrom('rosters').selectAll().where('jurisdiction_code', '=', code).executeTakeFirst();
}

/** Replace a jurisdiction's rota. */
export function saveRota(db: Kysely<DB>, code: string, rota: Rota, at: string, by: string) {
  const text = JSON.stringify(rota);
  return db
    .insertInto('rosters')
    .values({ jurisdiction_code: code, rota: text, updated_at: at, updated_by: by })
    .onConflict((oc) =>
      oc.column('jurisdiction_code').doUpdateSet({ rota: text, updated_at: at, updated_by: by }),
    )
    .execute();
}

/** The accounts of a jurisdiction (who may stand on its rota), enabled ones. */
export function staffOf(db: Kysely<DB>, code: string) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name', 'role', 'im_id'])
    .where('jurisdiction_code', '=', code)
    .where('disabled', '=', 0)
    .orderBy('display_name')
    .execute();
}

/** Who is on duty, with what a message needs to reach them. */
export interface OnDutyPerson extends OnDuty {
  name: string;
  imId: string | null;
}

/**
 * Who answers for `owner` (a post of the plan, or the duty desk) in a jurisdiction at a time:
 * the owner's own shift when the rota holds that post, else the duty desk's; null without a rota
 * or with nobody on that shift.
 */
export async function onDutyFor(
  db: Kysely<DB>,
  jurisdiction: string,
  owner: string,
  at: Date,
  rota?: Rota,
): Promise<OnDutyPerson | null> {
  const r = rota ?? (await rotasOf(db, [jurisdiction])).get(jurisdiction);
  if (!r) return null;
  const shift = onDutyAt(r, postFor(r, owner), at) ?? (owner === DESK ? null : onDutyAt(r, DESK, at));
  if (!shift) return null;
  const who = await db
    .selectFrom('users')
    .select(['display_name', 'im_id'])
    .where('id', '=', shift.account)
    .executeTakeFirst();
  return who ? { ...shift, name: who.display_name, imId: who.im_id } : null;
}

/**
 * `onDutyFor` for many owners at once (a board's rows): one read of the rotas, one of the names.
 * Each answer in the order asked; null where nobody is on duty or there is no rota.
 */
export async function onDutyMany(
  db: Kysely<DB>,
  asks: { jurisdiction: string; owner: string }[],
  at: Date,
): Promise<(OnDutyPerson | null)[]> {
  const rotas = await rotasOf(db, [...new Set(asks.map((a) => a.jurisdiction))]);
  const shifts = asks.map(({ jurisdiction, owner }) => {
    const r = rotas.get(jurisdiction);
    if (!r) return null;
    return onDutyAt(r, postFor(r, owner), at) ?? (owner === DESK ? null : onDutyAt(r, DESK, at));
  });
  const accounts = [...new Set(shifts.flatMap((s) => (s ? [s.account] : [])))];
  const people =
    accounts.length === 0
      ? []
      : await db
          .selectFrom('users')
          .select(['id', 'display_name', 'im_id'])
          .where('id', 'in', accounts)
          .execute();
  const byId = new Map(people.map((p) => [p.id, p]));
  return shifts.map((s) => {
    const p = s && byId.get(s.account);
    return s && p ? { ...s, name: p.display_name, imId: p.im_id } : null;
  });
}

/** The newest handovers of a jurisdiction, with the names of both sides. */
export function handoversOf(db: Kysely<DB>, code: string, limit: number) {
  return db
    .selectFrom('shift_handovers as h')
    .leftJoin('users as f', 'f.id', 'h.from_account')
    .leftJoin('users as t', 't.id', 'h.to_account')
    .selectAll('h')
    .select(['f.display_name as from_name', 't.display_name as to_name'])
    .where('h.jurisdiction_code', '=', code)
    .orderBy('h.at', 'desc')
    .limit(limit)
    .execute();
}

/** Record a handover (append-only). */
export function recordHandover(db: Kysely<DB>, h: ShiftHandoversTable) {
  return db.insertInto('shift_handovers').values(h).execute();
}

/** What is open at a jurisdiction when a shift is handed over: its live incidents, its escalations not taken in hand. */
export async function openAt(db: Kysely<DB>, code: string) {
  const live = await db
    .selectFrom('incidents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('jurisdiction', '=', code)
    .where('status', 'not in', ['closed', 'settled'])
    .executeTakeFirst();
  const open = await db
    .selectFrom('escalations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('to_jurisdiction', '=', code)
    .where('acknowledged_at', 'is', null)
    .executeTakeFirst();
  return { live: Number(live?.n ?? 0), escalations: Number(open?.n ?? 0) };
}

export const printed: PrintedQuery[] = [
  { name: 'rotasOf', run: (db) => rotasOf(db, [x.jurisdiction]) },
  { name: 'rotaRow', run: (db) => rotaRow(db, x.jurisdiction) },
  {
    name: 'saveRota',
    run: (db) => saveRota(db, x.jurisdiction, { slots: [], exceptions: [] }, x.at, x.userId),
  },
  { name: 'staffOf', run: (db) => staffOf(db, x.jurisdiction) },
  {
    name: 'onDutyFor',
    run: (db) =>
      onDutyFor(db, x.jurisdiction, DESK, new Date(x.at), {
        slots: [{ post: DESK, days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '00:00', account: x.userId }],
        exceptions: [],
      }),
    rows: [{ display_name: '值班员', im_id: null }],
  },
  {
    name: 'onDutyMany',
    run: (db) => onDutyMany(db, [{ jurisdiction: x.jurisdiction, owner: DESK }], new Date(x.at)),
  },
  { name: 'handoversOf', run: (db) => handoversOf(db, x.jurisdiction, 20) },
  {
    name: 'recordHandover',
    run: (db) =>
      recordHandover(db, {
        id: 'handover-1',
        jurisdiction_code: x.jurisdiction,
        post: DESK,
        from_account: x.userId,
        to_account: 'user-2',
        at: x.at,
        note: null,
        live_incidents: 1,
        open_escalations: 0,
      }),
  },
  { name: 'openAt', run: (db) => openAt(db, x.jurisdiction) },
];
