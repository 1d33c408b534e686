/**
 * Client-side limiter: at most `limit` requests in any window of `windowMs`, counted the way the
 * server can see them. A request holds its slot from the moment it starts until `windowMs`
 * after its answer arrived: the server received it somewhere in between, so by then it has left
 * the server's window whatever the network latency was. Counting from the start alone lets a
 * slow first burst and a fast second burst land in one server window (seen against the sandbox:
 * 14 of 60 parallel MyCase reads got 429 at 20/s).
 */
import { sleep, type HttpClock } from './clock';

export interface RateLimit {
  limit: number;
  windowMs: number;
}

/**
 * Published limits minus a margin (other traffic on the same quota, clock drift): MyCase allows
 * 25 req/s per OAuth client, Docketwise 120 req/min per token.
 */
export const MYCASE_RATE_LIMIT: RateLimit = { limit: 20, windowMs: 1_000 };
export const DOCKETWISE_RATE_LIMIT: RateLimit = { limit: 110, windowMs: 60_000 };

/** Call when the request's answer (or failure) has arrived. */
export type ReleaseSlot = () => void;

interface Slot {
  /** When the answer arrived; Infinity while the request is in flight. */
  finishedAt: number;
}

export class RateLimiter {
  private slots: Slot[] = [];
  /** Slots are handed out one at a time, in arrival order. */
  private queue: Promise<void> = Promise.resolve();
  private pausedUntil = 0;
  private wakeOnRelease: (() => void) | null = null;

  constructor(
    private readonly rate: RateLimit,
    private readonly clock: HttpClock,
  ) {
    if (rate.limit < 1 || rate.windowMs <= 0) throw new RangeError('rate limit must allow a request');
  }

  /** Resolves when one more request may start; call the returned function when it finished. */
  acquire(): Promise<ReleaseSlot> {
    const turn = this.queue.then(() => this.waitForSlot());
    // A failed wait must not block the queue for the requests behind it.
    this.queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  /** Holds every request until `until` (epoch ms): the server told us to wait (Retry-After). */
  pauseUntil(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  private async waitForSlot(): Promise<ReleaseSlot> {
    for (;;) {
      const now = this.clock.now();
      if (now < this.pausedUntil) {
        await sleep(this.clock, this.pausedUntil - now);
        continue;
      }
      this.slots = this.slots.filter((slot) => slot.finishedAt > now - this.rate.windowMs);
      if (this.slots.length < this.rate.limit) {
        const slot: Slot = { finishedAt: Number.POSITIVE_INFINITY };
        this.slots.push(slot);
        return () => {
          if (slot.finishedAt !== Number.POSITIVE_INFINITY) return;
          slot.finishedAt = this.clock.now();
          this.wakeOnRelease?.();
        };
      }
      const firstFree = Math.min(...this.slots.map((slot) => slot.finishedAt)) + this.rate.windowMs;
      await this.waitUntil(firstFree);
    }
  }

  /** Sleeps until `at`, or until a request in flight finishes (its slot then gets a free time). */
  private waitUntil(at: number): Promise<void> {
    return new Promise((resolve) => {
      let cancelTimer: () => void = () => undefined;
      const done = () => {
        cancelTimer();
        this.wakeOnRelease = null;
        resolve();
      };
      this.wakeOnRelease = done;
      if (Number.isFinite(at)) cancelTimer = this.clock.setTimer(done, Math.max(0, at - this.clock.now()));
    });
  }
}
