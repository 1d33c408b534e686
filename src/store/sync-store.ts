/**
 * Typed access to the sync database. Every write is one short transaction with no network call
 * inside it; related writes (a link, its index row, the finished intent and the log line) go
 * into one `commit` so that nothing is ever half-written.
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { Entity, RecordId, Side } from '../core/types';
import {
  DB_NAME,
  DB_VERSION,
  type ConflictEntry,
  type CreateIntent,
  type EngineSettings,
  type IndexRecord,
  type LogEntry,
  type MetaKey,
  type MetaValues,
  type OutboxEntry,
  type ReviewItem,
  type RunLock,
  type RunRecord,
  type StoredLink,
  type SyncDB,
} from './schema';

export const linkKey = (entity: Entity, dwId: RecordId): string => `${entity}:${dwId}`;
export const mcLinkKey = (entity: Entity, mcId: RecordId): string => `${entity}:${mcId}`;
export const indexKey = (side: Side, entity: Entity, id: RecordId): string => `${side}:${entity}:${id}`;
export const outboxKey = (entity: Entity, dwId: RecordId): string => `${entity}:${dwId}`;

export const defaultSettings = (): EngineSettings => ({
  active: false,
  mode: 'two-way',
  activatedAt: null,
  lastPullStartedAt: null,
  lastSuccessfulPullAt: null,
  lastCheckAt: null,
  lastRunAt: null,
});

/** Everything one `commit` may write, atomically. */
export interface CommitBatch {
  /** Link keys to delete; applied before `links`, so a pair can be replaced in one commit (R29). */
  linksRemove?: string[];
  links?: StoredLink[];
  index?: IndexRecord[];
  intents?: CreateIntent[];
  intentsDone?: string[];
  log?: LogEntry[];
  conflicts?: ConflictEntry[];
  review?: ReviewItem[];
  reviewDone?: string[];
  outboxRemove?: string[];
  outbox?: OutboxEntry[];
  meta?: Partial<MetaValues>;
  metaDelete?: MetaKey[];
  runs?: RunRecord[];
}

export interface SyncStoreOptions {
  name?: string;
  /**
   * Called before every write transaction with a label. Tests throw from it to simulate the
   * worker stopping at that point (crash injection).
   */
  beforeWrite?: (label: string) => void;
}

export type SyncDatabase = IDBPDatabase<SyncDB>;

export async function openSyncDatabase(name = DB_NAME): Promise<SyncDatabase> {
  return openDB<SyncDB>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      // Version 1: the first schema. Later versions add steps below, never edit this one.
      if (oldVersion < 1) {
        db.createObjectStore('links', { keyPath: 'key' }).createIndex('by-mc', 'mcKey', { unique: true });
        const records = db.createObjectStore('records', { keyPath: 'key' });
        records.createIndex('by-match', 'sideMatchKey');
        records.createIndex('by-side-entity', ['side', 'entity']);
        db.createObjectStore('outbox', { keyPath: 'key' }).createIndex('by-next', 'nextAttemptAt');
        db.createObjectStore('intents', { keyPath: 'opId' });
        db.createObjectStore('meta');
        db.createObjectStore('runs', { keyPath: 'runId' }).createIndex('by-start', 'startedAt');
        const log = db.createObjectStore('log', { keyPath: 'id', autoIncrement: true });
        log.createIndex('by-run', 'runId');
        log.createIndex('by-at', 'at');
        db.createObjectStore('conflicts', { keyPath: 'id', autoIncrement: true }).createIndex('by-at', 'at');
        db.createObjectStore('review', { keyPath: 'key' });
      }
    },
  });
}

export class SyncStore {
  private constructor(
    readonly db: SyncDatabase,
    private readonly beforeWrite: (label: string) => void,
  ) {}

  static async open(options: SyncStoreOptions = {}): Promise<SyncStore> {
    const db = await openSyncDatabase(options.name);
    return new SyncStore(db, options.beforeWrite ?? (() => undefined));
  }

  /** Over an already open database (tests and benchmarks pass the in-memory one). */
  static over(db: SyncDatabase, options: Pick<SyncStoreOptions, 'beforeWrite'> = {}): SyncStore {
    return new SyncStore(db, options.beforeWrite ?? (() => undefined));
  }

  close(): void {
    this.db.close();
  }

  // ------------------------------------------------------------------ meta

  async getMeta<K extends MetaKey>(key: K): Promise<MetaValues[K] | undefined> {
    return (await this.db.get('meta', key)) as MetaValues[K] | undefined;
  }

  async settings(): Promise<EngineSettings> {
    return { ...defaultSettings(), ...(await this.getMeta('settings')) };
  }

  async updateSettings(patch: Partial<EngineSettings>, label = 'settings'): Promise<EngineSettings> {
    this.beforeWrite(label);
    const tx = this.db.transaction('meta', 'readwrite');
    const current = { ...defaultSettings(), ...((await tx.store.get('settings')) as EngineSettings | undefined) };
    const next = { ...current, ...patch };
    await tx.store.put(next, 'settings');
    await tx.done;
    return next;
  }

  /**
   * Takes the run lock when it is free, already ours, or stale (its owner stopped heart-beating:
   * the worker that held it is gone). Atomic: one read-write transaction.
   */
  async acquireLock(runId: string, owner: string, now: number, staleMs: number): Promise<boolean> {
    this.beforeWrite('lock');
    const tx = this.db.transaction('meta', 'readwrite');
    const lock = (await tx.store.get('lock')) as RunLock | undefined;
    const free = !lock || lock.runId === runId || lock.owner === owner || now - lock.heartbeatAt > staleMs;
    if (free) await tx.store.put({ runId, owner, heartbeatAt: now } satisfies RunLock, 'lock');
    await tx.done;
    return free;
  }

  async releaseLock(runId: string): Promise<void> {
    this.beforeWrite('unlock');
    const tx = this.db.transaction('meta', 'readwrite');
    const lock = (await tx.store.get('lock')) as RunLock | undefined;
    if (lock?.runId === runId) await tx.store.delete('lock');
    await tx.done;
  }

  // ------------------------------------------------------------------ the atomic writer

  async commit(batch: CommitBatch, label = 'commit'): Promise<void> {
    this.beforeWrite(label);
    const tx = this.db.transaction(['links', 'records', 'intents', 'log', 'conflicts', 'review', 'outbox', 'meta', 'runs'], 'readwrite');
    const writes: Promise<unknown>[] = [];
    // Removals go first: the replacing link may reuse the removed one's unique MyCase id.
    for (const key of batch.linksRemove ?? []) writes.push(tx.objectStore('links').delete(key));
    for (const link of batch.links ?? []) writes.push(tx.objectStore('links').put(link));
    for (const record of batch.index ?? []) writes.push(tx.objectStore('records').put(record));
    for (const intent of batch.intents ?? []) writes.push(tx.objectStore('intents').put(intent));
    for (const opId of batch.intentsDone ?? []) writes.push(tx.objectStore('intents').delete(opId));
    for (const entry of batch.log ?? []) writes.push(tx.objectStore('log').add(entry));
    for (const conflict of batch.conflicts ?? []) writes.push(tx.objectStore('conflicts').add(conflict));
    for (const item of batch.review ?? []) writes.push(tx.objectStore('review').put(item));
    for (const key of batch.reviewDone ?? []) writes.push(tx.objectStore('review').delete(key));
    for (const key of batch.outboxRemove ?? []) writes.push(tx.objectStore('outbox').delete(key));
    for (const entry of batch.outbox ?? []) writes.push(tx.objectStore('outbox').put(entry));
    for (const [key, value] of Object.entries(batch.meta ?? {}) as [MetaKey, MetaValues[MetaKey]][]) {
      writes.push(tx.objectStore('meta').put(value, key));
    }
    for (const key of batch.metaDelete ?? []) writes.push(tx.objectStore('meta').delete(key));
    for (const record of batch.runs ?? []) writes.push(tx.objectStore('runs').put(record));
    await Promise.all([...writes, tx.done]);
  }

  async deleteMeta(key: MetaKey): Promise<void> {
    this.beforeWrite(`delete-${key}`);
    await this.db.delete('meta', key);
  }

  // ------------------------------------------------------------------ links

  getLink(entity: Entity, dwId: RecordId): Promise<StoredLink | undefined> {
    return this.db.get('links', linkKey(entity, dwId));
  }

  getLinkByMc(entity: Entity, mcId: RecordId): Promise<StoredLink | undefined> {
    return this.db.getFromIndex('links', 'by-mc', mcLinkKey(entity, mcId));
  }

  async allLinks(entity?: Entity): Promise<StoredLink[]> {
    const links = await this.db.getAll('links');
    return entity ? links.filter((l) => l.entity === entity) : links;
  }

  // ------------------------------------------------------------------ local index

  getIndex(side: Side, entity: Entity, id: RecordId): Promise<IndexRecord | undefined> {
    return this.db.get('records', indexKey(side, entity, id));
  }

  indexByMatchKey(side: Side, matchKey: string): Promise<IndexRecord[]> {
    return this.db.getAllFromIndex('records', 'by-match', `${side}:${matchKey}`);
  }

  indexOf(side: Side, entity: Entity): Promise<IndexRecord[]> {
    return this.db.getAllFromIndex('records', 'by-side-entity', [side, entity]);
  }

  // ------------------------------------------------------------------ outbox

  /** Dedup by entity+id: a second save of a record waiting to be pushed changes nothing. */
  async enqueue(entity: Entity, dwId: RecordId, now: number): Promise<void> {
    this.beforeWrite('enqueue');
    const tx = this.db.transaction('outbox', 'readwrite');
    const key = outboxKey(entity, dwId);
    const existing = await tx.store.get(key);
    if (existing) {
      // A fresh save makes a backed-off entry due again: the user is waiting for it (R18).
      await tx.store.put({ ...existing, nextAttemptAt: Math.min(existing.nextAttemptAt, now) });
    } else {
      await tx.store.put({ key, entity, dwId, attempts: 0, nextAttemptAt: now, enqueuedAt: now, lastError: null });
    }
    await tx.done;
  }

  async dueOutbox(now: number, limit: number): Promise<OutboxEntry[]> {
    // The in-memory database (tests, benchmarks on Node) has no IDBKeyRange; it then filters.
    if (typeof IDBKeyRange === 'undefined') {
      return (await this.db.getAllFromIndex('outbox', 'by-next')).filter((e) => e.nextAttemptAt <= now).slice(0, limit);
    }
    return this.db.getAllFromIndex('outbox', 'by-next', IDBKeyRange.upperBound(now), limit);
  }

  allOutbox(): Promise<OutboxEntry[]> {
    return this.db.getAll('outbox');
  }

  outboxSize(): Promise<number> {
    return this.db.count('outbox');
  }

  // ------------------------------------------------------------------ intents, runs, log

  pendingIntents(): Promise<CreateIntent[]> {
    return this.db.getAll('intents');
  }

  async putRunRecord(record: RunRecord): Promise<void> {
    this.beforeWrite('run-record');
    await this.db.put('runs', record);
  }

  /** One run's record (written when the run starts, updated when it ends). */
  runRecord(runId: string): Promise<RunRecord | undefined> {
    return this.db.get('runs', runId);
  }

  /** Newest first. */
  async recentRuns(limit: number): Promise<RunRecord[]> {
    return (await this.db.getAllFromIndex('runs', 'by-start')).reverse().slice(0, limit);
  }

  /** Newest first, optionally one run's entries only. */
  async readLog(filter: { runId?: string; limit?: number; outcome?: LogEntry['outcome'] } = {}): Promise<LogEntry[]> {
    const all = filter.runId ? await this.db.getAllFromIndex('log', 'by-run', filter.runId) : await this.db.getAll('log');
    const wanted = all.filter((e) => filter.outcome === undefined || e.outcome === filter.outcome).reverse();
    return filter.limit === undefined ? wanted : wanted.slice(0, filter.limit);
  }

  conflicts(): Promise<ConflictEntry[]> {
    return this.db.getAll('conflicts');
  }

  async markConflictRestored(id: number, at: number): Promise<void> {
    this.beforeWrite('conflict-restored');
    const tx = this.db.transaction('conflicts', 'readwrite');
    const entry = await tx.store.get(id);
    if (entry) await tx.store.put({ ...entry, restoredAt: at });
    await tx.done;
  }

  reviewItems(): Promise<ReviewItem[]> {
    return this.db.getAll('review');
  }
}
