/** Shared set-up for engine tests: two fake sides on one clock, a fresh database per test. */
import 'fake-indexeddb/auto';
import { expect } from 'vitest';
import { createFakeClock, createFakeSide, type FakeClock, type FakeSide } from '../../src/connectors/fake/fake-side';
import { hashContactFields } from '../../src/core/hash';
import { dwMatterView, mcMatterView } from '../../src/core/merge';
import { contactMatchKey } from '../../src/core/matching';
import { emptyAddress, type ContactFields, type SideContact } from '../../src/core/types';
import { SyncEngine, type SyncEngineDeps } from '../../src/sync/engine';
import { createMemorySyncDatabase } from '../../src/store/memory-database';
import type { StoredLink } from '../../src/store/schema';
import { SyncStore } from '../../src/store/sync-store';

let dbCounter = 0;

export interface Harness {
  mc: FakeSide;
  dw: FakeSide;
  clock: FakeClock;
  store: SyncStore;
  engine: SyncEngine;
  dbName: string;
  /** A new engine over the same database and sides, as after a worker restart. */
  restart(overrides?: Partial<SyncEngineDeps>): Promise<SyncEngine>;
}

export async function createHarness(options: {
  pageSize?: number;
  engine?: Partial<SyncEngineDeps>;
  beforeWrite?: (label: string) => void;
  /** The in-memory database instead of fake-indexeddb (property tests: thousands of runs). */
  memory?: boolean;
} = {}): Promise<Harness> {
  const clock = createFakeClock(Date.parse('2026-01-05T09:00:00Z'));
  const mc = createFakeSide('mycase', { clock, pageSize: options.pageSize ?? 50 });
  const dw = createFakeSide('docketwise', { clock, pageSize: options.pageSize ?? 50 });
  dbCounter += 1;
  const dbName = `sync-test-${dbCounter}-${Math.random().toString(36).slice(2)}`;
  const beforeWrite = (label: string): void => options.beforeWrite?.(label);
  const store = options.memory
    ? SyncStore.over(createMemorySyncDatabase(), { beforeWrite })
    : await SyncStore.open({ name: dbName, beforeWrite });
  const make = (s: SyncStore, overrides: Partial<SyncEngineDeps> = {}): SyncEngine =>
    new SyncEngine({ store: s, mycase: mc, docketwise: dw, clock, sleep: async () => undefined, ...options.engine, ...overrides });
  const harness: Harness = {
    mc,
    dw,
    clock,
    store,
    engine: make(store),
    dbName,
    async restart(overrides = {}) {
      // A restarted worker: the old lock is stale after its timeout.
      clock.advance(2 * 60_000);
      harness.engine = make(harness.store, overrides);
      return harness.engine;
    },
  };
  return harness;
}

export const person = (n: number, over: Partial<ContactFields> = {}): ContactFields => ({
  firstName: `First${n}`,
  lastName: `Last${n}`,
  email: `p${n}@example.com`,
  address: { ...emptyAddress(), street: `${n} Main St`, city: 'Austin', state: 'TX', zip: '78701' },
  mobilePhone: `512555${String(n).padStart(4, '0')}`,
  workPhone: '',
  ...over,
});

/** Duplicates: two records on one side with the same match key (what R21 must never create). */
export function duplicateKeys(records: readonly SideContact[]): string[] {
  const seen = new Map<string, number>();
  for (const r of records) {
    if (r.kind !== 'person') continue;
    const key = contactMatchKey(r.fields);
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
}

/** Nothing left in flight after a settled run (R21) and no duplicate person on either side. */
export async function expectQuiescent(h: Harness): Promise<void> {
  expect(await h.store.pendingIntents()).toEqual([]);
  expect(await h.engine.hasUnfinishedRun()).toBe(false);
  expect(await h.store.outboxSize()).toBe(0);
  expect(duplicateKeys(h.mc.allContacts())).toEqual([]);
  expect(duplicateKeys(h.dw.allContacts())).toEqual([]);
}

export const sameSyncedFields = (a: ContactFields, b: ContactFields): boolean => hashContactFields(a) === hashContactFields(b);

/**
 * R6 R15 R17: how a linked matter pair disagrees, seen through the engine's own mapping
 * (`mcMatterView` / `dwMatterView`: MC name without this matter's suffix, MC's first linked
 * person client). Empty when the pair is in step. Two divergences are settled by the SPEC and
 * not reported: an MC blank description keeps DW's (R9), and a DW client change is only added
 * to the case's clients (R17: MC cannot remove one), so the DW client must be one of them.
 */
export async function matterPairDiffs(h: Harness, link: StoredLink): Promise<string[]> {
  const mc = h.mc.allMatters().find((m) => m.id === link.mc.id);
  const dw = h.dw.allMatters().find((m) => m.id === link.dw.id);
  if (!mc || !dw) return [`link ${link.key}: ${mc ? '' : `MC case ${link.mc.id} missing `}${dw ? '' : `DW matter ${link.dw.id} missing`}`];
  const contactLinks = (await h.store.allLinks('contact')).filter((l) => l.state === 'ok');
  const dwOf = new Map(contactLinks.map((l) => [l.mc.id, l.dw.id]));
  const mcOf = new Map(contactLinks.map((l) => [l.dw.id, l.mc.id]));
  const a = mcMatterView(mc.fields, dw.id, (id) => dwOf.get(id));
  const b = dwMatterView(dw.fields);
  const where = `MC ${mc.id} ${JSON.stringify(mc.fields)} / DW ${dw.id} ${JSON.stringify(dw.fields)}`;
  const diffs: string[] = [];
  if (a.name !== b.name) diffs.push(`name differs: ${where}`);
  if (a.description !== b.description && a.description !== '') diffs.push(`description differs: ${where}`);
  const dwClientInMc = b.client === null ? undefined : mcOf.get(b.client);
  if (dwClientInMc === undefined) diffs.push(`DW client is not a linked contact: ${where}`);
  else if (a.client !== null && !mc.fields.clientIds.includes(dwClientInMc)) diffs.push(`DW client is not a client of the MC case: ${where}`);
  return diffs;
}
