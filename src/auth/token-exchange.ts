/**
 * Turns an authorization code or a refresh token into a token set, either through the token
 * broker (default: it holds our client secrets) or, in direct mode, at the product's own token
 * endpoint with the firm's credentials (MyCase `/tokens` with a JSON body, Docketwise
 * `/oauth/token` form-encoded; mycase-api.md §1, docketwise-api.md §1).
 *
 * Both answer the same OAuth token-response shape, parsed here with zod. Error texts carry the
 * OAuth error code and status only, never a token or a secret.
 */
import { z } from 'zod';
import type { Endpoints } from '../config/endpoints';
import type { Side } from '../core/types';
import type { DirectCredentialsStore } from './direct-credentials';
import { TokenExchangeError } from './errors';
import type { AuthMode, TokenSet } from './token-store';

export interface CodeGrant {
  code: string;
  redirectUri: string;
  codeVerifier: string;
}

export interface TokenExchanger {
  exchangeCode(product: Side, mode: AuthMode, grant: CodeGrant): Promise<TokenSet>;
  refresh(product: Side, mode: AuthMode, refreshToken: string): Promise<TokenSet>;
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface TokenExchangerDeps {
  endpoints: Endpoints;
  credentials: DirectCredentialsStore;
  fetch?: FetchLike;
  now?: () => number;
  /** Per-request timeout; the broker itself waits up to 10 s for the product. */
  timeoutMs?: number;
}

/** RFC 6749 §5.1, as both products (and the broker) return it. Unknown fields are dropped. */
export const tokenResponseSchema = z.object({
  access_token: z.string().min(1).max(8192),
  refresh_token: z.string().min(1).max(8192).optional(),
  expires_in: z.number().nonnegative().optional(),
  token_type: z.string().optional(),
});

const errorResponseSchema = z.object({
  error: z.string().max(200).optional(),
  error_description: z.string().optional(),
});

const PRODUCT_NAMES: Record<Side, string> = { mycase: 'MyCase', docketwise: 'Docketwise' };

export function createTokenExchanger(deps: TokenExchangerDeps): TokenExchanger {
  const doFetch: FetchLike = deps.fetch ?? ((input, init) => fetch(input, init));
  const now = deps.now ?? Date.now;
  const timeoutMs = deps.timeoutMs ?? 20_000;

  async function post(product: Side, url: string, body: Record<string, string>, encoding: 'json' | 'form'): Promise<TokenSet> {
    const name = PRODUCT_NAMES[product];
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: {
          Accept: 'application/json',
          'Content-Type': encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
        },
        body: encoding === 'json' ? JSON.stringify(body) : new URLSearchParams(body).toString(),
        // (No `cache: 'no-store'` here: Node's fetch rejects it; the broker answers with
        // `Cache-Control: no-store` instead, and POST responses are not cached anyway.)
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const what = error instanceof Error ? error.name : 'network error';
      throw new TokenExchangeError(`The ${name} sign-in service could not be reached (${what}).`, product, 'unavailable');
    }

    const text = await response.text().catch(() => '');
    let json: unknown = null;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      // Not JSON (an HTML error page, say): judged by the status alone below.
      json = null;
    }

    if (!response.ok) {
      const parsed = errorResponseSchema.safeParse(json);
      const oauthError = parsed.success ? (parsed.data.error ?? null) : null;
      // 400/401/403 mean the grant or the client was refused: retrying cannot help, the user
      // must connect again. Everything else (429, 5xx, the broker's 502s) may pass.
      // The broker's own 403 `origin_not_allowed` is a deployment problem, not a bad grant:
      // it must not push the user into reconnecting (which would fail the same way).
      const brokerRefusal = oauthError === 'origin_not_allowed';
      const rejected = !brokerRefusal && (response.status === 400 || response.status === 401 || response.status === 403);
      throw new TokenExchangeError(
        rejected
          ? `${name} refused the sign-in (${oauthError ?? `HTTP ${response.status}`}).`
          : `The ${name} sign-in service is unavailable (HTTP ${response.status}).`,
        product,
        rejected ? 'rejected' : 'unavailable',
        response.status,
        oauthError,
      );
    }

    const parsed = tokenResponseSchema.safeParse(json);
    if (!parsed.success) {
      const field = String(parsed.error.issues[0]?.path[0] ?? 'body');
      throw new TokenExchangeError(`The ${name} token response had a bad or missing field: ${field}.`, product, 'bad-response', response.status);
    }
    const tokens = parsed.data;
    return {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token ?? null,
      expiresAt: tokens.expires_in === undefined ? null : now() + tokens.expires_in * 1000,
    };
  }

  async function directCredentials(product: Side) {
    const credentials = await deps.credentials.get(product);
    if (!credentials) {
      throw new TokenExchangeError(
        `Direct mode is selected for ${PRODUCT_NAMES[product]} but no client id and secret are saved.`,
        product,
        'not-configured',
      );
    }
    return credentials;
  }

  function directTokenUrl(product: Side): { url: string; encoding: 'json' | 'form' } {
    return product === 'mycase'
      ? { url: new URL('/tokens', deps.endpoints.mycaseAuth).href, encoding: 'json' }
      : { url: new URL('/oauth/token', deps.endpoints.docketwise).href, encoding: 'form' };
  }

  function brokerUrl(kind: 'token' | 'refresh', product: Side): string {
    return new URL(`/${kind}/${product}`, deps.endpoints.broker).href;
  }

  return {
    async exchangeCode(product, mode, grant) {
      if (mode === 'broker') {
        return post(product, brokerUrl('token', product), {
          code: grant.code,
          redirect_uri: grant.redirectUri,
          code_verifier: grant.codeVerifier,
        }, 'json');
      }
      const { clientId, clientSecret } = await directCredentials(product);
      const { url, encoding } = directTokenUrl(product);
      return post(product, url, {
        client_id: clientId,
        client_secret: clientSecret,
        grant_type: 'authorization_code',
        code: grant.code,
        redirect_uri: grant.redirectUri,
        code_verifier: grant.codeVerifier,
      }, encoding);
    },
    async refresh(product, mode, refreshToken) {
      if (mode === 'broker') {
        return post(product, brokerUrl('refresh', product), { refresh_token: refreshToken }, 'json');
      }
      const { clientId, clientSecret } = await directCredentials(product);
      const { url, encoding } = directTokenUrl(product);
      return post(product, url, {
        client_id: clientId,
        client_secret: clientSecret,
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
      }, encoding);
    },
  };
}
