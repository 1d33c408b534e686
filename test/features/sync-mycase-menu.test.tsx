// @vitest-environment happy-dom
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createRuntimeMessageClient } from '../../src/messaging/client';
import {
  createSyncMenuController,
  formatEta,
  MAX_POLL_ERRORS,
  needsAttention,
  summaryText,
  syncMycaseMenu,
} from '../../src/features/sync-mycase-menu';
import type { OutcomeCounts, RunSummary } from '../../src/messaging/protocol';
import { loadSavedPage, SAVED_PAGE_NAMES } from '../fixtures/docketwise/saved-pages';
import { fakeBackground, injected, runWith, shadowText } from './helpers';

const zero: OutcomeCounts = { created: 0, updated: 0, linked: 0, skipped: 0, failed: 0 };
/** A finished pull whose contact counts are `pull` (matters and push stay zero unless given). */
const summary = (id: string, pull: Partial<OutcomeCounts>, over: Partial<RunSummary> = {}): RunSummary => ({
  id,
  kind: 'pull',
  trigger: 'docketwise-menu',
  startedAt: 1,
  finishedAt: 2,
  outcome: 'ok',
  counts: { contact: { pull: { ...zero, ...pull }, push: zero }, matter: { pull: zero, push: zero } },
  message: null,
  ...over,
});
const idleProgress = { running: false, runId: null, phase: null, done: 0, total: null, etaSeconds: null, lastRun: null };
const ended = (run: RunSummary) => ({ ...idleProgress, runId: run.id, lastRun: run });

/** The menu's controller over the fake background, polling every millisecond. */
function fastController(onChange: () => void = () => undefined) {
  return createSyncMenuController({ send: createRuntimeMessageClient(), signal: new AbortController().signal, onChange, pollIntervalMs: 1 });
}

function menuButton(): HTMLButtonElement {
  const [host] = injected('sync-mycase-menu');
  const button = host?.shadowRoot?.querySelector<HTMLButtonElement>('button.item');
  if (!button) throw new Error('Sync MyCase is not in the menu');
  return button;
}

describe('sync-mycase-menu', () => {
  let stop: AbortController | null = null;
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => stop?.abort());

  for (const name of SAVED_PAGE_NAMES) {
    it(`R13 adds "Sync MyCase" to the profile menu, above "Log out" (${name})`, async () => {
      loadSavedPage(name);
      ({ controller: stop } = runWith([syncMycaseMenu]));
      await vi.waitFor(() => expect(injected('sync-mycase-menu')).toHaveLength(1));
      const [host] = injected('sync-mycase-menu');
      const menu = document.querySelector('#profile-menu')!;
      // A list item of the menu (role "none", like the app's own), holding our shadow host.
      const item = host!.parentElement!;
      expect(item.tagName).toBe('LI');
      expect(item.parentElement).toBe(menu);
      expect(item.getAttribute('role')).toBe('none');
      expect(item.nextElementSibling?.querySelector('[data-action="logout"]')?.textContent).toBe('Log out');
      expect(host!.tagName).toBe('DIV');
      // In a shadow root, keyboard reachable, named like the help article says.
      expect(menuButton().textContent).toBe('Sync MyCase');
      expect(menuButton().tabIndex).toBeGreaterThanOrEqual(0);
      expect(menuButton().getAttribute('role')).toBe('menuitem');
      // The page's own items are untouched.
      expect([...menu.children].filter((el) => el !== item).map((el) => el.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
        'Paula Legal paula@firm.example',
        'Settings',
        'Log out',
      ]);
    });
  }

  it('R13 starts a pull with trigger "docketwise-menu", shows progress in place, then the result', async () => {
    loadSavedPage('matters');
    const run = summary('run-1', { created: 2, updated: 5 });
    run.counts.matter.pull = { ...zero, linked: 1 };
    const progress = [{ running: true, runId: 'run-1', phase: 'contacts', done: 30, total: 120, etaSeconds: 95, lastRun: null }, ended(run)];
    const background = fakeBackground({
      'sync/start': () => ({ started: true, runId: 'run-1' }),
      'sync/progress': () => progress.shift() ?? ended(run),
    });
    ({ controller: stop } = runWith([syncMycaseMenu]));
    await vi.waitFor(() => menuButton());
    menuButton().click();
    const [host] = injected('sync-mycase-menu');
    await vi.waitFor(() => expect(shadowText(host!)).toContain('30 of 120 · about 2 minutes left'));
    expect(menuButton().getAttribute('aria-disabled')).toBe('true');
    expect(host!.shadowRoot!.querySelector('progress')?.getAttribute('value')).toBe('30');
    await vi.waitFor(() => expect(shadowText(host!)).toContain('Sync finished: 2 created, 5 updated, 1 linked.'), { timeout: 3000 });
    expect(menuButton().getAttribute('aria-disabled')).toBe('false');
    expect(background.ofType('sync/start')).toEqual([{ trigger: 'docketwise-menu' }]);
    expect(background.ofType('sync/progress').length).toBeGreaterThanOrEqual(2);
    // No link to the log when nothing needs attention.
    expect(host!.shadowRoot!.querySelector('button.link')).toBeNull();
  });

  it('R13 shows problems with a way to the options page log', async () => {
    loadSavedPage('dashboard');
    const background = fakeBackground({
      'sync/start': () => ({ started: true, runId: 'run-7' }),
      'sync/progress': () => ended(summary('run-7', { updated: 3, skipped: 1, failed: 2 }, { outcome: 'partial' })),
      'options/open': () => ({ opened: true }),
    });
    ({ controller: stop } = runWith([syncMycaseMenu]));
    await vi.waitFor(() => menuButton());
    menuButton().click();
    const [host] = injected('sync-mycase-menu');
    await vi.waitFor(() => expect(shadowText(host!)).toContain('Sync finished: 3 updated, 1 skipped, 2 failed. See the sync log'));
    host!.shadowRoot!.querySelector<HTMLButtonElement>('button.link')!.click();
    await vi.waitFor(() => expect(background.ofType('options/open')).toEqual([{ view: 'log', runId: 'run-7' }]));
  });

  it('is keyboard reachable and hands arrow keys on to the page’s menu items', async () => {
    loadSavedPage('contact');
    ({ controller: stop } = runWith([syncMycaseMenu]));
    await vi.waitFor(() => menuButton());
    const button = menuButton();
    button.focus();
    expect(button.getRootNode()).toBeInstanceOf(ShadowRoot);
    expect((button.getRootNode() as ShadowRoot).activeElement).toBe(button);
    const pageHeard = vi.fn();
    document.addEventListener('keydown', pageHeard);
    onTestFinished(() => document.removeEventListener('keydown', pageHeard));

    button.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, composed: true }));
    expect(document.activeElement?.textContent).toBe('Log out');
    button.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true, composed: true }));
    expect(document.activeElement?.textContent).toBe('Settings');
    expect(pageHeard).not.toHaveBeenCalled();
    // Other keys (Escape closes the page's menu) still reach the page.
    button.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(pageHeard).toHaveBeenCalledTimes(1);
  });

  it('says why a sync did not start', async () => {
    loadSavedPage('dashboard');
    fakeBackground({ 'sync/start': () => ({ started: false, runId: null, reason: 'MyCase is not connected.' }) });
    ({ controller: stop } = runWith([syncMycaseMenu]));
    await vi.waitFor(() => menuButton());
    menuButton().click();
    const [host] = injected('sync-mycase-menu');
    await vi.waitFor(() => expect(shadowText(host!)).toContain('Not started: MyCase is not connected.'));
    expect(menuButton().getAttribute('aria-disabled')).toBe('false');
  });

  it('follows a run that was already going instead of refusing', async () => {
    loadSavedPage('dashboard');
    const background = fakeBackground({
      'sync/start': () => ({ started: false, runId: 'nightly-3', reason: 'A sync is already running.' }),
      'sync/progress': () => ended(summary('nightly-3', {}, { trigger: 'nightly' })),
    });
    ({ controller: stop } = runWith([syncMycaseMenu]));
    await vi.waitFor(() => menuButton());
    menuButton().click();
    const [host] = injected('sync-mycase-menu');
    await vi.waitFor(() => expect(shadowText(host!)).toContain('everything was already in step'));
    expect(background.ofType('sync/start')).toEqual([{ trigger: 'docketwise-menu' }]);
  });

  it('reports a background that does not answer', async () => {
    loadSavedPage('dashboard');
    fakeBackground({ 'sync/start': () => { throw new Error('engine not ready'); } });
    ({ controller: stop } = runWith([syncMycaseMenu]));
    await vi.waitFor(() => menuButton());
    menuButton().click();
    const [host] = injected('sync-mycase-menu');
    await vi.waitFor(() => expect(shadowText(host!)).toContain('Sync could not start: engine not ready'));
  });

  it('stays out (logged once) when the page has no profile menu, leaving the page alone', async () => {
    loadSavedPage('dashboard');
    document.querySelector('#profile-dropdown')!.remove();
    const before = document.body.innerHTML;
    const { controller, logger, manager } = runWith([syncMycaseMenu], { elementTimeoutMs: 30 });
    stop = controller;
    await vi.waitFor(() => expect(logger.warn).toHaveBeenCalledTimes(1));
    expect(logger.warn.mock.calls[0]?.[0]).toContain('top-right profile menu');
    expect(logger.error).not.toHaveBeenCalled();
    expect(manager.running()).toEqual([]);
    expect(document.body.innerHTML).toBe(before);
  });

  it('goes into a re-rendered menu, with the same state, and leaves when the script ends', async () => {
    loadSavedPage('dashboard');
    fakeBackground({ 'sync/start': () => ({ started: false, runId: null, reason: 'Deactivated.' }) });
    const { controller } = runWith([syncMycaseMenu]);
    await vi.waitFor(() => menuButton());
    menuButton().click();
    await vi.waitFor(() => expect(shadowText(injected('sync-mycase-menu')[0]!)).toContain('Deactivated.'));

    const old = document.querySelector('#profile-menu')!;
    const fresh = old.cloneNode(true) as HTMLElement;
    fresh.querySelector('[data-dw-mycase-sync-item]')?.remove();
    old.replaceWith(fresh);
    await vi.waitFor(() => expect(fresh.querySelector('[data-dw-mycase-sync="sync-mycase-menu"]')).not.toBeNull());
    expect(shadowText(fresh.querySelector<HTMLElement>('[data-dw-mycase-sync]')!)).toContain('Not started: Deactivated.');

    controller.abort();
    expect(injected('sync-mycase-menu')).toHaveLength(0);
    expect(document.querySelectorAll('[data-dw-mycase-sync-item]')).toHaveLength(0);
    expect(fresh.children).toHaveLength(3);
  });
});

describe('sync menu controller', () => {
  beforeEach(() => fakeBrowser.reset());

  it('gives up following after repeated failed polls, saying the sync goes on', async () => {
    let polls = 0;
    fakeBackground({
      'sync/start': () => ({ started: true, runId: 'r' }),
      'sync/progress': () => {
        polls++;
        throw new Error('worker restarting');
      },
    });
    const controller = fastController();
    await controller.start();
    expect(polls).toBe(MAX_POLL_ERRORS);
    expect(controller.state()).toMatchObject({ kind: 'failed' });
    expect(controller.state().kind === 'failed' && controller.state()).toMatchObject({ message: expect.stringContaining('The sync goes on') });
  });

  it('R13 never shows the run before: it waits until the run it asked for has started, then shows that one', async () => {
    const older = summary('run-0', {}, { outcome: 'failed', message: 'MyCase refused access.' });
    const mine = summary('run-1', { updated: 3 });
    // The worker is still setting the run up (two replies), then runs it, then it ends.
    const replies = [
      { ...ended(older), run: null },
      { ...ended(older), run: null },
      { running: true, runId: 'run-1', phase: 'contacts', done: 1, total: 4, etaSeconds: 3, lastRun: older, run: { ...mine, outcome: 'running' as const, finishedAt: null } },
      { ...ended(mine), run: mine },
    ];
    const seen: string[] = [];
    const background = fakeBackground({
      'sync/start': () => ({ started: true, runId: 'run-1' }),
      'sync/progress': () => replies.shift() ?? { ...ended(mine), run: mine },
    });
    const controller = fastController(() => seen.push(controller.state().kind));
    await controller.start();
    expect(controller.state()).toEqual({ kind: 'finished', runId: 'run-1', summary: mine });
    expect(seen).not.toContain('not-started');
    expect(background.ofType('sync/progress').every((request) => JSON.stringify(request) === JSON.stringify({ runId: 'run-1' }))).toBe(true);
  });

  it('R13 says the sync did not start when the run it asked for never appears', async () => {
    fakeBackground({
      'sync/start': () => ({ started: true, runId: 'run-9' }),
      'sync/progress': () => ({ ...idleProgress, run: null }),
    });
    const controller = fastController();
    await controller.start();
    expect(controller.state()).toMatchObject({ kind: 'not-started', reason: expect.stringContaining('another sync was running') });
  });

  it('still ends with "finished" when the run summary is unavailable', async () => {
    fakeBackground({ 'sync/start': () => ({ started: true, runId: 'r' }), 'sync/progress': () => idleProgress });
    const controller = createSyncMenuController({
      send: createRuntimeMessageClient(),
      signal: new AbortController().signal,
      onChange: () => undefined,
    });
    await controller.start();
    expect(controller.state()).toEqual({ kind: 'finished', runId: 'r', summary: null });
    expect(summaryText(null)).toBe('Sync finished.');
  });

  it('R28 sums the run’s counts over entities and directions, and says when the log needs a look', () => {
    const run = summary('r', { created: 1, failed: 1 }, { outcome: 'partial' });
    run.counts.matter.push = { ...zero, created: 2, skipped: 3 };
    expect(summaryText(run)).toBe('Sync finished: 3 created, 3 skipped, 1 failed.');
    expect(needsAttention(run)).toBe(true);
    expect(needsAttention(summary('r', { updated: 4 }))).toBe(false);
    expect(summaryText(summary('r', {}, { outcome: 'failed', message: 'Reconnect MyCase.' }))).toBe('Sync failed: Reconnect MyCase.');
    expect(needsAttention(null)).toBe(true);
  });

  it('formats the time left', () => {
    expect(formatEta(null)).toBeNull();
    expect(formatEta(20)).toBe('less than a minute left');
    expect(formatEta(75)).toBe('about 1 minute left');
    expect(formatEta(600)).toBe('about 10 minutes left');
  });
});
