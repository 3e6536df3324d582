import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import {
  canNest,
  JurisdictionInput,
  type JurisdictionLevel,
  JurisdictionPatch,
  TREE_LEVELS,
  UserInput,
  UserPatch,
} from '../../core/accounts/accounts.ts';
import type { Clock } from '../../core/clock.ts';
import { NotFoundError, StateError, ValidationError } from '../../core/errors.ts';
import { uniqueViolation } from '../store/dialect.ts';
import type { EventStore } from '../store/event-store.ts';
import type { DB, JurisdictionsTable, UsersTable } from '../store/schema.ts';
import { passwordPolicy } from './password.policy.ts';

function invalid(r: { error: { issues: { path: PropertyKey[]; message: string }[] } }): ValidationError {
  const issues = r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  return new ValidationError(issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
}

/** Two admins adding the same thing at once: the loser hears it exists, not a 500. */
function duplicate(message: string) {
  return (e: unknown): never => {
    if (uniqueViolation(e)) throw new StateError('duplicate', message);
    throw e;
  };
}

/** Add a node to the jurisdiction tree (written through the store's single writer). */
export async function addJurisdiction(
  store: EventStore,
  clock: Clock,
  input: unknown,
): Promise<JurisdictionsTable> {
  const r = JurisdictionInput.safeParse(input);
  if (!r.success) throw invalid(r);
  const j = r.data;
  return store.transaction(async (db) => {
    if (await db.selectFrom('jurisdictions').select('code').where('code', '=', j.code).executeTakeFirst()) {
      throw new StateError('duplicate', `jurisdiction ${j.code} exists already`);
    }
    if (j.parent) {
      const parent = await db
        .selectFrom('jurisdictions')
        .selectAll()
        .where('code', '=', j.parent)
        .executeTakeFirst();
      if (!parent) throw new NotFoundError(`no parent jurisdiction ${j.parent}`);
      if (!canNest(parent.level as JurisdictionLevel, j.level)) {
        throw new ValidationError(
          `level: a ${j.level} cannot sit under a ${parent.level} (${TREE_LEVELS.join(' › ')}; units anywhere)`,
        );
      }
    } else if (j.level !== 'city' && j.level !== 'county' && j.level !== 'unit') {
      throw new ValidationError(`parent: a ${j.level} needs a parent jurisdiction`);
    }
    const row = {
      code: j.code,
      name: j.name,
      level: j.level,
      parent_code: j.parent ?? null,
      created_at: clock.now().toISOString(),
      plan_id: j.plan ?? null,
    };
    await db
      .insertInto('jurisdictions')
      .values(row)
      .execute()
      .catch(duplicate(`jurisdiction ${j.code} exists already`));
    return row;
  });
}

/** A jurisdiction and everything below it: what a user there may see. */
export async function scopeOf(db: Kysely<DB>, code: string): Promise<string[]> {
  const rows = await db
    .withRecursive('tree(code)', (qb) =>
      qb
        .selectFrom('jurisdictions')
        .select('code')
        .where('code', '=', code)
        .unionAll((u) =>
          u.selectFrom('jurisdictions as j').innerJoin('tree', 'tree.code', 'j.parent_code').select('j.code'),
        ),
    )
    .selectFrom('tree')
    .select('code')
    .execute();
  return rows.map((r) => r.code);
}

/** A jurisdiction's ancestors, nearest first: where escalations go. */
/** Whether a jurisdiction is at the top of the tree (it has no parent). */
export async function isTopOfTree(db: Kysely<DB>, code: string): Promise<boolean> {
  const j = await db
    .selectFrom('jurisdictions')
    .select('parent_code')
    .where('code', '=', code)
    .executeTakeFirst();
  return j !== undefined && j.parent_code === null;
}

export async function ancestorsOf(db: Kysely<DB>, code: string): Promise<JurisdictionsTable[]> {
  const out: JurisdictionsTable[] = [];
  let cur = await db.selectFrom('jurisdictions').selectAll().where('code', '=', code).executeTakeFirst();
  while (cur?.parent_code) {
    const parent = await db
      .selectFrom('jurisdictions')
      .selectAll()
      .where('code', '=', cur.parent_code)
      .executeTakeFirst();
    if (!parent) break;
    out.push(parent);
    cur = parent;
  }
  return out;
}

/** An account without its password hash (and its IM id only where it was read). */
export type PublicUser = Omit<UsersTable, 'password_hash' | 'im_id'> & { im_id?: string | null };

/** Add a staff account; the password is kept only as an argon2id hash. */
export async function addUser(store: EventStore, clock: Clock, input: unknown): Promise<PublicUser> {
  const r = UserInput.safeParse(input);
  if (!r.success) throw invalid(r);
  const u = r.data;
  passwordPolicy.check(u.password, u);
  const passwordHash = await hash(u.password); // argon2id, the library's OWASP defaults
  return store.transaction(async (db) => {
    if (
      !(await db
        .selectFrom('jurisdictions')
        .select('code')
        .where('code', '=', u.jurisdiction)
        .executeTakeFirst())
    ) {
      throw new NotFoundError(`no jurisdiction ${u.jurisdiction}`);
    }
    if (await db.selectFrom('users').select('id').where('username', '=', u.username).executeTakeFirst()) {
      throw new StateError('duplicate', `user ${u.username} exists already`);
    }
    const row: UsersTable = {
      id: randomUUID(),
      username: u.username,
      display_name: u.displayName,
      password_hash: passwordHash,
      role: u.role,
      jurisdiction_code: u.jurisdiction,
      disabled: 0,
      created_at: clock.now().toISOString(),
      im_id: u.imId ?? null,
    };
    await db
      .insertInto('users')
      .values(row)
      .execute()
      .catch(duplicate(`user ${u.username} exists already`));
    const { password_hash: _h, ...pub } = row;
    return pub;
  });
}

/** Rename a jurisdiction or set the plan its new incidents run under. */
export async function updateJurisdiction(
  store: EventStore,
  code: string,
  input: unknown,
  planExists: (id: string) => boolean,
): Promise<JurisdictionsTable> {
  const r = JurisdictionPatch.safeParse(input);
  if (!r.success) throw invalid(r);
  const p = r.data;
  if (p.plan && !planExists(p.plan)) throw new ValidationError(`plan: no plan "${p.plan}"`);
  return store.transaction(async (db) => {
    const set: Partial<JurisdictionsTable> = {};
    if (p.name !== undefined) set.name = p.name;
    if (p.plan !== undefined) set.plan_id = p.plan;
    if (Object.keys(set).length > 0)
      await db.updateTable('jurisdictions').set(set).where('code', '=', code).execute();
    const row = await db.selectFrom('jurisdictions').selectAll().where('code', '=', code).executeTakeFirst();
    if (!row) throw new NotFoundError(`no jurisdiction ${code}`);
    return row;
  });
}

/** Change an account; a new password, a new role or place, or disabling it ends its sessions. */
export async function updateUser(store: EventStore, id: string, input: unknown): Promise<PublicUser> {
  const r = UserPatch.safeParse(input);
  if (!r.success) throw invalid(r);
  const p = r.data;
  if (p.password) {
    const account = await store.db
      .selectFrom('users')
      .select(['username', 'display_name'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!account) throw new NotFoundError(`no user ${id}`);
    passwordPolicy.check(p.password, {
      username: account.username,
      displayName: p.displayName ?? account.display_name,
    });
  }
  const passwordHash = p.password ? await hash(p.password) : undefined;
  return store.transaction(async (db) => {
    const user = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!user) throw new NotFoundError(`no user ${id}`);
    if (
      p.jurisdiction &&
      !(await db
        .selectFrom('jurisdictions')
        .select('code')
        .where('code', '=', p.jurisdiction)
        .executeTakeFirst())
    )
      throw new NotFoundError(`no jurisdiction ${p.jurisdiction}`);
    const set: Partial<UsersTable> = {};
    if (p.displayName !== undefined) set.display_name = p.displayName;
    if (p.role !== undefined) set.role = p.role;
    if (p.jurisdiction !== undefined) set.jurisdiction_code = p.jurisdiction;
    if (p.disabled !== undefined) set.disabled = p.disabled ? 1 : 0;
    if (p.imId !== undefined) set.im_id = p.imId;
    if (passwordHash) set.password_hash = passwordHash;
    if (Object.keys(set).length > 0) await db.updateTable('users').set(set).where('id', '=', id).execute();
    if (p.password || p.disabled || p.role || p.jurisdiction)
      await db.deleteFrom('sessions').where('user_id', '=', id).execute();
    const { password_hash: _h, ...pub } = { ...user, ...set };
    return pub;
  });
}

/** A hash of nothing, so an unknown username costs the same time as a wrong password. */
const DUMMY = hash(randomBytes(16).toString('hex'));

/** The account for these credentials, or null; never says which of the two was wrong. */
export async function checkLogin(
  db: Kysely<DB>,
  username: string,
  password: string,
): Promise<PublicUser | null> {
  const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  const ok = await verify(user?.password_hash ?? (await DUMMY), password).catch(() => false);
  if (!user || !ok || user.disabled) return null;
  const { password_hash: _h, ...pub } = user;
  return pub;
}

/** A password for a generated account: 20 characters, no look-alikes. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
  return Array.from({ length: 20 }, () => alphabet[randomInt(alphabet.length)]).join('');
}
