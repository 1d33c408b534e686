// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { PopupApp } from '../../src/ui/popup-app';
import type { Progress, RunSummary } from '../../src/ui/view-types';
import { baseHandlers, counts, fakeBackground, makeRun, makeStatus } from './fixtures';

afterEach(cleanup);

const POLL_MS = 5;

function running(done: number, total: number | null, etaSeconds: number | null): Progress & { lastRun: RunSummary | null } {
  return { running: true, runId: 'run-2', phase: 'pull-contacts', done, total, etaSeconds, lastRun: null };
}

describe('PopupApp', () => {
  it('R13 R27 Sync now starts a run, polls progress while it runs, then shows the result and the new status', async () => {
    let finished = false;
    const newRun = makeRun({ id: 'run-2', trigger: 'popup', counts: { contact: { pull: counts({ updated: 12 }), push: counts() }, matter: { pull: counts(), push: counts() } } });
    const bg = fakeBackground(
      baseHandlers({
        'status/get': () => makeStatus({ lastRun: finished ? newRun : makeRun() }),
        'sync/start': () => ({ started: true, runId: 'run-2' }),
        'sync/progress': () => (finished ? { ...running(0, null, null), running: false, lastRun: newRun } : running(100, 400, 150)),
      }),
    );
    render(<PopupApp client={bg.send} pollMs={POLL_MS} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Sync now' }));
    expect(bg.callsOf('sync/start')).toEqual([{ trigger: 'popup' }]);
    await screen.findByText('100 of 400 done. About 3 minutes left.');
    expect(screen.getByText(/Bringing MyCase contacts to Docketwise/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Syncing…' }) as HTMLButtonElement).disabled).toBe(true);
    await waitFor(() => expect(bg.callsOf('sync/progress').length).toBeGreaterThanOrEqual(3));
    finished = true;
    await screen.findByText('Finished: 0 created, 12 updated, 0 linked, 0 skipped, 0 failed.');
    // The status is read again, so the last run's table shows the new run.
    await waitFor(() => expect(bg.callsOf('status/get').length).toBeGreaterThanOrEqual(2));
    await waitFor(() => expect((screen.getByRole('button', { name: 'Sync now' }) as HTMLButtonElement).disabled).toBe(false));
    const polls = bg.callsOf('sync/progress').length;
    await new Promise((r) => setTimeout(r, POLL_MS * 10));
    expect(bg.callsOf('sync/progress').length).toBe(polls);
  });

  it('R27 follows a run that was already going when the popup opened', async () => {
    const bg = fakeBackground(
      baseHandlers({
        'status/get': () => makeStatus({ progress: { running: true, runId: 'n', phase: 'drain-outbox', done: 2, total: 5, etaSeconds: 10 } }),
        'sync/progress': () => running(2, 5, 10),
      }),
    );
    render(<PopupApp client={bg.send} pollMs={POLL_MS} />);
    await screen.findByText('2 of 5 done. Less than a minute left.');
    expect(bg.callsOf('sync/start')).toEqual([]);
  });

  it('says why a sync did not start', async () => {
    const bg = fakeBackground(baseHandlers({ 'sync/start': () => ({ started: false, runId: null, reason: 'MyCase needs you to reconnect first.' }) }));
    render(<PopupApp client={bg.send} pollMs={POLL_MS} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Sync now' }));
    await screen.findByText('MyCase needs you to reconnect first.');
  });

  it('R13 R27 Sync now never shows the previous run as its result while the new one is being set up', async () => {
    const older = makeRun({ id: 'run-1', outcome: 'failed', message: 'MyCase refused access.' });
    const mine = makeRun({ id: 'run-2', trigger: 'popup', counts: { contact: { pull: counts({ updated: 4 }), push: counts() }, matter: { pull: counts(), push: counts() } } });
    let polls = 0;
    const bg = fakeBackground(
      baseHandlers({
        'sync/start': () => ({ started: true, runId: 'run-2' }),
        // Three replies before the run exists, then it is done.
        'sync/progress': () => (++polls <= 3 ? { ...running(0, null, null), running: false, lastRun: older, run: null } : { ...running(0, null, null), running: false, lastRun: mine, run: mine }),
      }),
    );
    render(<PopupApp client={bg.send} pollMs={POLL_MS} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Sync now' }));
    await screen.findByText('Finished: 0 created, 4 updated, 0 linked, 0 skipped, 0 failed.');
    expect(screen.queryByText(/MyCase refused access/)).toBeNull();
    expect(bg.callsOf('sync/progress').every((request) => JSON.stringify(request) === JSON.stringify({ runId: 'run-2' }))).toBe(true);
  });

  it('stops polling after repeated failures and says what to do', async () => {
    const bg = fakeBackground(
      baseHandlers({
        'sync/start': () => ({ started: true, runId: 'x' }),
        'sync/progress': () => {
          throw new Error('worker gone');
        },
      }),
    );
    render(<PopupApp client={bg.send} pollMs={POLL_MS} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Sync now' }));
    await screen.findByText(/Lost contact with the extension \(worker gone\)\. The sync may still be running/);
    expect(bg.callsOf('sync/progress')).toHaveLength(5);
  });

  it('R27 Reconnect sends auth/connect for that product and reloads the status', async () => {
    let connected = false;
    const bg = fakeBackground(
      baseHandlers({
        'status/get': () =>
          makeStatus({
            accounts: [
              { product: 'docketwise', state: 'connected', displayName: null, credentials: 'broker' },
              { product: 'mycase', state: connected ? 'connected' : 'reconnect-required', displayName: null, credentials: 'broker' },
            ],
            problems: connected ? [] : [{ id: 'p', at: 1, severity: 'error', message: 'MyCase sign-in expired.', action: { kind: 'reconnect', product: 'mycase' } }],
          }),
        'auth/connect': () => {
          connected = true;
          return { connected: true };
        },
      }),
    );
    render(<PopupApp client={bg.send} pollMs={POLL_MS} />);
    const buttons = await screen.findAllByRole('button', { name: /Reconnect MyCase|^Reconnect$/ });
    fireEvent.click(buttons[0] as HTMLElement);
    await screen.findByText('MyCase is connected again.');
    expect(bg.callsOf('auth/connect')).toEqual([{ product: 'mycase' }]);
    await screen.findByTestId('no-problems');
  });

  it('R27 an expired sign-in before activation still offers Reconnect (Connect stays on the Set up page)', async () => {
    const bg = fakeBackground(
      baseHandlers({
        'status/get': () =>
          makeStatus({
            activated: false,
            accounts: [
              { product: 'docketwise', state: 'disconnected', displayName: null, credentials: 'broker' },
              { product: 'mycase', state: 'reconnect-required', displayName: null, credentials: 'broker' },
            ],
          }),
        'auth/connect': () => ({ connected: true }),
      }),
    );
    render(<PopupApp client={bg.send} pollMs={POLL_MS} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Reconnect MyCase' }));
    await waitFor(() => expect(bg.callsOf('auth/connect')).toEqual([{ product: 'mycase' }]));
    expect(screen.queryByRole('button', { name: 'Connect Docketwise' })).toBeNull();
  });

  it('R27 a retry problem starts a sync', async () => {
    const bg = fakeBackground(
      baseHandlers({
        'status/get': () => makeStatus({ problems: [{ id: 'p', at: 1, severity: 'error', message: '2 changes could not reach MyCase.', action: { kind: 'retry', what: 'outbox' } }] }),
        'sync/start': () => ({ started: true, runId: 'r' }),
      }),
    );
    render(<PopupApp client={bg.send} pollMs={POLL_MS} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(bg.callsOf('sync/start')).toEqual([{ trigger: 'popup' }]));
  });

  it('links to each options section and reports the background as running', async () => {
    const bg = fakeBackground(baseHandlers());
    render(<PopupApp client={bg.send} />);
    const nav = await screen.findByRole('navigation', { name: 'Settings and logs' });
    expect([...nav.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['options.html#setup', 'options.html#log', 'options.html#conflicts', 'options.html#review']);
    await waitFor(() => expect(screen.getByTestId('background-status').getAttribute('data-state')).toBe('ready'));
  });
});
