import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { DB_VERSION } from '../../src/store/schema';
import { SyncStore } from '../../src/store/sync-store';

let n = 0;
const open = (beforeWrite?: (label: string) => void) => SyncStore.open({ name: `store-test-${++n}`, beforeWrite });

describe('sync store', () => {
  it('creates every store at the current schema version', async () => {
    const store = await open();
    expect(store.db.version).toBe(DB_VERSION);
    expect([...store.db.objectStoreNames].sort()).toEqual(['conflicts', 'intents', 'links', 'log', 'meta', 'outbox', 'records', 'review', 'runs']);
    store.close();
    const raw = await openDB(`store-test-${n}`);
    expect(raw.version).toBe(DB_VERSION);
    raw.close();
  });

  it('R18 the outbox deduplicates by entity and id and keeps its entries', async () => {
    const store = await open();
    await store.enqueue('contact', 7, 1000);
    await store.enqueue('contact', 7, 2000);
    await store.enqueue('matter', 7, 2000);
    expect(await store.outboxSize()).toBe(2);
    expect((await store.allOutbox()).find((e) => e.key === 'contact:7')).toMatchObject({ enqueuedAt: 1000, attempts: 0 });
    expect(await store.dueOutbox(1500, 10)).toHaveLength(1);
  });

  it('R21 the run lock is exclusive until its heartbeat is stale', async () => {
    const store = await open();
    expect(await store.acquireLock('run-1', 'worker-a', 1000, 60_000)).toBe(true);
    expect(await store.acquireLock('run-2', 'worker-b', 2000, 60_000)).toBe(false);
    expect(await store.acquireLock('run-2', 'worker-b', 62_000, 60_000)).toBe(true);
    await store.releaseLock('run-2');
    expect(await store.acquireLock('run-3', 'worker-c', 62_001, 60_000)).toBe(true);
  });

  it('R21 a commit is all or nothing: a failing write leaves nothing behind', async () => {
    const store = await open((label) => {
      if (label === 'boom') throw new Error('stopped');
    });
    await expect(
      store.commit({ intents: [{ opId: 'x', runId: 'r', entity: 'contact', target: 'mycase', sourceId: 1, matchKey: null, name: null, withoutEmail: false, fields: { name: '', description: '', clientIds: [] }, startedAt: 0 }] }, 'boom'),
    ).rejects.toThrow('stopped');
    expect(await store.pendingIntents()).toEqual([]);
    // A log entry with a duplicate explicit key fails inside the transaction: the link must not stay.
    await store.commit({ log: [{ id: 1, runId: 'r', at: 0, entity: 'contact', direction: 'pull', outcome: 'created', dwId: 1, mcId: 2, reason: '', rule: null }] });
    await expect(
      store.commit({
        links: [{ key: 'contact:1', mcKey: 'contact:2', entity: 'contact', state: 'ok', stateAt: '', linkedAt: '', dw: { id: 1, hash: 'a', fields: { name: '', description: '', clientIds: [] } }, mc: { id: 2, hash: 'a', fields: { name: '', description: '', clientIds: [] } } }],
        log: [{ id: 1, runId: 'r', at: 0, entity: 'contact', direction: 'pull', outcome: 'created', dwId: 1, mcId: 2, reason: '', rule: null }],
      }),
    ).rejects.toThrow();
    expect(await store.getLink('contact', 1)).toBeUndefined();
  });

  it('R28 the log reads newest first and by run', async () => {
    const store = await open();
    const entry = (runId: string, at: number) => ({ runId, at, entity: 'contact' as const, direction: 'pull' as const, outcome: 'created' as const, dwId: 1, mcId: 2, reason: 'x', rule: null });
    await store.commit({ log: [entry('a', 1), entry('b', 2), entry('a', 3)] });
    expect((await store.readLog({ runId: 'a' })).map((e) => e.at)).toEqual([3, 1]);
    expect((await store.readLog({ limit: 1 }))[0]?.at).toBe(3);
  });
});
