import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectLive, type LiveEnv } from '../src/web/app/live.ts';

/** An EventSource the test feeds by hand. */
class FakeSource extends EventTarget {
  closed = false;
  constructor(readonly url: string) {
    super();
  }
  close() {
    this.closed = true;
  }
  emit(type: string, data: unknown) {
    this.dispatchEvent(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
}

describe('the web client of the live stream', () => {
  let sources: FakeSource[];
  let invalidated: unknown[];
  let page: EventTarget & { visibilityState: DocumentVisibilityState };
  let win: EventTarget;
  let stop: () => void;
  const seen: string[] = [];

  beforeEach(() => {
    vi.useFakeTimers();
    sources = [];
    invalidated = [];
    seen.length = 0;
    page = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
    win = new EventTarget();
    const env = {
      open: (url: string) => {
        const s = new FakeSource(url);
        sources.push(s);
        return s as unknown as EventSource;
      },
      document: page,
      window: win,
    } as unknown as LiveEnv;
    stop = connectLive(
      {
        invalidateQueries: (filters?: { queryKey?: unknown }) => {
          invalidated.push(filters?.queryKey ?? 'everything');
          return Promise.resolve();
        },
      },
      env,
      (type) => seen.push(type),
    );
  });
  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  const current = () => sources.at(-1) as FakeSource;

  it('listens to the events of disputes and screening registers too', () => {
    current().emit('mediation.held', { caseId: 'd-1', type: 'mediation.held' });
    current().emit('screening.round.recorded', { caseId: 'r-1', type: 'screening.round.recorded' });
    expect(seen).toEqual(['mediation.held', 'screening.round.recorded']);
  });

  it('refreshes what an event touches', () => {
    expect(sources.map((s) => s.url)).toEqual(['/api/stream']);
    current().emit('log.entry', { caseId: 'case-1', type: 'log.entry' });
    expect(seen).toEqual(['log.entry']);
    vi.advanceTimersByTime(200);
    expect(invalidated).toEqual([
      ['incidents'],
      ['duties'],
      ['escalations'],
      ['notices'],
      ['overdue'],
      ['disputes'],
      ['screening'],
      ['findings'],
      ['sitreps'],
      ['incident', 'case-1'],
      ['dispute', 'case-1'],
    ]);
  });

  it('fetches everything again on reload', () => {
    current().emit('reload', { reason: 'too_far_behind', replayLimit: 10000 });
    expect(invalidated).toEqual(['everything']);
    expect(current().closed).toBe(false);
  });

  it('a superseded tab stays closed in the background and opens again, fetching everything, when shown', () => {
    page.visibilityState = 'hidden';
    current().emit('superseded', { reason: 'superseded_session', limit: 4 });
    expect(current().closed).toBe(true);
    page.dispatchEvent(new Event('visibilitychange'));
    win.dispatchEvent(new Event('focus'));
    expect(sources).toHaveLength(1);
    page.visibilityState = 'visible';
    page.dispatchEvent(new Event('visibilitychange'));
    expect(sources).toHaveLength(2);
    expect(current().closed).toBe(false);
    expect(invalidated).toEqual(['everything']);
    // shown again later: nothing more is opened
    win.dispatchEvent(new Event('focus'));
    expect(sources).toHaveLength(2);
  });

  it('a session that ended closes the stream for good and asks who is logged in', () => {
    current().emit('session-ended', { reason: 'session_ended' });
    expect(current().closed).toBe(true);
    expect(invalidated).toEqual([['me']]);
    win.dispatchEvent(new Event('focus'));
    page.dispatchEvent(new Event('visibilitychange'));
    expect(sources).toHaveLength(1);
  });

  it('with a dialog to log in again, keeps the page: the stream opens again once logged in, or the login page shows when given up', async () => {
    stop();
    for (const outcome of ['again', 'gave up'] as const) {
      sources = [];
      invalidated = [];
      stop = connectLive(
        {
          invalidateQueries: (filters?: { queryKey?: unknown }) => {
            invalidated.push(filters?.queryKey ?? 'everything');
            return Promise.resolve();
          },
        },
        {
          open: (url: string) => {
            const src = new FakeSource(url);
            sources.push(src);
            return src as unknown as EventSource;
          },
          document: page,
          window: win,
          relogin: () => (outcome === 'again' ? Promise.resolve() : Promise.reject(new Error('no'))),
        } as unknown as LiveEnv,
      );
      current().emit('session-ended', { reason: 'session_ended' });
      await vi.runAllTimersAsync();
      if (outcome === 'again') {
        expect(sources).toHaveLength(2);
        expect(current().closed).toBe(false);
        expect(invalidated).toEqual(['everything']);
      } else {
        expect(sources).toHaveLength(1);
        expect(invalidated).toEqual([['me']]);
      }
      stop();
    }
  });
});
