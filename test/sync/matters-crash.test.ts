/**
 * R21 crash injection for matters (the contact twin is crash.test.ts, same mechanism): after
 * activation, cases are created in MC and matters in DW, then the worker is stopped at an
 * instrumented await (every remote call and every store write) of a pull, a push or the
 * Docketwise check (scan + push) that follow, and a new worker resumes. Expect 0 duplicates,
 * 0 lost changes and 0 pending intents.
 *
 * Sizes (env):
 * - CI: every point of a 6-case / 4-matter run, a sample on IndexedDB, plus CRASH_SAMPLE
 *   (default 20) evenly spaced points of a 30-case / 10-matter run.
 * - Full: CRASH_FULL=1 stops at every point of the 30-case / 10-matter run.
 */
import { describe, expect, it } from 'vitest';
import type { RecordId, SideMatter } from '../../src/core/types';
import type { RunKind } from '../../src/store/schema';
import { createHarness, expectQuiescent, matterPairDiffs, person, type Harness } from './harness';

class Crash extends Error {}

const FULL = process.env.CRASH_FULL === '1';
const SAMPLE = Number(process.env.CRASH_SAMPLE ?? 20);

interface Built {
  h: Harness;
  points: number;
  userMc: Set<RecordId>;
  userDw: Set<RecordId>;
  /** The case and the matter that existed at activation, as they were (R12: never written). */
  pre: SideMatter[];
}

/**
 * At activation: 4 people in both apps, an old case in MC and an old matter in DW (R12) named
 * like a new case. Then `cases` MC cases (every 5th with a client the sync has not seen) and
 * `matters` DW matters (every 3rd with a new client; every other one named like an MC case, so
 * R6 appends its id in MC, the others queued as saved in a DW tab). A pull, a push and a check
 * run; the worker stops at `stopAt`.
 */
async function scenario(cases: number, matters: number, stopAt: number | null, memory = true): Promise<Built> {
  let points = 0;
  let armed = false;
  const tick = (): void => {
    if (!armed) return;
    points += 1;
    if (points === stopAt) throw new Crash(`stopped at point ${points}`);
  };
  const h = await createHarness({ memory, pageSize: 10, beforeWrite: tick, engine: { beforeRemote: tick, batchSize: 10, retryBaseMs: 1000 } });
  const mcPeople: RecordId[] = [];
  const dwPeople: RecordId[] = [];
  for (let i = 0; i < 4; i += 1) {
    mcPeople.push(h.mc.userCreateContact(person(i)).id);
    dwPeople.push(h.dw.userCreateContact(person(i)).id);
  }
  const pre = [
    h.mc.userCreateMatter({ name: 'Old case', description: 'before activation', clientIds: [mcPeople[0] ?? 0] }),
    h.dw.userCreateMatter({ name: 'Case 1', description: 'before activation', clientIds: [dwPeople[0] ?? 0] }),
  ];
  await h.engine.activate('two-way');
  h.clock.advance(60_000);
  const userMc = new Set<RecordId>();
  const userDw = new Set<RecordId>();
  for (let i = 0; i < cases; i += 1) {
    const client = i % 5 === 4 ? h.mc.userCreateContact(person(100 + i)).id : (mcPeople[i % 4] ?? 0);
    userMc.add(h.mc.userCreateMatter({ name: `Case ${i}`, description: `From MyCase ${i}`, clientIds: [client] }).id);
  }
  for (let j = 0; j < matters; j += 1) {
    const client = j % 3 === 2 ? h.dw.userCreateContact(person(200 + j)).id : (dwPeople[j % 4] ?? 0);
    const matter = h.dw.userCreateMatter({ name: j % 2 === 0 ? `Case ${j}` : `Matter ${j}`, description: `From Docketwise ${j}`, clientIds: [client] });
    userDw.add(matter.id);
    // Saved in an open Docketwise tab (R18): queued at once; the others wait for the check.
    if (j % 2 === 1) await h.engine.enqueuePush('matter', matter.id);
  }
  h.clock.advance(60_000);
  armed = true;
  // A pull, a push of the saves noticed in open Docketwise tabs, then the background check.
  const runs: RunKind[] = ['pull', 'push', 'docketwise-check'];
  let current = 0;
  let finishedAt = (await h.store.settings()).lastRunAt;
  try {
    for (; current < runs.length; current += 1) {
      await h.engine.startRun(runs[current] ?? 'pull');
      finishedAt = (await h.store.settings()).lastRunAt;
    }
  } catch (error) {
    if (!(error instanceof Crash)) throw error;
    const engine = await h.restart();
    // Bounded: a resumed run either finishes or reports why it could not.
    for (let attempt = 0; attempt < 3 && (await engine.hasUnfinishedRun()); attempt += 1) await engine.resume();
    // Stopped before the run saved its start: the scheduler starts it again; then the rest.
    if ((await h.store.settings()).lastRunAt === finishedAt) await engine.startRun(runs[current] ?? 'pull');
    for (current += 1; current < runs.length; current += 1) await engine.startRun(runs[current] ?? 'pull');
  }
  return { h, points, userMc, userDw, pre };
}

/** 0 duplicates, 0 lost changes, 0 pending intents, and the matters of activation untouched. */
async function expectClean({ h, userMc, userDw, pre }: Built): Promise<void> {
  await expectQuiescent(h);
  // One case and one matter per logical record: each link joins a user's record to the sync's copy.
  const links = await h.store.allLinks('matter');
  expect(links).toHaveLength(userMc.size + userDw.size);
  const preIds = new Set(pre.map((m) => `${m.side}:${m.id}`));
  for (const link of links) {
    expect(preIds.has(`mycase:${link.mc.id}`) || preIds.has(`docketwise:${link.dw.id}`)).toBe(false);
    expect({ link: link.key, userMc: userMc.has(link.mc.id), userDw: userDw.has(link.dw.id) }).toMatchObject({ userMc: !userDw.has(link.dw.id) });
  }
  expect(new Set(links.map((l) => l.mc.id)).size).toBe(links.length);
  expect(h.mc.allMatters()).toHaveLength(1 + userMc.size + userDw.size);
  expect(h.dw.allMatters()).toHaveLength(1 + userMc.size + userDw.size);
  // No lost change: every pair holds the same values through the engine's mapping (R6, R15, R17).
  expect((await Promise.all(links.map((l) => matterPairDiffs(h, l)))).flat()).toEqual([]);
  // R12: what existed at activation was neither linked nor written.
  const now = [...h.mc.allMatters(), ...h.dw.allMatters()];
  for (const old of pre) expect(now.find((m) => m.side === old.side && m.id === old.id)).toEqual(old);
}

describe('matter crash injection (R21)', () => {
  it('R21 R15 R17 stopping at every instrumented await of a pull, a push and a check (6 cases, 4 matters): no duplicate, nothing lost', async () => {
    const { points } = await scenario(6, 4, null);
    expect(points).toBeGreaterThan(20);
    for (let stop = 1; stop <= points; stop += 1) await expectClean(await scenario(6, 4, stop));
  });

  it('R21 the same on IndexedDB (fake-indexeddb) at a sample of points', async () => {
    const { points } = await scenario(6, 4, null, false);
    for (let stop = 1; stop <= points; stop += Math.max(1, Math.floor(points / 15))) await expectClean(await scenario(6, 4, stop, false));
  });

  it(`R21 stopping during a pull, a push and a check of 30 cases and 10 matters (${FULL ? 'every point' : `${SAMPLE} points`}): no duplicate, nothing lost, no pending intent`, async () => {
    const started = performance.now();
    const { points } = await scenario(30, 10, null);
    const step = FULL ? 1 : Math.max(1, Math.floor(points / SAMPLE));
    let tried = 0;
    for (let stop = 1; stop <= points; stop += step) {
      await expectClean(await scenario(30, 10, stop));
      tried += 1;
    }
    console.info(`matter crash sweep: ${tried} of ${points} points, ${Math.round(performance.now() - started)} ms`);
  }, 3_600_000);

  it('R21 write committed but response lost on 10% of matter writes: 0 duplicates after 3 runs', async () => {
    const h = await createHarness({ memory: true, pageSize: 100, engine: { retryBaseMs: 1000 } });
    const mcPeople = Array.from({ length: 20 }, (_, i) => h.mc.userCreateContact(person(i)).id);
    await h.engine.activate('two-way');
    h.clock.advance(60_000);
    const dwPeople = (await h.store.allLinks('contact')).map((l) => l.dw.id);
    const userMc = new Set<RecordId>();
    const userDw = new Set<RecordId>();
    for (let i = 0; i < 100; i += 1) {
      userMc.add(h.mc.userCreateMatter({ name: `Case ${i}`, description: `From MyCase ${i}`, clientIds: [mcPeople[i % 20] ?? 0] }).id);
      const name = i % 2 === 0 ? `Case ${i}` : `Matter ${i}`;
      userDw.add(h.dw.userCreateMatter({ name, description: `From Docketwise ${i}`, clientIds: [dwPeople[i % 20] ?? 0] }).id);
    }
    let seed = 42;
    const random = (): number => {
      // Deterministic LCG so that a failure reproduces.
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const matterWrites = (call: { method: string }): 'lose' | null =>
      (call.method === 'createMatter' || call.method === 'updateMatter') && random() < 0.1 ? 'lose' : null;
    h.dw.setWriteFault(matterWrites);
    h.mc.setWriteFault(matterWrites);
    for (let run = 0; run < 3; run += 1) {
      h.clock.advance(3_600_000);
      await h.engine.resume();
      await h.engine.startRun('pull');
      await h.engine.startRun('docketwise-check');
    }
    const links = await h.store.allLinks('matter');
    for (const link of links) {
      expect({ link: link.key, userMc: userMc.has(link.mc.id), userDw: userDw.has(link.dw.id) }).toMatchObject({ userMc: !userDw.has(link.dw.id) });
    }
    expect(h.mc.allMatters()).toHaveLength(200);
    expect(h.dw.allMatters()).toHaveLength(200);
    expect(links).toHaveLength(200);
    expect(await h.store.pendingIntents()).toEqual([]);
  });
});

/**
 * Smallest examples of engine bugs the sweep found (reported to the lead, not fixed here:
 * src/sync/engine.ts belongs to another change). Each fails until the engine is fixed.
 */
describe('matter crash recovery: minimal failing examples', () => {
  // ENGINE BUG B (recoverIntents, matters): the worker stopped after journaling a DW create and
  // before sending it. Recovery looks for an unlinked DW matter with the intent's name and takes
  // the newest: the user's own new DW matter of the same name. The case and that matter are
  // linked (two logical records merged), and neither gets its own copy.
  it('R21 a create stopped before it was sent is not "recovered" onto another new DW matter with the same name', async () => {
    let stopped = false;
    const h = await createHarness({
      memory: true,
      engine: {
        beforeRemote: (label) => {
          if (label === 'dw.createMatter' && !stopped) {
            stopped = true;
            throw new Crash('stopped before the create was sent');
          }
        },
      },
    });
    const mcClient = h.mc.userCreateContact(person(1));
    const dwClient = h.dw.userCreateContact(person(1));
    await h.engine.activate('two-way');
    h.clock.advance(60_000);
    const kase = h.mc.userCreateMatter({ name: 'Case 0', description: 'From MyCase', clientIds: [mcClient.id] });
    const matter = h.dw.userCreateMatter({ name: 'Case 0', description: 'From Docketwise', clientIds: [dwClient.id] });
    await expect(h.engine.startRun('pull')).rejects.toThrow(Crash);
    const engine = await h.restart();
    await engine.resume();
    await engine.startRun('docketwise-check');
    expect((await h.store.getLinkByMc('matter', kase.id))?.dw.id).not.toBe(matter.id);
    expect(h.dw.allMatters()).toHaveLength(2);
    expect(h.mc.allMatters()).toHaveLength(2);
  });

  // ENGINE BUG D (recoverIntents): the DW create was stored but its answer lost, and the worker
  // stopped before the in-run retry. The user edits the case while the worker is stopped; the
  // recovery links with the case's *current* fields as the MC base, so the edit never reaches DW.
  it('R21 R19 an MC edit made while the worker was stopped after a lost DW create still reaches DW', async () => {
    const h = await createHarness({ memory: true, engine: { retryBaseMs: 1000 } });
    const client = h.mc.userCreateContact(person(1));
    await h.engine.activate('two-way');
    h.clock.advance(1000);
    const kase = h.mc.userCreateMatter({ name: 'Asylum', description: '', clientIds: [client.id] });
    h.dw.failNextWrites(1, 'lose');
    h.dw.setBeforeCall((call) => {
      // The in-run recovery's first request: the worker is stopped there.
      if (call.method === 'listMatters') throw new Crash('worker stopped');
    });
    await expect(h.engine.startRun('pull')).rejects.toThrow(Crash);
    h.dw.setBeforeCall(null);
    h.clock.advance(1000);
    h.mc.userUpdateMatter(kase.id, { description: 'edited while the worker was stopped' });
    const engine = await h.restart();
    await engine.resume();
    h.clock.advance(3_600_000);
    await engine.startRun('pull');
    const link = await h.store.getLinkByMc('matter', kase.id);
    expect(link && (await matterPairDiffs(h, link))).toEqual([]);
  });

  // ENGINE BUG D, contact twin (same lines of recoverIntents: `link.dw` is the DW source as it
  // is now): a DW edit between a lost MC contact create and its recovery never reaches MC.
  it('R21 R19 a DW contact edit made between a lost MC create and its recovery still reaches MC', async () => {
    const h = await createHarness({ memory: true, engine: { retryBaseMs: 1000 } });
    await h.engine.activate('two-way');
    h.clock.advance(1000);
    const dw = h.dw.userCreateContact(person(1));
    h.mc.failNextWrites(1, 'lose');
    await h.engine.startRun('docketwise-check');
    h.clock.advance(1000);
    h.dw.userUpdateContact(dw.id, { workPhone: '5125550003' });
    h.clock.advance(3_600_000);
    await h.engine.startRun('docketwise-check');
    await h.engine.startRun('pull');
    expect(h.mc.allContacts().map((c) => c.fields.workPhone)).toEqual(['5125550003']);
  });
});
