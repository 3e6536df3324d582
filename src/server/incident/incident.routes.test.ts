import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { apiFixture, PASSWORD } from '../../../test/support/api.ts';
import { engines } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';
import type { EventStore } from '../store/event-store.ts';

describe.each(engines())('incident API with accounts and scope: $engine', ({ engine, skip }) => {
  let store: EventStore;
  let app: FastifyInstance;
  const clock = new ManualClock('2026-05-11T01:00:00Z');

  beforeEach(async (ctx) => {
    if (skip) ctx.skip();
    ({ store, app } = await apiFixture(engine, clock, {
      tree: [
        ['c1', 'county'],
        ['t1', 'town', 'c1'],
        ['t2', 'town', 'c1'],
        ['v1', 'village', 't1'],
      ],
      users: [
        ['officer-t1', 'officer', 't1'],
        ['commander-t1', 'commander', 't1'],
        ['leader-t1', 'leader', 't1'],
        ['officer-t2', 'officer', 't2'],
        ['leader-c1', 'leader', 'c1'],
        ['officer-v1', 'officer', 'v1'],
      ],
    }));
  });

  async function login(username: string) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'huajie_session');
    const csrf = res.json().csrfToken as string;
    const as = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
      app.inject({
        method,
        url,
        payload: payload as object,
        cookies: { huajie_session: cookie?.value ?? '' },
        headers: { 'x-csrf-token': csrf },
      });
    return { res, cookie, as };
  }
  const reportBody = (people = 60) => ({
    id: uuidv7(),
    data: {
      title: `${people}名村民堵塞县道`,
      location: { text: '县道X201' },
      startedAt: '2026-05-11T09:00:00+08:00',
      source: '村委会电话',
      facts: { participants: people, blocking: ['road'] },
    },
  });

  it('logs in with a strict, http-only session cookie and a CSRF token; refuses wrong passwords alike', async () => {
    const { res, cookie, as } = await login('officer-t1');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(res.json().user).toMatchObject({ username: 'officer-t1', role: 'officer', jurisdiction: 't1' });
    expect((await as('GET', '/api/me')).json().user.username).toBe('officer-t1');
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'officer-t1', password: 'nope' },
    });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody', password: 'nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect((await app.inject({ method: 'GET', url: '/api/incidents' })).statusCode).toBe(401);
  });

  it('refuses a write without the CSRF token, and sets security headers', async () => {
    const { cookie } = await login('officer-t1');
    const res = await app.inject({
      method: 'POST',
      url: '/api/incidents',
      payload: reportBody(),
      cookies: { huajie_session: cookie?.value ?? '' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('x-csrf-token');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'self'");
  });

  it('answers an incident with the newest page of its timeline, and older pages by cursor', async () => {
    const { as } = await login('officer-t1');
    const rep = await as('POST', '/api/incidents', reportBody(15));
    expect(rep.statusCode).toBe(201);
    const caseId = rep.json().caseId as string;
    const first = rep.json().events[0].id as string;
    for (let i = 0; i < 150; i++) {
      const r = await as('POST', `/api/incidents/${caseId}/events/log.entry`, {
        id: uuidv7(),
        data: { text: `记录 ${i}` },
      });
      expect(r.statusCode).toBe(201);
    }
    // a correction of the first entry, recorded last: shown with the entry, on its page
    await as('POST', `/api/incidents/${caseId}/events/entry.corrected`, {
      id: uuidv7(),
      data: { eventId: first, correction: '人数应为16人', reason: '核对' },
    });
    const total = (await store.head(caseId))?.seq ?? 0;
    const detail = await as('GET', `/api/incidents/${caseId}`);
    expect(detail.statusCode).toBe(200);
    const d = detail.json();
    expect(d.timeline).toHaveLength(100);
    expect(d.timeline.map((e: { seq: number }) => e.seq)).toEqual(
      Array.from({ length: 100 }, (_, i) => total - 99 + i),
    );
    expect(d.timelinePage).toEqual({ before: total - 99, total });
    expect(d.report).toMatchObject({ id: first, type: 'incident.reported' });
    expect(d.sitrepSent).toBe(false);
    // each entry names its author's account beside the role; Huajie's own entries name none
    const logged = d.timeline.find((e: { type: string }) => e.type === 'log.entry');
    expect(logged.actor).toMatchObject({ role: 'officer', username: 'officer-t1', name: 'officer-t1' });
    // the older pages, back to the first event, make the whole log once
    const seen: number[] = d.timeline.map((e: { seq: number }) => e.seq);
    let before: number | null = d.timelinePage.before;
    let firstEntry: { corrections: unknown[] } | undefined;
    const system: { actor: unknown }[] = [];
    while (before !== null) {
      const page = await as('GET', `/api/incidents/${caseId}/timeline?before=${before}&limit=60`);
      expect(page.statusCode).toBe(200);
      const body = page.json();
      expect(body.timeline.length).toBeLessThanOrEqual(60);
      seen.unshift(...body.timeline.map((e: { seq: number }) => e.seq));
      firstEntry ??= body.timeline.find((e: { id: string }) => e.id === first);
      system.push(...body.timeline.filter((e: { actor: { role: string } }) => e.actor.role === 'system'));
      before = body.before;
    }
    expect(system.length).toBeGreaterThan(0);
    for (const e of system) expect(e.actor).toEqual({ id: expect.any(String), role: 'system' });
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(firstEntry?.corrections).toMatchObject([{ correction: '人数应为16人', reason: '核对' }]);
    // a cursor or a size out of range is named; another jurisdiction sees nothing
    const bad = await as('GET', `/api/incidents/${caseId}/timeline?before=1`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('before');
    expect((await as('GET', `/api/incidents/${caseId}?limit=501`)).statusCode).toBe(400);
    const other = await login('officer-t2');
    expect((await other.as('GET', `/api/incidents/${caseId}/timeline?before=50`)).statusCode).toBe(404);
  });

  it('slows down password guessing', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      codes.push(
        (
          await app.inject({
            method: 'POST',
            url: '/api/auth/login',
            payload: { username: 'leader-c1', password: `guess${i}` },
          })
        ).statusCode,
      );
    }
    expect(codes.slice(0, 5).every((c) => c === 401)).toBe(true);
    expect(codes.slice(5).every((c) => c === 429)).toBe(true);
    // keyed by username and by address: a colleague at the same address still logs in
    await login('officer-t1');
  });

  it('shows an incident to its jurisdiction and those above, never to siblings or those below', async () => {
    const officer = await login('officer-t1');
    const created = await officer.as('POST', '/api/incidents', reportBody());
    expect(created.statusCode).toBe(201);
    const { caseId } = created.json();
    expect(created.json().events.map((e: { type: string }) => e.type)).toContain('duty.started');
    const sees = async (username: string) => {
      const u = await login(username);
      const list = (await u.as('GET', '/api/incidents'))
        .json()
        .incidents.map((i: { case_id: string }) => i.case_id);
      const one = (await u.as('GET', `/api/incidents/${caseId}`)).statusCode;
      return [list.includes(caseId), one];
    };
    expect(await sees('officer-t1')).toEqual([true, 200]);
    expect(await sees('leader-t1')).toEqual([true, 200]);
    expect(await sees('leader-c1')).toEqual([true, 200]);
    expect(await sees('officer-t2')).toEqual([false, 404]);
    expect(await sees('officer-v1')).toEqual([false, 404]);
  });

  it('records what happens, lets leaders only read, and names every problem with a 4xx', async () => {
    const officer = await login('officer-t1');
    const { caseId } = (await officer.as('POST', '/api/incidents', reportBody())).json();
    const sitrep = {
      id: uuidv7(),
      data: { to: { level: 'town' }, kind: 'initial', fields: { participants: 60 } },
    };
    const done = await officer.as('POST', `/api/incidents/${caseId}/events/sitrep.submitted`, sitrep);
    expect(done.statusCode).toBe(201);
    // it meets the village's report to the town, and starts the office's report to the leader
    // in charge and the reports that follow it
    expect(done.json().events.map((e: { type: string }) => e.type)).toEqual([
      'sitrep.submitted',
      'duty.met',
      'duty.started',
      'duty.started',
    ]);
    const again = await officer.as('POST', `/api/incidents/${caseId}/events/sitrep.submitted`, sitrep);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ duplicate: true, seq: done.json().seq });

    const leader = await login('leader-t1');
    expect(
      (
        await leader.as('POST', `/api/incidents/${caseId}/events/log.entry`, {
          id: uuidv7(),
          data: { text: 'x' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await (
          await login('officer-t2')
        ).as('POST', `/api/incidents/${caseId}/events/log.entry`, { id: uuidv7(), data: { text: 'x' } })
      ).statusCode,
    ).toBe(404);

    const noId = await officer.as('POST', `/api/incidents/${caseId}/events/log.entry`, {
      data: { text: 'x' },
    });
    expect(noId.statusCode).toBe(400);
    expect(noId.json().message).toContain('body.id');
    const badData = await officer.as('POST', `/api/incidents/${caseId}/events/demand.registered`, {
      id: uuidv7(),
      data: { demandId: 'd1', text: '补偿', people: -1, department: '财政所' },
    });
    expect(badData.statusCode).toBe(400);
    expect(badData.json().message).toContain('data.people');
    const six = await officer.as('POST', `/api/incidents/${caseId}/events/dialogue.held`, {
      id: uuidv7(),
      data: { representatives: 6, with: '镇长', summary: '对话' },
    });
    expect(six.statusCode).toBe(422);
    expect(six.json().message).toContain('代表人数不超过5人');
    const stale = await officer.as('POST', `/api/incidents/${caseId}/events/log.entry`, {
      id: uuidv7(),
      data: { text: 'x' },
      expectedSeq: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().currentSeq).toBe(done.json().seq);
    // a retry with the seq it expected the first time is a retry, not a conflict
    const once = { id: uuidv7(), data: { text: '按序记录' }, expectedSeq: done.json().seq };
    const first = await officer.as('POST', `/api/incidents/${caseId}/events/log.entry`, once);
    expect(first.statusCode).toBe(201);
    const retried = await officer.as('POST', `/api/incidents/${caseId}/events/log.entry`, once);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ duplicate: true, seq: first.json().seq });
    const measure = {
      measureId: 'm1',
      kind: '交通管制',
      legalBasis: '《道路交通安全法》第三十九条',
      authorizedBy: '指挥长',
      scope: '县道X201',
      recording: true,
    };
    expect(
      (
        await officer.as('POST', `/api/incidents/${caseId}/events/measure.authorized`, {
          id: uuidv7(),
          data: measure,
        })
      ).statusCode,
    ).toBe(403);
    const commander = await login('commander-t1');
    expect(
      (
        await commander.as('POST', `/api/incidents/${caseId}/events/measure.authorized`, {
          id: uuidv7(),
          data: measure,
        })
      ).statusCode,
    ).toBe(201);
    const noBasis = await commander.as('POST', `/api/incidents/${caseId}/events/measure.authorized`, {
      id: uuidv7(),
      data: { ...measure, measureId: 'm2', legalBasis: '' },
    });
    expect(noBasis.statusCode).toBe(400);
    expect(noBasis.json().message).toContain('data.legalBasis');

    const wrong = await officer.as('POST', `/api/incidents/${caseId}/events/entry.corrected`, {
      id: uuidv7(),
      data: { eventId: done.json().events[0].id, correction: '报告对象应为镇维稳办', reason: '核对' },
    });
    expect(wrong.statusCode).toBe(201);
    const detail = (await officer.as('GET', `/api/incidents/${caseId}`)).json();
    const corrected = detail.timeline.find((e: { id: string }) => e.id === done.json().events[0].id);
    expect(corrected.corrections).toMatchObject([{ correction: '报告对象应为镇维稳办', reason: '核对' }]);
    expect(corrected.data).toEqual(sitrep.data); // the entry itself is unchanged
    expect(detail.measures).toMatchObject([
      { measure_id: 'm1', legal_basis: '《道路交通安全法》第三十九条', recording: true },
    ]);
    expect(detail.tasks.map((t: { task_id: string }) => t.task_id)).toContain('convene-command-post');

    // after the sitrep: the retried entry (once), the measure and the correction
    const seqBefore = (await store.head(caseId))?.seq;
    expect(seqBefore).toBe(done.json().seq + 3);
  });

  it('serves its OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/incidents', '/api/incidents/{caseId}/events/{type}', '/api/auth/login']),
    );
  });
});
