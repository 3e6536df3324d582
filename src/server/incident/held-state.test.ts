import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { login, reportBody, serversFixture } from '../../../test/support/api.ts';
import { engines, T0 } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';

/**
 * A command is decided first on the state this server holds for its case, unread against the
 * log (CaseStates.peek); what another writer appended meanwhile must still count.
 */
describe.each(engines())('the held state of a case, on $engine', ({ engine, skip }) => {
  it.skipIf(skip)('decides a command again on the log when another writer moved its case on', async () => {
    const clock = new ManualClock(T0);
    const fx = await serversFixture(engine, clock, {
      tree: [['t1', 'county']],
      users: [['officer', 'officer', 't1']],
    });
    const app = await fx.server();
    const o = await login(app, 'officer');
    const reported = await app.inject({
      method: 'POST',
      url: '/api/incidents',
      ...o.auth,
      payload: reportBody(),
    });
    expect(reported.statusCode).toBe(201);
    const { caseId, events } = reported.json() as { caseId: string; events: { seq: number }[] };
    const post = (type: string, data: unknown) =>
      app.inject({
        method: 'POST',
        url: `/api/incidents/${caseId}/events/${type}`,
        ...o.auth,
        payload: { id: uuidv7(), data },
      });
    expect((await post('log.entry', { text: '现场平稳' })).statusCode).toBe(201); // the case is held now

    // another writer (another server, the command line) assigns a task this server has not seen
    const other = await fx.openStore();
    const head = await other.head(caseId);
    expect(head?.seq).toBeGreaterThan(events.length);
    await other.append(caseId, head?.seq ?? 0, [
      {
        id: uuidv7(),
        type: 'task.assigned',
        data: { taskId: 'tk-other', title: '劝离堵路人员' },
        actor: { id: 'someone', role: 'commander' },
        occurredAt: clock.now().toISOString(),
      },
    ]);

    // the held state knows no such task; the log does: the command is decided on the log
    const done = await post('task.completed', { taskId: 'tk-other', result: '已劝离' });
    expect(done.statusCode).toBe(201);
    // and a command that the held state would accept appends after the other writer's event
    const note = await post('log.entry', { text: '继续观察' });
    expect(note.statusCode).toBe(201);
    const seqs = (note.json() as { events: { seq: number }[] }).events.map((e) => e.seq);
    expect(seqs[0]).toBe((head?.seq ?? 0) + 3);
    // a task the log does not know either is still refused
    expect((await post('task.completed', { taskId: 'tk-none', result: 'x' })).statusCode).toBe(404);
  });

  it.skipIf(skip)('answers a retry sent to a server whose held state is behind as a retry', async () => {
    const clock = new ManualClock(T0);
    const fx = await serversFixture(engine, clock, {
      tree: [['t1', 'county']],
      users: [['officer', 'officer', 't1']],
    });
    const one = await fx.server({ ownStore: true });
    const two = await fx.server({ ownStore: true });
    const onOne = await login(one, 'officer');
    const onTwo = await login(two, 'officer');
    const reported = await one.inject({
      method: 'POST',
      url: '/api/incidents',
      ...onOne.auth,
      payload: reportBody(),
    });
    expect(reported.statusCode).toBe(201);
    const { caseId } = reported.json() as { caseId: string };
    const post = (app: typeof one, who: typeof onOne, id: string, text: string) =>
      app.inject({
        method: 'POST',
        url: `/api/incidents/${caseId}/events/log.entry`,
        ...who.auth,
        payload: { id, data: { text } },
      });
    expect((await post(two, onTwo, uuidv7(), '现场平稳')).statusCode).toBe(201); // the second server holds it
    const id = uuidv7();
    expect((await post(one, onOne, id, '劝离')).statusCode).toBe(201);
    // the client did not hear back, and sends the same command a little later to the other server
    clock.advance(3000);
    const retry = await post(two, onTwo, id, '劝离');
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ duplicate: true });
  });
});
