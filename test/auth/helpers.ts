/**
 * Test doubles for sign-in: WXT's fake storage areas, a fake identity API that plays the
 * provider's authorize page (it answers with a redirect carrying a code and the state), and
 * a fake token endpoint (broker) that issues and rotates tokens.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { AuthBrowser, IdentityLike, StorageAreaLike } from '../../src/auth/browser-apis';
import { sandboxEndpoints } from '../../src/config/endpoints';
import type { FetchLike } from '../../src/auth/token-exchange';
import { s256Challenge } from '../../src/auth/pkce';

export const endpoints = sandboxEndpoints;

export interface FakeIdentity extends IdentityLike {
  /** Every authorize URL the flow opened. */
  opened: URL[];
  /** How the next sign-in window ends. */
  respond: (authorizeUrl: URL) => string | Promise<string>;
}

export function redirectUriFor(product: string): string {
  return `https://fake-extension-id.chromiumapp.org/${product}`;
}

let codeCounter = 0;

/** Approves every sign-in: redirects to the redirect URI with a fresh code and the same state. */
export function approve(authorizeUrl: URL): string {
  const redirect = new URL(authorizeUrl.searchParams.get('redirect_uri') ?? 'about:blank');
  codeCounter += 1;
  redirect.searchParams.set('code', `code-${codeCounter}`);
  redirect.searchParams.set('state', authorizeUrl.searchParams.get('state') ?? '');
  return redirect.href;
}

export function createFakeIdentity(): FakeIdentity {
  const identity: FakeIdentity = {
    opened: [],
    respond: approve,
    async launchWebAuthFlow({ url }) {
      const parsed = new URL(url);
      identity.opened.push(parsed);
      return identity.respond(parsed);
    },
    getRedirectURL: (path) => redirectUriFor(path ?? ''),
  };
  return identity;
}

export function fakeAuthBrowser(identity: IdentityLike): AuthBrowser {
  return {
    session: fakeBrowser.storage.session as unknown as StorageAreaLike,
    local: fakeBrowser.storage.local as unknown as StorageAreaLike,
    identity,
  };
}

/** Everything in both storage areas, serialised: the haystack for "where are the tokens?". */
export async function dumpStorage(): Promise<{ session: string; local: string }> {
  return {
    session: JSON.stringify(await fakeBrowser.storage.session.get(null)),
    local: JSON.stringify(await fakeBrowser.storage.local.get(null)),
  };
}

export interface FakeTokenServer {
  fetch: FetchLike;
  calls: { url: string; body: Record<string, string>; contentType: string }[];
  /** Codes the authorize step handed out, with the PKCE challenge they were bound to. */
  challenges: Map<string, string>;
  /** Valid refresh tokens (single use: each refresh rotates). */
  refreshTokens: Set<string>;
  issued: { access: string[]; refresh: string[] };
  /** Makes the next responses fail with this status and OAuth error. */
  failWith: { status: number; error: string } | null;
  expiresIn: number;
  /** Held open until released (to test single flight). */
  gate: Promise<void> | null;
}

/**
 * A token endpoint that behaves like the broker (JSON in, JSON out) and also accepts the
 * direct-mode bodies (JSON for MyCase, form-encoded for Docketwise). Codes are single use
 * and bound to their PKCE challenge when one was recorded.
 */
export function createFakeTokenServer(): FakeTokenServer {
  let n = 0;
  const usedCodes = new Set<string>();
  const server: FakeTokenServer = {
    calls: [],
    challenges: new Map(),
    refreshTokens: new Set(),
    issued: { access: [], refresh: [] },
    failWith: null,
    expiresIn: 3600,
    gate: null,
    async fetch(input, init) {
      const contentType = new Headers(init.headers).get('content-type') ?? '';
      const raw = typeof init.body === 'string' ? init.body : '';
      const body: Record<string, string> = contentType.includes('json')
        ? (JSON.parse(raw) as Record<string, string>)
        : Object.fromEntries(new URLSearchParams(raw));
      server.calls.push({ url: input, body, contentType });
      if (server.gate) await server.gate;
      const json = (status: number, value: unknown) =>
        new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
      if (server.failWith) return json(server.failWith.status, { error: server.failWith.error });

      const isRefresh = input.includes('/refresh/') || body.grant_type === 'refresh_token';
      if (isRefresh) {
        const token = body.refresh_token ?? '';
        if (!server.refreshTokens.delete(token)) return json(400, { error: 'invalid_grant' });
      } else {
        const code = body.code ?? '';
        if (usedCodes.has(code)) return json(400, { error: 'invalid_grant' });
        usedCodes.add(code);
        const challenge = server.challenges.get(code);
        if (challenge !== undefined && (await s256Challenge(body.code_verifier ?? '')) !== challenge) {
          return json(400, { error: 'invalid_grant', error_description: 'PKCE' });
        }
      }
      n += 1;
      const access = `access-${n}-${Math.random().toString(36).slice(2)}`;
      const refresh = `refresh-${n}-${Math.random().toString(36).slice(2)}`;
      server.issued.access.push(access);
      server.issued.refresh.push(refresh);
      server.refreshTokens.add(refresh);
      return json(200, { access_token: access, refresh_token: refresh, expires_in: server.expiresIn, token_type: 'Bearer' });
    },
  };
  return server;
}
