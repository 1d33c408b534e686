import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AuthRequiredError, TransientError } from '../../src/core/errors';
import { createDirectCredentialsStore } from '../../src/auth/direct-credentials';
import { createTokenExchanger } from '../../src/auth/token-exchange';
import { EXPIRY_MARGIN_MS, createTokenSource } from '../../src/auth/token-source';
import { createTokenStore, type TokenStore } from '../../src/auth/token-store';
import type { StorageAreaLike } from '../../src/auth/browser-apis';
import { createFakeTokenServer, dumpStorage, endpoints, type FakeTokenServer } from './helpers';

const areas = () => ({
  session: fakeBrowser.storage.session as unknown as StorageAreaLike,
  local: fakeBrowser.storage.local as unknown as StorageAreaLike,
});

interface Setup {
  store: TokenStore;
  server: FakeTokenServer;
  clock: { now: number };
  source: ReturnType<typeof createTokenSource>;
}

/** A connected MyCase account whose access token expires in an hour (broker mode). */
async function connected(): Promise<Setup> {
  const store = createTokenStore(areas());
  const server = createFakeTokenServer();
  const clock = { now: 10_000_000 };
  server.refreshTokens.add('refresh-0');
  await store.saveConnected(
    'mycase',
    { accessToken: 'access-0', refreshToken: 'refresh-0', expiresAt: clock.now + 3_600_000 },
    { mode: 'broker', firmName: 'Firm', userName: 'Pat', connectedAt: clock.now },
  );
  const exchanger = createTokenExchanger({
    endpoints,
    credentials: createDirectCredentialsStore(areas().local),
    fetch: server.fetch,
    now: () => clock.now,
  });
  const source = createTokenSource('mycase', { store, exchanger, now: () => clock.now });
  return { store, server, clock, source };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('token source', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('returns the stored access token without any exchange while it is fresh', async () => {
    const { source, server } = await connected();
    expect(await source.getAccessToken()).toBe('access-0');
    expect(server.calls).toHaveLength(0);
  });

  it('refreshes through the broker when the access token is about to expire', async () => {
    const { source, server, clock, store } = await connected();
    clock.now += 3_600_000 - EXPIRY_MARGIN_MS + 1;
    const token = await source.getAccessToken();
    expect(token).toBe(server.issued.access[0]);
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]?.url).toBe(`${endpoints.broker}/refresh/mycase`);
    expect(server.calls[0]?.body).toEqual({ refresh_token: 'refresh-0' });
    // Rotation: the new refresh token replaced the spent one.
    expect(await store.readRefreshToken('mycase')).toBe(server.issued.refresh[0]);
  });

  it('refreshes after a browser restart (storage.session emptied) from the refresh token in storage.local', async () => {
    const { source, server } = await connected();
    await fakeBrowser.storage.session.clear();
    expect(await source.getAccessToken()).toBe(server.issued.access[0]);
    expect((await fakeBrowser.storage.session.get(null))['auth:mycase:access']).toMatchObject({ accessToken: server.issued.access[0] });
  });

  it('refresh is single flight: 10 concurrent refresh() calls make exactly 1 exchange', async () => {
    const { source, server } = await connected();
    let release = () => {};
    server.gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const all = Promise.all(Array.from({ length: 10 }, () => source.refresh()));
    await vi.waitFor(() => expect(server.calls).toHaveLength(1));
    release();
    const tokens = await all;
    expect(new Set(tokens)).toEqual(new Set([server.issued.access[0]]));
    expect(server.calls).toHaveLength(1);
    // A later refresh is a new exchange (the flight ended), with the rotated token.
    await source.refresh();
    expect(server.calls).toHaveLength(2);
    expect(server.calls[1]?.body.refresh_token).toBe(server.issued.refresh[0]);
  });

  it('10 concurrent getAccessToken() calls after a restart share one refresh', async () => {
    const { source, server } = await connected();
    await fakeBrowser.storage.session.clear();
    const tokens = await Promise.all(Array.from({ length: 10 }, () => source.getAccessToken()));
    expect(server.calls).toHaveLength(1);
    expect(new Set(tokens).size).toBe(1);
  });

  it('a refused refresh (invalid_grant) marks reconnect-required, drops the tokens and throws AuthRequiredError', async () => {
    const { source, server, store } = await connected();
    server.refreshTokens.clear(); // the refresh token was revoked upstream
    const error = await rejection(source.refresh());
    expect(error).toBeInstanceOf(AuthRequiredError);
    const account = await store.readAccount('mycase');
    expect(account.status).toBe('reconnect-required');
    expect(account.message).toContain('invalid_grant');
    const dump = await dumpStorage();
    expect(dump.session + dump.local).not.toContain('access-0');
    expect(dump.session + dump.local).not.toContain('refresh-0');
    // No loop: later calls fail at once without asking the broker again.
    await expect(source.getAccessToken()).rejects.toBeInstanceOf(AuthRequiredError);
    await expect(source.refresh()).rejects.toBeInstanceOf(AuthRequiredError);
    expect(server.calls).toHaveLength(1);
  });

  it('a broker outage (503) throws TransientError and keeps the account connected', async () => {
    const { source, server, store } = await connected();
    server.failWith = { status: 503, error: 'upstream_unavailable' };
    const error = await rejection(source.refresh());
    expect(error).toBeInstanceOf(TransientError);
    expect((await store.readAccount('mycase')).status).toBe('connected');
    expect(await store.readRefreshToken('mycase')).toBe('refresh-0');
    server.failWith = null;
    expect(await source.refresh()).toBe(server.issued.access[0]);
  });

  it('a network failure throws TransientError', async () => {
    const store = createTokenStore(areas());
    await store.saveConnected('docketwise', { accessToken: 'a', refreshToken: 'r', expiresAt: null }, { mode: 'broker', firmName: null, userName: null, connectedAt: 1 });
    const exchanger = createTokenExchanger({
      endpoints,
      credentials: createDirectCredentialsStore(areas().local),
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    const source = createTokenSource('docketwise', { store, exchanger });
    await expect(source.refresh()).rejects.toBeInstanceOf(TransientError);
  });

  it('throws AuthRequiredError for an account that is not connected, without any exchange', async () => {
    const store = createTokenStore(areas());
    const server = createFakeTokenServer();
    const exchanger = createTokenExchanger({ endpoints, credentials: createDirectCredentialsStore(areas().local), fetch: server.fetch });
    const source = createTokenSource('docketwise', { store, exchanger });
    await expect(source.getAccessToken()).rejects.toBeInstanceOf(AuthRequiredError);
    await expect(source.refresh()).rejects.toBeInstanceOf(AuthRequiredError);
    expect(server.calls).toHaveLength(0);
  });

  it('a refresh that finishes after sign-out writes nothing back', async () => {
    const { source, server, store } = await connected();
    let release = () => {};
    server.gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const pending = rejection(source.refresh());
    await vi.waitFor(() => expect(server.calls).toHaveLength(1));
    await store.clear('mycase');
    release();
    expect(await pending).toBeInstanceOf(AuthRequiredError);
    const dump = await dumpStorage();
    for (const token of [...server.issued.access, ...server.issued.refresh]) {
      expect(dump.session + dump.local).not.toContain(token);
    }
  });

  it('a damaged stored token record counts as missing (refresh), not as a crash', async () => {
    const { source, server } = await connected();
    await fakeBrowser.storage.session.set({ 'auth:mycase:access': { accessToken: 42 } });
    expect(await source.getAccessToken()).toBe(server.issued.access[0]);
  });
});
