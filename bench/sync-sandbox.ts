/**
 * The sync benchmark on the in-process sandbox: the real MyCase and Docketwise clients over
 * loopback HTTP, both sandbox servers and the clients' rate limiters on one virtual clock. Time
 * advances only while nothing is in flight and someone waits (a rate-limit slot, a backoff), so
 * the virtual elapsed time is the wall time a firm would wait under the real limits, network
 * time aside, while the benchmark itself finishes in seconds.
 *
 * Run: `npx tsx bench/sync-sandbox.ts` (BENCH_SIZE, default 10,000 people per side, 70 % shared).
 */
import { pathToFileURL } from 'node:url';
import { createDocketwiseSide, createMyCaseSide } from '../src/connectors';
import type { HttpClock } from '../src/connectors/http/clock';
import type { TokenSource } from '../src/auth/token-source';
import type { Side } from '../src/core/types';
import { createMemorySyncDatabase } from '../src/store/memory-database';
import { SyncStore } from '../src/store/sync-store';
import { SyncEngine } from '../src/sync/engine';
import { createVirtualClock, startSandbox, type Sandbox, type VirtualClock } from '../sandbox/index';
import { activationBound } from './activation-bound';

export interface SandboxBenchRow {
  workload: string;
  mcRequests: number;
  mcLowerBound: number;
  dwRequests: number;
  dwLowerBound: number;
  /** (MC + DW requests) ÷ (MC + DW lower bound): list pages + one write per needed change. */
  ratio: number;
  /**
   * The bound once each Docketwise update made outside a full listing is preceded by the one read
   * that R20 needs (Docketwise has no change feed and no conditional write: the only way to see a
   * Docketwise edit made since the last sync, and keep the value a pull replaces, is to read the
   * record: sync-anchors A2, "read-before-write"). Equal to the lower bound where nothing is read.
   */
  dwBoundWithReads: number;
  ratioWithReads: number;
  cpuMs: number;
  realWallMs: number;
  /** Virtual time elapsed: what the run takes under the real rate limits. */
  rateLimitedWallS: number;
  peakHeapMb: number;
  /** `METHOD route` → count on each side, so an excess over the bound can be read at once. */
  mcByRoute: Record<string, number>;
  dwByRoute: Record<string, number>;
}

/** A clock for the HTTP layer that jumps to the next timer whenever no request is in flight. */
export function createTimeDriver(clock: VirtualClock) {
  interface Timer { due: number; callback: () => void; cancelled: boolean }
  const timers: Timer[] = [];
  let inFlight = 0;
  let running = true;
  const httpClock: HttpClock = {
    now: () => clock.now(),
    setTimer(callback, ms) {
      const timer: Timer = { due: clock.now() + Math.max(0, ms), callback, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
  };
  const pump = () => {
    if (!running) return;
    for (let i = timers.length - 1; i >= 0; i -= 1) if (timers[i]!.cancelled) timers.splice(i, 1);
    const due = timers.filter((t) => t.due <= clock.now());
    if (due.length === 0 && inFlight === 0 && timers.length > 0) {
      const next = Math.min(...timers.map((t) => t.due));
      clock.set(next);
    }
    for (const timer of timers.filter((t) => t.due <= clock.now())) {
      timer.cancelled = true;
      timer.callback();
    }
    setImmediate(pump);
  };
  setImmediate(pump);
  /** fetch that counts requests in flight and reads the body before it lets go of the slot. */
  const trackedFetch: typeof fetch = async (input, init) => {
    inFlight += 1;
    try {
      const response = await fetch(input, init);
      const body = await response.arrayBuffer();
      return new Response(response.status === 204 || response.status === 304 ? null : body, { status: response.status, headers: response.headers });
    } finally {
      inFlight -= 1;
    }
  };
  return { httpClock, fetch: trackedFetch, stop: () => (running = false) };
}

function tokens(sandbox: Sandbox, product: Side): TokenSource {
  const control = product === 'mycase' ? sandbox.mycase.control : sandbox.docketwise.control;
  let current = control.issueTokens().access_token;
  return {
    product,
    getAccessToken: async () => current,
    refresh: async () => {
      current = control.issueTokens().access_token;
      return current;
    },
  };
}

export async function runSandboxSyncBench(size = Number(process.env.BENCH_SIZE ?? 10_000)): Promise<{ size: number; rows: SandboxBenchRow[] }> {
  const clock = createVirtualClock(Date.UTC(2026, 0, 5, 9, 0, 0));
  const sandbox = await startSandbox({ clock, mycasePort: 0, docketwisePort: 0 });
  const shared = Math.round(size * 0.7);
  const differing = Math.round(shared * 0.1);
  sandbox.seed({ seed: 3, contacts: size, shared, differing, duplicates: 0, companies: 0, emailsTaken: 0, address2Descriptors: 0, leads: 0, cases: 0, matters: 0, caseNameClashes: 0 });
  const driver = createTimeDriver(clock);
  const mc = createMyCaseSide({ baseUrl: sandbox.mycase.url, tokens: tokens(sandbox, 'mycase'), fetch: driver.fetch, clock: driver.httpClock });
  const dw = createDocketwiseSide({ baseUrl: sandbox.docketwise.url, tokens: tokens(sandbox, 'docketwise'), fetch: driver.fetch, clock: driver.httpClock });
  const engine = new SyncEngine({
    store: SyncStore.over(createMemorySyncDatabase()),
    mycase: mc,
    docketwise: dw,
    clock,
    sleep: (ms) => new Promise((resolve) => driver.httpClock.setTimer(resolve, ms)),
  });

  const count = (s: Sandbox) => {
    const mc = s.mycase.control.log();
    const dw = s.docketwise.control.log();
    return { mc: mc.total, dw: dw.total, mcByRoute: mc.byRoute, dwByRoute: dw.byRoute };
  };
  const pages = (n: number, per: number) => Math.max(1, Math.ceil(n / per));
  const rows: SandboxBenchRow[] = [];

  async function measure(workload: string, bounds: { mc: number; dw: number; dwReads?: number }, work: () => Promise<unknown>): Promise<void> {
    sandbox.mycase.control.clearLog();
    sandbox.docketwise.control.clearLog();
    let peak = process.memoryUsage().heapUsed;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
    const cpu = process.cpuUsage();
    const virtualStart = clock.now();
    const started = performance.now();
    await work();
    clearInterval(sampler);
    const n = count(sandbox);
    rows.push({
      workload,
      mcRequests: n.mc,
      mcLowerBound: bounds.mc,
      dwRequests: n.dw,
      dwLowerBound: bounds.dw,
      ratio: Number(((n.mc + n.dw) / Math.max(1, bounds.mc + bounds.dw)).toFixed(3)),
      dwBoundWithReads: bounds.dw + (bounds.dwReads ?? 0),
      ratioWithReads: Number(((n.mc + n.dw) / Math.max(1, bounds.mc + bounds.dw + (bounds.dwReads ?? 0))).toFixed(3)),
      cpuMs: Math.round(process.cpuUsage(cpu).user / 1000),
      realWallMs: Math.round(performance.now() - started),
      rateLimitedWallS: Math.round((clock.now() - virtualStart) / 1000),
      peakHeapMb: Math.round(Math.max(peak, process.memoryUsage().heapUsed) / 1e6),
      mcByRoute: n.mcByRoute,
      dwByRoute: n.dwByRoute,
    });
  }

  const dwCount = sandbox.docketwise.control.list('contacts').length;
  // Lower bound: list each side once (MyCase people and companies; Docketwise contacts), then the
  // writes computed from the raw records by bench/activation-bound.ts (creates + updates).
  const needed = activationBound(
    sandbox.mycase.control.list('clients') as Parameters<typeof activationBound>[0],
    sandbox.docketwise.control.list('contacts') as Parameters<typeof activationBound>[1],
  );
  await measure(
    `initial ${size}×${size}, ${shared} shared keys (${differing} differing): ${needed.creates} creates + ${needed.updates} updates needed`,
    { mc: pages(size, 1000) + 1, dw: pages(dwCount, 200) + needed.creates + needed.updates },
    () => engine.activate('two-way'),
  );

  clock.advance(3_600_000);
  const people = sandbox.mycase.control.list('clients') as { id: number }[];
  for (let i = 0; i < 50; i += 1) {
    const target = people[Math.floor((i * people.length) / 50)];
    if (target) sandbox.mycase.control.write('clients', target.id, { work_phone_number: `512-555-${String(1000 + i)}` });
  }
  // Lower bound: one page of changed people (+ companies and cases pages) and 50 Docketwise writes.
  // With reads: each of the 50 Docketwise records is read once before it is written (R20).
  await measure(`pull of 50 changes among ${size} links`, { mc: 3, dw: 50, dwReads: 50 }, () => engine.startRun('pull'));

  clock.advance(3_600_000);
  const dwNow = sandbox.docketwise.control.list('contacts').length;
  await measure(`Docketwise check, no change, ${dwNow} contacts`, { mc: 0, dw: pages(dwNow, 200) + 1 }, () => engine.startRun('docketwise-check'));

  driver.stop();
  await sandbox.close();
  return { size, rows };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runSandboxSyncBench();
  console.table(result.rows.map(({ mcByRoute: _mc, dwByRoute: _dw, ...row }) => row));
  for (const row of result.rows) console.log(row.workload, { mycase: row.mcByRoute, docketwise: row.dwByRoute });
}
