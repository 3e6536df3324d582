import { readFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { RuleError } from '../../core/errors.ts';
import { checkPlanText } from './plan.load.ts';
import { PlanWorkBusyError, PlanWorkers } from './plan.pool.ts';

const V1 = readFileSync('plans/town-mass-incident.yaml', 'utf8');
/** About 200 KB of nesting: the heaviest text within the limits, a second or so of work. */
const HEAVY = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;

describe('plan workers', () => {
  let workers: PlanWorkers | undefined;
  afterEach(async () => {
    await workers?.close();
  });

  it('check on another thread what a check here finds', async () => {
    workers = new PlanWorkers({ threads: 1 });
    const broken = V1.replace('    owner: village', '    owner: nobody');
    const there = await workers.check('p.yaml', broken);
    expect(there).toEqual(checkPlanText('p.yaml', broken));
    expect(there.problems).toHaveLength(1);
    expect(workers.threadIds()).toHaveLength(1);
    expect(workers.threadIds()).not.toContain(threadId);
    const ok = await workers.check('p.yaml', V1);
    expect(ok.plan?.id).toBe('town-mass-incident');
  });

  it('end the worker of a task past its time limit, answer 422, and go on with a new one', async () => {
    workers = new PlanWorkers({ threads: 1, timeLimitMs: 200 });
    // the thread and its modules load before a task's time starts counting; on a loaded
    // machine (the workers run at the lowest priority) even a tiny check may take a while:
    // only the heavy one is held to the 200 ms
    const ample = 120_000;
    expect((await workers.check('p.yaml', 'a: 1', ample)).problems.length).toBeGreaterThan(0);
    const [first] = workers.threadIds();
    const stopped = await workers.check('p.yaml', HEAVY).then(
      () => null,
      (e: unknown) => e,
    );
    expect(stopped).toBeInstanceOf(RuleError);
    expect(stopped).toMatchObject({
      status: 422,
      code: 'time_limit',
      message: expect.stringContaining('the plan took longer than 200 ms to check'),
    });
    await expect.poll(() => workers?.threadIds()).not.toContain(first);
    const after = await workers.check('p.yaml', 'id: x', ample);
    expect(after.problems[0]?.message).toBe('is required but missing');
    expect(workers.threadIds()).toHaveLength(1);
    expect(workers.threadIds()).not.toContain(first);
  });

  it('check stored versions on a lane of their own, whatever people have queued', async () => {
    workers = new PlanWorkers({ threads: 1, queueLimit: 2 });
    // the requests' lane: its one worker busy, its queue full
    const queued = [
      workers.check('a.yaml', HEAVY),
      workers.check('b.yaml', HEAVY),
      workers.check('c.yaml', HEAVY),
    ];
    const settled = queued.map((p) =>
      p.then(
        () => 'done',
        () => 'refused',
      ),
    );
    const first = await Promise.race([...settled, workers.checkStored('p v1', V1).then(() => 'stored')]);
    expect(first).toBe('stored');
    expect((await workers.checkStored('p v1', V1)).plan?.id).toBe('town-mass-incident');
    await Promise.all(settled);
  });

  it('answer busy when no worker is free within the wait limit', async () => {
    // a new thread takes far longer than a millisecond to load its modules
    workers = new PlanWorkers({ threads: 1, waitLimitMs: 1 });
    await expect(workers.check('p.yaml', V1)).rejects.toBeInstanceOf(PlanWorkBusyError);
  });
});
