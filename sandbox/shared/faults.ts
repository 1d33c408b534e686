/**
 * Fault injection shared by both servers. Faults apply to the product API only (MyCase `/v1`,
 * Docketwise `/api/v1`), never to the control API, OAuth pages or file downloads, unless
 * `pathPrefix` narrows or moves them.
 */
import { z } from 'zod';
import { createRng, type Rng } from './prng';

export const faultsSchema = z.object({
  /** Extra real-time delay before every affected request is handled (ms). */
  latencyMs: z.number().int().min(0).max(60_000),
  /** Share of affected requests answered with `errorStatus` before anything is done (0..1). */
  errorRate: z.number().min(0).max(1),
  errorStatus: z.union([z.literal(500), z.literal(502), z.literal(503)]),
  /** The next N affected requests get 429 (a burst), whatever the rate limiter says. */
  rateLimitBurst: z.number().int().min(0),
  /** The next N affected *writes* are committed, then the socket is destroyed without an answer. */
  dropAfterCommit: z.number().int().min(0),
  /** Only requests whose path starts with this are affected ('' = the product API). */
  pathPrefix: z.string(),
  /** Seed of the PRNG behind `errorRate`, so a faulty run is repeatable. */
  seed: z.number().int(),
});

export type Faults = z.infer<typeof faultsSchema>;

export const NO_FAULTS: Faults = {
  latencyMs: 0,
  errorRate: 0,
  errorStatus: 503,
  rateLimitBurst: 0,
  dropAfterCommit: 0,
  pathPrefix: '',
  seed: 1,
};

export class FaultInjector {
  private faults: Faults = { ...NO_FAULTS };
  private rng: Rng = createRng(NO_FAULTS.seed);

  get current(): Faults {
    return { ...this.faults };
  }

  /** Merges a partial update; throws a ZodError on a bad value. */
  set(update: Partial<Faults>): Faults {
    const next = faultsSchema.parse({ ...this.faults, ...update });
    if (next.seed !== this.faults.seed) this.rng = createRng(next.seed);
    this.faults = next;
    return this.current;
  }

  reset(): void {
    this.faults = { ...NO_FAULTS };
    this.rng = createRng(NO_FAULTS.seed);
  }

  applies(path: string, apiPrefix: string): boolean {
    const prefix = this.faults.pathPrefix || apiPrefix;
    return path.startsWith(prefix);
  }

  takeBurst(): boolean {
    if (this.faults.rateLimitBurst <= 0) return false;
    this.faults.rateLimitBurst -= 1;
    return true;
  }

  rollError(): number | null {
    if (this.faults.errorRate <= 0) return null;
    return this.rng.next() < this.faults.errorRate ? this.faults.errorStatus : null;
  }

  takeDrop(): boolean {
    if (this.faults.dropAfterCommit <= 0) return false;
    this.faults.dropAfterCommit -= 1;
    return true;
  }
}
