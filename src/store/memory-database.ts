/**
 * An in-memory stand-in for the sync database, for property tests and benchmarks that run
 * thousands of syncs (fake-indexeddb costs ~0.2–1 ms per transaction, far too slow for 10,000
 * sequences). It implements only the subset of idb's `IDBPDatabase` that `SyncStore` uses,
 * with IndexedDB's semantics where they matter here: values are copied in and out, a
 * transaction's writes apply together when it completes (or not at all), `add` refuses an
 * existing key, index reads come back in index-key order. The real schema is exercised by the
 * store tests on fake-indexeddb; this only has to behave the same for the engine.
 */
import type { SyncDatabase } from './sync-store';

type Key = string | number | (string | number)[];
type Row = Record<string, unknown>;

interface StoreShape {
  keyPath: string | null;
  autoIncrement: boolean;
  indexes: Record<string, string | string[]>;
}

const SHAPES: Record<string, StoreShape> = {
  links: { keyPath: 'key', autoIncrement: false, indexes: { 'by-mc': 'mcKey' } },
  records: { keyPath: 'key', autoIncrement: false, indexes: { 'by-match': 'sideMatchKey', 'by-side-entity': ['side', 'entity'] } },
  outbox: { keyPath: 'key', autoIncrement: false, indexes: { 'by-next': 'nextAttemptAt' } },
  intents: { keyPath: 'opId', autoIncrement: false, indexes: {} },
  meta: { keyPath: null, autoIncrement: false, indexes: {} },
  runs: { keyPath: 'runId', autoIncrement: false, indexes: { 'by-start': 'startedAt' } },
  log: { keyPath: 'id', autoIncrement: true, indexes: { 'by-run': 'runId', 'by-at': 'at' } },
  conflicts: { keyPath: 'id', autoIncrement: true, indexes: { 'by-at': 'at' } },
  review: { keyPath: 'key', autoIncrement: false, indexes: {} },
};

function compareKeys(a: Key, b: Key): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
      const c = compareKeys(a[i] as Key, b[i] as Key);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  // IndexedDB orders numbers before strings before arrays.
  const rank = (k: Key): number => (typeof k === 'number' ? 0 : typeof k === 'string' ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

const valid = (k: unknown): k is Key =>
  typeof k === 'number' || typeof k === 'string' || (Array.isArray(k) && k.every((p) => typeof p === 'number' || typeof p === 'string'));

function keyAt(row: Row, path: string | string[]): unknown {
  return Array.isArray(path) ? path.map((p) => row[p]) : row[path];
}

interface RangeLike {
  includes(key: unknown): boolean;
}
const isRange = (q: unknown): q is RangeLike => typeof q === 'object' && q !== null && !Array.isArray(q) && 'includes' in q;

function matches(key: Key, query: unknown): boolean {
  if (query === undefined || query === null) return true;
  if (isRange(query)) return query.includes(key);
  return valid(query) && compareKeys(key, query) === 0;
}

type Table = Map<string, { key: Key; value: unknown }>;

/**
 * Copies in and out, as IndexedDB's structured clone does; the stored values are plain data
 * (objects, arrays, strings, numbers, booleans, null), and this is several times faster than
 * `structuredClone` on the hot path.
 */
function copy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copy) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copy((value as Record<string, unknown>)[key]);
  return out as T;
}
const rowId = (key: Key): string => (typeof key === 'string' ? `s${key}` : JSON.stringify(key));

/** Holds the data; transactions and stores are small classes (no closures per call: it is hot). */
class MemoryData {
  readonly tables = new Map<string, Table>();
  readonly counters = new Map<string, number>();
  /** Exact-match lookups per index (`table/index` → index key → row ids), like a B-tree would. */
  private readonly postings = new Map<string, Map<string, Set<string>>>();

  constructor() {
    for (const name of Object.keys(SHAPES)) {
      this.tables.set(name, new Map());
      for (const index of Object.keys(shapeOf(name).indexes)) this.postings.set(`${name}/${index}`, new Map());
    }
  }

  table(name: string): Table {
    const t = this.tables.get(name);
    if (!t) throw new Error(`No object store ${name}`);
    return t;
  }

  set(name: string, key: Key, value: unknown): void {
    this.remove(name, key);
    const rid = rowId(key);
    this.table(name).set(rid, { key, value });
    for (const [index, path] of Object.entries(shapeOf(name).indexes)) {
      const ik = keyAt(value as Row, path);
      if (!valid(ik)) continue;
      const postings = this.postings.get(`${name}/${index}`);
      const ids = postings?.get(rowId(ik)) ?? new Set<string>();
      ids.add(rid);
      postings?.set(rowId(ik), ids);
    }
  }

  remove(name: string, key: Key): void {
    const rid = rowId(key);
    const old = this.table(name).get(rid);
    if (!old) return;
    this.table(name).delete(rid);
    for (const [index, path] of Object.entries(shapeOf(name).indexes)) {
      const ik = keyAt(old.value as Row, path);
      if (valid(ik)) this.postings.get(`${name}/${index}`)?.get(rowId(ik))?.delete(rid);
    }
  }

  readOne(name: string, key: Key): unknown {
    return copy(this.table(name).get(rowId(key))?.value);
  }

  readAll(name: string): unknown[] {
    return [...this.table(name).values()].sort((a, b) => compareKeys(a.key, b.key)).map((e) => copy(e.value));
  }

  readIndex(name: string, index: string, query?: unknown, count?: number): unknown[] {
    const path = shapeOf(name).indexes[index];
    if (path === undefined) throw new Error(`No index ${index} on ${name}`);
    const table = this.table(name);
    let candidates: Iterable<{ key: Key; value: unknown }> = table.values();
    if (valid(query)) {
      const ids = this.postings.get(`${name}/${index}`)?.get(rowId(query)) ?? new Set<string>();
      candidates = [...ids].flatMap((rid) => {
        const row = table.get(rid);
        return row ? [row] : [];
      });
    }
    const rows: { ik: Key; pk: Key; value: unknown }[] = [];
    for (const { key, value } of candidates) {
      const ik = keyAt(value as Row, path);
      if (valid(ik) && matches(ik, query)) rows.push({ ik, pk: key, value });
    }
    rows.sort((a, b) => compareKeys(a.ik, b.ik) || compareKeys(a.pk, b.pk));
    return rows.slice(0, count ?? rows.length).map((r) => copy(r.value));
  }
}

function shapeOf(name: string): StoreShape {
  const s = SHAPES[name];
  if (!s) throw new Error(`No object store ${name}`);
  return s;
}

type Op = { kind: 'put'; table: string; key: Key; value: unknown; mustBeNew: boolean } | { kind: 'delete'; table: string; key: Key };

/** A transaction buffers its writes and applies them all, or none, when `done` is awaited. */
class MemoryTransaction {
  readonly ops: Op[] = [];
  private finished: Promise<void> | null = null;
  readonly store: MemoryObjectStore;

  constructor(
    readonly data: MemoryData,
    names: string | string[],
  ) {
    this.store = new MemoryObjectStore(this, (Array.isArray(names) ? names[0] : names) ?? '');
  }

  objectStore(name: string): MemoryObjectStore {
    return new MemoryObjectStore(this, name);
  }

  get done(): Promise<void> {
    this.finished ??= this.apply();
    return this.finished;
  }

  private apply(): Promise<void> {
    try {
      // All or nothing, like an IndexedDB transaction that aborts on a failed request.
      for (const op of this.ops) {
        if (op.kind === 'put' && op.mustBeNew && this.data.table(op.table).has(rowId(op.key))) {
          throw new Error(`Key ${rowId(op.key)} already exists in ${op.table}`);
        }
      }
      for (const op of this.ops) {
        if (op.kind === 'put') this.data.set(op.table, op.key, op.value);
        else this.data.remove(op.table, op.key);
      }
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

class MemoryObjectStore {
  constructor(
    private readonly tx: MemoryTransaction,
    private readonly name: string,
  ) {}

  get(key: Key): Promise<unknown> {
    return Promise.resolve(this.tx.data.readOne(this.name, key));
  }

  getAll(): Promise<unknown[]> {
    return Promise.resolve(this.tx.data.readAll(this.name));
  }

  put(value: unknown, key?: Key): Promise<Key> {
    return this.write(value, key, false);
  }

  add(value: unknown, key?: Key): Promise<Key> {
    return this.write(value, key, true);
  }

  delete(key: Key): Promise<void> {
    this.tx.ops.push({ kind: 'delete', table: this.name, key });
    return Promise.resolve();
  }

  private write(value: unknown, explicitKey: Key | undefined, mustBeNew: boolean): Promise<Key> {
    const s = shapeOf(this.name);
    const row = copy(value) as Row;
    let key: Key;
    if (explicitKey !== undefined) key = explicitKey;
    else if (s.keyPath !== null && valid(row[s.keyPath])) key = row[s.keyPath] as Key;
    else if (s.autoIncrement && s.keyPath !== null) {
      key = (this.tx.data.counters.get(this.name) ?? 0) + 1;
      row[s.keyPath] = key;
    } else return Promise.reject(new Error(`No key for a value in ${this.name}`));
    if (typeof key === 'number' && s.autoIncrement) {
      this.tx.data.counters.set(this.name, Math.max(this.tx.data.counters.get(this.name) ?? 0, key));
    }
    this.tx.ops.push({ kind: 'put', table: this.name, key, value: row, mustBeNew });
    return Promise.resolve(key);
  }
}

class MemoryDatabase {
  readonly version = 1;
  readonly objectStoreNames = Object.keys(SHAPES);
  private readonly data = new MemoryData();

  close(): void {
    // Nothing to release: the data lives as long as this object.
  }

  transaction(names: string | string[]): MemoryTransaction {
    return new MemoryTransaction(this.data, names);
  }

  get(name: string, key: Key): Promise<unknown> {
    return Promise.resolve(this.data.readOne(name, key));
  }

  getAll(name: string): Promise<unknown[]> {
    return Promise.resolve(this.data.readAll(name));
  }

  getFromIndex(name: string, index: string, query: unknown): Promise<unknown> {
    return Promise.resolve(this.data.readIndex(name, index, query, 1)[0]);
  }

  getAllFromIndex(name: string, index: string, query?: unknown, count?: number): Promise<unknown[]> {
    return Promise.resolve(this.data.readIndex(name, index, query, count));
  }

  count(name: string): Promise<number> {
    return Promise.resolve(this.data.table(name).size);
  }

  async put(name: string, value: unknown, key?: Key): Promise<Key> {
    const tx = this.transaction(name);
    const result = await tx.store.put(value, key);
    await tx.done;
    return result;
  }

  async add(name: string, value: unknown, key?: Key): Promise<Key> {
    const tx = this.transaction(name);
    const result = await tx.store.add(value, key);
    await tx.done;
    return result;
  }

  async delete(name: string, key: Key): Promise<void> {
    const tx = this.transaction(name);
    await tx.store.delete(key);
    await tx.done;
  }
}

export function createMemorySyncDatabase(): SyncDatabase {
  // The fake implements the subset of IDBPDatabase that SyncStore calls; the store tests run the
  // same SyncStore on fake-indexeddb, which checks the real schema and typing.
  return new MemoryDatabase() as unknown as SyncDatabase;
}
