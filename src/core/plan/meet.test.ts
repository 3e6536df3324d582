import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { clockTitle } from './duties.ts';
import { howToMeet, howToMeetDuty, planMarkers } from './meet.ts';
import { PlanSchema } from './plan.schema.ts';

const shipped = (id: string) => PlanSchema.parse(parse(readFileSync(`plans/${id}.yaml`, 'utf8')));

describe('how a duty is met', () => {
  it('fills the values its condition asks of the event data, nested by path', () => {
    expect(howToMeet({ on: 'sitrep.submitted', when: { data: 'to.level', eq: 'town' } })).toEqual({
      type: 'sitrep.submitted',
      data: { to: { level: 'town' } },
    });
    expect(
      howToMeet({
        on: 'log.entry',
        when: {
          all: [
            { data: 'kind', eq: 'decision' },
            { data: 'marker', eq: 'order-issued' },
          ],
        },
      }),
    ).toEqual({ type: 'log.entry', data: { kind: 'decision', marker: 'order-issued' } });
  });

  it('takes the first of `in:` and of `any:`, and leaves out facts, `not:` and `ne:`', () => {
    expect(
      howToMeet({
        on: 'arrival.recorded',
        when: {
          all: [
            { data: 'position', in: ['principal', 'deputy'] },
            { fact: 'participants', gte: 10 },
            { not: { data: 'note', exists: true } },
            { data: 'kind', ne: 'x' },
            {
              any: [
                { data: 'to.office', eq: 'a' },
                { data: 'to.office', eq: 'b' },
              ],
            },
          ],
        },
      }),
    ).toEqual({ type: 'arrival.recorded', data: { position: 'principal', to: { office: 'a' } } });
    expect(howToMeet({ on: 'incident.stabilized' })).toEqual({ type: 'incident.stabilized', data: {} });
  });

  it("reads a shipped plan's duties and markers", () => {
    const markers = planMarkers(shipped('city-police-2025')).map((m) => m.marker);
    expect(markers).toEqual(
      expect.arrayContaining(['order-issued', 'order-received', 'reinforcement-ordered']),
    );
    const town = shipped('town-mass-incident');
    expect(howToMeetDuty(town, 'principal-on-scene')).toEqual({
      type: 'arrival.recorded',
      data: { position: 'principal' },
    });
    expect(howToMeetDuty(town, 'no-such-duty')).toBeUndefined();
  });
});

describe('the title of a clock', () => {
  it('names a class, a round and a task clock by the plan', () => {
    const town = shipped('town-mass-incident');
    expect(clockTitle(town, 'keep-reporting')).toBe('处置过程中及时续报，直至事态平息');
    expect(clockTitle(town, 'keep-reporting.3')).toBe('处置过程中及时续报，直至事态平息（第 3 轮）');
    expect(clockTitle(town, 'task:temporary-command')).toBe('设立临时应急处置机构（任务时限）');
    expect(clockTitle(town, 'task:nothing')).toBeUndefined();
    expect(clockTitle(town, 'commitment:c-1')).toBeUndefined();
  });
});
