import { describe, expect, it } from 'vitest';
import { ROLES, TREE_LEVELS } from '../../core/accounts/accounts.ts';
import {
  DISPUTE_CATEGORIES,
  DISPUTE_SOURCES,
  DisputeEventData,
  TIERS,
} from '../../core/dispute/dispute.events.ts';
import { RISKS } from '../../core/dispute/dispute.facts.ts';
import { DISPOSITIONS } from '../../core/findings/disposition.ts';
import { FINDING_KINDS } from '../../core/findings/findings.ts';
import {
  ASSESSMENTS,
  EventData,
  LOG_KINDS,
  REPORT_SOURCES,
  SITREP_FIELDS,
} from '../../core/incident/incident.events.ts';
import { SCREENING_KINDS } from '../../core/screening/screening.events.ts';
import { en, zh } from './strings.ts';

/** Every leaf of a dictionary, by its dotted key. */
function leaves(d: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(d as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object') for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
    else out.set(key, v);
  }
  return out;
}

const section = (path: string) =>
  path.split('.').reduce<unknown>((at, k) => (at as Record<string, unknown> | undefined)?.[k], zh) as
    | Record<string, unknown>
    | undefined;

describe('the dictionaries', () => {
  const zhLeaves = leaves(zh);
  const enLeaves = leaves(en);

  it('have the same keys in Chinese and English', () => {
    expect([...zhLeaves.keys()].filter((k) => !enLeaves.has(k))).toEqual([]);
    expect([...enLeaves.keys()].filter((k) => !zhLeaves.has(k))).toEqual([]);
  });

  it('hold no empty string', () => {
    const empty = (m: Map<string, unknown>) =>
      [...m].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k);
    expect(empty(zhLeaves)).toEqual([]);
    expect(empty(enLeaves)).toEqual([]);
  });

  it("name every value of core's catalogues the interface shows", () => {
    const named: [string, readonly string[]][] = [
      ['events', Object.keys(EventData)],
      ['de', Object.keys(DisputeEventData)],
      ['roles', ROLES],
      ['d.risk', RISKS],
      ['d.category', DISPUTE_CATEGORIES],
      ['d.source', DISPUTE_SOURCES],
      ['d.tier', TIERS],
      ['d.screeningKind', SCREENING_KINDS],
      ['findings.kinds', FINDING_KINDS],
      ['findings.dispositions', DISPOSITIONS],
      ['items.assessments', ASSESSMENTS],
      ['logKinds', LOG_KINDS],
      ['report.sourceKinds', REPORT_SOURCES],
      ['fields', SITREP_FIELDS],
      ['fields.options', TREE_LEVELS],
    ];
    const missing = named.flatMap(([path, values]) =>
      values.filter((v) => typeof section(path)?.[v] !== 'string').map((v) => `${path}.${v}`),
    );
    expect(missing).toEqual([]);
  });
});
