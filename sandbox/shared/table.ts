/**
 * An in-memory table: records by id plus the id-ascending order every list uses, with
 * auto-increment ids from a per-table base (bases differ per table so ids of different kinds
 * never look alike in tests).
 */

export class Table<T extends { id: number }> {
  private readonly byId = new Map<number, T>();
  private ordered: T[] | null = [];
  private nextId: number;

  constructor(private readonly firstId: number) {
    this.nextId = firstId;
  }

  allocateId(): number {
    const id = this.nextId;
    this.nextId += 1;
    return id;
  }

  insert(record: T): T {
    this.byId.set(record.id, record);
    if (record.id >= this.nextId) this.nextId = record.id + 1;
    // Ids only grow, so appending keeps the order; a lower id invalidates the cache.
    const last = this.ordered?.[this.ordered.length - 1];
    if (this.ordered && (!last || last.id < record.id)) this.ordered.push(record);
    else this.ordered = null;
    return record;
  }

  get(id: number): T | undefined {
    return this.byId.get(id);
  }

  delete(id: number): boolean {
    const existed = this.byId.delete(id);
    if (existed) this.ordered = null;
    return existed;
  }

  /** All records, id ascending. */
  all(): readonly T[] {
    if (!this.ordered) this.ordered = [...this.byId.values()].sort((a, b) => a.id - b.id);
    return this.ordered;
  }

  get size(): number {
    return this.byId.size;
  }

  clear(): void {
    this.byId.clear();
    this.ordered = [];
    this.nextId = this.firstId;
  }
}
