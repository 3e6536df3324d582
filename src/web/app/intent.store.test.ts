import { describe, expect, it } from 'vitest';
import {
  dropIntents,
  type Intent,
  nextIntent,
  parseIntent,
  pendingKeys,
  read,
  storageKey,
  subscribe,
  write,
} from './intent.store.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the intent a press of submit sends', () => {
  it('is new on the first press: a UUIDv7, the time, and the extra ids made once', () => {
    let made = 0;
    const extra = () => ({ caseId: `case-${++made}` });
    const first = nextIntent(undefined, { text: '五人进入村委会' }, '2026-05-11T01:00:00.000Z', extra);
    expect(first.id).toMatch(UUID_V7);
    expect(first).toMatchObject({
      at: '2026-05-11T01:00:00.000Z',
      values: { text: '五人进入村委会' },
      edited: false,
      extra: { caseId: 'case-1' },
    });
    // a retry of it keeps every id and the time of the first press
    const again = nextIntent(first, { text: '五人进入村委会' }, '2026-05-11T01:05:00.000Z', extra);
    expect(again).toEqual(first);
    expect(made).toBe(1);
    // another press with nothing pending is another intent
    expect(nextIntent(undefined, { text: '五人进入村委会' }, '2026-05-11T01:06:00.000Z', extra).id).not.toBe(
      first.id,
    );
  });

  it('keeps its id when the values are changed, and remembers that they were', () => {
    const first = nextIntent(undefined, { people: 30 }, '2026-05-11T01:00:00.000Z');
    const changed = nextIntent(first, { people: 35 }, '2026-05-11T01:01:00.000Z');
    expect(changed).toMatchObject({ id: first.id, at: first.at, values: { people: 35 }, edited: true });
    // changed back, it was still sent changed once: the mark stays
    expect(nextIntent(changed, { people: 30 }, '2026-05-11T01:02:00.000Z').edited).toBe(true);
  });
});

describe('pending intents kept for a reload', () => {
  const intent = (text: string): Intent<{ text: string }> =>
    nextIntent(undefined, { text }, '2026-05-11T01:00:00.000Z');

  it('round-trip through storage, and refuse what is not an intent', () => {
    const key = storageKey('u1', 'case-a:log.entry');
    const kept = intent('到场');
    write(key, kept);
    expect(parseIntent(read(key))).toEqual(kept);
    write(key, undefined);
    expect(read(key)).toBeNull();
    expect(parseIntent('{"id":1}')).toBeUndefined();
    expect(parseIntent('not json')).toBeUndefined();
    expect(parseIntent(null)).toBeUndefined();
  });

  it('are listed by case, told of as they change, and a logout drops only that user’s', () => {
    let told = 0;
    const stop = subscribe(() => told++);
    write(storageKey('u1', 'case-a:log.entry'), intent('a'));
    write(storageKey('u1', 'case-a:demand.registered'), intent('b'));
    write(storageKey('u1', 'case-b:log.entry'), intent('c'));
    write(storageKey('u2', 'case-a:log.entry'), intent('d'));
    expect(told).toBe(4);
    expect(pendingKeys(storageKey('u1', 'case-a:')).split('\n')).toEqual([
      storageKey('u1', 'case-a:demand.registered'),
      storageKey('u1', 'case-a:log.entry'),
    ]);
    dropIntents('u1');
    expect(pendingKeys(storageKey('u1', ''))).toBe('');
    expect(parseIntent(read(storageKey('u2', 'case-a:log.entry')))?.values).toEqual({ text: 'd' });
    stop();
    write(storageKey('u2', 'case-a:log.entry'), undefined);
    expect(told).toBe(7);
  });
});
