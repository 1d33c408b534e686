/**
 * Sync engine benchmark over the in-memory fake sides and the in-memory database (the sandbox +
 * real connectors version comes later). Run: `npx tsx bench/sync.ts` (BENCH_SIZE=10000 default;
 * a smaller BENCH_SIZE for a quick look). Prints a table and writes bench/results.json.
 *
 * Workloads:
 * 1. initial sync, SIZE MC people × SIZE DW people sharing 70% of their match keys;
 * 2. incremental pull of 50 MC changes among SIZE links;
 * 3. a Docketwise check with no change over SIZE DW contacts.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DOCKETWISE_RATE_LIMIT, MYCASE_RATE_LIMIT } from '../src/connectors';
import { createFakeClock, createFakeSide, type FakeSide } from '../src/connectors/fake/fake-side';
import { emptyAddress, type ContactFields } from '../src/core/types';
import { SyncEngine } from '../src/sync/engine';
import { createMemorySyncDatabase } from '../src/store/memory-database';
import { SyncStore } from '../src/store/sync-store';

const SIZE = Number(process.env.BENCH_SIZE ?? 10_000);
const MC_PAGE = 1000; // MyCase's maximum page size
const DW_PAGE = 200; // Docketwise's page size

const person = (n: number): ContactFields => ({
  firstName: `First${n}`,
  lastName: `Last${n}`,
  email: `p${n}@example.com`,
  address: { ...emptyAddress(), street: `${n} Main St`, city: 'Austin', state: 'TX', zip: '78701' },
  mobilePhone: `512${String(n).padStart(7, '0')}`,
  workPhone: '',
});

export interface SyncBenchRow {
  workload: string;
  mcRequests: number;
  mcLowerBound: number;
  dwRequests: number;
  dwLowerBound: number;
  /** requests ÷ lower bound over both sides (the aim is ≤ 1.05). */
  ratio: number;
  /** CPU of the whole run in this process (planning, merging, store), the fake sides included. */
  cpuMs: number;
  wallMs: number;
  /**
   * Wall time the same requests take under the client-side rate limits (MyCase 20/s, Docketwise
   * 110/min, src/connectors/http/rate-limiter.ts): what a firm waits, network time aside.
   */
  rateLimitedWallS: number;
  peakHeapMb: number;
}
type Row = SyncBenchRow;

let peakHeap = 0;
let sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}, 20);

async function measure(name: string, mc: FakeSide, dw: FakeSide, bounds: { mc: number; dw: number }, work: () => Promise<unknown>): Promise<Row> {
  mc.resetStats();
  dw.resetStats();
  peakHeap = process.memoryUsage().heapUsed;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const wallMs = Math.round(performance.now() - started);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  return {
    workload: name,
    mcRequests: mc.stats.requests,
    mcLowerBound: bounds.mc,
    dwRequests: dw.stats.requests,
    dwLowerBound: bounds.dw,
    ratio: Number(((mc.stats.requests + dw.stats.requests) / Math.max(1, bounds.mc + bounds.dw)).toFixed(3)),
    cpuMs: Math.round(process.cpuUsage(cpu).user / 1000),
    wallMs,
    rateLimitedWallS: Math.round(Math.max(mc.stats.requests / MYCASE_RATE_LIMIT.limit * (MYCASE_RATE_LIMIT.windowMs / 1000), dw.stats.requests / DOCKETWISE_RATE_LIMIT.limit * (DOCKETWISE_RATE_LIMIT.windowMs / 1000))),
    peakHeapMb: Math.round(peakHeap / 1e6),
  };
}

export async function runSyncBench(): Promise<{ size: number; rows: SyncBenchRow[] }> {
  clearInterval(sampler);
  sampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 20);
  const clock = createFakeClock();
  const mc = createFakeSide('mycase', { clock, pageSize: MC_PAGE });
  const dw = createFakeSide('docketwise', { clock, pageSize: DW_PAGE });
  const shared = Math.round(SIZE * 0.7);
  for (let i = 0; i < SIZE; i += 1) mc.userCreateContact(person(i));
  // DW: 70% share a key with MC, the rest are DW-only.
  for (let i = 0; i < SIZE; i += 1) dw.userCreateContact(person(i < shared ? i : SIZE + i));
  // The firm's records are older than the activation (as in a real firm), so the first pull's
  // updated-after cursor does not bring them all back.
  clock.advance(3_600_000);
  const store = SyncStore.over(createMemorySyncDatabase());
  const engine = new SyncEngine({ store, mycase: mc, docketwise: dw, clock, sleep: async () => undefined });
  const pages = (n: number, size: number): number => Math.max(1, Math.ceil(n / size));
  const rows: Row[] = [];

  rows.push(
    await measure(
      `initial ${SIZE}×${SIZE}, ${shared} shared keys`,
      mc,
      dw,
      // Lower bound: list each side once, create every unmatched MC person in DW.
      { mc: pages(SIZE, MC_PAGE), dw: pages(SIZE, DW_PAGE) + (SIZE - shared) },
      () => engine.activate('two-way'),
    ),
  );

  clock.advance(3_600_000);
  const people = mc.allContacts();
  for (let i = 0; i < 50; i += 1) {
    const target = people[Math.floor((i * people.length) / 50)];
    if (target) mc.userUpdateContact(target.id, { workPhone: `5129${String(i).padStart(6, '0')}` });
  }
  rows.push(
    // DW: each of the 50 records is read once before it is written (R20), then written.
    await measure(`pull of 50 changes among ${SIZE} links`, mc, dw, { mc: 2, dw: 100 }, () => engine.startRun('pull')),
  );

  clock.advance(3_600_000);
  rows.push(
    await measure(`Docketwise check, no change, ${SIZE + (SIZE - shared)} contacts`, mc, dw, { mc: 0, dw: pages(dw.allContacts().length, DW_PAGE) + 1 }, () =>
      engine.startRun('docketwise-check'),
    ),
  );
  clearInterval(sampler);
  return { size: SIZE, rows };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runSyncBench();
  console.table(result.rows);
  writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify({ sync: result, at: new Date().toISOString() }, null, 2)}\n`);
}
