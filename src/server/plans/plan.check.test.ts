import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const huajie = (args: string[]) =>
  spawnSync(process.execPath, ['bin/huajie.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });

const F = 'test/fixtures/plans';

describe('huajie plan check on deliberately broken plans', () => {
  it.each([
    ['bad-duration', '23:13: duties.0.within: not an ISO-8601 duration (e.g. PT20M, PT1H, P1D)'],
    ['missing-source', '1:1: source: is required but missing'],
    ['unknown-fact', '15:19: levels.1.rule.fact: there is no incident fact "crowd"'],
    [
      'unknown-level-in-checklist',
      '28:5: checklists.huge: checklist for "huge", but there is no such level (levels: general, major)',
    ],
    [
      'unknown-owner',
      '21:12: duties.0.owner: owner "mayor" is neither a unit of the organisation nor a jurisdiction level',
    ],
    ['warn-too-early', '24:17: duties.0.warnBefore: warnBefore (PT30M) is not shorter than within (PT20M)'],
    ['yaml-syntax', '8:9: Nested mappings are not allowed in compact mappings'],
    // what a duty waits on must exist: a name that does not silently switches the duty off
    [
      'misspelt-event',
      '26:24: duties.0.satisfiedBy.on: "arrival.recored" is not an incident event type: did you mean "arrival.recorded"?',
    ],
    [
      'misspelt-data',
      '26:56: duties.0.satisfiedBy.when.data: sitrep.submitted has no data "to.ofice": did you mean "office"?',
    ],
    [
      'misspelt-facts-data',
      '31:56: duties.1.start.when.data: incident.facts.updated has no data "facts.injurd": did you mean "injured"?',
    ],
    [
      'misspelt-position',
      '26:70: duties.0.satisfiedBy.when.eq: "on-duty-staf" is no unit or position of the organisation: did you mean "on-duty-staff"?',
    ],
    [
      'unknown-level-value',
      '31:63: duties.1.start.when.eq: "above-4" is no level of the plan: known: general, major',
    ],
    ['boolean-fact', '31:70: duties.1.start.when.eq: "violence" is true or false, not "yes"'],
    ['duplicate-task', '31:13: checklists.major.1.id: task id "convene" is used twice'],
  ])('%s: names the file, line, column and the problem', (name, message) => {
    const r = huajie(['plan', 'check', `${F}/${name}.yaml`]);
    expect(r.stdout).toContain(`${F}/${name}.yaml:${message}`);
    expect(r.status).toBe(1);
  });

  it('passes a valid plan, and fails the run if any file is broken', () => {
    const ok = huajie(['plan', 'check', `${F}/valid.yaml`]);
    expect(ok.stdout.trim()).toBe(`${F}/valid.yaml: ok`);
    expect(ok.status).toBe(0);
    const mixed = huajie(['plan', 'check', `${F}/valid.yaml`, `${F}/unknown-owner.yaml`]);
    expect(mixed.status).toBe(1);
  });

  it('warns, at its line, of a duty that can never start, and still passes the plan', () => {
    const r = huajie(['plan', 'check', `${F}/unreachable-duty.yaml`]);
    expect(r.stdout).toContain(`${F}/unreachable-duty.yaml: ok (1 warning)`);
    expect(r.stdout).toContain(
      `${F}/unreachable-duty.yaml:30:12: duties.1.start: warning: duty "report-county" never starts: its condition on incident.reported can never hold`,
    );
    expect(r.status).toBe(0);
  });

  it('shows a plan readably', () => {
    const r = huajie(['plan', 'show', 'plans/town-mass-incident.yaml']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('重大 (major): dead ≥ 3 或 or participants ≥ 50');
    expect(r.stdout).toContain('village 须在 incident.reported 后 20分钟 (20 min) 内完成 sitrep.submitted');
    expect(r.stdout).toContain('未纳入 Omitted:');
  });

  it('drills: prints the review, exits 1 and says what differed when expect: does not hold', () => {
    const ok = huajie([
      'drill',
      'plans/town-mass-incident.yaml',
      'plans/town-mass-incident.drills/village-late.yaml',
      '--json',
    ]);
    expect(ok.status).toBe(0);
    const review = JSON.parse(ok.stdout);
    expect(review.duties.find((d: { id: string }) => d.id === 'report-town')).toMatchObject({
      status: 'met',
      lateSeconds: 300,
    });
    expect(review.escalations).toContainEqual({
      dutyId: 'report-town',
      to: 'command-post',
      at: '2026-05-11T01:20:00.000Z',
    });
    // the town reported to the county only after the village's late report: late too
    expect(review.duties.find((d: { id: string }) => d.id === 'report-county')).toMatchObject({
      status: 'met',
      lateSeconds: 13 * 60,
    });

    const bad = huajie([
      'drill',
      'plans/town-mass-incident.yaml',
      'test/fixtures/drills/wrong-expectation.yaml',
    ]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('duty report-town: expected met on time, got met (5 min late)');
    expect(bad.stderr).toContain('level: expected 一般 (general), got 重大 (major)');
  });
});
