/**
 * Starts both simulated products in-process (docs/contracts.md "Sandbox"). Port 0 picks a free
 * port; the returned handles carry the control API as typed functions, so tests can set up
 * state without going through HTTP.
 */
import { systemClock, type Clock } from './clock';
import { startDocketwise, type DocketwiseControl, type DocketwiseSeedSummary } from './docketwise/server';
import { startMyCase, type MyCaseControl, type MyCaseSeedSummary } from './mycase/server';
import { generateFirm, type SeedOptionsInput } from './shared/demo-data';

export { createVirtualClock, systemClock, type Clock, type VirtualClock } from './clock';
export { DOCKETWISE_SANDBOX_CLIENT, MYCASE_SANDBOX_CLIENT } from './credentials';
export type { SeedOptionsInput } from './shared/demo-data';
export type { Faults } from './shared/faults';
export type { MyCaseConfig, MyCaseControl } from './mycase/server';
export type { DocketwiseConfig, DocketwiseControl } from './docketwise/server';

export interface SandboxOptions {
  host?: string;
  mycasePort?: number;
  docketwisePort?: number;
  /** PRNG seed of the demo firm (default 1). */
  seed?: number;
  /** Seed the demo firm at start (default false: both products start empty). */
  demoFirm?: boolean;
  /** People per side in the demo firm (default 300). */
  contacts?: number;
  clock?: Clock;
}

export interface SeedSummary {
  mycase: MyCaseSeedSummary;
  docketwise: DocketwiseSeedSummary;
}

export interface Sandbox {
  mycase: { url: string; control: MyCaseControl };
  docketwise: { url: string; control: DocketwiseControl };
  clock: Clock;
  /** Seeds both products with one overlapping firm (same options → same data). */
  seed(options: SeedOptionsInput): SeedSummary;
  /** Empties both products and resets tokens, faults, switches and logs. */
  reset(): void;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? systemClock;
  const mycase = await startMyCase(clock, host, options.mycasePort ?? 4010);
  let docketwise;
  try {
    docketwise = await startDocketwise(clock, host, options.docketwisePort ?? 4020);
  } catch (error) {
    await mycase.close();
    throw error;
  }
  const seed = (seedOptions: SeedOptionsInput): SeedSummary => {
    const firm = generateFirm(seedOptions, clock.now());
    return { mycase: mycase.control.ingest(firm), docketwise: docketwise.control.ingest(firm) };
  };
  if (options.demoFirm) seed({ seed: options.seed ?? 1, contacts: options.contacts ?? 300 });
  let closed = false;
  return {
    mycase: { url: mycase.url, control: mycase.control },
    docketwise: { url: docketwise.url, control: docketwise.control },
    clock,
    seed,
    reset() {
      mycase.control.reset();
      docketwise.control.reset();
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([mycase.close(), docketwise.close()]);
    },
  };
}
