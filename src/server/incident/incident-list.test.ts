import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { apiFixture, type Login, login } from '../../../test/support/api.ts';
import { engines } from '../../../test/support/stores.ts';
import type { DisputeList } from '../../core/api/disputes.ts';
import type { IncidentList } from '../../core/api/incidents.ts';
import { ManualClock } from '../../core/clock.ts';

const DAY = 86_400_000;
// 2026-05-11 09:00 Beijing time
const T0 = Date.parse('2026-05-11T01:00:00Z');

describe.each(engines())('lists and search: $engine', ({ engine, skip }) => {
  it.skipIf(skip)(
    'finds incidents, closed ones too, by words, code, level, status, place, days and exercise',
    async () => {
      const clock = new ManualClock(T0);
      const fx = await apiFixture(engine, clock, {
        tree: [
          ['c1', 'county'],
          ['t1', 'town', 'c1'],
          ['t2', 'town', 'c1'],
        ],
        users: [
          ['officer-t1', 'officer', 't1'],
          ['officer-t2', 'officer', 't2'],
          ['leader-c1', 'leader', 'c1'],
        ],
      });
      const app = fx.app;
      const as = (who: Login, method: 'GET' | 'POST', url: string, payload?: object) =>
        app.inject({ method, url, payload, ...who.auth });
      const report = async (who: Login, title: string, place: string, people: number, exercise = false) => {
        const r = await as(who, 'POST', '/api/incidents', {
          id: uuidv7(),
          data: {
            title,
            location: { text: place },
            startedAt: clock.now().toISOString(),
            source: '电话',
            facts: { participants: people },
            ...(exercise ? { exercise: true } : {}),
          },
        });
        expect(r.statusCode, r.body).toBe(201);
        return r.json().caseId as string;
      };
      const road = await report(await login(app, 'officer-t1'), '村民堵塞县道', '上安村县道口', 60);
      // a day on: new sessions
      clock.set(T0 + DAY);
      const t1 = await login(app, 'officer-t1');
      const t2 = await login(app, 'officer-t2');
      const gate = await report(t2, '群众聚集镇政府', '下河镇政府门前', 12);
      clock.set(T0 + DAY + 1000);
      const drill = await report(t1, '演练：聚集', '镇政府', 12, true);
      const closed = await as(t1, 'POST', `/api/incidents/${road}/events/incident.closed`, {
        id: uuidv7(),
        data: { summary: '已平息' },
      });
      expect(closed.statusCode, closed.body).toBe(201);

      const leader = await login(app, 'leader-c1');
      const list = async (query: string) => {
        const r = await as(leader, 'GET', `/api/incidents${query}`);
        expect(r.statusCode, r.body).toBe(200);
        return (r.json() as IncidentList).incidents.map((i) => i.case_id);
      };
      // everything, the closed one too, newest first
      expect(await list('')).toEqual([drill, gate, road]);
      expect(await list('?status=closed')).toEqual([road]);
      expect(await list(`?q=${encodeURIComponent('县道')}`)).toEqual([road]);
      // the place, and the start of the code
      expect(await list(`?q=${encodeURIComponent('政府门前')}`)).toEqual([gate]);
      expect(await list(`?q=${gate.slice(0, 24)}`)).toEqual([gate]);
      // a search for % is a search for the character, not every row
      expect(await list('?q=%25')).toEqual([]);
      expect(await list('?level=major')).toEqual([road]);
      expect(await list('?jurisdiction=t2')).toEqual([gate]);
      expect(await list('?exercise=true')).toEqual([drill]);
      expect(await list('?exercise=false')).toEqual([gate, road]);
      // by the day reported, in China
      expect(await list('?from=2026-05-12')).toEqual([drill, gate]);
      expect(await list('?to=2026-05-11')).toEqual([road]);
      // refused in words, not a 500; a jurisdiction out of scope is refused
      const bad = await as(leader, 'GET', '/api/incidents?from=2026-05-12&to=2026-05-11');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toContain('起始日期晚于截止日期');
      expect((await as(t1, 'GET', '/api/incidents?jurisdiction=t2')).statusCode).toBe(403);
      expect((await as(leader, 'GET', '/api/incidents?from=yesterday')).statusCode).toBe(400);
    },
  );

  it.skipIf(skip)('finds disputes of one jurisdiction and by the start of their code', async () => {
    const clock = new ManualClock(T0);
    const fx = await apiFixture(engine, clock, {
      tree: [
        ['c1', 'county'],
        ['t1', 'town', 'c1'],
        ['t2', 'town', 'c1'],
      ],
      users: [
        ['officer-t1', 'officer', 't1'],
        ['officer-t2', 'officer', 't2'],
        ['leader-c1', 'leader', 'c1'],
      ],
    });
    const app = fx.app;
    const register = async (who: string, title: string) => {
      const r = await app.inject({
        method: 'POST',
        url: '/api/disputes',
        payload: {
          id: uuidv7(),
          data: {
            title,
            summary: '部分村民对征地补偿款分配方案有异议',
            source: 'screening',
            category: 'requisition',
            facts: { people: 30, households: 12 },
            sides: [{ kind: 'group', description: '三组部分村民（约12户）' }],
          },
        },
        ...(await login(app, who)).auth,
      });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().caseId as string;
    };
    const a = await register('officer-t1', '征地补偿款分配');
    const b = await register('officer-t2', '工程欠薪');
    const leader = await login(app, 'leader-c1');
    const list = async (query: string) =>
      (
        (
          await app.inject({ method: 'GET', url: `/api/disputes${query}`, ...leader.auth })
        ).json() as DisputeList
      ).disputes.map((d) => d.case_id);
    expect(await list('?jurisdiction=t1')).toEqual([a]);
    expect(await list(`?q=${b.slice(0, 24)}`)).toEqual([b]);
  });
});
