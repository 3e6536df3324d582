// The entry of a plan worker thread (plan.pool.ts). The server runs its TypeScript through tsx,
// and a worker thread does not inherit the loader of the thread that started it: this one
// registers its own, then loads the tasks. Works under `npx huajie serve`, `npm start` and vitest.
import { register } from 'tsx/esm/api';

register();
const tasks = import('./plan.tasks.ts');

/**
 * One task: say on `port` that it started (its time limit counts from here, after the thread and
 * the modules are loaded), then do it.
 */
export default async function planWorker({ port, task }) {
  const { runPlanTask } = await tasks;
  port.postMessage('started');
  port.close();
  return runPlanTask(task);
}
