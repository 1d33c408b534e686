/**
 * Sign-in in a real Chromium, through the built sandbox extension: the options page's Connect
 * buttons start `identity.launchWebAuthFlow` in the background, the test clicks Allow on each
 * sandbox's page, the code goes through the broker (over loopback, origin-checked) to the
 * sandbox's token endpoint, and the tokens land in the real `chrome.storage` areas.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerLogEntry } from '../../broker/handler';
import { CHROME_EXTENSION_ID } from '../../src/config/extension-key';
import { connectAccount, send } from '../support/drive';
import { startWorld, type World } from '../support/world';
import { launchExtension, type ExtensionSession } from './harness';

const ORIGIN = `chrome-extension://${CHROME_EXTENSION_ID}`;

/** Both storage areas and every IndexedDB store of the extension, read from an extension page. */
async function scanExtension(page: Page) {
  return page.evaluate(async () => {
    const local = await chrome.storage.local.get(null);
    const session = await chrome.storage.session.get(null);
    const idb: string[] = [];
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name as string);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const all = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result as unknown[]);
          request.onerror = () => reject(request.error);
        });
        idb.push(JSON.stringify(all));
      }
      db.close();
    }
    return { local, session, idb: idb.join('\n'), databases: (await indexedDB.databases()).map((d) => d.name) };
  });
}

const authKeys = (area: Record<string, unknown>) => Object.keys(area).filter((k) => k.startsWith('auth:')).sort();

describe('sign-in through the sandboxes\u2019 Allow pages in Chromium (built extension)', () => {
  let world: World;
  let session: ExtensionSession;
  let options: Page;
  const brokerLogs: BrokerLogEntry[] = [];

  beforeAll(async () => {
    // Exactly the pinned extension origin: proves Chromium sends it on the extension's fetch.
    world = await startWorld({ brokerEnv: { BROKER_ALLOWED_ORIGINS: ORIGIN }, brokerLog: (entry) => brokerLogs.push(entry) });
    session = await launchExtension('chrome-mv3-sandbox');
    options = await session.openExtensionPage('options.html#setup');
  });

  afterAll(async () => {
    await session?.close();
    await world?.close();
  });

  it('R7 connects MyCase and Docketwise through their Allow pages (state + PKCE, code exchanged by the broker)', async () => {
    expect(session.extensionId).toBe(CHROME_EXTENSION_ID);
    await connectAccount(session, options, 'mycase', true);
    await connectAccount(session, options, 'docketwise', true);
    const status = await send(options, 'status/get', {});
    expect(status.accounts.map((a) => a.state)).toEqual(['connected', 'connected']);
    const exchanges = brokerLogs.filter((l) => l.path.startsWith('/token/'));
    expect(exchanges.map((l) => [l.origin, l.status])).toEqual([
      [ORIGIN, 200],
      [ORIGIN, 200],
    ]);
  });

  it('stores access tokens only in storage.session, refresh tokens only in storage.local; IndexedDB and storage.local hold no access token', async () => {
    // Make sure the sync database exists, so the IndexedDB scan reads the real stores.
    await send(options, 'log/runs', { limit: 1 });
    const scan = await scanExtension(options);
    expect(scan.databases.length).toBeGreaterThan(0);
    const access = ['mycase', 'docketwise'].map((p) => (scan.session[`auth:${p}:access`] as { accessToken: string }).accessToken);
    const refresh = ['mycase', 'docketwise'].map((p) => (scan.local[`auth:${p}:refresh`] as { refreshToken: string }).refreshToken);
    expect(access.every((t) => t.length > 20)).toBe(true);
    expect(refresh.every((t) => t.length > 20)).toBe(true);
    const localText = JSON.stringify(scan.local);
    for (const token of access) {
      expect(localText).not.toContain(token);
      expect(scan.idb).not.toContain(token);
    }
    for (const token of refresh) {
      expect(JSON.stringify(scan.session)).not.toContain(token);
      expect(scan.idb).not.toContain(token);
    }
    expect(authKeys(scan.session)).toEqual(['auth:docketwise:access', 'auth:mycase:access']);
    // The tokens are real: the sandbox API accepts them.
    expect((await fetch(`${world.sandbox.mycase.url}/v1/firm`, { headers: { Authorization: `Bearer ${access[0]}` } })).status).toBe(200);
    // And the broker logged none of them.
    const logText = JSON.stringify(brokerLogs);
    for (const token of [...access, ...refresh]) expect(logText).not.toContain(token);
  });

  it('R27 a revoked MyCase sign-in shows "Reconnect MyCase" in the popup, and Reconnect signs in again', async () => {
    // A firm administrator disconnects the app in MyCase: access and refresh tokens stop working.
    expect(world.sandbox.mycase.control.revokeTokens()).toBeGreaterThanOrEqual(2);
    const test = await send(options, 'auth/test', { product: 'mycase' });
    expect(test.ok).toBe(false);
    const broken = await send(options, 'status/get', {});
    expect(broken.accounts.find((a) => a.product === 'mycase')?.state).toBe('reconnect-required');
    expect(broken.problems.some((p) => p.action.kind === 'reconnect' && p.action.product === 'mycase')).toBe(true);

    const popup = await session.openExtensionPage('popup.html');
    const reconnect = popup.getByRole('button', { name: 'Reconnect MyCase' }).first();
    await reconnect.waitFor({ timeout: 10_000 });
    const allowPage = session.context.waitForEvent('page', { predicate: (p) => p.url().includes('/login_sessions/new'), timeout: 30_000 });
    await reconnect.click();
    const allow = await allowPage;
    await allow.locator('#allow').click();
    const deadline = Date.now() + 30_000;
    let state = 'reconnect-required';
    while (Date.now() < deadline && state !== 'connected') {
      state = (await send(options, 'status/get', {})).accounts.find((a) => a.product === 'mycase')?.state ?? 'missing';
      if (state !== 'connected') await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(state).toBe('connected');
    expect((await send(options, 'auth/test', { product: 'mycase' })).ok).toBe(true);
    await popup.getByRole('button', { name: 'Reconnect MyCase' }).waitFor({ state: 'detached', timeout: 10_000 });
    await popup.close();
  });

  it('R26 sign-out leaves no token material in storage.session, storage.local or IndexedDB', async () => {
    const before = await scanExtension(options);
    const tokens = [
      ...Object.values(before.session).map((v) => (v as { accessToken?: string } | null)?.accessToken),
      ...Object.values(before.local).map((v) => (v as { refreshToken?: string } | null)?.refreshToken),
    ].filter((t): t is string => typeof t === 'string');
    expect(tokens).toHaveLength(4);
    const started = Date.now();
    await send(options, 'auth/disconnect', {});
    expect(Date.now() - started).toBeLessThan(1_000);
    const after = await scanExtension(options);
    const everything = JSON.stringify(after.session) + JSON.stringify(after.local) + after.idb;
    for (const token of tokens) expect(everything).not.toContain(token);
    expect(authKeys(after.session)).toEqual([]);
    const status = await send(options, 'status/get', {});
    expect(status.accounts.map((a) => a.state)).toEqual(['disconnected', 'disconnected']);
  });
});
