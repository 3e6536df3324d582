import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Plan } from '../../core/plan/plan.schema.ts';
import { checkPlanText, formatProblem } from './plan.load.ts';

/** Where a plan version came from: a file shipped with the server, or uploaded by an admin. */
export interface PlanVersionInfo {
  id: string;
  version: number;
  title: string;
  effective: string;
  origin: 'bundled' | 'uploaded';
  /** SHA-256 of the YAML text, hex */
  sha256: string;
  uploadedBy?: string;
  /** the uploader's jurisdiction */
  uploadedIn?: string;
  uploadedAt?: string;
  note?: string;
}

/** A drill scenario shipped beside a plan (`plans/<id>.drills/<name>.yaml`). */
export interface DrillScenarioFile {
  name: string;
  title: string;
  yaml: string;
}

interface Entry {
  plan: Plan;
  yaml: string;
  info: PlanVersionInfo;
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Every plan version the server can run: a case runs under the version it pinned. */
export class PlanRegistry {
  private readonly versions = new Map<string, Entry>();
  private readonly latest = new Map<string, Plan>();
  /** by plan id, then by the version they were shipped beside */
  private readonly drills = new Map<string, Map<number, DrillScenarioFile[]>>();

  constructor(plans: Plan[] = []) {
    for (const p of plans) this.add(p, '', { origin: 'bundled' });
  }

  add(
    p: Plan,
    yaml: string,
    meta: Pick<PlanVersionInfo, 'origin' | 'uploadedBy' | 'uploadedIn' | 'uploadedAt' | 'note'>,
  ): void {
    const key = `${p.id}@${p.version}`;
    if (this.versions.has(key)) throw new Error(`plan ${key} is loaded twice`);
    const info: PlanVersionInfo = {
      id: p.id,
      version: p.version,
      title: p.title,
      effective: p.effective,
      sha256: sha256(yaml),
      ...meta,
    };
    this.versions.set(key, { plan: p, yaml, info });
    const cur = this.latest.get(p.id);
    if (!cur || cur.version < p.version) this.latest.set(p.id, p);
  }

  has(id: string, version: number): boolean {
    return this.versions.has(`${id}@${version}`);
  }

  /** A version, or the newest one. */
  get(id: string, version?: number): Plan | undefined {
    return version === undefined ? this.latest.get(id) : this.versions.get(`${id}@${version}`)?.plan;
  }

  /** The YAML text a version was loaded from. */
  source(id: string, version?: number): { yaml: string; info: PlanVersionInfo } | undefined {
    const v = version ?? this.latest.get(id)?.version;
    const e = v === undefined ? undefined : this.versions.get(`${id}@${v}`);
    return e && { yaml: e.yaml, info: e.info };
  }

  /** Every version of a plan, newest first. */
  history(id: string): PlanVersionInfo[] {
    return [...this.versions.values()]
      .filter((e) => e.info.id === id)
      .map((e) => e.info)
      .sort((a, b) => b.version - a.version);
  }

  ids(): string[] {
    return [...this.latest.keys()].sort();
  }

  /**
   * The drill scenarios shipped with a plan version, by file name: those shipped beside that
   * version, else beside the nearest version before it (an uploaded version runs the newest
   * shipped scenarios), else the newest shipped; without a version, the newest's.
   */
  scenarios(id: string, version?: number): DrillScenarioFile[] {
    const sets = this.drills.get(id);
    if (!sets) return [];
    const versions = [...sets.keys()].sort((a, b) => b - a);
    const at = version === undefined ? versions[0] : (versions.find((v) => v <= version) ?? versions[0]);
    return at === undefined ? [] : (sets.get(at) ?? []);
  }

  /**
   * Load every `*.yaml` in a directory, with the drill scenarios in `<id>.drills/` beside
   * each; any broken plan stops the server with its problems.
   */
  static fromDirectory(dir: string): PlanRegistry {
    const registry = new PlanRegistry();
    for (const f of readdirSync(dir)
      .filter((x) => x.endsWith('.yaml'))
      .sort()) {
      const file = join(dir, f);
      const yaml = readFileSync(file, 'utf8');
      const { plan, problems } = checkPlanText(file, yaml);
      if (!plan) throw new Error(`plan ${f} does not check:\n${problems.map(formatProblem).join('\n')}`);
      // an earlier version kept beside the newest is named for what it holds: <id>@<version>.yaml
      const named = /^(.+)@(\d+)\.yaml$/.exec(f);
      if (named && (named[1] !== plan.id || Number(named[2]) !== plan.version))
        throw new Error(
          `plan ${f} holds ${plan.id} version ${plan.version}: name it ${plan.id}@${plan.version}.yaml`,
        );
      registry.add(plan, yaml, { origin: 'bundled' });
      const drillDir = join(dir, `${f.slice(0, -'.yaml'.length)}.drills`);
      if (existsSync(drillDir)) {
        const sets = registry.drills.get(plan.id) ?? new Map<number, DrillScenarioFile[]>();
        registry.drills.set(plan.id, sets);
        sets.set(
          plan.version,
          readdirSync(drillDir)
            .filter((x) => x.endsWith('.yaml'))
            .sort()
            .map((x) => {
              const text = readFileSync(join(drillDir, x), 'utf8');
              return { name: x.slice(0, -'.yaml'.length), title: scenarioTitle(text) ?? x, yaml: text };
            }),
        );
      }
    }
    return registry;
  }
}

/** A scenario's title, for the list (the whole file is checked when it is run). */
function scenarioTitle(text: string): string | undefined {
  try {
    const t = (parse(text) as { title?: unknown } | null)?.title;
    return typeof t === 'string' ? t : undefined;
  } catch {
    return undefined;
  }
}
