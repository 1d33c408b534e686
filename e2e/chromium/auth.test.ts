/**
 * Sign-in in a real Chromium: `chrome.identity.launchWebAuthFlow` opens each sandbox's Allow
 * page, the test clicks Allow, the code goes through the broker (over loopback, origin-checked)
 * to the sandbox's token endpoint, and the tokens land in the real `chrome.storage` areas.
 *
 * Until the background wires src/auth into the message router, the extension under test is a
 * minimal MV3 fixture bundled here (esbuild, from src/auth itself) and pinned to the project's
 * extension id; its service worker exposes the auth handlers as `globalThis.__auth`. Once the
 * built sandbox extension answers `auth/connect`, the same steps apply to it (see the report /
 * docs): only `launchFixture` changes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBrokerConfig } from '../../broker/config';
import { createBrokerHandler, type BrokerLogEntry } from '../../broker/handler';
import { serveFetchHandler, type RunningServer } from '../../broker/node-adapter';
import { startSandbox, type Sandbox } from '../../sandbox/index';
import { CHROME_EXTENSION_ID, CHROME_EXTENSION_PUBLIC_KEY } from '../../src/config/extension-key';
import type { Endpoints } from '../../src/config/endpoints';
import { ROOT } from '../support/paths';
import { CHROMIUM } from './harness';

const ORIGIN = `chrome-extension://${CHROME_EXTENSION_ID}`;

interface Fixture {
  context: BrowserContext;
  worker: Worker;
  dir: string;
  close(): Promise<void>;
}

/** Bundles a service worker that wires src/auth exactly as the background should. */
async function buildFixtureExtension(endpoints: Endpoints): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dw-mycase-auth-ext-'));
  const entry = `
    import { createBrowserAuth } from './src/auth/handlers';
    const endpoints = ${JSON.stringify(endpoints)};
    async function testConnection(product, tokens) {
      const token = await tokens.getAccessToken();
      const url = product === 'mycase' ? endpoints.mycaseApi + '/v1/firm' : endpoints.docketwise + '/api/v1/contacts';
      const response = await fetch(url, { headers: { Authorization: 'Bearer ' + token } });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return product === 'mycase' ? { firmName: (await response.json()).name } : { firmName: 'Docketwise sandbox' };
    }
    globalThis.__auth = createBrowserAuth({ endpoints, testConnection });
  `;
  await build({
    stdin: { contents: entry, resolveDir: ROOT, loader: 'ts', sourcefile: 'auth-fixture-background.ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    outfile: path.join(dir, 'background.js'),
    logLevel: 'silent',
  });
  writeFileSync(
    path.join(dir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'auth e2e fixture',
      version: '0.0.1',
      key: CHROME_EXTENSION_PUBLIC_KEY,
      permissions: ['storage', 'identity'],
      host_permissions: ['http://127.0.0.1/*'],
      background: { service_worker: 'background.js', type: 'module' },
    }),
  );
  return dir;
}

async function launchFixture(endpoints: Endpoints): Promise<Fixture> {
  const dir = await buildFixtureExtension(endpoints);
  const profile = mkdtempSync(path.join(os.tmpdir(), 'dw-mycase-auth-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
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
  return {
    context,
    worker,
    dir,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type AuthProduct = 'mycase' | 'docketwise';
interface WorkerAuth {
  connect(product: AuthProduct): Promise<{ connected: boolean; message?: string }>;
  disconnect(product?: AuthProduct): Promise<{ disconnected: boolean }>;
  accountStates(): Promise<{ product: string; status: string }[]>;
}

/** Calls one auth handler inside the worker (the function body is serialised, so no closures). */
function callAuth<M extends keyof WorkerAuth>(fixture: Fixture, method: M, arg?: AuthProduct): Promise<Awaited<ReturnType<WorkerAuth[M]>>> {
  return fixture.worker.evaluate(
    async ([m, a]) => {
      const auth = (globalThis as unknown as { __auth: Record<string, (p?: string) => Promise<unknown>> }).__auth;
      const fn = auth[m];
      if (!fn) throw new Error(`no auth handler ${m}`);
      return fn.call(auth, a ?? undefined);
    },
    [method, arg ?? null] as const,
  ) as Promise<Awaited<ReturnType<WorkerAuth[M]>>>;
}

/** Starts a connect in the worker, clicks Allow on the product's page, returns the result. */
async function connectThroughAllowPage(fixture: Fixture, product: AuthProduct, authorizePath: string) {
  const allowPage = fixture.context.waitForEvent('page', { predicate: (p: Page) => p.url().includes(authorizePath), timeout: 20_000 });
  const result = callAuth(fixture, 'connect', product);
  const page = await allowPage;
  await page.locator('#allow').click();
  return result;
}

/** Every token-shaped value in storage, and the raw dumps of both areas and of IndexedDB. */
async function scanExtension(fixture: Fixture) {
  return fixture.worker.evaluate(async () => {
    const c = (globalThis as unknown as { chrome: { storage: Record<'local' | 'session', { get(k: null): Promise<Record<string, unknown>> }> } }).chrome;
    const local = await c.storage.local.get(null);
    const session = await c.storage.session.get(null);
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
    return { local, session, idb: idb.join('\n') };
  });
}

describe('sign-in through the sandboxes\u2019 Allow pages in Chromium', () => {
  let sandbox: Sandbox;
  let broker: RunningServer;
  let fixture: Fixture;
  const brokerLogs: BrokerLogEntry[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ mycasePort: 0, docketwisePort: 0 });
    const config = loadBrokerConfig({
      BROKER_SANDBOX: '1',
      MYCASE_TOKEN_URL: `${sandbox.mycase.url}/tokens`,
      DOCKETWISE_TOKEN_URL: `${sandbox.docketwise.url}/oauth/token`,
      // Exactly the pinned extension origin: proves Chromium sends it on the extension's fetch.
      BROKER_ALLOWED_ORIGINS: ORIGIN,
    });
    broker = await serveFetchHandler(createBrokerHandler(config, { log: (e) => brokerLogs.push(e) }));
    fixture = await launchFixture({
      mycaseApi: sandbox.mycase.url,
      mycaseAuth: sandbox.mycase.url,
      docketwise: sandbox.docketwise.url,
      broker: broker.url,
      mycaseClientId: 'mycase-sandbox-client',
      docketwiseClientId: 'docketwise-sandbox-client',
    });
  });

  afterAll(async () => {
    await fixture?.close();
    await broker?.close();
    await sandbox?.close();
  });

  it('R7 connects MyCase and Docketwise through their Allow pages (state + PKCE, code exchanged by the broker)', async () => {
    expect(new URL(fixture.worker.url()).host).toBe(CHROME_EXTENSION_ID);
    expect(await connectThroughAllowPage(fixture, 'mycase', '/login_sessions/new')).toMatchObject({ connected: true });
    expect(await connectThroughAllowPage(fixture, 'docketwise', '/oauth/authorize')).toMatchObject({ connected: true });
    const states = await callAuth(fixture, 'accountStates');
    expect(states.map((s) => s.status)).toEqual(['connected', 'connected']);
    // Both exchanges went through the broker from the extension's own origin.
    const exchanges = brokerLogs.filter((l) => l.path.startsWith('/token/'));
    expect(exchanges.map((l) => [l.origin, l.status])).toEqual([
      [ORIGIN, 200],
      [ORIGIN, 200],
    ]);
  });

  it('stores access tokens only in storage.session, refresh tokens only in storage.local; IndexedDB and storage.local hold no access token', async () => {
    const scan = await scanExtension(fixture);
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
    expect(Object.keys(scan.session).sort()).toEqual(['auth:docketwise:access', 'auth:mycase:access']);
    // The tokens are real: the sandbox APIs accept them.
    expect((await fetch(`${sandbox.mycase.url}/v1/firm`, { headers: { Authorization: `Bearer ${access[0]}` } })).status).toBe(200);
    // And the broker logged none of them.
    const logText = JSON.stringify(brokerLogs);
    for (const token of [...access, ...refresh]) expect(logText).not.toContain(token);
  });

  it('R26 sign-out leaves no token material in storage.session, storage.local or IndexedDB', async () => {
    const before = await scanExtension(fixture);
    const tokens = [
      ...Object.values(before.session).map((v) => (v as { accessToken?: string }).accessToken),
      ...Object.values(before.local).map((v) => (v as { refreshToken?: string }).refreshToken),
    ].filter((t): t is string => typeof t === 'string');
    expect(tokens).toHaveLength(4);
    const started = Date.now();
    await callAuth(fixture, 'disconnect');
    expect(Date.now() - started).toBeLessThan(1_000);
    const after = await scanExtension(fixture);
    const everything = JSON.stringify(after.session) + JSON.stringify(after.local) + after.idb;
    for (const token of tokens) expect(everything).not.toContain(token);
    expect(after.session).toEqual({});
    const states = await callAuth(fixture, 'accountStates');
    expect(states.map((s) => s.status)).toEqual(['disconnected', 'disconnected']);
  });
});
