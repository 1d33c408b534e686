// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConflictsSection } from '../../src/ui/components/conflicts-section';
import { ProblemList } from '../../src/ui/components/problem-list';
import { ReviewSection } from '../../src/ui/components/review-section';
import { RunLogSection } from '../../src/ui/components/run-log-section';
import { SetupSection, type SetupSectionProps } from '../../src/ui/components/setup-section';
import { StatusPanel, type StatusPanelProps } from '../../src/ui/components/status-panel';
import { SyncProgress } from '../../src/ui/components/sync-progress';
import { SyncSettingsSection } from '../../src/ui/components/sync-settings-section';
import { emptyFilters } from '../../src/ui/log-query';
import type { Problem } from '../../src/ui/view-types';
import { makeConflict, makeEntry, makeReviewItem, makeRun, makeStatus, T0 } from './fixtures';

afterEach(cleanup);

function panel(overrides: Partial<StatusPanelProps> = {}) {
  const props: StatusPanelProps = {
    status: { state: 'ready', value: makeStatus() },
    run: { state: 'idle' },
    reconnect: { state: 'idle' },
    now: T0,
    optionsUrl: 'options.html',
    onSyncNow: vi.fn(),
    onReconnect: vi.fn(),
    onRetry: vi.fn(),
    ...overrides,
  };
  render(<StatusPanel {...props} />);
  return props;
}

describe('StatusPanel (R27)', () => {
  it('shows loading and error states with what to do', () => {
    panel({ status: { state: 'loading' } });
    expect(screen.getByRole('status').textContent).toContain('Loading the sync status');
    cleanup();
    panel({ status: { state: 'error', message: 'no handler' } });
    expect(screen.getByRole('alert').textContent).toMatch(/not responding \(no handler\)\. Reload the extension/);
  });

  it('R27 not activated: a Set up link to the options page', () => {
    panel({ status: { state: 'ready', value: makeStatus({ activated: false, lastRun: null, accounts: [] }) } });
    const link = screen.getByRole('link', { name: 'Set up' });
    expect(link.getAttribute('href')).toBe('options.html#setup');
    expect(screen.queryByRole('button', { name: 'Sync now' })).toBeNull();
    expect(screen.getByTestId('account-mycase').textContent).toContain('MyCase: not connected.');
  });

  it('R27 shows both connections, mode, last and next sync, outbox and the last run counts', () => {
    panel({ status: { state: 'ready', value: makeStatus({ outbox: { pending: 3, failing: 1 } }) } });
    expect(screen.getByTestId('account-docketwise').textContent).toContain('Docketwise: connected as Garcia Immigration Law.');
    expect(screen.getByTestId('mode').textContent).toBe('Two-way');
    expect(screen.getByTestId('last-sync').textContent).toMatch(/1 hour ago\): Finished$/);
    expect(screen.getByTestId('next-sync').textContent).toMatch(/^Nightly, .*\. Next Docketwise check: /);
    expect(screen.getByTestId('outbox').textContent).toBe('3 changes waiting for MyCase (1 keep failing: see Problems)');
    const table = screen.getByRole('table');
    const row = within(table).getByRole('row', { name: /Contacts, MyCase → Docketwise/ });
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual(['3', '7', '0', '0', '0']);
    const matterPush = within(table).getByRole('row', { name: /Matters, Docketwise → MyCase/ });
    expect(within(matterPush).getAllByRole('cell').map((c) => c.textContent)).toEqual(['0', '0', '0', '0', '4']);
    expect(screen.getByTestId('no-problems')).toBeTruthy();
  });

  it('R27 sign-in expired: says syncing is paused and Reconnect sends the product', () => {
    const props = panel({
      status: {
        state: 'ready',
        value: makeStatus({ accounts: [{ product: 'mycase', state: 'reconnect-required', displayName: null, credentials: 'broker' }] }),
      },
    });
    expect(screen.getByTestId('account-mycase').textContent).toContain('the sign-in has expired');
    fireEvent.click(screen.getByRole('button', { name: 'Reconnect MyCase' }));
    expect(props.onReconnect).toHaveBeenCalledWith('mycase');
    // Docketwise is missing from the snapshot: it reads as not connected, with Connect.
    expect(screen.getByRole('button', { name: 'Connect Docketwise' })).toBeTruthy();
  });

  it('while reconnecting, warns the popup may close; then shows the result', () => {
    panel({ reconnect: { state: 'working' } });
    expect(screen.getByText(/This popup may close while you sign in/)).toBeTruthy();
    cleanup();
    panel({ reconnect: { state: 'done', ok: true, message: 'MyCase is connected again.' } });
    expect(screen.getByText('MyCase is connected again.')).toBeTruthy();
  });

  it('R13 Sync now calls back, and is disabled while a run is going', () => {
    const props = panel();
    fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    expect(props.onSyncNow).toHaveBeenCalledTimes(1);
    cleanup();
    panel({ run: { state: 'running', progress: { running: true, runId: 'r', phase: 'pull-contacts', done: 40, total: 200, etaSeconds: 90 } } });
    const button = screen.getByRole('button', { name: 'Syncing…' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    const progress = screen.getByTestId('sync-progress');
    expect(progress.getAttribute('aria-live')).toBe('polite');
    expect(progress.textContent).toContain('Bringing MyCase contacts to Docketwise');
    expect(progress.textContent).toContain('40 of 200 done. About 2 minutes left.');
  });
});

describe('ProblemList (R27 next steps)', () => {
  const problems: Problem[] = [
    { id: 'p1', at: T0 - 5000, severity: 'error', message: 'MyCase sign-in expired.', action: { kind: 'reconnect', product: 'mycase' } },
    { id: 'p2', at: T0 - 4000, severity: 'error', message: '4 matters failed.', action: { kind: 'open-log', runId: 'run 7' } },
    { id: 'p3', at: T0 - 3000, severity: 'warning', message: 'Two contacts share a name and email.', action: { kind: 'review', itemId: 'r&1' } },
    { id: 'p4', at: T0 - 2000, severity: 'error', message: '2 changes could not reach MyCase.', action: { kind: 'retry', what: 'outbox' } },
    { id: 'p5', at: T0 - 1000, severity: 'warning', message: 'Something to know.', action: { kind: 'none' } },
  ];

  it('R27 renders one action per kind, newest first', () => {
    const onReconnect = vi.fn();
    const onRetry = vi.fn();
    render(<ProblemList problems={problems} optionsUrl="options.html" onReconnect={onReconnect} onRetry={onRetry} />);
    const items = screen.getAllByTestId('problem');
    expect(items.map((li) => li.textContent?.match(/(Error|Warning): ([^(]*)/)?.[2]?.trim())).toEqual([
      'Something to know.',
      '2 changes could not reach MyCase.',
      'Two contacts share a name and email.',
      '4 matters failed.',
      'MyCase sign-in expired.',
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Reconnect MyCase' }));
    expect(onReconnect).toHaveBeenCalledWith('mycase');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalledWith('outbox');
    expect(screen.getByRole('link', { name: 'Open the sync log for this run' }).getAttribute('href')).toBe('options.html#log?run=run%207');
    expect(screen.getByRole('link', { name: 'Resolve it in the review queue' }).getAttribute('href')).toBe('options.html#review?item=r%261');
    expect(within(items[0] as HTMLElement).queryByRole('button')).toBeNull();
    expect(within(items[0] as HTMLElement).queryByRole('link')).toBeNull();
  });

  it('shows at most `max` and points to the log for the rest', () => {
    render(<ProblemList problems={problems} optionsUrl="options.html" max={2} onReconnect={vi.fn()} onRetry={vi.fn()} />);
    expect(screen.getAllByTestId('problem')).toHaveLength(2);
    expect(screen.getByText(/3 older problems not shown/)).toBeTruthy();
  });
});

describe('SyncProgress', () => {
  it('shows starting, unknown totals, the result and a failure', () => {
    const { rerender } = render(<SyncProgress run={{ state: 'starting' }} />);
    expect(screen.getByRole('status').textContent).toBe('Starting the sync…');
    rerender(<SyncProgress run={{ state: 'running', progress: { running: true, runId: null, phase: null, done: 12, total: null, etaSeconds: null } }} runningNote="Takes minutes." />);
    expect(screen.getByRole('status').textContent).toContain('12 done so far. Estimating the time left….');
    expect(screen.getByRole('status').textContent).toContain('Takes minutes.');
    rerender(<SyncProgress run={{ state: 'finished', lastRun: makeRun({ outcome: 'partial' }) }} />);
    expect(screen.getByRole('status').textContent).toBe(
      'Finished with problems: 3 created, 7 updated, 2 linked, 1 skipped, 4 failed. The sync log lists each record and what to do.',
    );
    rerender(<SyncProgress run={{ state: 'failed', message: 'Could not start.' }} />);
    expect(screen.getByRole('status').textContent).toBe('Could not start.');
  });
});

function setup(overrides: Partial<SetupSectionProps> = {}) {
  const idle = { state: 'idle' } as const;
  const props: SetupSectionProps = {
    status: makeStatus({ activated: false, lastRun: null, accounts: [] }),
    mode: 'two-way',
    onModeChange: vi.fn(),
    connect: { docketwise: idle, mycase: idle },
    test: { docketwise: idle, mycase: idle },
    onConnect: vi.fn(),
    onDisconnect: vi.fn(),
    onTest: vi.fn(),
    activation: idle,
    run: idle,
    onActivate: vi.fn(),
    deactivation: idle,
    onDeactivate: vi.fn(),
    onRefresh: vi.fn(),
    refreshing: false,
    direct: { warning: 'The secret is saved in this browser profile: anyone who can use it can read the secret.', result: idle, onSave: vi.fn(), onClear: vi.fn() },
    ...overrides,
  };
  render(<SetupSection {...props} />);
  return props;
}

describe('SetupSection (R7, R26)', () => {
  it('R7 lists the four steps in order; Activate waits for both accounts', () => {
    const props = setup();
    const steps = screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
    expect(steps).toEqual(['Connect Docketwise', 'Connect MyCase', 'Choose how to sync', 'Activate']);
    expect((screen.getByRole('button', { name: 'Activate' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('activate-blocked').textContent).toContain('Connect both accounts first');
    fireEvent.click(screen.getByRole('button', { name: 'Connect MyCase' }));
    expect(props.onConnect).toHaveBeenCalledWith('mycase');
    fireEvent.click(screen.getByRole('button', { name: 'Test Docketwise connection' }));
    expect(props.onTest).toHaveBeenCalledWith('docketwise');
    expect(screen.getByText(/Docketwise allows 120 requests a minute/, { selector: '.hint' })).toBeTruthy();
  });

  it('R7 explains both modes, two-way is selected, and choosing one-way calls back', () => {
    const props = setup();
    const twoWay = screen.getByRole('radio', { name: 'Two-way (recommended)' }) as HTMLInputElement;
    expect(twoWay.checked).toBe(true);
    expect(document.getElementById(twoWay.getAttribute('aria-describedby') ?? '')?.textContent).toContain('Changes flow both ways');
    const oneWay = screen.getByRole('radio', { name: 'One-way (MyCase → Docketwise)' });
    expect(document.getElementById(oneWay.getAttribute('aria-describedby') ?? '')?.textContent).toContain('nothing is written to MyCase except form packages');
    fireEvent.click(oneWay);
    expect(props.onModeChange).toHaveBeenCalledWith('one-way');
  });

  it('R7 a MyCase plan without API access reads clearly next to Test connection', () => {
    setup({
      test: {
        docketwise: { state: 'idle' },
        mycase: { state: 'done', ok: false, message: 'Your MyCase plan has no API access. MyCase offers it on the Pro and Advanced plans.' },
      },
    });
    const result = screen.getByTestId('test-result-mycase');
    expect(result.textContent).toBe('Your MyCase plan has no API access. MyCase offers it on the Pro and Advanced plans.');
    expect(result.className).toBe('problem');
  });

  it('R7 with both connected, Activate calls back and the initial sync shows counts and time left', () => {
    const props = setup({
      status: makeStatus({ activated: false, lastRun: null }),
      run: { state: 'running', progress: { running: true, runId: 'r', phase: 'apply-mc-contacts', done: 300, total: 2400, etaSeconds: 500 } },
    });
    expect(screen.getByRole('button', { name: 'Disconnect MyCase' })).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Activate' }) as HTMLButtonElement).disabled).toBe(true);
    const progress = screen.getByTestId('sync-progress');
    expect(progress.textContent).toContain('300 of 2,400 done. About 9 minutes left.');
    expect(progress.textContent).toContain('120 requests a minute');
    cleanup();
    const ready = setup({ status: makeStatus({ activated: false, lastRun: null }) });
    fireEvent.click(screen.getByRole('button', { name: 'Activate' }));
    expect(ready.onActivate).toHaveBeenCalledTimes(1);
    expect(props.onActivate).not.toHaveBeenCalled();
  });

  it('R26 when active: Deactivate asks first and explains links and the log are kept', () => {
    const props = setup({ status: makeStatus() });
    expect(screen.getByTestId('activated').textContent).toBe('The sync is active (two-way).');
    expect(screen.queryByRole('button', { name: /Disconnect/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Deactivate…' }));
    expect(screen.getByText(/Links between records and the sync log are kept/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(props.onDeactivate).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Deactivate…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, deactivate' }));
    expect(props.onDeactivate).toHaveBeenCalledTimes(1);
  });

  it('R26 Refresh explains the initial sync re-runs without duplicates', () => {
    const props = setup({ status: makeStatus() });
    fireEvent.click(screen.getByRole('button', { name: 'Refresh the integration…' }));
    expect(screen.getByText(/records that are already linked stay linked, so nothing is duplicated/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Yes, refresh' }));
    expect(props.onRefresh).toHaveBeenCalledTimes(1);
    cleanup();
    setup({ refreshing: true });
    expect(screen.getByTestId('refresh-notice').textContent).toContain('press Activate to re-run the initial sync');
  });

  it('direct mode warns where the secret is kept, sends it, and clears the field', () => {
    const props = setup();
    const details = screen.getByText("Use our firm's own API credentials").closest('details') as HTMLDetailsElement;
    expect(details.textContent).toContain('The secret is saved in this browser profile: anyone who can use it can read the secret.');
    expect(details.textContent).toContain('The standard sign-in keeps the secret on our token service instead');
    expect(within(details).getByLabelText('Client secret').getAttribute('aria-describedby')).toBe('direct-warning');
    fireEvent.click(within(details).getByRole('radio', { name: 'Docketwise' }));
    fireEvent.click(within(details).getByRole('button', { name: 'Save Docketwise credentials' }));
    expect(within(details).getByRole('alert').textContent).toContain('Enter both');
    expect(props.direct.onSave).not.toHaveBeenCalled();
    fireEvent.input(within(details).getByLabelText('Client id'), { target: { value: ' firm-client ' } });
    const secret = within(details).getByLabelText('Client secret') as HTMLInputElement;
    expect(secret.type).toBe('password');
    fireEvent.input(secret, { target: { value: 's3cret' } });
    fireEvent.click(within(details).getByRole('button', { name: 'Save Docketwise credentials' }));
    expect(props.direct.onSave).toHaveBeenCalledWith('docketwise', { clientId: 'firm-client', clientSecret: 's3cret' });
    expect(secret.value).toBe('');
    fireEvent.click(within(details).getByRole('button', { name: 'Go back to the standard sign-in for Docketwise' }));
    expect(props.direct.onClear).toHaveBeenCalledWith('docketwise');
  });
});

describe('SyncSettingsSection (R13)', () => {
  it('R13 shows the nightly time and saves it with the mode; rejects a bad time', () => {
    const onSave = vi.fn();
    render(
      <SyncSettingsSection settings={{ state: 'ready', value: { mode: 'two-way', nightlyTime: '02:00' } }} activated save={{ state: 'idle' }} onSave={onSave} run={{ state: 'idle' }} onSyncNow={vi.fn()} />,
    );
    const time = screen.getByLabelText("Nightly sync time (this computer's time)") as HTMLInputElement;
    expect(time.value).toBe('02:00');
    fireEvent.input(time, { target: { value: '25:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(screen.getByRole('alert').textContent).toContain('for example 02:00');
    expect(onSave).not.toHaveBeenCalled();
    fireEvent.input(time, { target: { value: '21:30' } });
    fireEvent.click(screen.getByRole('radio', { name: 'One-way (MyCase → Docketwise)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(onSave).toHaveBeenCalledWith({ nightlyTime: '21:30', mode: 'one-way' });
  });

  it('Sync now is disabled until activated, and the load failure says what to do', () => {
    render(<SyncSettingsSection settings={{ state: 'error', message: 'boom' }} activated={false} save={{ state: 'idle' }} onSave={vi.fn()} run={{ state: 'idle' }} onSyncNow={vi.fn()} />);
    expect((screen.getByRole('button', { name: 'Sync now' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole('alert').textContent).toContain('Reload this page');
  });
});

describe('RunLogSection (R28)', () => {
  const base = {
    filters: emptyFilters,
    page: 0,
    pageSize: 2,
    onFilter: vi.fn(),
    onPage: vi.fn(),
    onExport: vi.fn(),
    exportResult: { state: 'idle' } as const,
  };

  it('R28 empty log says so', () => {
    render(<RunLogSection {...base} runs={{ state: 'ready', value: [] }} entries={{ state: 'ready', value: { entries: [], total: 0 } }} />);
    expect(screen.getByTestId('no-runs').textContent).toContain('No sync has run yet');
    expect(screen.getByTestId('no-entries')).toBeTruthy();
  });

  it('R28 lists runs with trigger, outcome and counts per entity and direction; entries page', () => {
    const onFilter = vi.fn();
    const onPage = vi.fn();
    render(
      <RunLogSection
        {...base}
        onFilter={onFilter}
        onPage={onPage}
        runs={{ state: 'ready', value: [makeRun({ id: 'run-5', trigger: 'docketwise-menu' })] }}
        entries={{ state: 'ready', value: { entries: [makeEntry(1), makeEntry(2, { outcome: 'failed', reason: 'MyCase refused: email invalid' })], total: 5 } }}
      />,
    );
    const run = screen.getByTestId('run');
    expect(run.textContent).toContain('"Sync MyCase" in Docketwise: Finished: 3 created, 7 updated, 2 linked, 1 skipped, 4 failed.');
    expect(within(run).getByRole('table')).toBeTruthy();
    fireEvent.click(within(run).getByRole('button', { name: "Show this run's records" }));
    expect(onFilter).toHaveBeenCalledWith({ ...emptyFilters, runId: 'run-5' });
    expect(screen.getByTestId('log-range').textContent).toBe('Showing 1–2 of 5');
    expect(screen.getAllByTestId('log-entry')[1]?.textContent).toContain('MyCase refused: email invalid');
    expect((screen.getByRole('button', { name: 'Previous page' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(onPage).toHaveBeenCalledWith(1);
    expect(screen.getByText('Page 1 of 3')).toBeTruthy();
  });

  it('R28 Export CSV calls back and shows its result', () => {
    const onExport = vi.fn();
    render(<RunLogSection {...base} onExport={onExport} exportResult={{ state: 'done', ok: true, message: 'Exported 2 records.' }} runs={{ state: 'loading' }} entries={{ state: 'loading' }} />);
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(onExport).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('export-result').textContent).toBe('Exported 2 records.');
  });
});

describe('ConflictsSection (R20)', () => {
  it('R20 shows the replaced Docketwise value, the MyCase value and Restore', () => {
    const onRestore = vi.fn();
    render(<ConflictsSection conflicts={{ state: 'ready', value: [makeConflict(), makeConflict({ id: 'c2', restored: true, field: 'phone' })] }} includeResolved={false} onIncludeResolved={vi.fn()} onRestore={onRestore} results={{ c1: { state: 'done', ok: true, message: 'Restored in Docketwise.' } }} />);
    const [first, second] = screen.getAllByTestId('conflict') as [HTMLElement, HTMLElement];
    expect(first.textContent).toContain('Docketwise value that was replacedana@old.example');
    expect(first.textContent).toContain('MyCase value now in bothana@new.example');
    fireEvent.click(within(first).getByRole('button', { name: 'Restore the Docketwise value for email' }));
    expect(onRestore).toHaveBeenCalledWith('c1');
    expect(within(first).getByTestId('restore-result-c1').textContent).toBe('Restored in Docketwise.');
    expect(within(second).queryByRole('button')).toBeNull();
    expect(second.textContent).toContain('Restored.');
  });

  it('R20 empty list, and the show-resolved toggle', () => {
    const onIncludeResolved = vi.fn();
    render(<ConflictsSection conflicts={{ state: 'ready', value: [] }} includeResolved={false} onIncludeResolved={onIncludeResolved} onRestore={vi.fn()} results={{}} />);
    expect(screen.getByTestId('no-conflicts').textContent).toContain('Nothing was overwritten');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Show restored conflicts too' }));
    expect(onIncludeResolved).toHaveBeenCalledWith(true);
  });
});

describe('ReviewSection (R11, R2, R29, R12)', () => {
  it('R11 links a candidate pair with the item id, and dismisses', () => {
    const onLink = vi.fn();
    const onDismiss = vi.fn();
    render(<ReviewSection items={{ state: 'ready', value: [makeReviewItem()] }} highlightId={null} onLink={onLink} onDismiss={onDismiss} results={{}} manualResult={{ state: 'idle' }} />);
    const item = screen.getByTestId('review-item');
    expect(item.textContent).toContain('Juan Perez: More than one possible match');
    fireEvent.click(within(item).getByRole('button', { name: 'Link Docketwise "Juan Perez Jr" (#32) to MyCase "Juan Perez (MyCase)" (#501)' }));
    expect(onLink).toHaveBeenCalledWith({ itemId: 'r1', entity: 'contact', docketwiseId: 32, mycaseId: 501 });
    fireEvent.click(within(item).getByRole('button', { name: 'Dismiss (leave as is)' }));
    expect(onDismiss).toHaveBeenCalledWith('r1');
  });

  it('R2 and R29 items show their details; the highlighted one comes first', () => {
    render(
      <ReviewSection
        items={{
          state: 'ready',
          value: [
            makeReviewItem({ id: 'a', at: T0 + 10, kind: 'email-in-use', details: 'Written to MyCase without its email.', candidates: [] }),
            makeReviewItem({ id: 'b', at: T0, kind: 'deleted-on-mycase', details: 'The MyCase case was deleted; Docketwise was left alone.', candidates: [] }),
          ],
        }}
        highlightId="b"
        onLink={vi.fn()}
        onDismiss={vi.fn()}
        results={{}}
        manualResult={{ state: 'idle' }}
      />,
    );
    const items = screen.getAllByTestId('review-item');
    expect(items[0]?.getAttribute('aria-current')).toBe('true');
    expect(items[0]?.textContent).toContain('Deleted or archived in MyCase');
    expect(items[1]?.textContent).toContain('Email already used by another MyCase contact');
    expect(items[1]?.textContent).toContain('Written to MyCase without its email.');
  });

  it('R12 the manual form links a pre-existing matter by ids and refuses bad ids', () => {
    const onLink = vi.fn();
    render(<ReviewSection items={{ state: 'ready', value: [] }} highlightId={null} onLink={onLink} onDismiss={vi.fn()} results={{}} manualResult={{ state: 'done', ok: true, message: 'Linked.' }} />);
    expect(screen.getByTestId('no-review')).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Docketwise id'), { target: { value: 'abc' } });
    fireEvent.input(screen.getByLabelText('MyCase id'), { target: { value: '77' } });
    fireEvent.click(screen.getByRole('button', { name: 'Link' }));
    expect(screen.getByRole('alert').textContent).toContain('whole numbers');
    expect(onLink).not.toHaveBeenCalled();
    fireEvent.input(screen.getByLabelText('Docketwise id'), { target: { value: '#12' } });
    fireEvent.click(screen.getByRole('button', { name: 'Link' }));
    expect(onLink).toHaveBeenCalledWith({ itemId: null, entity: 'matter', docketwiseId: 12, mycaseId: 77 });
    expect(screen.getByTestId('manual-link-result').textContent).toBe('Linked.');
  });
});
