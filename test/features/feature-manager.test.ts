// @vitest-environment happy-dom
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { contentScriptLocationSource } from '../../src/docketwise-site/navigation';
import { waitForElement } from '../../src/docketwise-site/observe';
import { detectPage, type DocketwisePage } from '../../src/docketwise-site/pages';
import type { Feature } from '../../src/features/feature-manager';
import { features } from '../../src/features';
import { loadSavedPage } from '../fixtures/docketwise/saved-pages';
import { fakeBackground, runWith } from './helpers';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A feature that records its runs and whether each run's signal was aborted. */
function recorder(id: string, scope: Feature['scope'], include?: (page: DocketwisePage) => boolean) {
  const runs: { page: DocketwisePage; signal: AbortSignal }[] = [];
  const feature: Feature = { id, scope, include, run: ({ page, signal }) => void runs.push({ page, signal }) };
  return { feature, runs };
}

describe('feature manager', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    loadSavedPage('contact');
  });

  it('keeps every feature in one list with unique ids', () => {
    const ids = features.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['extension-ready', 'sync-mycase-menu', 'instant-push']));
  });

  it('runs a feature only on the pages it asks for', async () => {
    const onMatters = recorder('on-matters', 'page', (p) => p.kind === 'matter');
    const everywhere = recorder('everywhere', 'page');
    const { manager } = runWith([onMatters.feature, everywhere.feature]);
    await tick();
    expect(onMatters.runs).toHaveLength(0);
    expect(everywhere.runs.map((r) => r.page)).toEqual([{ kind: 'contact', contactId: 1 }]);
    expect(manager.running()).toEqual(['everywhere']);
  });

  it('cleans up page features and runs them again on in-app navigation; document features stay', async () => {
    const page = recorder('page-feature', 'page');
    const onMatters = recorder('on-matters', 'page', (p) => p.kind === 'matter');
    const doc = recorder('doc-feature', 'document');
    const { navigation, manager } = runWith([page.feature, onMatters.feature, doc.feature]);
    await tick();
    navigation.go('/matters/11');
    await tick();
    expect(page.runs).toHaveLength(2);
    expect(page.runs[0]?.signal.aborted).toBe(true);
    expect(page.runs[1]?.signal.aborted).toBe(false);
    expect(page.runs[1]?.page).toEqual({ kind: 'matter', matterId: 11 });
    expect(onMatters.runs).toHaveLength(1);
    expect(doc.runs).toHaveLength(1);
    expect(doc.runs[0]?.signal.aborted).toBe(false);

    navigation.go('/contacts');
    await tick();
    expect(onMatters.runs[0]?.signal.aborted).toBe(true);
    expect(manager.running().sort()).toEqual(['doc-feature', 'page-feature']);
  });

  it('stops everything when the content script ends', async () => {
    const page = recorder('page-feature', 'page');
    const doc = recorder('doc-feature', 'document');
    const { controller, manager } = runWith([page.feature, doc.feature]);
    await tick();
    controller.abort();
    expect(page.runs[0]?.signal.aborted).toBe(true);
    expect(doc.runs[0]?.signal.aborted).toBe(true);
    expect(manager.running()).toEqual([]);
  });

  it('isolates a failing feature from the others and logs it once', async () => {
    const broken: Feature = { id: 'broken', scope: 'page', run: () => { throw new Error('boom'); } };
    const fine = recorder('fine', 'page');
    const { logger, navigation, manager } = runWith([broken, fine.feature]);
    await tick();
    navigation.go('/contacts/2');
    await tick();
    expect(fine.runs).toHaveLength(2);
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(manager.running()).toEqual(['fine']);
  });

  it('a feature whose element never appears stays out and is logged once, as a warning', async () => {
    const picky: Feature = {
      id: 'picky',
      scope: 'page',
      run: async ({ signal, elementTimeoutMs }) => {
        await waitForElement({ selector: '.does-not-exist', description: 'a missing thing' }, { signal, timeout: elementTimeoutMs });
      },
    };
    const { logger, navigation, manager } = runWith([picky], { elementTimeoutMs: 20 });
    await vi.waitFor(() => expect(logger.warn).toHaveBeenCalledTimes(1));
    expect(logger.warn.mock.calls[0]?.[0]).toContain('picky stays out of this page: a missing thing');
    expect(manager.running()).toEqual([]);
    navigation.go('/contacts/2');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('a feature aborted by navigation while waiting is not reported as a failure', async () => {
    const waiting: Feature = {
      id: 'waiting',
      scope: 'page',
      run: async ({ signal }) => {
        await waitForElement({ selector: '.later' }, { signal, timeout: 5000 });
      },
    };
    const { logger, navigation } = runWith([waiting]);
    await tick();
    navigation.go('/contacts/3');
    await tick();
    expect(logger.warn).not.toHaveBeenCalled();
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('extension-ready marks the page once the background answers', async () => {
    const background = fakeBackground({ ping: (p) => ({ pong: true, echo: (p as { from: string }).from, at: 1 }) });
    runWith([features.find((f) => f.id === 'extension-ready')!]);
    await vi.waitFor(() => expect(document.documentElement.dataset.dwMycaseSync).toBe('ready'));
    expect(background.ofType('ping')).toEqual([{ from: '/contacts/1' }]);
  });
});

describe('content-script location source', () => {
  it('reports back/forward navigation (popstate) once per new URL', () => {
    fakeBrowser.reset();
    history.replaceState({}, '', '/contacts/1');
    const ctx = new ContentScriptContext('docketwise-test');
    const seen: string[] = [];
    contentScriptLocationSource(ctx)((url) => seen.push(url.pathname));
    history.pushState({}, '', '/matters/11');
    window.dispatchEvent(new PopStateEvent('popstate'));
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(seen).toEqual(['/matters/11']);
    expect(detectPage()).toEqual({ kind: 'matter', matterId: 11 });
    ctx.abort();
    history.pushState({}, '', '/contacts/2');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(seen).toEqual(['/matters/11']);
  });

  it('uses the URL carried by WXT’s location-change event', () => {
    fakeBrowser.reset();
    history.replaceState({}, '', '/contacts/1');
    const ctx = new ContentScriptContext('docketwise-test');
    const seen: string[] = [];
    const added = vi.spyOn(window, 'addEventListener');
    contentScriptLocationSource(ctx)((url) => seen.push(url.pathname));
    const wxtCall = added.mock.calls.find(([type]) => String(type).endsWith('wxt:locationchange'));
    expect(wxtCall).toBeDefined();
    // WXT fires before `location` changes (Navigation API "navigate"), with the new URL on the event.
    const event = Object.assign(new Event(String(wxtCall![0])), { newUrl: new URL('/matters/12/forms', location.href) });
    window.dispatchEvent(event);
    expect(seen).toEqual(['/matters/12/forms']);
    ctx.abort();
  });
});
