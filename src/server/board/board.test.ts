import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { type ApiFixture, apiFixture, type Login, login } from '../../../test/support/api.ts';
import { engines } from '../../../test/support/stores.ts';
import type { Board } from '../../core/api/board.ts';
import type { BoardEscalation } from '../../core/api/incidents.ts';
import { ManualClock } from '../../core/clock.ts';
import { DutyClock } from '../clock/duty.clock.ts';
import { rebuild } from '../projections/rebuild.ts';
import { projections } from '../projections/registry.ts';
import { backfillBoardColumns } from '../store/migrations.ts';

const T0 = Date.parse('2026-05-11T01:00:00Z');
const MIN = 60_000;
const iso = (min: number) => new Date(T0 + min * MIN).toISOString();

describe.each(engines())('the duty board: $engine', ({ engine, skip }) => {
  let fx: ApiFixture;
  let app: FastifyInstance;
  let clock: ManualClock;
  let officer: Login;
  const as = (who: Login, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, payload, ...who.auth });
  /** an incident reported now in town t1, happening since now */
  const report = async (title: string, people: number, extra: Record<string, unknown> = {}) => {
    const r = await as(officer, 'POST', '/api/incidents', {
      id: uuidv7(),
      data: {
        title,
        location: { text: `${title}的地点` },
        startedAt: clock.now().toISOString(),
        source: '电话',
        facts: { participants: people },
        ...extra,
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().caseId as string;
  };
  const record = async (who: Login, caseId: string, type: string, data: object) => {
    const r = await as(who, 'POST', `/api/incidents/${caseId}/events/${type}`, { id: uuidv7(), data });
    expect(r.statusCode, r.body).toBe(201);
  };
  const board = async (who: Login) => (await as(who, 'GET', '/api/board')).json() as Board;
  const escalations = async (who: Login) =>
    (await as(who, 'GET', '/api/escalations')).json().escalations as BoardEscalation[];

  beforeEach(async (ctx) => {
    if (skip) ctx.skip();
    clock = new ManualClock(T0);
    fx = await apiFixture(engine, clock, {
      tree: [
        ['c1', 'county', undefined, undefined, '平安县'],
        ['t1', 'town', 'c1', undefined, '上安镇'],
        ['t2', 'town', 'c1'],
      ],
      users: [
        ['officer-t1', 'officer', 't1'],
        ['officer-t2', 'officer', 't2'],
        ['leader-c1', 'leader', 'c1'],
        ['officer-c1', 'officer', 'c1'],
        ['admin-c1', 'admin', 'c1'],
      ],
    });
    ({ app } = fx);
    officer = await login(app, 'officer-t1');
  });

  it('puts the most urgent incident first: overdue, warning, then level, then the longer wait', async () => {
    const a = await report('A 12人聚集', 12);
    clock.set(T0 + 10 * MIN);
    const b = await report('B 60人堵路', 60, { sourceKind: 'scene_unit' });
    clock.set(T0 + 19 * MIN);
    const c = await report('C 15人聚集', 15);
    clock.set(T0 + 20 * MIN);
    const d = await report('D 55人聚集', 55, { sourceKind: 'scene_unit' });
    const e = await report('E 演练', 12, { exercise: true });
    clock.set(T0 + 21 * MIN);
    await new DutyClock(app.writePath).runOnce();
    // the town's duty desk is held round the clock by its officer
    const admin = await login(app, 'admin-c1');
    const users = (await as(admin, 'GET', '/api/users')).json().users as { id: string; username: string }[];
    const town = users.find((u) => u.username === 'officer-t1')?.id;
    const put = await app.inject({
      method: 'PUT',
      url: '/api/roster/t1',
      payload: {
        slots: [{ post: 'desk', days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '00:00', account: town }],
      },
      ...admin.auth,
    });
    expect(put.statusCode, put.body).toBe(200);

    const county = await board(await login(app, 'leader-c1'));
    // the county has no rota; the town's desk answers for its incidents' clocks
    expect(county.desk).toBeNull();
    expect(county.incidents.every((i) => i.clock?.on_duty?.name === 'officer-t1')).toBe(true);
    expect((await board(officer)).desk).toMatchObject({ post: 'desk', name: 'officer-t1' });
    // the incident's page names them beside each duty not yet met
    const page = (await as(officer, 'GET', `/api/incidents/${a}`)).json() as {
      duties: { status: string; on_duty: { name: string } | null }[];
    };
    const open = page.duties.filter((d) => d.status !== 'met');
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((d) => d.on_duty?.name === 'officer-t1')).toBe(true);
    expect(county.incidents.map((i) => [i.title, i.urgency])).toEqual([
      ['A 12人聚集', 'overdue'],
      ['B 60人堵路', 'warning'],
      ['D 55人聚集', 'due'],
      ['C 15人聚集', 'due'],
      ['E 演练', 'due'],
    ]);
    const [ia, ib] = county.incidents;
    // what a duty officer reads without opening it
    expect(ia).toMatchObject({
      case_id: a,
      jurisdiction: 't1',
      jurisdiction_name: '上安镇',
      place: 'A 12人聚集的地点',
      participants: 12,
      level: 'general',
      first_report_at: null,
      clock: { duty_id: 'report-town', owner: 'village', due_at: iso(20), status: 'missed' },
    });
    expect(ib).toMatchObject({
      case_id: b,
      level: 'major',
      level_rank: 1,
      clock: { duty_id: 'report-county', due_at: iso(25), warn_at: iso(20), status: 'open' },
    });
    expect(county.incidents.find((i) => i.case_id === e)?.exercise).toBe(true);
    expect(county.incidents.find((i) => i.case_id === d)?.exercise).toBe(false);
    // a sibling town sees none of it
    expect((await board(await login(app, 'officer-t2'))).incidents).toEqual([]);

    // the facts move the row: more people, the first report out; a closed incident leaves
    await record(officer, c, 'incident.facts.updated', { facts: { participants: 30 } });
    await record(officer, a, 'sitrep.submitted', { to: { level: 'town' }, kind: 'initial', fields: {} });
    await record(officer, d, 'incident.closed', { summary: '已平息' });
    const after = await board(officer);
    expect(after.incidents.find((i) => i.case_id === c)?.participants).toBe(30);
    expect(after.incidents.find((i) => i.case_id === a)?.first_report_at).toBe(iso(21));
    expect(after.incidents.map((i) => i.case_id)).not.toContain(d);

    // an upgraded database reads the same columns from the logs; so does a rebuild
    const columns = () =>
      fx.store.db
        .selectFrom('incidents')
        .select(['case_id', 'place', 'participants', 'participants_at', 'first_report_at'])
        .orderBy('case_id')
        .execute();
    const live = await columns();
    await fx.store.exclusive(async (db) => {
      await db
        .updateTable('incidents')
        .set({ place: null, participants: null, participants_at: null, first_report_at: null })
        .execute();
      await backfillBoardColumns(db);
    });
    expect(await columns()).toEqual(live);
    await rebuild(fx.store, projections);
    expect(await columns()).toEqual(live);
  });

  it('records who took an escalation in hand, and resolves it when its duty is met or its case closed', async () => {
    const a = await report('A 12人聚集', 12);
    await record(officer, a, 'escalation.requested', { to: '县委县政府', reason: '群众情绪激动' });
    clock.set(T0 + 21 * MIN);
    await new DutyClock(app.writePath).runOnce();
    const leader = await login(app, 'leader-c1');
    const list = await escalations(leader);
    const request = list.find((x) => x.kind === 'requested');
    const missed = list.find((x) => x.duty_id === 'report-town');
    expect(request).toMatchObject({ to_jurisdiction: 'c1', acknowledged_at: null, resolved: null });
    expect(missed).toMatchObject({ to_jurisdiction: 't1', acknowledged_at: null, resolved: null });
    if (!request || !missed) throw new Error('both escalations are on the board');

    const ack = (who: Login, eventId: string, id = uuidv7(), note?: string) =>
      as(who, 'POST', `/api/escalations/${eventId}/acknowledgement`, { id, ...(note ? { note } : {}) });
    // only the level it reached takes it in hand: the county sees the town's, but it is the town's;
    // the town does not see the county's; nobody takes it through the case's own route
    const notOurs = await ack(leader, missed.event_id);
    expect(notOurs.statusCode).toBe(403);
    expect(notOurs.json().message).toContain('不是报给本级的');
    expect((await ack(officer, request.event_id)).statusCode).toBe(404);
    const generic = await as(officer, 'POST', `/api/incidents/${a}/events/escalation.acknowledged`, {
      id: uuidv7(),
      data: { escalationId: request.event_id },
    });
    expect(generic.statusCode).toBe(403);
    expect((await ack(await login(app, 'officer-t2'), missed.event_id)).statusCode).toBe(404);
    expect((await ack(leader, 'no-such-event')).statusCode).toBe(404);

    clock.set(T0 + 23 * MIN);
    const id = uuidv7();
    const taken = await ack(leader, request.event_id, id, '已安排县领导赶赴现场');
    expect(taken.statusCode, taken.body).toBe(201);
    expect(taken.json().events[0]).toMatchObject({ type: 'escalation.acknowledged' });
    // the same command again answers the same; another is refused
    expect((await ack(leader, request.event_id, id, '已安排县领导赶赴现场')).statusCode).toBe(200);
    const again = await ack(await login(app, 'officer-c1'), request.event_id);
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain('已有人接收');

    // every board that shows it shows who and when
    for (const who of [leader, officer]) {
      const shown = (await escalations(who)).find((x) => x.event_id === request.event_id);
      if (who === officer) expect(shown).toBeUndefined();
      else
        expect(shown).toMatchObject({
          acknowledged_at: iso(23),
          acknowledged_by_name: 'leader-c1',
          acknowledged_role: 'leader',
          acknowledged_note: '已安排县领导赶赴现场',
        });
    }
    expect((await ack(officer, missed.event_id)).statusCode).toBe(201);

    // the missed report goes out late: its escalation is resolved; closing resolves the request
    await record(officer, a, 'sitrep.submitted', { to: { level: 'town' }, kind: 'initial', fields: {} });
    let now = await escalations(leader);
    expect(now.find((x) => x.event_id === missed.event_id)?.resolved).toBe('met');
    expect(now.find((x) => x.event_id === request.event_id)?.resolved).toBeNull();
    await record(officer, a, 'incident.closed', { summary: '已平息' });
    now = await escalations(leader);
    expect(now.find((x) => x.event_id === request.event_id)?.resolved).toBe('closed');

    // the read model is the log's
    const rows = () => fx.store.db.selectFrom('escalations').selectAll().orderBy('event_id').execute();
    const before = await rows();
    await rebuild(fx.store, projections);
    expect(await rows()).toEqual(before);
  });

  it('remembers when each account last looked at its board', async () => {
    const visit = async (who: Login) => (await as(who, 'POST', '/api/board/visits')).json();
    expect(await visit(officer)).toEqual({ previous: null, at: iso(0) });
    clock.set(T0 + 7 * MIN);
    expect(await visit(officer)).toEqual({ previous: iso(0), at: iso(7) });
    // each account its own
    expect(await visit(await login(app, 'leader-c1'))).toEqual({ previous: null, at: iso(7) });
  });
});
