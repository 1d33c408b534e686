/**
 * Loads a built extension into Debian's Chromium (headless, through playwright-core) and gives
 * tests the handles they need: the extension id, the service worker, extension pages, and a
 * way to stop the worker the way Chrome does when it goes idle (CDP ServiceWorker.stopAllWorkers).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { builtExtension } from '../support/paths';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ExtensionSession {
  context: BrowserContext;
  extensionId: string;
  /** The extension's service worker handle (Playwright reuses it across restarts). */
  worker: Worker;
  openExtensionPage(file: string): Promise<Page>;
  /** Stops the worker and resolves once Chromium reports it stopped. */
  stopServiceWorker(): Promise<void>;
  /** Reads `storage.local` from an extension page (works whether or not the worker runs). */
  readLocalStorage(keys?: string | string[]): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Show the browser window (the demo does when a display is available). */
  headed?: boolean;
}

export async function launchExtension(
  folder: 'chrome-mv3' | 'chrome-mv3-sandbox' = 'chrome-mv3-sandbox',
  options: LaunchOptions = {},
): Promise<ExtensionSession> {
  const extensionDir = builtExtension(folder);
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'dw-mycase-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: !options.headed,
    viewport: { width: 1280, height: 860 },
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;

  let helperPage: Page | null = null;
  async function extensionPage(): Promise<Page> {
    if (!helperPage || helperPage.isClosed()) {
      helperPage = await context.newPage();
      await helperPage.goto(`chrome-extension://${extensionId}/popup.html`);
    }
    return helperPage;
  }

  return {
    context,
    extensionId,
    worker,
    async openExtensionPage(file) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${file}`);
      return page;
    },
    async stopServiceWorker() {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      const prefix = `chrome-extension://${extensionId}/`;
      const stopped = new Promise<void>((resolve) => {
        cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
          if (versions.some((v) => v.scriptURL.startsWith(prefix) && v.runningStatus === 'stopped')) resolve();
        });
      });
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await Promise.race([
        stopped,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('service worker did not stop within 10 s')), 10_000)),
      ]);
      await cdp.detach();
      await page.close();
    },
    async readLocalStorage(keys) {
      const page = await extensionPage();
      return page.evaluate((k) => chrome.storage.local.get(k ?? null), keys ?? null);
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `read` until `accept` holds, or fails after `timeoutMs` with the last value seen. */
export async function waitFor<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}
