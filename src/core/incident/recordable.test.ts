import { describe, expect, it } from 'vitest';
import { ROLES } from '../accounts/accounts.ts';
import { EventData, type EventType } from './incident.events.ts';
import { AFTER_CLOSE, AFTER_SETTLED, mayRecord } from './recordable.ts';

const TYPES = Object.keys(EventData) as EventType[];

describe('what may still be recorded, and by whom', () => {
  it('gives leaders and auditors no form of an incident they only read', () => {
    for (const role of ['leader', 'auditor'] as const)
      for (const type of TYPES.filter(
        (t) =>
          ![
            'review.approved',
            'review.returned',
            'finding.disposed',
            'sitrep.acknowledged',
            'escalation.acknowledged',
          ].includes(t),
      ))
        expect(mayRecord(role, type, 'open'), `${role} ${type}`).toBe(false);
  });

  it('keeps the commander’s decisions to commanders', () => {
    expect(mayRecord('commander', 'incident.level.set', 'open')).toBe(true);
    expect(mayRecord('officer', 'incident.level.set', 'open')).toBe(false);
    expect(mayRecord('officer', 'measure.authorized', 'open')).toBe(false);
    expect(mayRecord('officer', 'arrival.recorded', 'open')).toBe(true);
  });

  it('lets a closed incident take only what is still owed and the record of it; a settled one less', () => {
    for (const role of ROLES)
      for (const type of TYPES) {
        if (!AFTER_CLOSE.has(type)) expect(mayRecord(role, type, 'closed'), `${role} ${type}`).toBe(false);
        if (!AFTER_SETTLED.has(type)) expect(mayRecord(role, type, 'settled'), `${role} ${type}`).toBe(false);
      }
    expect(mayRecord('officer', 'demand.answered', 'closed')).toBe(true);
    expect(mayRecord('officer', 'demand.registered', 'closed')).toBe(false);
    expect(mayRecord('officer', 'entry.corrected', 'settled')).toBe(true);
    expect(mayRecord('officer', 'log.entry', 'settled')).toBe(false);
  });
});
