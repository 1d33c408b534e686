/**
 * The time source the HTTP layer waits on. Injected so tests can drive backoff, Retry-After,
 * rate limiting and timeouts without real waiting.
 */
export interface HttpClock {
  now(): number;
  /** Calls `callback` after `ms`; the returned function cancels it. */
  setTimer(callback: () => void, ms: number): () => void;
}

export const systemHttpClock: HttpClock = {
  now: () => Date.now(),
  setTimer(callback, ms) {
    const handle = setTimeout(callback, ms);
    return () => clearTimeout(handle);
  },
};

export function sleep(clock: HttpClock, ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    clock.setTimer(resolve, ms);
  });
}
