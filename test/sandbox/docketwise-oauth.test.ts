/**
 * Docketwise OAuth in the sandbox (shared/reference/docketwise-api.md §1): Doorkeeper-style
 * authorize page and token endpoint, `public write` scopes, 180-day tokens, rotating refresh
 * tokens, and the API's 401 with `WWW-Authenticate: Bearer`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DOCKETWISE_SANDBOX_CLIENT } from '../../sandbox/credentials';
import { call, callJson, pkcePair, startTestSandbox, type TestSandbox } from './helpers';

const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/docketwise';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t.sandbox.close();
});
beforeEach(() => {
  t.sandbox.reset();
});

function authorizePath(extra: Record<string, string> = {}): string {
  return `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: DOCKETWISE_SANDBOX_CLIENT.clientId, redirect_uri: REDIRECT, scope: 'public write', state: 's1', ...extra })}`;
}

async function allow(extra: Record<string, string> = {}): Promise<string> {
  const page = await call(t.dw, authorizePath(extra));
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<button id="allow"');
  const params = Object.fromEntries(new URL(`http://x${authorizePath(extra)}`).searchParams);
  const approved = await call(t.dw, '/oauth/authorize', { form: { ...params, decision: 'allow' } });
  expect(approved.status).toBe(302);
  const location = new URL(approved.headers.get('location') ?? '');
  expect(location.searchParams.get('state')).toBe('s1');
  return location.searchParams.get('code') ?? '';
}

function token(form: Record<string, string>) {
  return callJson<Record<string, unknown>>(t.dw, '/oauth/token', {
    form: { client_id: DOCKETWISE_SANDBOX_CLIENT.clientId, client_secret: DOCKETWISE_SANDBOX_CLIENT.clientSecret, ...form },
  });
}

describe('Docketwise sandbox OAuth', () => {
  it('Allow page → code → form-encoded token exchange with a Doorkeeper-style response', async () => {
    const code = await allow();
    const response = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 15_552_000,
      refresh_token: expect.any(String),
      scope: 'public write',
      created_at: Math.floor(t.clock.now() / 1000),
    });
    expect((await call(t.dw, '/api/v1/contacts', { token: String(response.body.access_token) })).status).toBe(200);
  });

  it('also accepts a JSON token request; the secret is required; auto-approve skips the page', async () => {
    t.sandbox.docketwise.control.config({ autoApprove: true });
    const redirect = await call(t.dw, authorizePath());
    expect(redirect.status).toBe(302);
    const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const noSecret = await callJson(t.dw, '/oauth/token', { json: { client_id: DOCKETWISE_SANDBOX_CLIENT.clientId, grant_type: 'authorization_code', code, redirect_uri: REDIRECT } });
    expect(noSecret.status).toBe(401);
    // The failed attempt burnt the code (RFC 6749): a new one is needed.
    const again = await call(t.dw, authorizePath());
    const code2 = new URL(again.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const json = await callJson<Record<string, unknown>>(t.dw, '/oauth/token', {
      json: { client_id: DOCKETWISE_SANDBOX_CLIENT.clientId, client_secret: DOCKETWISE_SANDBOX_CLIENT.clientSecret, grant_type: 'authorization_code', code: code2, redirect_uri: REDIRECT },
    });
    expect(json.status).toBe(200);
  });

  it('checks PKCE when a challenge was sent', async () => {
    const { verifier, challenge } = pkcePair();
    const bad = await allow({ code_challenge: challenge, code_challenge_method: 'S256' });
    expect((await token({ grant_type: 'authorization_code', code: bad, redirect_uri: REDIRECT, code_verifier: 'nope' })).status).toBe(400);
    const good = await allow({ code_challenge: challenge, code_challenge_method: 'S256' });
    expect((await token({ grant_type: 'authorization_code', code: good, redirect_uri: REDIRECT, code_verifier: verifier })).status).toBe(200);
  });

  it('refresh returns a new refresh token; the old one works exactly once', async () => {
    const first = await token({ grant_type: 'authorization_code', code: await allow(), redirect_uri: REDIRECT });
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: String(first.body.refresh_token) });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(first.body.refresh_token);
    const reused = await token({ grant_type: 'refresh_token', refresh_token: String(first.body.refresh_token) });
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe('invalid_grant');
  });

  it('access tokens last 180 days on the sandbox clock; 401 is {"error":"invalid_token"} with WWW-Authenticate: Bearer', async () => {
    const issued = t.sandbox.docketwise.control.issueTokens();
    t.clock.advance(15_552_000_000 - 1);
    expect((await call(t.dw, '/api/v1/contacts', { token: issued.access_token })).status).toBe(200);
    t.clock.advance(1);
    const expired = await call(t.dw, '/api/v1/contacts', { token: issued.access_token });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await expired.json()).toMatchObject({ error: 'invalid_token' });
    const none = await call(t.dw, '/api/v1/matters');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('"expire every token now" and /__sandbox/oauth/issue', async () => {
    const issued = await callJson<Record<string, unknown>>(t.dw, '/__sandbox/oauth/issue', { json: {} });
    expect(issued.body).toMatchObject({ token_type: 'Bearer', expires_in: 15_552_000, scope: 'public write' });
    const access = String(issued.body.access_token);
    expect((await call(t.dw, '/api/v1/contacts', { token: access })).status).toBe(200);
    expect((await callJson<{ expired: number }>(t.dw, '/__sandbox/tokens/expire', { method: 'POST' })).body.expired).toBe(1);
    expect((await call(t.dw, '/api/v1/contacts', { token: access })).status).toBe(401);
    const renewed = await token({ grant_type: 'refresh_token', refresh_token: String(issued.body.refresh_token) });
    expect((await call(t.dw, '/api/v1/contacts', { token: String(renewed.body.access_token) })).status).toBe(200);
  });

  it('R7 "revoke every token": calls get 401 and the refresh token no longer works', async () => {
    const issued = await callJson<Record<string, unknown>>(t.dw, '/__sandbox/oauth/issue', { json: {} });
    const access = String(issued.body.access_token);
    expect((await callJson<{ revoked: number }>(t.dw, '/__sandbox/tokens/revoke', { method: 'POST' })).body.revoked).toBeGreaterThanOrEqual(2);
    expect((await call(t.dw, '/api/v1/contacts', { token: access })).status).toBe(401);
    const refused = await token({ grant_type: 'refresh_token', refresh_token: String(issued.body.refresh_token) });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid_grant' });
  });
});
