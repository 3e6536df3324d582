import { describe, expect, it } from 'vitest';
import { dayjs } from '../time.ts';
import { fromStored, toStored } from './controls.tsx';
import { type Field, getPath, setPath, wire } from './fields.ts';

const FIELDS: Field[] = [
  { name: 'note', kind: 'text' },
  { name: 'public', kind: 'bool', required: true },
  { name: 'seen', kind: 'bool' },
  { name: 'at', kind: 'datetime' },
  { name: 'facts.since', kind: 'date', as: 'day' },
  {
    name: 'clauses',
    kind: 'list',
    item: 'dispute.clause',
    add: 'dispute.addClause',
    min: 1,
    max: 50,
    fields: [
      { name: 'text', kind: 'text' },
      { name: 'dueAt', kind: 'date', as: 'dayEnd' },
    ],
  },
];

describe('a form’s values', () => {
  it('are kept as JSON, times as Beijing wall time, and come back as the pickers hold them', () => {
    const typed = {
      note: '说明',
      empty: '',
      at: dayjs('2030-05-14T18:00:00'),
      facts: { since: dayjs('2030-01-02T00:00:00'), people: undefined, visitedUp: { level: undefined } },
      clauses: [{ text: '补发', dueAt: dayjs('2030-06-01T00:00:00') }],
    };
    const kept = toStored(typed);
    expect(kept).toEqual({
      note: '说明',
      at: '2030-05-14T18:00:00',
      facts: { since: '2030-01-02T00:00:00' },
      clauses: [{ text: '补发', dueAt: '2030-06-01T00:00:00' }],
    });
    const back = fromStored(FIELDS, JSON.parse(JSON.stringify(kept)));
    expect(dayjs.isDayjs(back.at)).toBe(true);
    expect(dayjs.isDayjs(getPath(back, 'facts.since'))).toBe(true);
    expect(dayjs.isDayjs((back.clauses as { dueAt: unknown }[])[0]?.dueAt)).toBe(true);
    expect(toStored(back)).toEqual(kept);
  });

  it('become the event’s data: a time an instant, a day as the schema keeps it, a required switch off', () => {
    expect(
      wire(FIELDS, {
        note: 'x',
        at: '2030-05-14T18:00:00',
        facts: { since: '2030-01-02T00:00:00' },
        clauses: [{ text: 'a', dueAt: '2030-06-01T00:00:00' }],
      }),
    ).toEqual({
      note: 'x',
      public: false,
      at: '2030-05-14T18:00:00+08:00',
      facts: { since: '2030-01-02' },
      clauses: [{ text: 'a', dueAt: '2030-06-01T23:59:59+08:00' }],
    });
  });

  it('are read and set by a field’s path', () => {
    expect(setPath({ a: { b: 1 } }, 'a.c', 2)).toEqual({ a: { b: 1, c: 2 } });
    expect(setPath({}, 'x.y.z', 1)).toEqual({ x: { y: { z: 1 } } });
    expect(getPath({ a: { b: 1 } }, 'a.b')).toBe(1);
    expect(getPath({ a: 1 }, 'a.b')).toBeUndefined();
  });
});
