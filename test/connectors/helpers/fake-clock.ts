/**
 * A manual clock for the HTTP layer: timers fire only when `run` finds nothing else to do, so
 * backoff, Retry-After and timeouts take no real time and their exact delays can be checked.
 */
import type { HttpClock } from '../../../src/connectors/http/clock';

interface Timer {
  at: number;
  seq: number;
  callback: () => void;
  cancelled: boolean;
}

export class FakeClock implements HttpClock {
  private time: number;
  private seq = 0;
  private timers: Timer[] = [];
  /** Every delay asked for, in order (ms). */
  readonly requested: number[] = [];

  constructor(start = Date.UTC(2026, 0, 5, 9)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(callback: () => void, ms: number): () => void {
    const timer: Timer = { at: this.time + Math.max(0, ms), seq: this.seq++, callback, cancelled: false };
    this.requested.push(ms);
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  /** Settles `work`, jumping to the next timer whenever all other work is idle. */
  async run<T>(work: Promise<T>, maxTimers = 10_000): Promise<T> {
    let settled = false;
    work.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let fired = 0; ; fired++) {
      await idle();
      if (settled) return work;
      this.timers = this.timers.filter((t) => !t.cancelled);
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      if (!next) throw new Error('FakeClock: work is pending but no timer is scheduled');
      if (fired >= maxTimers) throw new Error(`FakeClock: more than ${maxTimers} timers fired`);
      this.time = Math.max(this.time, next.at);
      next.callback();
    }
  }
}

/** Lets promise chains and Response body reads (which use macrotasks) run to a standstill. */
async function idle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
