// @vitest-environment happy-dom
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { instantPush } from '../../src/features/instant-push';
import { loadSavedPage } from '../fixtures/docketwise/saved-pages';
import { fakeBackground, injected, runWith, shadowText } from './helpers';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** What the web app does around a successful PUT/POST (app.js setStatus). */
async function saveInPage(outcome: 'saved' | 'error' = 'saved', prepare?: () => void) {
  const status = document.querySelector<HTMLElement>('form.record-form .form-status')!;
  status.dataset.state = 'saving';
  status.textContent = 'Saving…';
  await tick();
  prepare?.();
  status.dataset.state = outcome;
  status.textContent = outcome === 'saved' ? 'Saved' : 'Not saved: email has already been taken';
  await tick();
}

describe('instant-push', () => {
  let stop: AbortController | null = null;
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => stop?.abort());

  async function start(page: Parameters<typeof loadSavedPage>[0]) {
    loadSavedPage(page);
    const run = runWith([instantPush]);
    stop = run.controller;
    await vi.waitFor(() => expect(run.manager.running()).toEqual(['instant-push']));
    // Give the feature time to find the status line.
    await tick();
    return run;
  }

  it('R18 sends docketwise/record-saved for a saved contact at once and says "Sent to MyCase"', async () => {
    const background = fakeBackground({ 'docketwise/record-saved': () => ({ queued: true }) });
    await start('contact');
    const before = Date.now();
    await saveInPage();
    await vi.waitFor(() => expect(background.ofType('docketwise/record-saved')).toEqual([{ entity: 'contact', id: 1 }]));
    expect(Date.now() - before).toBeLessThan(1000);
    const [host] = injected('instant-push');
    await vi.waitFor(() => expect(shadowText(host!)).toBe('Sent to MyCase'));
    // Quietly next to the page's own "Saved".
    expect(host!.previousElementSibling?.classList.contains('form-status')).toBe(true);
  });

  it('R18 sends a saved matter, and a new contact with its new id', async () => {
    const background = fakeBackground({ 'docketwise/record-saved': () => ({ queued: true }) });
    await start('matter');
    await saveInPage();
    await vi.waitFor(() => expect(background.ofType('docketwise/record-saved')).toEqual([{ entity: 'matter', id: 11 }]));
    stop?.abort();

    await start('contact-new');
    await saveInPage('saved', () => {
      document.querySelector<HTMLElement>('form.contact-form')!.dataset.contactId = '1042';
    });
    await vi.waitFor(() => expect(background.ofType('docketwise/record-saved')).toEqual([
      { entity: 'matter', id: 11 },
      { entity: 'contact', id: 1042 },
    ]));
  });

  it('shows the reason when the background did not queue the push', async () => {
    fakeBackground({ 'docketwise/record-saved': () => ({ queued: false, reason: 'one-way mode sends nothing to MyCase' }) });
    await start('contact');
    await saveInPage();
    await vi.waitFor(() => expect(shadowText(injected('instant-push')[0]!)).toBe('Not sent to MyCase: one-way mode sends nothing to MyCase'));
  });

  it('says so when the background refuses or fails, without breaking the page', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    fakeBackground({ 'docketwise/record-saved': () => { throw new Error('outbox unavailable'); } });
    await start('contact');
    await saveInPage();
    await vi.waitFor(() => expect(shadowText(injected('instant-push')[0]!)).toBe('Not sent to MyCase: outbox unavailable'));
    expect(document.querySelector('.form-status')?.textContent).toBe('Saved');
  });

  it('sends nothing when the save failed', async () => {
    const background = fakeBackground({ 'docketwise/record-saved': () => ({ queued: true }) });
    await start('contact');
    await saveInPage('error');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(background.sent).toEqual([]);
    expect(injected('instant-push')).toHaveLength(0);
  });

  it('does not run on pages without an edit form', async () => {
    loadSavedPage('matter-forms');
    const run = runWith([instantPush]);
    stop = run.controller;
    await tick();
    expect(run.manager.running()).toEqual([]);
    expect(run.logger.warn).not.toHaveBeenCalled();
  });

  it('stays out, logged once, when the form has no status line', async () => {
    loadSavedPage('contact');
    document.querySelector('.form-status')!.remove();
    const run = runWith([instantPush], { elementTimeoutMs: 20 });
    stop = run.controller;
    await vi.waitFor(() => expect(run.logger.warn).toHaveBeenCalledTimes(1));
    expect(run.logger.warn.mock.calls[0]?.[0]).toContain('save confirmation of the edit form');
    expect(run.manager.running()).toEqual([]);
  });

  it('cleans up on in-app navigation and follows the new page', async () => {
    const background = fakeBackground({ 'docketwise/record-saved': () => ({ queued: true }) });
    const { navigation } = await start('contact');
    await saveInPage();
    await vi.waitFor(() => expect(injected('instant-push')).toHaveLength(1));

    // The app pushes the new URL, then replaces the page content when its data arrives.
    navigation.go('/contacts/2');
    expect(injected('instant-push')).toHaveLength(0);
    const form = document.querySelector<HTMLElement>('form.contact-form')!;
    const fresh = form.cloneNode(true) as HTMLElement;
    fresh.dataset.contactId = '2';
    fresh.querySelector('.form-status')!.textContent = '';
    fresh.querySelector<HTMLElement>('.form-status')!.dataset.state = 'idle';
    form.replaceWith(fresh);
    await tick();
    await saveInPage();
    await vi.waitFor(() => expect(background.ofType('docketwise/record-saved')).toEqual([
      { entity: 'contact', id: 1 },
      { entity: 'contact', id: 2 },
    ]));
  });
});
