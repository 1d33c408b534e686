import { describe, expect, it } from 'vitest';
import { badgeFor, noticesFor } from '../../src/background/badge';
import type { RunSummary, StatusSnapshot } from '../../src/messaging/protocol';

const zero = { created: 0, updated: 0, linked: 0, skipped: 0, failed: 0 };
const counts = { contact: { pull: zero, push: zero }, matter: { pull: zero, push: zero } };

function run(over: Partial<RunSummary> = {}): RunSummary {
  return { id: 'r1', kind: 'pull', trigger: 'nightly', startedAt: 1, finishedAt: 2, outcome: 'ok', counts, message: null, ...over };
}

function snapshot(over: Partial<StatusSnapshot> = {}): StatusSnapshot {
  return {
    activated: true,
    mode: 'two-way',
    accounts: [
      { product: 'docketwise', state: 'connected', displayName: null, credentials: 'broker' },
      { product: 'mycase', state: 'connected', displayName: 'Firm', credentials: 'broker' },
    ],
    lastRun: run(),
    lastSuccessfulPullAt: 2,
    nextNightlyAt: 3,
    nextCheckAt: 4,
    outbox: { pending: 0, failing: 0 },
    problems: [],
    progress: { running: false, runId: null, phase: null, done: 0, total: null, etaSeconds: null },
    ...over,
  };
}

describe('toolbar badge (R27)', () => {
  it('is empty when all is well', () => {
    expect(badgeFor(snapshot()).text).toBe('');
  });

  it('shows pending pushes as a count', () => {
    expect(badgeFor(snapshot({ outbox: { pending: 3, failing: 0 } })).text).toBe('3');
    expect(badgeFor(snapshot({ outbox: { pending: 140, failing: 0 } })).text).toBe('99+');
  });

  it('shows an error before pending work: an expired sign-in, a failed run, an error problem', () => {
    const expired = snapshot({
      outbox: { pending: 3, failing: 0 },
      accounts: [{ product: 'mycase', state: 'reconnect-required', displayName: null, credentials: 'broker' }],
    });
    expect(badgeFor(expired)).toMatchObject({ text: '!', title: expect.stringContaining('reconnect') });
    expect(badgeFor(snapshot({ lastRun: run({ outcome: 'failed' }) })).text).toBe('!');
    expect(
      badgeFor(snapshot({ problems: [{ id: 'p', at: 1, severity: 'error', message: 'x', action: { kind: 'none' } }] })).text,
    ).toBe('!');
  });

  it('shows a run in progress', () => {
    expect(badgeFor(snapshot({ progress: { running: true, runId: 'r', phase: 'x', done: 1, total: 4, etaSeconds: 3 } })).text).toBe('…');
  });
});

describe('notifications', () => {
  it('notifies once when a nightly run fails', () => {
    const failed = snapshot({ lastRun: run({ id: 'n1', outcome: 'failed', message: 'MyCase was unreachable.' }) });
    const first = noticesFor(failed, new Set());
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ id: 'nightly-failed-n1', title: 'Nightly MyCase sync failed' });
    expect(noticesFor(failed, new Set(first.map((n) => n.id)))).toEqual([]);
  });

  it('does not notify for a failed run the user started (they see it in place)', () => {
    expect(noticesFor(snapshot({ lastRun: run({ outcome: 'failed', trigger: 'popup' }) }), new Set())).toEqual([]);
  });

  it('notifies once when a sign-in expires, naming the product and the next step', () => {
    const expired = snapshot({ accounts: [{ product: 'docketwise', state: 'reconnect-required', displayName: null, credentials: 'broker' }] });
    const [notice] = noticesFor(expired, new Set());
    expect(notice).toMatchObject({ id: 'expired-docketwise', title: 'Docketwise sign-in expired' });
    expect(notice?.message).toContain('Reconnect');
    expect(noticesFor(expired, new Set(['expired-docketwise']))).toEqual([]);
  });
});
