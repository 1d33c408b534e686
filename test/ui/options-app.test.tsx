// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import axe from 'axe-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DIRECT_MODE_WARNING } from '../../src/auth/direct-credentials';
import { OptionsApp } from '../../src/ui/options-app';
import type { AccountStatus, Conflict, ReviewItem } from '../../src/ui/view-types';
import { baseHandlers, fakeBackground, makeConflict, makeEntry, makeReviewItem, makeRun, makeStatus } from './fixtures';

afterEach(cleanup);

const URL_BASE = 'chrome-extension://abc/options.html';

describe('OptionsApp', () => {
  it('R7 activation: connect both, test, choose one-way, activate, follow the initial sync', async () => {
    const state: Record<'docketwise' | 'mycase', AccountStatus['state']> = { docketwise: 'disconnected', mycase: 'disconnected' };
    let activated = false;
    let progressCalls = 0;
    const bg = fakeBackground(
      baseHandlers({
        'status/get': () =>
          makeStatus({
            activated,
            mode: 'one-way',
            lastRun: null,
            accounts: (['docketwise', 'mycase'] as const).map((product) => ({ product, state: state[product], displayName: null, credentials: 'broker' as const })),
          }),
        'auth/connect': ({ product }) => {
          state[product] = 'connected';
          return { connected: true };
        },
        'auth/test': ({ product }) =>
          product === 'mycase' ? { ok: false, message: 'Your MyCase plan has no API access (Pro and Advanced only).' } : { ok: true, message: 'Connected to Garcia Law as Ana.' },
        'integration/activate': () => {
          activated = true;
          return { started: true };
        },
        'sync/progress': () => {
          progressCalls += 1;
          return progressCalls < 4
            ? { running: true, runId: 'init', phase: 'apply-mc-contacts', done: 250, total: 1000, etaSeconds: 240, lastRun: null }
            : { running: false, runId: null, phase: null, done: 0, total: null, etaSeconds: null, lastRun: makeRun({ kind: 'initial', trigger: 'activation' }) };
        },
      }),
    );
    render(<OptionsApp client={bg.send} pollMs={5} url={`${URL_BASE}#setup`} saveFile={vi.fn()} />);
    const activate = (await screen.findByRole('button', { name: 'Activate' })) as HTMLButtonElement;
    expect(activate.disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Connect Docketwise' }));
    await screen.findByText('Docketwise is connected.');
    fireEvent.click(screen.getByRole('button', { name: 'Connect MyCase' }));
    await screen.findByText('MyCase is connected.');
    expect(bg.callsOf('auth/connect')).toEqual([{ product: 'docketwise' }, { product: 'mycase' }]);

    fireEvent.click(screen.getByRole('button', { name: 'Test MyCase connection' }));
    await waitFor(() => expect(screen.getByTestId('test-result-mycase').textContent).toBe('Your MyCase plan has no API access (Pro and Advanced only).'));
    fireEvent.click(screen.getByRole('button', { name: 'Test Docketwise connection' }));
    await screen.findByText('Connected to Garcia Law as Ana.');

    // Settings say two-way (the default), so the setup choice starts there.
    const oneWay = screen.getAllByRole('radio', { name: 'One-way (MyCase → Docketwise)' })[0] as HTMLInputElement;
    expect(oneWay.checked).toBe(false);
    fireEvent.click(oneWay);
    await waitFor(() => expect((screen.getByRole('button', { name: 'Activate' }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: 'Activate' }));
    await waitFor(() => expect(bg.callsOf('integration/activate')).toEqual([{ mode: 'one-way' }]));
    await screen.findAllByText('250 of 1,000 done. About 4 minutes left.');
    await screen.findByTestId('activated');
    await screen.findAllByText(/^Finished: 3 created, 7 updated/);
    expect(screen.getByTestId('summary').textContent).toBe('The sync is active (one-way (mycase → docketwise)).');
  });

  it('R26 Deactivate and Refresh send integration/deactivate and explain what happens next', async () => {
    let activated = true;
    const bg = fakeBackground(
      baseHandlers({
        'status/get': () => makeStatus({ activated }),
        'integration/deactivate': () => {
          activated = false;
          return { deactivated: true };
        },
      }),
    );
    render(<OptionsApp client={bg.send} pollMs={5} url={URL_BASE} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Refresh the integration…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, refresh' }));
    await screen.findByTestId('refresh-notice');
    expect(bg.callsOf('integration/deactivate')).toEqual([{}]);
    expect(screen.getByRole('button', { name: 'Activate' })).toBeTruthy();
  });

  it('R28 filters build the log/query requests, paging moves the offset, a run link filters by run', async () => {
    const bg = fakeBackground(baseHandlers({ 'log/query': () => ({ entries: [makeEntry(1), makeEntry(2)], total: 7 }) }));
    render(<OptionsApp client={bg.send} url={`${URL_BASE}#log?run=run-3`} pageSize={2} />);
    await waitFor(() => expect(bg.callsOf('log/query')[0]).toEqual({ limit: 2, offset: 0, runId: 'run-3' }));
    await screen.findByTestId('run-filter');
    fireEvent.click(screen.getByRole('button', { name: 'Show all runs' }));
    await waitFor(() => expect(bg.callsOf('log/query').at(-1)).toEqual({ limit: 2, offset: 0 }));

    fireEvent.input(screen.getByLabelText('From'), { target: { value: '2026-12-01' } });
    fireEvent.input(screen.getByLabelText('To'), { target: { value: '2026-12-02' } });
    fireEvent.change(screen.getByLabelText('Contacts or matters'), { target: { value: 'matter' } });
    fireEvent.change(screen.getByLabelText('Direction'), { target: { value: 'push' } });
    fireEvent.change(screen.getByLabelText('Outcome'), { target: { value: 'failed' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    const filtered = { limit: 2, offset: 0, from: new Date(2026, 11, 1).getTime(), to: new Date(2026, 11, 3).getTime() - 1, entity: 'matter', direction: 'push', outcome: 'failed' };
    await waitFor(() => expect(bg.callsOf('log/query').at(-1)).toEqual(filtered));
    fireEvent.click(await screen.findByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(bg.callsOf('log/query').at(-1)).toEqual({ ...filtered, offset: 2 }));
    fireEvent.click(screen.getByRole('button', { name: "Show this run's records" }));
    await waitFor(() => expect(bg.callsOf('log/query').at(-1)).toEqual({ ...filtered, offset: 0, runId: 'run-1' }));
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(bg.callsOf('log/query').at(-1)).toEqual({ limit: 2, offset: 0 }));
  });

  it('R28 Export CSV fetches every matching record, page by page, and saves a safe CSV', async () => {
    const total = 5003;
    const all = Array.from({ length: total }, (_, i) => makeEntry(i, { label: i === 7 ? '=cmd|calc' : `Person ${i}`, outcome: 'failed' }));
    const bg = fakeBackground(
      baseHandlers({ 'log/query': ({ limit, offset }) => ({ entries: all.slice(offset, offset + limit), total }) }),
    );
    const saveFile = vi.fn<(name: string, text: string) => void>();
    render(<OptionsApp client={bg.send} url={URL_BASE} saveFile={saveFile} />);
    fireEvent.change(await screen.findByLabelText('Outcome'), { target: { value: 'failed' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() => expect(bg.callsOf('log/query').at(-1)).toEqual({ limit: 50, offset: 0, outcome: 'failed' }));
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await screen.findByText('Exported 5,003 records.');
    const exportCalls = bg.callsOf('log/query').filter((q) => q.limit === 5000);
    expect(exportCalls).toEqual([
      { limit: 5000, offset: 0, outcome: 'failed' },
      { limit: 5000, offset: 5000, outcome: 'failed' },
    ]);
    expect(saveFile).toHaveBeenCalledTimes(1);
    const [name, text] = saveFile.mock.calls[0] as [string, string];
    expect(name).toMatch(/^sync-log-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(text.startsWith('\uFEFFWhen (UTC),Run,Trigger')).toBe(true);
    const lines = text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(total + 1);
    expect(lines[8]).toContain(",'=cmd|calc,");
  });

  it('R20 Restore sends conflicts/restore, shows the message and reloads the list; show resolved asks for them', async () => {
    let conflicts: Conflict[] = [makeConflict()];
    const bg = fakeBackground(
      baseHandlers({
        'conflicts/list': ({ includeResolved }) => ({ conflicts: includeResolved ? [...conflicts, makeConflict({ id: 'old', restored: true })] : conflicts }),
        'conflicts/restore': ({ id }) => {
          conflicts = conflicts.map((c) => (c.id === id ? { ...c, restored: true } : c));
          return { restored: true, message: 'ana@old.example is back in Docketwise and was sent to MyCase.' };
        },
      }),
    );
    render(<OptionsApp client={bg.send} url={`${URL_BASE}#conflicts`} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Restore the Docketwise value for email' }));
    await screen.findByText('ana@old.example is back in Docketwise and was sent to MyCase.');
    expect(bg.callsOf('conflicts/restore')).toEqual([{ id: 'c1' }]);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Restore the Docketwise value for email' })).toBeNull());
    fireEvent.click(screen.getByRole('checkbox', { name: 'Show restored conflicts too' }));
    await waitFor(() => expect(screen.getAllByTestId('conflict')).toHaveLength(2));
    expect(bg.callsOf('conflicts/list').at(-1)).toEqual({ includeResolved: true });
  });

  it('R20 a refused restore keeps the conflict and shows why', async () => {
    const bg = fakeBackground(
      baseHandlers({
        'conflicts/list': () => ({ conflicts: [makeConflict()] }),
        'conflicts/restore': () => ({ restored: false, message: 'Docketwise is not connected: reconnect it, then try Restore again.' }),
      }),
    );
    render(<OptionsApp client={bg.send} url={URL_BASE} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Restore the Docketwise value for email' }));
    const message = await screen.findByText('Docketwise is not connected: reconnect it, then try Restore again.');
    expect(message.className).toBe('problem');
    expect(screen.getByRole('button', { name: 'Restore the Docketwise value for email' })).toBeTruthy();
  });

  it('R11 Link sends review/link with the item id and the chosen pair; R12 manual link sends no item id', async () => {
    let items: ReviewItem[] = [makeReviewItem()];
    const bg = fakeBackground(
      baseHandlers({
        'review/list': () => ({ items }),
        'review/link': (request) => {
          items = items.filter((i) => i.id !== request.itemId);
          return { linked: true, message: `Linked Docketwise #${request.docketwiseId} with MyCase #${request.mycaseId}.` };
        },
      }),
    );
    render(<OptionsApp client={bg.send} url={`${URL_BASE}#review?item=r1`} />);
    const item = await screen.findByTestId('review-item');
    expect(item.getAttribute('aria-current')).toBe('true');
    fireEvent.click(within(item).getByRole('button', { name: 'Link Docketwise "Juan Perez" (#31) to MyCase "Juan Perez (MyCase)" (#501)' }));
    await waitFor(() => expect(bg.callsOf('review/link')).toEqual([{ itemId: 'r1', entity: 'contact', docketwiseId: 31, mycaseId: 501 }]));
    await screen.findByTestId('no-review');

    fireEvent.change(screen.getByLabelText('What to link'), { target: { value: 'matter' } });
    fireEvent.input(screen.getByLabelText('Docketwise id'), { target: { value: '88' } });
    fireEvent.input(screen.getByLabelText('MyCase id'), { target: { value: '99' } });
    fireEvent.click(screen.getByRole('button', { name: 'Link' }));
    await screen.findByText('Linked Docketwise #88 with MyCase #99.');
    expect(bg.callsOf('review/link').at(-1)).toEqual({ itemId: null, entity: 'matter', docketwiseId: 88, mycaseId: 99 });
  });

  it('Dismiss sends review/dismiss', async () => {
    let items: ReviewItem[] = [makeReviewItem({ kind: 'deleted-on-docketwise', candidates: [] })];
    const bg = fakeBackground(
      baseHandlers({
        'review/list': () => ({ items }),
        'review/dismiss': ({ itemId }) => {
          items = items.filter((i) => i.id !== itemId);
          return { dismissed: true };
        },
      }),
    );
    render(<OptionsApp client={bg.send} url={URL_BASE} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Dismiss (leave as is)' }));
    await screen.findByTestId('no-review');
    expect(bg.callsOf('review/dismiss')).toEqual([{ itemId: 'r1' }]);
  });

  it('R29 a deleted contact says what happened; "Re-create in Docketwise" sends review/resolve and its result takes the focus', async () => {
    const id = 'link-marked:contact:31';
    let items: ReviewItem[] = [
      makeReviewItem({
        id,
        kind: 'deleted-on-docketwise',
        label: 'Juan Perez',
        candidates: [
          { side: 'docketwise', id: 31, label: 'Juan Perez (deleted)' },
          { side: 'mycase', id: 501, label: 'Juan Perez' },
        ],
        mark: { what: 'deleted', side: 'docketwise', choices: ['recreate', 'unlink'] },
      }),
    ];
    const bg = fakeBackground(
      baseHandlers({
        'review/list': () => ({ items }),
        'review/resolve': ({ itemId }) => {
          items = items.filter((i) => i.id !== itemId);
          return { done: true, message: 'Re-created in Docketwise (Docketwise id 77) from the MyCase record, and linked again.' };
        },
      }),
    );
    render(<OptionsApp client={bg.send} url={`${URL_BASE}#review?item=${encodeURIComponent(id)}`} />);
    const item = await screen.findByTestId('review-item');
    expect(within(item).getByTestId('mark-happened').textContent).toBe(
      'This contact was deleted in Docketwise. The contact in MyCase was left as it is: the sync never deletes or archives anything for you.',
    );
    expect(within(item).queryByRole('button', { name: 'Keep syncing' })).toBeNull();
    expect(within(item).queryByRole('button', { name: /^Link Docketwise/ })).toBeNull();
    const buttons = within(item).getAllByRole('button').map((b) => b.textContent);
    expect(buttons).toEqual(['Re-create in Docketwise', 'Unlink', 'Dismiss (leave as is)']);

    fireEvent.click(within(item).getByRole('button', { name: 'Re-create in Docketwise' }));

    await waitFor(() => expect(bg.callsOf('review/resolve')).toEqual([{ itemId: id, action: 'recreate' }]));
    await screen.findByTestId('no-review');
    const notice = screen.getByTestId('review-notice');
    expect(notice.textContent).toBe('Re-created in Docketwise (Docketwise id 77) from the MyCase record, and linked again.');
    // The clicked button left with its item: the keyboard user lands back on the queue, above the result.
    await waitFor(() => expect(document.activeElement?.id).toBe('review'));
  });

  it('R29 an archived case offers "Keep syncing" and "Unlink", not re-create; a refusal stays next to its buttons', async () => {
    const id = 'link-marked:matter:40';
    const item = makeReviewItem({
      id,
      kind: 'deleted-on-mycase',
      entity: 'matter',
      label: 'Asylum - Perez',
      candidates: [],
      mark: { what: 'archived', side: 'mycase', choices: ['resume', 'unlink'] },
    });
    const bg = fakeBackground(
      baseHandlers({
        'review/list': () => ({ items: [item] }),
        'review/resolve': ({ action }) =>
          action === 'resume'
            ? { done: false, message: 'It is still archived in MyCase. Unarchive it there first, then choose Keep syncing; or choose Unlink.' }
            : { done: true, message: 'Unlinked.' },
      }),
    );
    render(<OptionsApp client={bg.send} url={URL_BASE} />);
    const card = await screen.findByTestId('review-item');
    expect(card.textContent).toContain('This case was archived in MyCase. The matter in Docketwise was left as it is');
    expect(card.textContent).toContain('unarchive it in MyCase first, then choose Keep syncing');
    expect(within(card).queryByRole('button', { name: /^Re-create/ })).toBeNull();

    fireEvent.click(within(card).getByRole('button', { name: 'Keep syncing' }));

    const result = await screen.findByText(/^It is still archived in MyCase/);
    expect(result.className).toBe('problem');
    expect(result.getAttribute('data-testid')).toBe(`review-result-${id}`);
    expect(bg.callsOf('review/resolve')).toEqual([{ itemId: id, action: 'resume' }]);
    expect(screen.getByTestId('review-notice').textContent).toBe('');
    fireEvent.click(within(card).getByRole('button', { name: 'Unlink' }));
    await waitFor(() => expect(bg.callsOf('review/resolve').at(-1)).toEqual({ itemId: id, action: 'unlink' }));
    await waitFor(() => expect(screen.getByTestId('review-notice').textContent).toBe('Unlinked.'));
  });

  it('R29 the review queue with deletion items has no axe violations', async () => {
    const bg = fakeBackground(
      baseHandlers({
        'review/list': () => ({
          items: [
            makeReviewItem({ id: 'link-marked:contact:31', kind: 'deleted-on-docketwise', mark: { what: 'deleted', side: 'docketwise', choices: ['recreate', 'unlink'] } }),
            makeReviewItem({ id: 'link-marked:matter:40', kind: 'deleted-on-mycase', entity: 'matter', candidates: [], mark: { what: 'archived', side: 'mycase', choices: ['resume', 'unlink'] } }),
          ],
        }),
      }),
    );
    const { container } = render(<OptionsApp client={bg.send} url={URL_BASE} />);
    expect(await screen.findAllByTestId('review-item')).toHaveLength(2);
    const result = await axe.run(container);
    expect(result.violations.map((v) => `${v.id}: ${v.nodes[0]?.html ?? ''}`)).toEqual([]);
  });

  it('R13 Sync now on the settings section starts a run from "options" and shows its progress there only', async () => {
    const bg = fakeBackground(
      baseHandlers({
        'sync/start': () => ({ started: true, runId: 'r' }),
        'sync/progress': () => ({ running: true, runId: 'r', phase: 'pull-matters', done: 5, total: 9, etaSeconds: 12, lastRun: null }),
      }),
    );
    render(<OptionsApp client={bg.send} pollMs={5} url={`${URL_BASE}#sync`} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Sync now' }));
    await screen.findByText('5 of 9 done. Less than a minute left.');
    expect(bg.callsOf('sync/start')).toEqual([{ trigger: 'options' }]);
    const progress = screen.getAllByTestId('sync-progress');
    expect(progress.filter((p) => p.getAttribute('data-state') === 'running')).toHaveLength(1);
    expect(progress.find((p) => p.getAttribute('data-state') === 'running')?.closest('section')?.id).toBe('sync');
  });

  it('R13 saves the nightly time and mode with settings/set', async () => {
    const bg = fakeBackground(baseHandlers({ 'settings/set': (s) => ({ mode: s.mode ?? 'two-way', nightlyTime: s.nightlyTime ?? '02:00' }) }));
    render(<OptionsApp client={bg.send} url={`${URL_BASE}#sync`} />);
    const time = await screen.findByLabelText("Nightly sync time (this computer's time)");
    fireEvent.input(time, { target: { value: '03:15' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Saved. The nightly sync runs at 03:15; mode: two-way.');
    expect(bg.callsOf('settings/set')).toEqual([{ nightlyTime: '03:15', mode: 'two-way' }]);
  });

  it('direct mode sends the credentials to the background, and null to go back', async () => {
    const bg = fakeBackground(baseHandlers({ 'auth/set-direct-credentials': ({ credentials }) => ({ saved: true, disconnected: credentials === null, warning: 'w' }) }));
    render(<OptionsApp client={bg.send} url={URL_BASE} />);
    fireEvent.input(await screen.findByLabelText('Client id'), { target: { value: 'id-1' } });
    fireEvent.input(screen.getByLabelText('Client secret'), { target: { value: 'sec-1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save MyCase credentials' }));
    await screen.findByText("Saved. Now connect MyCase to sign in with your firm's credentials.");
    fireEvent.click(screen.getByRole('button', { name: 'Go back to the standard sign-in for MyCase' }));
    await screen.findByText('MyCase uses the standard sign-in again. MyCase was signed out because the sign-in belonged to the previous credentials. Connect MyCase to sign in.');
    expect(screen.getByText(DIRECT_MODE_WARNING)).toBeTruthy();
    expect(bg.callsOf('auth/set-direct-credentials')).toEqual([
      { product: 'mycase', credentials: { clientId: 'id-1', clientSecret: 'sec-1' } },
      { product: 'mycase', credentials: null },
    ]);
  });

  it('a background that does not answer is explained, with what to do', async () => {
    const bg = fakeBackground({});
    render(<OptionsApp client={bg.send} url={URL_BASE} />);
    expect((await screen.findByTestId('summary')).textContent).toMatch(/^The extension is not responding \(no handler for status\/get\)\. Reload the extension/);
  });
});
