/** Sample replies and a fake messaging client for the UI tests. */
import { createMessageClient, type MessageClient } from '../../src/messaging/client';
import type { MessageType, RequestOf, ResponseOf } from '../../src/messaging/protocol';
import type { Conflict, LogEntry, OutcomeCounts, ReviewItem, RunSummary, StatusSnapshot } from '../../src/ui/view-types';

export const T0 = Date.UTC(2026, 11, 3, 14, 0, 0);

export function counts(partial: Partial<OutcomeCounts> = {}): OutcomeCounts {
  return { created: 0, updated: 0, linked: 0, skipped: 0, failed: 0, ...partial };
}

export function makeRun(partial: Partial<RunSummary> = {}): RunSummary {
  return {
    id: 'run-1',
    kind: 'pull',
    trigger: 'nightly',
    startedAt: T0 - 3_600_000,
    finishedAt: T0 - 3_500_000,
    outcome: 'ok',
    counts: {
      contact: { pull: counts({ created: 3, updated: 7 }), push: counts({ linked: 2 }) },
      matter: { pull: counts({ skipped: 1 }), push: counts({ failed: 4 }) },
    },
    message: null,
    ...partial,
  };
}

export function makeStatus(partial: Partial<StatusSnapshot> = {}): StatusSnapshot {
  return {
    activated: true,
    mode: 'two-way',
    accounts: [
      { product: 'docketwise', state: 'connected', displayName: 'Garcia Immigration Law', credentials: 'broker' },
      { product: 'mycase', state: 'connected', displayName: 'Garcia Immigration Law', credentials: 'broker' },
    ],
    lastRun: makeRun(),
    lastSuccessfulPullAt: T0 - 3_600_000,
    nextNightlyAt: T0 + 12 * 3_600_000,
    nextCheckAt: T0 + 600_000,
    outbox: { pending: 0, failing: 0 },
    problems: [],
    progress: { running: false, runId: null, phase: null, done: 0, total: null, etaSeconds: null },
    ...partial,
  };
}

export function makeEntry(i: number, partial: Partial<LogEntry> = {}): LogEntry {
  return {
    id: `e${i}`,
    runId: 'run-1',
    at: T0 + i * 1000,
    trigger: 'nightly',
    entity: 'contact',
    direction: 'pull',
    outcome: 'updated',
    label: `Person ${i}`,
    docketwiseId: 100 + i,
    mycaseId: 200 + i,
    reason: null,
    ...partial,
  };
}

export function makeConflict(partial: Partial<Conflict> = {}): Conflict {
  return {
    id: 'c1',
    at: T0,
    entity: 'contact',
    docketwiseId: 11,
    mycaseId: 22,
    label: 'Ana Lopez',
    field: 'email',
    replacedValue: 'ana@old.example',
    mycaseValue: 'ana@new.example',
    restored: false,
    ...partial,
  };
}

export function makeReviewItem(partial: Partial<ReviewItem> = {}): ReviewItem {
  return {
    id: 'r1',
    at: T0,
    kind: 'ambiguous-match',
    entity: 'contact',
    label: 'Juan Perez',
    details: 'Two Docketwise contacts share this name and email. Choose which one is the MyCase contact.',
    candidates: [
      { side: 'mycase', id: 501, label: 'Juan Perez (MyCase)' },
      { side: 'docketwise', id: 31, label: 'Juan Perez' },
      { side: 'docketwise', id: 32, label: 'Juan Perez Jr' },
    ],
    ...partial,
  };
}

type Handler<T extends MessageType> = (request: RequestOf<T>) => ResponseOf<T> | Promise<ResponseOf<T>>;
export type FakeHandlers = { [T in MessageType]?: Handler<T> };

export interface FakeBackground {
  send: MessageClient;
  calls: Array<{ type: string; payload: unknown }>;
  callsOf<T extends MessageType>(type: T): Array<RequestOf<T>>;
}

/**
 * A client over an in-memory "background": requests and replies still go through the
 * protocol's zod schemas, so a test cannot pass with a reply the real client would reject.
 */
export function fakeBackground(handlers: FakeHandlers): FakeBackground {
  const calls: Array<{ type: string; payload: unknown }> = [];
  const send = createMessageClient(async ({ type, payload }) => {
    calls.push({ type, payload });
    const handler = handlers[type as MessageType] as ((r: unknown) => unknown) | undefined;
    if (!handler) return { ok: false, error: { kind: 'refused:no-handler', message: `no handler for ${type}` } };
    try {
      return { ok: true, value: await handler(payload) };
    } catch (error) {
      return { ok: false, error: { kind: 'failed', message: error instanceof Error ? error.message : String(error) } };
    }
  });
  return {
    send,
    calls,
    callsOf: <T extends MessageType>(type: T) => calls.filter((c) => c.type === type).map((c) => c.payload as RequestOf<T>),
  };
}

/** Handlers for a quiet, activated firm; tests override what they exercise. */
export function baseHandlers(overrides: FakeHandlers = {}): FakeHandlers {
  return {
    ping: ({ from }) => ({ pong: true, echo: from, at: T0 }),
    'status/get': () => makeStatus(),
    'settings/get': () => ({ mode: 'two-way', nightlyTime: '02:00' }),
    'log/runs': () => ({ runs: [makeRun()] }),
    'log/query': () => ({ entries: [makeEntry(1), makeEntry(2)], total: 2 }),
    'conflicts/list': () => ({ conflicts: [] }),
    'review/list': () => ({ items: [] }),
    'sync/progress': () => ({ running: false, runId: null, phase: null, done: 0, total: null, etaSeconds: null, lastRun: makeRun() }),
    ...overrides,
  };
}
