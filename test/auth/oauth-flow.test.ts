import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createHash } from 'node:crypto';
import { OAuthFlowError } from '../../src/auth/errors';
import { FLOW_TTL_MS, buildAuthorizeUrl, createOAuthFlow } from '../../src/auth/oauth-flow';
import { createPkcePair, s256Challenge } from '../../src/auth/pkce';
import type { StorageAreaLike } from '../../src/auth/browser-apis';
import { approve, createFakeIdentity, endpoints, redirectUriFor } from './helpers';

const session = () => fakeBrowser.storage.session as unknown as StorageAreaLike;

async function pendingFlowKeys(): Promise<string[]> {
  return Object.keys(await fakeBrowser.storage.session.get(null)).filter((k) => k.startsWith('auth:flow:'));
}

async function expectFlowError(promise: Promise<unknown>, reason: OAuthFlowError['reason']): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OAuthFlowError);
  expect((error as OAuthFlowError).reason).toBe(reason);
}

describe('PKCE (RFC 7636, S256)', () => {
  it('R7 computes the RFC 7636 appendix B challenge', async () => {
    expect(await s256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('R7 makes a fresh 43-character verifier whose challenge is base64url(SHA-256(verifier))', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const { verifier, challenge } = await createPkcePair();
      expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
      expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'));
      seen.add(verifier);
    }
    expect(seen.size).toBe(50);
  });
});

describe('authorize URLs', () => {
  it('R7 MyCase: /login_sessions/new with client id, redirect URI, code, state and S256 challenge', () => {
    const url = new URL(
      buildAuthorizeUrl('mycase', endpoints, { clientId: 'cid', redirectUri: 'https://x.chromiumapp.org/mycase', state: 's1', codeChallenge: 'c1' }),
    );
    expect(url.origin + url.pathname).toBe(`${endpoints.mycaseAuth}/login_sessions/new`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'cid',
      redirect_uri: 'https://x.chromiumapp.org/mycase',
      response_type: 'code',
      state: 's1',
      code_challenge: 'c1',
      code_challenge_method: 'S256',
    });
  });

  it('R7 Docketwise: /oauth/authorize with scope "public write" written as public%20write', () => {
    const href = buildAuthorizeUrl('docketwise', endpoints, { clientId: 'd', redirectUri: 'https://x.chromiumapp.org/docketwise', state: 's', codeChallenge: 'c' });
    const url = new URL(href);
    expect(url.origin + url.pathname).toBe(`${endpoints.docketwise}/oauth/authorize`);
    expect(href).toContain('scope=public%20write');
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  });
});

describe('the authorization-code flow', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('R7 opens the authorize URL with a random state and a challenge matching the verifier it returns', async () => {
    const identity = createFakeIdentity();
    const flow = createOAuthFlow({ identity, session: session(), endpoints });
    const result = await flow.run('mycase', 'mycase-sandbox-client');
    const opened = identity.opened[0];
    expect(opened).toBeDefined();
    expect(opened?.searchParams.get('client_id')).toBe('mycase-sandbox-client');
    expect(opened?.searchParams.get('redirect_uri')).toBe(redirectUriFor('mycase'));
    expect(result.redirectUri).toBe(redirectUriFor('mycase'));
    expect(opened?.searchParams.get('code_challenge')).toBe(await s256Challenge(result.codeVerifier));
    expect(result.code).toMatch(/^code-/);
  });

  it('states are random: 200 flows give 200 distinct states of at least 256 bits', async () => {
    const identity = createFakeIdentity();
    const flow = createOAuthFlow({ identity, session: session(), endpoints });
    for (let i = 0; i < 200; i++) await flow.run('docketwise', 'c');
    const states = identity.opened.map((u) => u.searchParams.get('state') ?? '');
    expect(new Set(states).size).toBe(200);
    for (const state of states) expect(state.length).toBeGreaterThanOrEqual(43);
  });

  it('keeps the state and verifier in storage.session only while the flow runs', async () => {
    const identity = createFakeIdentity();
    let duringFlow: Record<string, unknown> = {};
    let localDuringFlow: Record<string, unknown> = {};
    identity.respond = async (url) => {
      duringFlow = await fakeBrowser.storage.session.get(null);
      localDuringFlow = await fakeBrowser.storage.local.get(null);
      return approve(url);
    };
    const flow = createOAuthFlow({ identity, session: session(), endpoints });
    const result = await flow.run('mycase', 'c');
    const state = identity.opened[0]?.searchParams.get('state');
    expect(Object.keys(duringFlow)).toEqual([`auth:flow:${state}`]);
    expect(JSON.stringify(duringFlow)).toContain(result.codeVerifier);
    expect(localDuringFlow).toEqual({});
    expect(await pendingFlowKeys()).toEqual([]);
  });

  it('refuses a reused state (single use)', async () => {
    const identity = createFakeIdentity();
    const flow = createOAuthFlow({ identity, session: session(), endpoints });
    const { url, state } = await flow.begin('mycase', 'c');
    const redirect = approve(new URL(url));
    await expect(flow.complete('mycase', state, redirect)).resolves.toMatchObject({ code: expect.any(String) });
    await expectFlowError(flow.complete('mycase', state, redirect), 'state-mismatch');
  });

  it('refuses the same redirect delivered twice at once (only one wins)', async () => {
    const flow = createOAuthFlow({ identity: createFakeIdentity(), session: session(), endpoints });
    const { url, state } = await flow.begin('mycase', 'c');
    const redirect = approve(new URL(url));
    const results = await Promise.allSettled([flow.complete('mycase', state, redirect), flow.complete('mycase', state, redirect)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('refuses a wrong state, a missing state and a state begun for the other product', async () => {
    const identity = createFakeIdentity();
    const flow = createOAuthFlow({ identity, session: session(), endpoints });

    identity.respond = (url) => {
      const r = new URL(approve(url));
      r.searchParams.set('state', 'forged-state-from-an-attacker');
      return r.href;
    };
    await expectFlowError(flow.run('mycase', 'c'), 'state-mismatch');

    identity.respond = (url) => {
      const r = new URL(approve(url));
      r.searchParams.delete('state');
      return r.href;
    };
    await expectFlowError(flow.run('mycase', 'c'), 'state-mismatch');

    const other = await flow.begin('docketwise', 'c');
    await expectFlowError(flow.complete('mycase', other.state, approve(new URL(other.url))), 'state-mismatch');
    // Every refused attempt consumed its own pending state: nothing lingers.
    expect(await pendingFlowKeys()).toEqual([]);
  });

  it('refuses a state older than the flow lifetime', async () => {
    let now = 1_000_000;
    const flow = createOAuthFlow({ identity: createFakeIdentity(), session: session(), endpoints, now: () => now });
    const { url, state } = await flow.begin('mycase', 'c');
    now += FLOW_TTL_MS + 1;
    await expectFlowError(flow.complete('mycase', state, approve(new URL(url))), 'state-mismatch');
  });

  it('refuses a redirect to another address even with the right state', async () => {
    const flow = createOAuthFlow({ identity: createFakeIdentity(), session: session(), endpoints });
    const { state } = await flow.begin('mycase', 'c');
    await expectFlowError(flow.complete('mycase', state, `https://evil.example/mycase?code=x&state=${state}`), 'bad-redirect');
  });

  it('reports a provider error (access_denied) and a closed window, leaving nothing behind', async () => {
    const identity = createFakeIdentity();
    const flow = createOAuthFlow({ identity, session: session(), endpoints });
    identity.respond = (url) => {
      const r = new URL(url.searchParams.get('redirect_uri') ?? '');
      r.searchParams.set('error', 'access_denied');
      r.searchParams.set('state', url.searchParams.get('state') ?? '');
      return r.href;
    };
    await expectFlowError(flow.run('docketwise', 'c'), 'provider-denied');
    identity.respond = () => {
      throw new Error('The user did not approve access.');
    };
    await expectFlowError(flow.run('docketwise', 'c'), 'cancelled');
    expect(await pendingFlowKeys()).toEqual([]);
  });

  it('prunes abandoned flows when a new one begins', async () => {
    let now = 5_000_000;
    const flow = createOAuthFlow({ identity: createFakeIdentity(), session: session(), endpoints, now: () => now });
    await flow.begin('mycase', 'c');
    await flow.begin('mycase', 'c');
    expect(await pendingFlowKeys()).toHaveLength(2);
    now += FLOW_TTL_MS + 1;
    const fresh = await flow.begin('mycase', 'c');
    expect(await pendingFlowKeys()).toEqual([`auth:flow:${fresh.state}`]);
  });
});
