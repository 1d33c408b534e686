/**
 * The broker over real HTTP on loopback (port 0), with the extension's own token exchanger
 * (src/auth/token-exchange.ts) as the client: the same wire contract both sides rely on.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBrokerHandler, type BrokerLogEntry } from '../../broker/handler';
import { serveFetchHandler, type RunningServer } from '../../broker/node-adapter';
import { createTokenExchanger, type FetchLike } from '../../src/auth/token-exchange';
import { TokenExchangeError } from '../../src/auth/errors';
import { sandboxEndpoints } from '../../src/config/endpoints';
import type { DirectCredentialsStore } from '../../src/auth/direct-credentials';
import { ALLOWED, CLIENTS, REDIRECT, VERIFIER, challengeOf, startFakeUpstream, testConfig, type FakeUpstream } from './helpers';

let upstream: FakeUpstream;
let broker: RunningServer;
const logs: BrokerLogEntry[] = [];

beforeAll(async () => {
  upstream = await startFakeUpstream();
  broker = await serveFetchHandler(createBrokerHandler(testConfig(upstream.url, { rateLimit: { burst: 20, perMinute: 60 } }), { log: (e) => logs.push(e) }));
});
afterAll(async () => {
  await broker.close();
  await upstream.close();
});

/** What the browser adds to an extension's cross-origin fetch. */
const fromExtension = (origin: string): FetchLike => (input, init) => fetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), Origin: origin } });

const noDirectCredentials: DirectCredentialsStore = { get: async () => null, set: async () => {} };

function exchanger(origin = ALLOWED) {
  return createTokenExchanger({ endpoints: { ...sandboxEndpoints, broker: broker.url }, credentials: noDirectCredentials, fetch: fromExtension(origin) });
}

describe('broker over HTTP on 127.0.0.1', () => {
  it('listens on loopback only, on a random port', () => {
    expect(broker.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(broker.url).not.toMatch(/:4030$/);
  });

  it('R7 the extension exchanges a code (with its PKCE verifier) and refreshes through the broker', async () => {
    const code = upstream.issueCode(challengeOf(VERIFIER));
    const tokens = await exchanger().exchangeCode('mycase', 'broker', { code, redirectUri: REDIRECT, codeVerifier: VERIFIER });
    expect(upstream.issued).toContain(tokens.accessToken);
    expect(tokens.expiresAt).toBeGreaterThan(Date.now() + 86_000_000);
    const refreshed = await exchanger().refresh('mycase', 'broker', tokens.refreshToken ?? '');
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(upstream.requests.at(-1)?.body.client_secret).toBe(CLIENTS.mycase.clientSecret);
  });

  it('a replayed refresh token comes back as a rejection the extension turns into reconnect-required', async () => {
    const code = upstream.issueCode(challengeOf(VERIFIER));
    const tokens = await exchanger().exchangeCode('mycase', 'broker', { code, redirectUri: REDIRECT, codeVerifier: VERIFIER });
    await exchanger().refresh('mycase', 'broker', tokens.refreshToken ?? '');
    const error = await exchanger()
      .refresh('mycase', 'broker', tokens.refreshToken ?? '')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenExchangeError);
    expect(error).toMatchObject({ reason: 'rejected', status: 400, oauthError: 'invalid_grant' });
  });

  it('refuses an unknown origin over HTTP (and the extension does not read it as a bad grant)', async () => {
    const raw = await fetch(`${broker.url}/refresh/mycase`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' },
      body: JSON.stringify({ refresh_token: 'x' }),
    });
    expect(raw.status).toBe(403);
    expect(raw.headers.get('access-control-allow-origin')).toBeNull();
    const error = await exchanger('moz-extension://not-allowed')
      .refresh('mycase', 'broker', 'x')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'unavailable', oauthError: 'origin_not_allowed' });
  });

  it('answers a CORS preflight over HTTP', async () => {
    const response = await fetch(`${broker.url}/token/docketwise`, {
      method: 'OPTIONS',
      headers: { Origin: ALLOWED, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
  });

  it('refuses an oversized body at the socket without buffering it', async () => {
    const response = await fetch(`${broker.url}/refresh/mycase`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: ALLOWED },
      body: JSON.stringify({ refresh_token: 'x'.repeat(100_000) }),
    });
    expect(response.status).toBe(413);
  });

  it('rate-limits an origin over HTTP', async () => {
    const small = await serveFetchHandler(createBrokerHandler(testConfig(upstream.url, { rateLimit: { burst: 2, perMinute: 1 } }), { log: () => {} }));
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await fetch(`${small.url}/refresh/mycase`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: ALLOWED },
          body: JSON.stringify({ refresh_token: 'x' }),
        });
        statuses.push(r.status);
      }
      expect(statuses).toEqual([400, 400, 429, 429]);
    } finally {
      await small.close();
    }
  });

  it('no token, code or secret reached the logs during these runs', () => {
    expect(logs.length).toBeGreaterThan(5);
    const haystack = JSON.stringify(logs);
    for (const secret of [...upstream.issued, VERIFIER, CLIENTS.mycase.clientSecret]) expect(haystack).not.toContain(secret);
  });
});

describe('npm run broker (node-server.ts)', () => {
  it('starts in sandbox mode with no configuration, prints no secret, answers /health, stops on SIGTERM', async () => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', BROKER_PORT: '0' };
    const child = spawn(process.execPath, ['--import', 'tsx', 'broker/node-server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    try {
      await vi.waitFor(() => expect(output).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/), { timeout: 20_000, interval: 100 });
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? '';
      expect(output).toContain('mode: sandbox');
      expect(output).not.toContain('mycase-sandbox-secret');
      const health = await fetch(`${url}/health`);
      expect(await health.json()).toEqual({ ok: true });
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
