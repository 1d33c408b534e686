import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { PermissionDeniedError } from '../../src/core/errors';
import { AuthInputError } from '../../src/auth/errors';
import { DIRECT_MODE_WARNING } from '../../src/auth/direct-credentials';
import { createBrowserAuth, toUiAccount, type AuthHandlers, type TestConnection } from '../../src/auth/handlers';
import type { TokenSource } from '../../src/auth/token-source';
import { approve, createFakeIdentity, createFakeTokenServer, dumpStorage, endpoints, fakeAuthBrowser, type FakeIdentity, type FakeTokenServer } from './helpers';

interface Setup {
  auth: AuthHandlers;
  identity: FakeIdentity;
  server: FakeTokenServer;
  testConnection: ReturnType<typeof vi.fn<TestConnection>>;
  onDisconnected: ReturnType<typeof vi.fn<(products: readonly string[]) => void>>;
}

function setup(test: TestConnection = async () => ({ firmName: 'Rivera Immigration Law', userName: 'Pat Paralegal' })): Setup {
  const identity = createFakeIdentity();
  const server = createFakeTokenServer();
  // The fake provider binds each code to the PKCE challenge of the authorize request.
  identity.respond = (url) => {
    const redirect = approve(url);
    const code = new URL(redirect).searchParams.get('code') ?? '';
    server.challenges.set(code, url.searchParams.get('code_challenge') ?? '');
    return redirect;
  };
  const testConnection = vi.fn<TestConnection>(test);
  const onDisconnected = vi.fn<(products: readonly string[]) => void>();
  const auth = createBrowserAuth({ endpoints, testConnection, onDisconnected, browser: fakeAuthBrowser(identity), fetch: server.fetch });
  return { auth, identity, server, testConnection, onDisconnected };
}

function allIssued(server: FakeTokenServer): string[] {
  return [...server.issued.access, ...server.issued.refresh];
}

describe('auth handlers', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('R7 connect runs the flow, exchanges the code with its PKCE verifier through the broker, tests, then stores', async () => {
    const { auth, server, testConnection } = setup();
    const result = await auth.connect('mycase');
    expect(result).toEqual({ connected: true, message: 'MyCase is connected (Rivera Immigration Law).' });
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]?.url).toBe(`${endpoints.broker}/token/mycase`);
    expect(Object.keys(server.calls[0]?.body ?? {}).sort()).toEqual(['code', 'code_verifier', 'redirect_uri']);
    // No client secret ever leaves the extension in broker mode.
    expect(JSON.stringify(server.calls)).not.toContain('secret');
    expect(testConnection).toHaveBeenCalledTimes(1);
    const states = await auth.accountStates();
    expect(states.find((s) => s.product === 'mycase')).toMatchObject({
      status: 'connected',
      mode: 'broker',
      firmName: 'Rivera Immigration Law',
      userName: 'Pat Paralegal',
      directCredentials: false,
    });
    expect(states.find((s) => s.product === 'docketwise')?.status).toBe('disconnected');
  });

  it('R7 the connection test gets a working token source before anything is stored', async () => {
    let seenToken = '';
    let storageDuringTest = '';
    const { auth, server } = setup(async (_product, tokens: TokenSource) => {
      seenToken = await tokens.getAccessToken();
      const dump = await dumpStorage();
      storageDuringTest = dump.session + dump.local;
      return {};
    });
    await auth.connect('docketwise');
    expect(seenToken).toBe(server.issued.access[0]);
    expect(storageDuringTest).not.toContain(seenToken);
  });

  it('tokens land exactly where stated: access in storage.session, refresh in storage.local, nowhere else', async () => {
    const { auth, server } = setup();
    await auth.connect('mycase');
    await auth.connect('docketwise');
    const session = await fakeBrowser.storage.session.get(null);
    const local = await fakeBrowser.storage.local.get(null);
    const [mcAccess, dwAccess] = server.issued.access;
    const [mcRefresh, dwRefresh] = server.issued.refresh;
    expect(session).toEqual({
      'auth:mycase:access': { accessToken: mcAccess, expiresAt: expect.any(Number) },
      'auth:docketwise:access': { accessToken: dwAccess, expiresAt: expect.any(Number) },
    });
    expect(local['auth:mycase:refresh']).toEqual({ refreshToken: mcRefresh });
    expect(local['auth:docketwise:refresh']).toEqual({ refreshToken: dwRefresh });
    // Every other local entry (account states) holds no token material at all.
    const rest = JSON.stringify(Object.entries(local).filter(([key]) => !key.endsWith(':refresh')));
    for (const token of allIssued(server)) expect(rest).not.toContain(token);
    expect(JSON.stringify(local)).not.toContain(mcAccess);
    expect(JSON.stringify(local)).not.toContain(dwAccess);
    expect(JSON.stringify(session)).not.toContain(mcRefresh);
  });

  it('accountStates (sent to the popup) carries no token material', async () => {
    const { auth, server } = setup();
    await auth.connect('mycase');
    await auth.connect('docketwise');
    const view = JSON.stringify(await auth.accountStates());
    for (const token of allIssued(server)) expect(view).not.toContain(token);
  });

  it('R26 sign-out removes every piece of token material from both areas at once', async () => {
    const { auth, server, onDisconnected } = setup();
    await auth.connect('mycase');
    await auth.connect('docketwise');
    await auth.tokenSource('mycase').refresh(); // rotate once, so there is history too
    expect(await auth.disconnect()).toEqual({ disconnected: true });
    const dump = await dumpStorage();
    for (const token of allIssued(server)) {
      expect(dump.session).not.toContain(token);
      expect(dump.local).not.toContain(token);
    }
    expect(Object.keys(await fakeBrowser.storage.session.get(null))).toEqual([]);
    expect(onDisconnected).toHaveBeenCalledWith(['mycase', 'docketwise']);
    expect((await auth.accountStates()).map((s) => s.status)).toEqual(['disconnected', 'disconnected']);
    await expect(auth.tokenSource('mycase').getAccessToken()).rejects.toMatchObject({ kind: 'auth-required' });
  });

  it('one account can be disconnected alone', async () => {
    const { auth, server } = setup();
    await auth.connect('mycase');
    await auth.connect('docketwise');
    await auth.disconnect('docketwise');
    const dump = await dumpStorage();
    const [mcAccess, dwAccess] = server.issued.access;
    const [mcRefresh, dwRefresh] = server.issued.refresh;
    expect(dump.session).toContain(mcAccess);
    expect(dump.local).toContain(mcRefresh);
    expect(dump.session + dump.local).not.toContain(dwAccess);
    expect(dump.session + dump.local).not.toContain(dwRefresh);
    expect(await auth.tokenSource('mycase').getAccessToken()).toBe(mcAccess);
  });

  it('R7 a MyCase firm whose plan has no API access gets a clear message and nothing is stored', async () => {
    const { auth, server } = setup(async () => {
      throw new PermissionDeniedError('403 on /v1/firm', 'mycase', 'plan');
    });
    const result = await auth.connect('mycase');
    expect(result.connected).toBe(false);
    expect(result.message).toMatch(/plan does not include API access/);
    expect(result.message).toMatch(/Nothing was saved/);
    const dump = await dumpStorage();
    for (const token of allIssued(server)) expect(dump.session + dump.local).not.toContain(token);
    expect((await auth.accountStates())[0]?.status).toBe('disconnected');
  });

  it('R7 a MyCase user without the firm permission gets a clear message and nothing is stored', async () => {
    const { auth } = setup(async () => {
      throw new PermissionDeniedError('403 on /v1/me', 'mycase', 'permission');
    });
    const result = await auth.connect('mycase');
    expect(result).toMatchObject({ connected: false });
    expect(result.message).toContain("Manage your firm's preferences, billing, and payment options");
    expect(await dumpStorage()).toEqual({ session: '{}', local: '{}' });
  });

  it('a cancelled sign-in and a refused code are reported and store nothing', async () => {
    const { auth, identity, server } = setup();
    identity.respond = () => {
      throw new Error('The user did not approve access.');
    };
    expect((await auth.connect('mycase')).message).toMatch(/cancelled/);
    identity.respond = approve; // the code is not bound to this flow's challenge…
    server.failWith = { status: 400, error: 'invalid_grant' };
    const refused = await auth.connect('mycase');
    expect(refused.connected).toBe(false);
    expect(refused.message).toContain('invalid_grant');
    expect(await dumpStorage()).toEqual({ session: '{}', local: '{}' });
  });

  it('R7 the code exchange fails when the verifier does not match the challenge (PKCE enforced end to end)', async () => {
    const { auth, identity, server } = setup();
    identity.respond = (url) => {
      const redirect = approve(url);
      server.challenges.set(new URL(redirect).searchParams.get('code') ?? '', 'a-challenge-for-another-verifier');
      return redirect;
    };
    const result = await auth.connect('mycase');
    expect(result.connected).toBe(false);
    expect(await dumpStorage()).toEqual({ session: '{}', local: '{}' });
  });

  it('a failed reconnect leaves the previous working connection untouched', async () => {
    const { auth, identity, server } = setup();
    await auth.connect('mycase');
    identity.respond = () => {
      throw new Error('closed');
    };
    await auth.connect('mycase');
    expect(await auth.tokenSource('mycase').getAccessToken()).toBe(server.issued.access[0]);
  });

  it('refuses a second connect for the same product while one is open', async () => {
    const { auth, identity } = setup();
    let finish = (_: string) => {};
    identity.respond = (url) =>
      new Promise<string>((resolve) => {
        finish = () => resolve(approve(url));
      });
    const first = auth.connect('mycase');
    await vi.waitFor(() => expect(identity.opened).toHaveLength(1));
    expect((await auth.connect('mycase')).message).toMatch(/already open/);
    finish('');
    expect((await first).connected).toBe(true);
  });

  it('a sign-in still open when the user signs out stores nothing afterwards', async () => {
    const { auth, identity, server } = setup();
    let finish = () => {};
    identity.respond = (url) =>
      new Promise<string>((resolve) => {
        finish = () => resolve(approve(url));
      });
    const pending = auth.connect('mycase');
    await vi.waitFor(() => expect(identity.opened).toHaveLength(1));
    await auth.disconnect();
    finish();
    expect(await pending).toMatchObject({ connected: false });
    const dump = await dumpStorage();
    for (const token of allIssued(server)) expect(dump.session + dump.local).not.toContain(token);
    expect((await auth.accountStates())[0]?.status).toBe('disconnected');
  });

  it('a refused refresh shows reconnect-required with its reason in accountStates', async () => {
    const { auth, server } = setup();
    await auth.connect('docketwise');
    server.refreshTokens.clear();
    await expect(auth.tokenSource('docketwise').refresh()).rejects.toMatchObject({ kind: 'auth-required' });
    const dw = (await auth.accountStates()).find((s) => s.product === 'docketwise');
    expect(dw).toMatchObject({ status: 'reconnect-required', firmName: 'Rivera Immigration Law' });
    expect(dw?.message).toMatch(/connect again/);
  });

  it('"Test connection" re-runs the check on the stored account and words a missing permission plainly', async () => {
    let deny = false;
    const { auth } = setup(async (product, tokens) => {
      await tokens.getAccessToken();
      if (deny) throw new PermissionDeniedError('403', product, 'permission');
      return { firmName: 'Rivera Immigration Law' };
    });
    expect(await auth.test('mycase')).toEqual({ ok: false, message: 'MyCase is not connected.' });
    await auth.connect('mycase');
    expect(await auth.test('mycase')).toEqual({ ok: true, message: 'The MyCase connection works (Rivera Immigration Law).' });
    deny = true;
    const denied = await auth.test('mycase');
    expect(denied.ok).toBe(false);
    expect(denied.message).toContain("Manage your firm's preferences");
    expect(denied.message).not.toContain('Nothing was saved');
  });

  it('toUiAccount gives the popup names and the client in use, never tokens', async () => {
    const { auth, server } = setup();
    await auth.setDirectCredentials('docketwise', { clientId: 'x', clientSecret: 'y' });
    await auth.connect('mycase');
    const ui = (await auth.accountStates()).map(toUiAccount);
    expect(ui).toEqual([
      { product: 'mycase', state: 'connected', displayName: 'Rivera Immigration Law \u2014 Pat Paralegal', credentials: 'broker' },
      { product: 'docketwise', state: 'disconnected', displayName: null, credentials: 'direct' },
    ]);
    for (const token of allIssued(server)) expect(JSON.stringify(ui)).not.toContain(token);
  });

  it('tokenSource(product) is one shared instance per product', () => {
    const { auth } = setup();
    expect(auth.tokenSource('mycase')).toBe(auth.tokenSource('mycase'));
    expect(auth.tokenSource('mycase')).not.toBe(auth.tokenSource('docketwise'));
  });
});

describe('direct mode (the firm’s own API credentials)', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('stores the credentials in storage.local and returns the warning for the options page', async () => {
    const { auth } = setup();
    const result = await auth.setDirectCredentials('mycase', { clientId: ' firm-client ', clientSecret: 'firm-secret' });
    expect(result).toEqual({ mode: 'direct', disconnected: false, warning: DIRECT_MODE_WARNING });
    expect(DIRECT_MODE_WARNING).toMatch(/not encrypted/);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({
      'auth:mycase:direct-credentials': { clientId: 'firm-client', clientSecret: 'firm-secret' },
    });
    expect((await auth.accountStates())[0]).toMatchObject({ directCredentials: true });
    expect(JSON.stringify(await auth.accountStates())).not.toContain('firm-secret');
  });

  it('refuses empty credentials with a typed error and changes nothing', async () => {
    const { auth } = setup();
    await expect(auth.setDirectCredentials('mycase', { clientId: 'x', clientSecret: '  ' })).rejects.toBeInstanceOf(AuthInputError);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('MyCase: authorizes with the firm client id and calls <mycaseAuth>/tokens itself with a JSON body', async () => {
    const { auth, identity, server } = setup();
    await auth.setDirectCredentials('mycase', { clientId: 'firm-client', clientSecret: 'firm-secret' });
    expect((await auth.connect('mycase')).connected).toBe(true);
    expect(identity.opened[0]?.searchParams.get('client_id')).toBe('firm-client');
    const call = server.calls[0];
    expect(call?.url).toBe(`${endpoints.mycaseAuth}/tokens`);
    expect(call?.contentType).toBe('application/json');
    expect(call?.body).toMatchObject({ client_id: 'firm-client', client_secret: 'firm-secret', grant_type: 'authorization_code', redirect_uri: 'https://fake-extension-id.chromiumapp.org/mycase' });
    expect((await auth.accountStates())[0]?.mode).toBe('direct');

    await auth.tokenSource('mycase').refresh();
    expect(server.calls[1]?.url).toBe(`${endpoints.mycaseAuth}/tokens`);
    expect(server.calls[1]?.body).toMatchObject({ grant_type: 'refresh_token', client_secret: 'firm-secret', refresh_token: server.issued.refresh[0] });
  });

  it('Docketwise: calls <docketwise>/oauth/token itself, form-encoded', async () => {
    const { auth, server } = setup();
    await auth.setDirectCredentials('docketwise', { clientId: 'dw-firm', clientSecret: 'dw-secret' });
    await auth.connect('docketwise');
    const call = server.calls[0];
    expect(call?.url).toBe(`${endpoints.docketwise}/oauth/token`);
    expect(call?.contentType).toBe('application/x-www-form-urlencoded');
    expect(call?.body).toMatchObject({ client_id: 'dw-firm', client_secret: 'dw-secret', grant_type: 'authorization_code' });
    await auth.tokenSource('docketwise').refresh();
    expect(server.calls[1]?.body).toMatchObject({ grant_type: 'refresh_token', client_id: 'dw-firm' });
  });

  it('changing or removing the credentials of a connected account signs it out (its tokens belong to the other client)', async () => {
    const { auth, server } = setup();
    await auth.setDirectCredentials('mycase', { clientId: 'a', clientSecret: 'b' });
    await auth.connect('mycase');
    const result = await auth.setDirectCredentials('mycase', null);
    expect(result).toMatchObject({ mode: 'broker', disconnected: true });
    const dump = await dumpStorage();
    for (const token of allIssued(server)) expect(dump.session + dump.local).not.toContain(token);
    expect(dump.local).not.toContain('direct-credentials');
  });

  it('setting the same credentials again keeps the connection', async () => {
    const { auth } = setup();
    await auth.setDirectCredentials('mycase', { clientId: 'a', clientSecret: 'b' });
    await auth.connect('mycase');
    expect((await auth.setDirectCredentials('mycase', { clientId: 'a', clientSecret: 'b' })).disconnected).toBe(false);
    expect((await auth.accountStates())[0]?.status).toBe('connected');
  });

  it('a refresh in direct mode with the credentials gone marks reconnect-required', async () => {
    const { auth } = setup();
    await auth.setDirectCredentials('mycase', { clientId: 'a', clientSecret: 'b' });
    await auth.connect('mycase');
    // Removed behind the handlers' back (e.g. storage edited): the refresh cannot be made.
    await fakeBrowser.storage.local.remove('auth:mycase:direct-credentials');
    await expect(auth.tokenSource('mycase').refresh()).rejects.toMatchObject({ kind: 'auth-required' });
    expect((await auth.accountStates())[0]?.status).toBe('reconnect-required');
  });
});
