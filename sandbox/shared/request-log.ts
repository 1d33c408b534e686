/**
 * Every product request each server answered (not the `/__sandbox/` control API), for tests and benchmarks that count calls
 * ("an initial sync of 2,000 contacts made N Docketwise requests").
 */

export interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  /** The matched route template (`/v1/clients/:id`), or the path when nothing matched. */
  route: string;
  status: number;
  /** How the request identified itself. */
  auth: 'bearer' | 'cookie' | 'none';
  /** True when the response was dropped on purpose after the write committed. */
  dropped: boolean;
}

export interface RequestLogSnapshot {
  total: number;
  /** `METHOD route` → count, e.g. `GET /v1/clients`. */
  byRoute: Record<string, number>;
  /** `METHOD path` → count, e.g. `GET /v1/clients/100001`. */
  byPath: Record<string, number>;
  /** `status` → count. */
  byStatus: Record<string, number>;
  /** The newest entries, oldest first (at most `limit`). */
  entries: RequestLogEntry[];
}

/** Counts are exact forever; only the entry list is bounded (memory stays flat in long runs). */
const MAX_ENTRIES = 50_000;

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private total = 0;
  private byRoute = new Map<string, number>();
  private byPath = new Map<string, number>();
  private byStatus = new Map<string, number>();

  add(entry: RequestLogEntry): void {
    this.total += 1;
    bump(this.byRoute, `${entry.method} ${entry.route}`);
    bump(this.byPath, `${entry.method} ${entry.path}`);
    bump(this.byStatus, String(entry.status));
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  snapshot(limit = 1000): RequestLogSnapshot {
    return {
      total: this.total,
      byRoute: Object.fromEntries(this.byRoute),
      byPath: Object.fromEntries(this.byPath),
      byStatus: Object.fromEntries(this.byStatus),
      entries: limit <= 0 ? [] : this.entries.slice(-limit),
    };
  }

  clear(): void {
    this.entries = [];
    this.total = 0;
    this.byRoute.clear();
    this.byPath.clear();
    this.byStatus.clear();
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
