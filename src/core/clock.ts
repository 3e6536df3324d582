/** Time is injected everywhere; nothing reads the system clock directly. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests and drills move by hand. */
export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date | string | number) {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(to: Date | string | number): void {
    this.t = new Date(to).getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/**
 * A clock that reads another, except while it replays: then it reads the instant it was given.
 * The demo enters its past exercise as it would have been recorded then — each entry at its
 * own time — before the server takes any request; nothing else replays.
 */
export class ReplayClock implements Clock {
  private held: number | null = null;
  constructor(private readonly base: Clock) {}
  now(): Date {
    return this.held === null ? this.base.now() : new Date(this.held);
  }
  async replaying<T>(at: string | number, fn: () => Promise<T>): Promise<T> {
    this.held = new Date(at).getTime();
    try {
      return await fn();
    } finally {
      this.held = null;
    }
  }
}
