/**
 * MyCase OAuth in the sandbox (shared/reference/mycase-api.md §1): consent page, auto-approve,
 * redirect-URI rules, code exchange (JSON and form), PKCE, token lifetime on the virtual clock,
 * single-use rotating refresh tokens.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MYCASE_SANDBOX_CLIENT } from '../../sandbox/credentials';
import { call, callJson, CHROME_REDIRECT, pkcePair, startTestSandbox, type TestSandbox } from './helpers';

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

function authorizeUrl(extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({
    client_id: MYCASE_SANDBOX_CLIENT.clientId,
    redirect_uri: CHROME_REDIRECT,
    response_type: 'code',
    state: 'st4te',
    ...extra,
  });
  return `/login_sessions/new?${params.toString()}`;
}

async function codeFromAllowPage(extra: Record<string, string> = {}): Promise<string> {
  const page = await call(t.mc, authorizeUrl(extra));
  expect(page.status).toBe(200);
  const markup = await page.text();
  expect(markup).toContain('<button id="allow"');
  // Submit the page's form as the browser would: its hidden inputs plus the Allow button.
  const inputs = [...markup.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1] ?? '', (m[2] ?? '').replace(/&#(\d+);/g, (_x, c: string) => String.fromCharCode(Number(c)))]);
  const form = Object.fromEntries([...inputs, ['decision', 'allow']]) as Record<string, string>;
  const approved = await call(t.mc, '/login_sessions/new', { form });
  expect(approved.status).toBe(302);
  const location = new URL(approved.headers.get('location') ?? '');
  expect(`${location.origin}${location.pathname}`).toBe(CHROME_REDIRECT);
  expect(location.searchParams.get('state')).toBe('st4te');
  return location.searchParams.get('code') ?? '';
}

function exchange(code: string, extra: Record<string, string> = {}) {
  return callJson<Record<string, unknown>>(t.mc, '/tokens', {
    json: {
      client_id: MYCASE_SANDBOX_CLIENT.clientId,
      client_secret: MYCASE_SANDBOX_CLIENT.clientSecret,
      grant_type: 'authorization_code',
      code,
      redirect_uri: CHROME_REDIRECT,
      ...extra,
    },
  });
}

function refresh(refreshToken: string) {
  return callJson<Record<string, unknown>>(t.mc, '/tokens', {
    json: {
      client_id: MYCASE_SANDBOX_CLIENT.clientId,
      client_secret: MYCASE_SANDBOX_CLIENT.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    },
  });
}

describe('MyCase sandbox OAuth', () => {
  it('shows a consent page whose Allow button redirects with code and state; the code grant returns firm_uuid', async () => {
    const code = await codeFromAllowPage();
    expect(code).not.toBe('');
    const tokens = await exchange(code);
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({ token_type: 'Bearer', expires_in: 86400 });
    expect(typeof tokens.body.access_token).toBe('string');
    expect(typeof tokens.body.refresh_token).toBe('string');
    expect(typeof tokens.body.scope).toBe('string');
    expect(typeof tokens.body.firm_uuid).toBe('string');
    const me = await call(t.mc, '/v1/me', { token: String(tokens.body.access_token) });
    expect(me.status).toBe(200);
  });

  it('Deny redirects with error=access_denied', async () => {
    const params = Object.fromEntries(new URL(`http://x${authorizeUrl()}`).searchParams);
    const denied = await call(t.mc, '/login_sessions/new', { form: { ...params, decision: 'deny' } });
    expect(denied.status).toBe(302);
    expect(new URL(denied.headers.get('location') ?? '').searchParams.get('error')).toBe('access_denied');
  });

  it('auto-approve redirects at once with 302', async () => {
    t.sandbox.mycase.control.config({ autoApprove: true });
    const response = await call(t.mc, authorizeUrl());
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get('location') ?? '').searchParams.get('code')).toMatch(/^mc_code_/);
  });

  it('accepts chromiumapp.org, extensions.allizom.org and 127.0.0.1 redirect URIs and rejects others', async () => {
    t.sandbox.mycase.control.config({ autoApprove: true });
    for (const uri of [CHROME_REDIRECT, 'https://4b1f2c3d-aaaa-bbbb-cccc-1234567890ab.extensions.allizom.org/cb', 'http://127.0.0.1:53123/cb']) {
      expect((await call(t.mc, authorizeUrl({ redirect_uri: uri }))).status).toBe(302);
    }
    for (const uri of ['https://evil.example.com/cb', 'http://localhost:4000/cb', 'https://x.chromiumapp.org.evil.com/cb']) {
      expect((await call(t.mc, authorizeUrl({ redirect_uri: uri }))).status).toBe(400);
    }
    expect((await call(t.mc, authorizeUrl({ client_id: 'nobody' }))).status).toBe(400);
  });

  it('the authorize step is Forbidden for a user without the firm-preferences permission', async () => {
    t.sandbox.mycase.control.config({ canAuthorize: false });
    expect((await call(t.mc, authorizeUrl())).status).toBe(403);
  });

  it('accepts a form-encoded token request as well as JSON', async () => {
    t.sandbox.mycase.control.config({ autoApprove: true });
    const redirect = await call(t.mc, authorizeUrl());
    const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const tokens = await callJson<Record<string, unknown>>(t.mc, '/tokens', {
      form: {
        client_id: MYCASE_SANDBOX_CLIENT.clientId,
        client_secret: MYCASE_SANDBOX_CLIENT.clientSecret,
        grant_type: 'authorization_code',
        code,
        redirect_uri: CHROME_REDIRECT,
      },
    });
    expect(tokens.status).toBe(200);
    expect(tokens.body.firm_uuid).toBeTruthy();
  });

  it('requires the client secret, and codes are single-use and expire after 10 minutes', async () => {
    const code = await codeFromAllowPage();
    expect((await exchange(code, { client_secret: 'wrong' })).status).toBe(401);
    const missing = await callJson(t.mc, '/tokens', { json: { client_id: MYCASE_SANDBOX_CLIENT.clientId, grant_type: 'authorization_code', code, redirect_uri: CHROME_REDIRECT } });
    expect(missing.status).toBe(401);
    const fresh = await codeFromAllowPage();
    expect((await exchange(fresh)).status).toBe(200);
    const reused = await exchange(fresh);
    expect(reused.status).toBe(400);
    expect(reused.body).toMatchObject({ error: 'invalid_grant' });
    const late = await codeFromAllowPage();
    t.clock.advance(10 * 60_000 + 1);
    expect((await exchange(late)).body).toMatchObject({ error: 'invalid_grant' });
    const otherRedirect = await codeFromAllowPage();
    expect((await exchange(otherRedirect, { redirect_uri: 'http://127.0.0.1:9/cb' })).status).toBe(400);
  });

  it('verifies the PKCE verifier when a challenge was sent', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await codeFromAllowPage({ code_challenge: challenge, code_challenge_method: 'S256' });
    expect((await exchange(code, { code_verifier: 'not-the-verifier' })).status).toBe(400);
    const again = await codeFromAllowPage({ code_challenge: challenge, code_challenge_method: 'S256' });
    expect((await exchange(again)).status).toBe(400);
    const good = await codeFromAllowPage({ code_challenge: challenge, code_challenge_method: 'S256' });
    expect((await exchange(good, { code_verifier: verifier })).status).toBe(200);
  });

  it('access tokens expire after 86400 s on the sandbox clock (401 in the errors[] shape)', async () => {
    const tokens = await exchange(await codeFromAllowPage());
    const token = String(tokens.body.access_token);
    t.clock.advance(86_400_000 - 1000);
    expect((await call(t.mc, '/v1/me', { token })).status).toBe(200);
    t.clock.advance(1000);
    const expired = await callJson<{ errors: { description: string }[] }>(t.mc, '/v1/me', { token });
    expect(expired.status).toBe(401);
    expect(expired.body.errors[0]?.description).toEqual(expect.any(String));
    expect((await call(t.mc, '/v1/me')).status).toBe(401);
    expect((await call(t.mc, '/v1/me', { token: 'made-up' })).status).toBe(401);
  });

  it('refresh rotates the pair, omits firm_uuid, and a used refresh token is refused with invalid_grant', async () => {
    const first = await exchange(await codeFromAllowPage());
    const refreshed = await refresh(String(first.body.refresh_token));
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.firm_uuid).toBeUndefined();
    expect(refreshed.body.refresh_token).not.toBe(first.body.refresh_token);
    expect(refreshed.body.access_token).not.toBe(first.body.access_token);
    const reuse = await refresh(String(first.body.refresh_token));
    expect(reuse.status).toBe(400);
    expect(reuse.body).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });
    expect((await refresh(String(refreshed.body.refresh_token))).status).toBe(200);
  });

  it('refresh tokens live two weeks', async () => {
    const first = await exchange(await codeFromAllowPage());
    t.clock.advance(14 * 86_400_000);
    expect((await refresh(String(first.body.refresh_token))).body).toMatchObject({ error: 'invalid_grant' });
  });

  it('"expire every token now" makes current access tokens 401 while refresh still works', async () => {
    const issued = t.sandbox.mycase.control.issueTokens();
    expect((await call(t.mc, '/v1/me', { token: issued.access_token })).status).toBe(200);
    const expired = await callJson<{ expired: number }>(t.mc, '/__sandbox/tokens/expire', { method: 'POST' });
    expect(expired.body.expired).toBe(1);
    expect((await call(t.mc, '/v1/me', { token: issued.access_token })).status).toBe(401);
    const renewed = await refresh(issued.refresh_token);
    expect((await call(t.mc, '/v1/me', { token: String(renewed.body.access_token) })).status).toBe(200);
  });

  it('POST /__sandbox/oauth/issue returns a token response without the browser flow', async () => {
    const issued = await callJson<Record<string, unknown>>(t.mc, '/__sandbox/oauth/issue', { json: {} });
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ token_type: 'Bearer', expires_in: 86400, firm_uuid: expect.any(String) });
    expect((await call(t.mc, '/v1/firm', { token: String(issued.body.access_token) })).status).toBe(200);
  });
});
