import { spawnSync } from 'node:child_process';
import { beforeEach, describe, expect, it } from 'vitest';
import { engines, freshDb, storeFixture } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';
import { NotFoundError, StateError, ValidationError } from '../../core/errors.ts';
import type { EventStore } from '../store/event-store.ts';
import {
  addJurisdiction,
  addUser,
  ancestorsOf,
  checkLogin,
  generatePassword,
  scopeOf,
  updateUser,
} from './accounts.repo.ts';

const clock = new ManualClock('2026-05-11T01:00:00Z');

describe.each(engines())('accounts and jurisdictions: $engine', ({ engine, skip }) => {
  let store: EventStore;
  beforeEach(async (ctx) => {
    if (skip) ctx.skip();
    ({ store } = await storeFixture(engine, clock));
    const add = (code: string, name: string, level: string, parent?: string) =>
      addJurisdiction(store, clock, { code, name, level, ...(parent ? { parent } : {}) });
    await add('city', '示范市', 'city');
    await add('county', '示范县', 'county', 'city');
    await add('town-a', '上安镇', 'town', 'county');
    await add('town-b', '下安镇', 'town', 'county');
    await add('village-a1', '中心村', 'village', 'town-a');
    await add('village-b1', '河东村', 'village', 'town-b');
    await add('unit-a', '镇派出所', 'unit', 'town-a');
  });

  it('scopes a user to their jurisdiction and everything below, never siblings or parents', async () => {
    expect((await scopeOf(store.db, 'town-a')).sort()).toEqual(['town-a', 'unit-a', 'village-a1']);
    expect((await scopeOf(store.db, 'county')).sort()).toEqual([
      'county',
      'town-a',
      'town-b',
      'unit-a',
      'village-a1',
      'village-b1',
    ]);
    expect(await scopeOf(store.db, 'village-b1')).toEqual(['village-b1']);
    expect((await ancestorsOf(store.db, 'village-a1')).map((j) => j.code)).toEqual([
      'town-a',
      'county',
      'city',
    ]);
  });

  it('keeps the tree in order: levels nest, parents exist, codes are unique', async () => {
    await expect(
      addJurisdiction(store, clock, { code: 'v2', name: '村', level: 'village', parent: 'county' }),
    ).rejects.toThrow(/a village cannot sit under a county/);
    await expect(
      addJurisdiction(store, clock, { code: 't9', name: '镇', level: 'town', parent: 'nowhere' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(addJurisdiction(store, clock, { code: 't9', name: '镇', level: 'town' })).rejects.toThrow(
      /needs a parent/,
    );
    await expect(
      addJurisdiction(store, clock, { code: 'town-a', name: '重复', level: 'town', parent: 'county' }),
    ).rejects.toBeInstanceOf(StateError);
    await expect(
      addJurisdiction(store, clock, { code: 'bad code', name: 'x', level: 'city' }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('keeps passwords only as argon2id hashes and checks logins without saying which part was wrong', async () => {
    const password = generatePassword();
    const u = await addUser(store, clock, {
      username: 'duty.officer',
      displayName: '值班员',
      password,
      role: 'officer',
      jurisdiction: 'town-a',
    });
    expect(u).not.toHaveProperty('password_hash');
    const row = await store.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', u.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(password);
    expect(await checkLogin(store.db, 'duty.officer', password)).toMatchObject({
      username: 'duty.officer',
      role: 'officer',
      jurisdiction_code: 'town-a',
    });
    expect(await checkLogin(store.db, 'duty.officer', `${password}x`)).toBeNull();
    expect(await checkLogin(store.db, 'nobody', password)).toBeNull();
  });

  it('refuses weak passwords, unknown roles and jurisdictions, and duplicate usernames', async () => {
    const base = {
      username: 'leader',
      displayName: '镇长',
      password: generatePassword(),
      role: 'leader',
      jurisdiction: 'town-a',
    };
    await expect(addUser(store, clock, { ...base, password: 'short' })).rejects.toThrow(
      /at least 12 characters/,
    );
    await expect(addUser(store, clock, { ...base, role: 'king' })).rejects.toThrow(/role/);
    await expect(addUser(store, clock, { ...base, jurisdiction: 'atlantis' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await addUser(store, clock, base);
    await expect(addUser(store, clock, base)).rejects.toBeInstanceOf(StateError);
  });

  it('refuses common passwords, patterns and ones built from the username, also on a reset', async () => {
    const base = { username: 'duty.leader', displayName: '值班领导', role: 'leader', jurisdiction: 'town-a' };
    const refused: [string, RegExp][] = [
      ['aaaaaaaaaaaa', /repeat, a sequence or a keyboard pattern/],
      ['password1234', /most commonly used/],
      ['            ', /at least 12 characters other than spaces/],
      ['1qaz2wsx3edc', /most commonly used/],
      ['duty.leaderduty.leader', /built from the username/],
      ['Duty.Leader-2026!', /built from the username/],
    ];
    for (const [password, why] of refused) {
      const e = await addUser(store, clock, { ...base, password }).catch((x) => x);
      expect(e, password).toBeInstanceOf(ValidationError);
      expect(e.message).toMatch(why);
      expect(e.issues[0].path).toBe('password');
    }
    expect(
      await store.db.selectFrom('users').select('id').where('username', '=', base.username).execute(),
    ).toEqual([]);
    const u = await addUser(store, clock, { ...base, password: 'a brand new passphrase' });
    for (const [password, why] of refused)
      await expect(updateUser(store, u.id, { password })).rejects.toThrow(why);
    await updateUser(store, u.id, { password: 'correct horse battery staple' });
    expect(await checkLogin(store.db, base.username, 'correct horse battery staple')).not.toBeNull();
  });
});

describe('huajie jurisdiction / user commands', () => {
  it('sets up a tree and an account from the command line', async () => {
    const db = await freshDb('sqlite');
    const run = (args: string[], input?: string) =>
      spawnSync(process.execPath, ['bin/huajie.mjs', ...args, '--db', db.url, '--data', db.dataDir], {
        encoding: 'utf8',
        input,
        env: { ...process.env, HUAJIE_HEAD_KEY: db.keyHex },
        timeout: 60_000,
      });
    try {
      expect(run(['jurisdiction', 'add', 'c1', '示范县', '--level', 'county']).stdout).toContain(
        'added county 示范县 (c1)',
      );
      expect(
        run([
          'jurisdiction',
          'add',
          't1',
          '上安镇',
          '--level',
          'town',
          '--parent',
          'c1',
          '--plan',
          'shangan-town',
        ]).stdout,
      ).toContain('running shangan-town');
      expect(
        run(['jurisdiction', 'add', 't2', '下安镇', '--level', 'town', '--parent', 'c1', '--plan', 'nope'])
          .stderr,
      ).toContain('--plan: no plan "nope"');
      expect(run(['jurisdiction', 'list']).stdout).toBe('示范县 (c1, county)\n  上安镇 (t1, town)\n');
      const added = run(['user', 'add', 'zhang.officer', '--role', 'officer', '--jurisdiction', 't1']);
      expect(added.stdout).toContain('added officer zhang.officer in t1');
      expect(added.stdout).toMatch(/password \(shown once\): [A-Za-z0-9]{20}/);
      const fromStdin = run(
        ['user', 'add', 'li.leader', '--role', 'leader', '--jurisdiction', 't1', '--password-stdin'],
        'a-long-enough-secret\n',
      );
      expect(fromStdin.stdout).not.toContain('password');
      const bad = run(['user', 'add', 'x', '--role', 'officer', '--jurisdiction', 't1']);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('username: a username is 3–40');
    } finally {
      await db.drop();
    }
  });
});
