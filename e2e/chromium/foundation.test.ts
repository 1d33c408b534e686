import { CHROME_EXTENSION_ID } from '../../src/config/extension-key';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStaticPages } from '../support/static-server';
import { launchExtension, waitFor, type ExtensionSession } from './harness';

const DOCKETWISE_LIKE_PAGE = `<!doctype html><html><head><title>Docketwise</title></head>
<body><header class="dw-topbar">Docketwise</header><main>Contacts</main></body></html>`;

describe('the built extension in Chromium', () => {
  let session: ExtensionSession;
  let site: Awaited<ReturnType<typeof serveStaticPages>>;

  beforeAll(async () => {
    session = await launchExtension('chrome-mv3-sandbox');
    site = await serveStaticPages({ '/contacts': DOCKETWISE_LIKE_PAGE });
  });

  afterAll(async () => {
    await session?.close();
    await site?.close();
  });

  it('runs the background service worker', async () => {
    expect(session.extensionId).toBe(CHROME_EXTENSION_ID);
    const id = await session.worker.evaluate(() => chrome.runtime.id);
    expect(id).toBe(session.extensionId);
  });

  it('renders the popup, which reaches the background', async () => {
    const popup = await session.openExtensionPage('popup.html');
    const status = popup.getByTestId('background-status');
    await status.waitFor({ timeout: 10_000 });
    expect(await status.getAttribute('data-state')).toBe('ready');
    await popup.close();
  });

  it('runs the content script on a Docketwise page on 127.0.0.1 and completes a message round trip', async () => {
    const page = await session.context.newPage();
    await page.goto(`${site.url}/contacts`);
    const marker = await waitFor(
      () => page.evaluate(() => document.documentElement.dataset.dwMycaseSync ?? null),
      (value) => value !== null,
      10_000,
      'the content script to mark the page',
    );
    expect(marker).toBe('ready');
    await page.close();
  });

  it('stops the worker, and a message wakes a fresh one', async () => {
    await session.worker.evaluate(() => {
      (globalThis as { e2eMarker?: number }).e2eMarker = 1;
    });
    await session.stopServiceWorker();
    const page = await session.openExtensionPage('popup.html');
    const reply = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'ping', payload: { from: 'after-stop' } }));
    expect(reply).toMatchObject({ ok: true, value: { pong: true, echo: 'after-stop' } });
    // The woken worker is a new instance: the global set before the stop is gone.
    const marker = await session.worker.evaluate(() => (globalThis as { e2eMarker?: number }).e2eMarker ?? null);
    expect(marker).toBeNull();
    await page.close();
  });

  it('stops the worker, and an alarm wakes it', async () => {
    const page = await session.openExtensionPage('popup.html');
    await page.evaluate(() => chrome.alarms.create('e2e-wake', { when: Date.now() + 1500 }));
    await session.stopServiceWorker();
    const stored = await waitFor(
      () => session.readLocalStorage('lastAlarm'),
      (value) => (value.lastAlarm as { name?: string } | undefined)?.name === 'e2e-wake',
      15_000,
      'the alarm to wake the worker',
    );
    expect(stored.lastAlarm).toMatchObject({ name: 'e2e-wake' });
    await page.close();
  });
});
