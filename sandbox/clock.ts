/**
 * Time as the sandbox sees it. Rate limits, token and URL expiry and every timestamp the
 * servers write follow the clock they were started with, so tests can jump a day ahead
 * instead of waiting for one.
 */

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export interface VirtualClock extends Clock {
  advance(ms: number): void;
  set(ms: number): void;
}

export const systemClock: Clock = { now: () => Date.now() };

export function createVirtualClock(start: number = Date.UTC(2026, 0, 5, 9, 0, 0)): VirtualClock {
  let current = start;
  return {
    now: () => current,
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance(${ms}): time only moves forward`);
      current += ms;
    },
    set(ms: number) {
      if (!Number.isFinite(ms)) throw new RangeError(`set(${ms}): not a time`);
      current = ms;
    },
  };
}

export function isoAt(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}
