import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan } from '../../core/plan/plan.schema.ts';
import { formatProblem, loadPlanFile } from './plan.load.ts';

/** Every plan version the server can run: a case runs under the version it pinned. */
export class PlanRegistry {
  private readonly versions = new Map<string, Plan>();
  private readonly latest = new Map<string, Plan>();

  constructor(plans: Plan[]) {
    for (const p of plans) this.add(p);
  }

  add(p: Plan): void {
    const key = `${p.id}@${p.version}`;
    if (this.versions.has(key)) throw new Error(`plan ${key} is loaded twice`);
    this.versions.set(key, p);
    const cur = this.latest.get(p.id);
    if (!cur || cur.version < p.version) this.latest.set(p.id, p);
  }

  /** A version, or the newest one. */
  get(id: string, version?: number): Plan | undefined {
    return version === undefined ? this.latest.get(id) : this.versions.get(`${id}@${version}`);
  }

  ids(): string[] {
    return [...this.latest.keys()].sort();
  }

  /** Load every `*.yaml` in a directory; any broken plan stops the server with its problems. */
  static fromDirectory(dir: string): PlanRegistry {
    const plans: Plan[] = [];
    for (const f of readdirSync(dir)
      .filter((x) => x.endsWith('.yaml'))
      .sort()) {
      const { plan, problems } = loadPlanFile(join(dir, f));
      if (!plan) throw new Error(`plan ${f} does not check:\n${problems.map(formatProblem).join('\n')}`);
      plans.push(plan);
    }
    return new PlanRegistry(plans);
  }
}
