/**
 * Sign-in end to end without a browser: the extension's auth handlers → (identity stub that
 * follows the sandbox's auto-approved authorize redirect) → the broker over loopback HTTP →
 * the sandbox's real token endpoints (MyCase JSON `/tokens`, Docketwise form `/oauth/token`),
 * then the issued tokens are used against the sandbox APIs.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startSandbox, type Sandbox } from '../../sandbox/index';
import { loadBrokerConfig } from '../../broker/config';
import { createBrokerHandler, type BrokerLogEntry } from '../../broker/handler';
import { serveFetchHandler, type RunningServer } from '../../broker/node-adapter';
import { createBrowserAuth, type AuthHandlers, type TestConnection } from '../../src/auth/handlers';
import type { AuthBrowser, IdentityLike, StorageAreaLike } from '../../src/auth/browser-apis';
import { PermissionDeniedError, TransientError } from '../../src/core/errors';
import type { Side } from '../../src/core/types';
import type { Endpoints } from '../../src/config/endpoints';

const EXTENSION_ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const REDIRECT_BASE = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';

let sandbox: Sandbox;
let broker: RunningServer;
let endpoints: Endpoints;
const brokerLogs: BrokerLogEntry[] = [];
/** Every token these tests saw in storage, to look for in the broker's logs at the end. */
const seenTokens = new Set<string>();

async function captureStoredTokens(): Promise<void> {
  const all = { ...(await fakeBrowser.storage.session.get(null)), ...(await fakeBrowser.storage.local.get(null)) };
  for (const value of Object.values(all)) {
    const record = value as { accessToken?: unknown; refreshToken?: unknown };
    for (const token of [record.accessToken, record.refreshToken]) if (typeof token === 'string') seenTokens.add(token);
  }
}

beforeAll(async () => {
  sandbox = await startSandbox({ mycasePort: 0, docketwisePort: 0 });
  // The broker is configured exactly as an operator would, through its environment variables.
  const config = loadBrokerConfig({
    BROKER_SANDBOX: '1',
    MYCASE_TOKEN_URL: `${sandbox.mycase.url}/tokens`,
    DOCKETWISE_TOKEN_URL: `${sandbox.docketwise.url}/oauth/token`,
    BROKER_ALLOWED_ORIGINS: EXTENSION_ORIGIN,
  });
  broker = await serveFetchHandler(createBrokerHandler(config, { log: (e) => brokerLogs.push(e) }));
  endpoints = {
    mycaseApi: sandbox.mycase.url,
    mycaseAuth: sandbox.mycase.url,
    docketwise: sandbox.docketwise.url,
    broker: broker.url,
    mycaseClientId: 'mycase-sandbox-client',
    docketwiseClientId: 'docketwise-sandbox-client',
  };
});

afterAll(async () => {
  await broker?.close();
  await sandbox?.close();
});

beforeEach(() => {
  fakeBrowser.reset();
  sandbox.reset();
  sandbox.mycase.control.config({ autoApprove: true });
  sandbox.docketwise.control.config({ autoApprove: true });
});

/** Plays the browser's sign-in window: follows the authorize URL, returns the redirect. */
const sandboxIdentity: IdentityLike = {
  async launchWebAuthFlow({ url }) {
    const response = await fetch(url, { redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status !== 302 || location === null) {
      // A real window would stay on the page (e.g. "Forbidden") until the user closes it.
      throw new Error('The user did not approve access.');
    }
    return location;
  },
  getRedirectURL: (path) => `${REDIRECT_BASE}${path ?? ''}`,
};

/** The extension's fetch adds its origin, as Chrome does for an extension's CORS request. */
const extensionFetch = (input: string, init: RequestInit) =>
  fetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), Origin: EXTENSION_ORIGIN } });

/** A minimal stand-in for the connectors' getFirm()/getMe(): one API call with the token. */
const testConnection: TestConnection = async (product, tokens) => {
  const token = await tokens.getAccessToken();
  const url = product === 'mycase' ? `${endpoints.mycaseApi}/v1/firm` : `${endpoints.docketwise}/api/v1/contacts?page=1`;
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
  if (response.status === 403) throw new PermissionDeniedError('API access refused', product, 'plan');
  if (!response.ok) throw new TransientError(`HTTP ${response.status}`, product);
  if (product === 'mycase') return { firmName: ((await response.json()) as { name: string }).name };
  return { firmName: 'Docketwise sandbox firm' };
};

function auth(): AuthHandlers {
  const browser: AuthBrowser = {
    session: fakeBrowser.storage.session as unknown as StorageAreaLike,
    local: fakeBrowser.storage.local as unknown as StorageAreaLike,
    identity: sandboxIdentity,
  };
  return createBrowserAuth({ endpoints, testConnection, browser, fetch: extensionFetch });
}

async function apiStatus(product: Side, token: string): Promise<number> {
  const url = product === 'mycase' ? `${endpoints.mycaseApi}/v1/firm` : `${endpoints.docketwise}/api/v1/contacts`;
  return (await fetch(url, { headers: { Authorization: `Bearer ${token}` } })).status;
}

describe('sign-in against the sandbox through the broker', () => {
  it('R7 connects both products (PKCE + state), stores the tokens, and they work on the APIs', async () => {
    const handlers = auth();
    expect(await handlers.connect('mycase')).toMatchObject({ connected: true });
    expect(await handlers.connect('docketwise')).toMatchObject({ connected: true });
    const states = await handlers.accountStates();
    expect(states.map((s) => s.status)).toEqual(['connected', 'connected']);
    expect(states[0]?.firmName).toContain('Sandbox');
    for (const product of ['mycase', 'docketwise'] as const) {
      const token = await handlers.tokenSource(product).getAccessToken();
      expect(await apiStatus(product, token)).toBe(200);
      const session = JSON.stringify(await fakeBrowser.storage.session.get(null));
      const local = JSON.stringify(await fakeBrowser.storage.local.get(null));
      expect(session).toContain(token);
      expect(local).not.toContain(token);
    }
    await captureStoredTokens();
    // The broker saw two code exchanges, both successful, from our origin.
    expect(brokerLogs.filter((l) => l.path.startsWith('/token/') && l.status === 200).length).toBeGreaterThanOrEqual(2);
  });

  it('refreshes through the broker after the sandbox expired every access token', async () => {
    const handlers = auth();
    await handlers.connect('mycase');
    const source = handlers.tokenSource('mycase');
    const before = await source.getAccessToken();
    sandbox.mycase.control.expireTokens();
    expect(await apiStatus('mycase', before)).toBe(401);
    const after = await source.refresh();
    expect(after).not.toBe(before);
    expect(await apiStatus('mycase', after)).toBe(200);
    expect(await source.getAccessToken()).toBe(after);
    await captureStoredTokens();
  });

  it('10 concurrent refreshes spend the rotating refresh token once, and the account stays connected', async () => {
    const handlers = auth();
    await handlers.connect('docketwise');
    const source = handlers.tokenSource('docketwise');
    const tokens = await Promise.all(Array.from({ length: 10 }, () => source.refresh()));
    expect(new Set(tokens).size).toBe(1);
    expect((await handlers.accountStates())[1]?.status).toBe('connected');
    expect(await apiStatus('docketwise', tokens[0] ?? '')).toBe(200);
  });

  it('a refresh token the sandbox no longer knows → reconnect-required (invalid_grant through the broker)', async () => {
    const handlers = auth();
    await handlers.connect('mycase');
    sandbox.reset(); // forgets every token
    await expect(handlers.tokenSource('mycase').refresh()).rejects.toMatchObject({ kind: 'auth-required' });
    const mycase = (await handlers.accountStates())[0];
    expect(mycase?.status).toBe('reconnect-required');
    expect(mycase?.message).toContain('invalid_grant');
  });

  it('R7 a firm on a plan without API access gets the plan message and nothing is stored', async () => {
    sandbox.mycase.control.config({ plan: 'basic' });
    const handlers = auth();
    const result = await handlers.connect('mycase');
    expect(result.connected).toBe(false);
    expect(result.message).toMatch(/plan does not include API access/);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });

  it('R7 a user without the firm permission is stopped at the authorize page and nothing is stored', async () => {
    sandbox.mycase.control.config({ canAuthorize: false });
    const result = await auth().connect('mycase');
    expect(result.connected).toBe(false);
    expect(result.message).toContain("Manage your firm's preferences, billing, and payment options");
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('R26 sign-out leaves no token material anywhere', async () => {
    const handlers = auth();
    await handlers.connect('mycase');
    await handlers.connect('docketwise');
    await captureStoredTokens();
    await handlers.disconnect();
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('the broker logged no token, code or verifier during these sign-ins', () => {
    const text = JSON.stringify(brokerLogs);
    expect(brokerLogs.length).toBeGreaterThan(5);
    expect(seenTokens.size).toBeGreaterThanOrEqual(8);
    for (const token of seenTokens) expect(text).not.toContain(token);
    expect(text).not.toMatch(/code_[0-9a-f]{8}|sandbox-secret/);
  });
});
