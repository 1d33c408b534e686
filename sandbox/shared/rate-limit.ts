/**
 * Sliding-window request limiter on the sandbox clock (MyCase: 25 per second per OAuth client;
 * Docketwise: 120 per minute per token). Refused requests do not use up the window.
 */
import type { Clock } from '../clock';

export interface RateLimitDecision {
  allowed: boolean;
  /** Whole seconds until a request would be allowed again (≥ 1 when refused). */
  retryAfterSeconds: number;
}

export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  take(key: string): RateLimitDecision {
    const now = this.clock.now();
    const recent = (this.hits.get(key) ?? []).filter((at) => at > now - this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      const oldest = recent[0] ?? now;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)) };
    }
    recent.push(now);
    this.hits.set(key, recent);
    return { allowed: true, retryAfterSeconds: 0 };
  }

  reset(): void {
    this.hits.clear();
  }
}
