/**
 * R21 crash injection: the worker is stopped at an instrumented await (every remote call and
 * every store write) during an initial sync, then a new worker resumes. Expect 0 duplicates,
 * 0 lost changes and 0 pending intents.
 *
 * Sizes (env):
 * - CI: every point of a 40-contact sync, plus CRASH_SAMPLE (default 20) evenly spaced points of
 *   a 1,000-contact sync.
 * - Full: CRASH_FULL=1 stops at every point of the 1,000-contact sync (thousands of syncs).
 */
import { describe, expect, it } from 'vitest';
import { hashContactFields } from '../../src/core/hash';
import { contactMatchKey } from '../../src/core/matching';
import { emptyAddress } from '../../src/core/types';
import { createHarness, duplicateKeys, person, type Harness } from './harness';

class Crash extends Error {}

const FULL = process.env.CRASH_FULL === '1';
const SAMPLE = Number(process.env.CRASH_SAMPLE ?? 20);

/** MC has `size` people; DW has every 4th of them with older phones (must be updated, not lost). */
async function scenario(size: number, stopAt: number | null, memory = true): Promise<{ h: Harness; points: number }> {
  let points = 0;
  const tick = (): void => {
    points += 1;
    if (points === stopAt) throw new Crash(`stopped at point ${points}`);
  };
  const h = await createHarness({ memory, pageSize: 100, beforeWrite: tick, engine: { beforeRemote: tick, batchSize: 100 } });
  for (let i = 0; i < size; i += 1) {
    h.mc.userCreateContact(person(i));
    if (i % 4 === 0) h.dw.userCreateContact(person(i, { mobilePhone: '5120000000', address: { ...emptyAddress(), street: 'Old address' } }));
  }
  try {
    await h.engine.activate('two-way');
  } catch (error) {
    if (!(error instanceof Crash)) throw error;
    const engine = await h.restart();
    // Bounded: a resumed run either finishes or reports why it could not.
    for (let attempt = 0; attempt < 3 && (await engine.hasUnfinishedRun()); attempt += 1) await engine.resume();
    // Stopped before the activation itself was saved: the user presses "activate" again.
    if ((await h.store.settings()).lastSuccessfulPullAt === null && !(await engine.hasUnfinishedRun())) {
      await engine.activate('two-way');
    }
  }
  return { h, points };
}

async function expectClean(h: Harness, size: number): Promise<void> {
  const dw = h.dw.allContacts();
  expect(duplicateKeys(dw)).toEqual([]);
  expect(dw).toHaveLength(size);
  expect(await h.store.pendingIntents()).toEqual([]);
  expect(await h.engine.hasUnfinishedRun()).toBe(false);
  const links = await h.store.allLinks('contact');
  expect(links).toHaveLength(size);
  // No lost change: every DW person holds its MC person's values.
  const byKey = new Map(dw.map((c) => [contactMatchKey(c.fields), c]));
  for (const mc of h.mc.allContacts()) {
    expect(hashContactFields(byKey.get(contactMatchKey(mc.fields))?.fields ?? mc.fields)).toBe(hashContactFields(mc.fields));
    expect(byKey.has(contactMatchKey(mc.fields))).toBe(true);
  }
  expect(h.mc.stats.writes).toBe(0);
}

describe('crash injection (R21)', () => {
  it('R21 stopping at every instrumented await of a 40-contact initial sync: no duplicate, nothing lost', async () => {
    const { points } = await scenario(40, null);
    expect(points).toBeGreaterThan(40);
    for (let stop = 1; stop <= points; stop += 1) {
      const { h } = await scenario(40, stop);
      await expectClean(h, 40);
    }
  });

  it('R21 the same on IndexedDB (fake-indexeddb) at a sample of points', async () => {
    const { points } = await scenario(40, null, false);
    for (let stop = 1; stop <= points; stop += Math.max(1, Math.floor(points / 15))) {
      const { h } = await scenario(40, stop, false);
      await expectClean(h, 40);
    }
  });

  it(`R21 stopping during a 1,000-contact initial sync (${FULL ? 'every point' : `${SAMPLE} points`}): no duplicate, nothing lost, no pending intent`, async () => {
    const started = performance.now();
    const { points } = await scenario(1000, null);
    const step = FULL ? 1 : Math.max(1, Math.floor(points / SAMPLE));
    let tried = 0;
    for (let stop = 1; stop <= points; stop += step) {
      const { h } = await scenario(1000, stop);
      await expectClean(h, 1000);
      tried += 1;
    }
    console.info(`crash sweep: ${tried} of ${points} points, ${Math.round(performance.now() - started)} ms`);
  }, 3_600_000);

  it('R21 write committed but response lost on 10% of writes: 0 duplicates after 3 runs', async () => {
    const h = await createHarness({ memory: true, pageSize: 100 });
    for (let i = 0; i < 1000; i += 1) h.mc.userCreateContact(person(i));
    let seed = 42;
    const random = (): number => {
      // Deterministic LCG so that a failure reproduces.
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    h.dw.setWriteFault(() => (random() < 0.1 ? 'lose' : null));
    h.mc.setWriteFault(() => (random() < 0.1 ? 'lose' : null));
    await h.engine.activate('two-way');
    for (let run = 0; run < 3; run += 1) {
      h.clock.advance(3_600_000);
      await h.engine.resume();
      await h.engine.startRun('pull');
    }
    expect(duplicateKeys(h.dw.allContacts())).toEqual([]);
    expect(duplicateKeys(h.mc.allContacts())).toEqual([]);
    expect(h.dw.allContacts()).toHaveLength(1000);
    expect(await h.store.allLinks('contact')).toHaveLength(1000);
    expect(await h.store.pendingIntents()).toEqual([]);
  });

  it('R22 one poisoned record among 1,000: 999 synced and 1 logged', async () => {
    const h = await createHarness({ memory: true, pageSize: 100 });
    const created = [];
    for (let i = 0; i < 1000; i += 1) created.push(h.mc.userCreateContact(person(i)));
    const poisoned = created[500]?.id ?? 0;
    h.mc.poisonContact(poisoned, 'email');
    const out = await h.engine.activate('two-way');
    expect(out.status).toBe('done');
    expect(out.counts.contact.pull).toMatchObject({ created: 999, failed: 1 });
    expect(h.dw.allContacts()).toHaveLength(999);
    const failed = await h.store.readLog({ outcome: 'failed' });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ mcId: poisoned });
    expect(failed[0]?.reason).toMatch(/email/);
  });
});
