/**
 * In-memory token buckets, one per calling origin. State lives in this process only: on a
 * serverless platform every instance keeps its own buckets, so the effective limit is
 * (instances × limit). Put the platform's own rate limiting in front for a hard global cap
 * (see README.md).
 */
import type { RateLimitConfig } from './config';

export type TakeResult = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  take(key: string, now: number): TakeResult;
}

/** Keys beyond this are evicted oldest-first, so a flood of origins cannot grow memory. */
const MAX_KEYS = 10_000;

export function createRateLimiter(config: RateLimitConfig): RateLimiter {
  const perMs = config.perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key, now) {
      const bucket = buckets.get(key) ?? { tokens: config.burst, at: now };
      bucket.tokens = Math.min(config.burst, bucket.tokens + Math.max(0, now - bucket.at) * perMs);
      bucket.at = now;
      // Re-insert so the Map's order is least-recently-used first.
      buckets.delete(key);
      buckets.set(key, bucket);
      if (buckets.size > MAX_KEYS) {
        const oldest = buckets.keys().next().value;
        if (oldest !== undefined) buckets.delete(oldest);
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
    },
  };
}
