/**
 * What a connector needs from sign-in: the current access token, and a way to exchange the
 * refresh token for a new one. Implemented in src/auth (broker or direct mode); connectors
 * make refreshes single-flight on their side, so `refresh` may be a plain exchange.
 */
import { AuthRequiredError, TransientError } from '../core/errors';
import type { Side } from '../core/types';
import { TokenExchangeError } from './errors';
import type { TokenExchanger } from './token-exchange';
import type { AuthMode, TokenSet, TokenStore } from './token-store';

export interface TokenSource {
  readonly product: Side;
  /** The stored access token. Throws AuthRequiredError when the account is not connected. */
  getAccessToken(): Promise<string>;
  /**
   * Exchanges the refresh token and stores the result; returns the new access token.
   * Throws AuthRequiredError (and marks the account "reconnect required") when it fails.
   */
  refresh(): Promise<string>;
}

/** Refresh this long before the stored expiry, so a request never leaves with a dying token. */
export const EXPIRY_MARGIN_MS = 60_000;

const NAMES: Record<Side, string> = { mycase: 'MyCase', docketwise: 'Docketwise' };

export interface TokenSourceDeps {
  store: TokenStore;
  exchanger: TokenExchanger;
  now?: () => number;
}

/** Shares one in-flight promise between concurrent callers (single flight). */
function singleFlight<T>(task: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | null = null;
  return () => {
    inFlight ??= task().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}

function isFresh(expiresAt: number | null, now: number): boolean {
  return expiresAt === null || expiresAt - EXPIRY_MARGIN_MS > now;
}

/**
 * The stored-token source the connectors use. `getAccessToken` reads `storage.session` and
 * refreshes when the token is missing (browser restarted) or about to expire. `refresh` is
 * single-flight: with rotating refresh tokens (MyCase), two parallel exchanges would spend
 * the same refresh token twice and log the user out (sync-anchors §C1).
 *
 * Failure policy: a refused refresh (400/401/403, invalid_grant) marks the account
 * `reconnect-required`, drops its tokens and throws AuthRequiredError; a network error, 429
 * or 5xx throws TransientError and keeps the account connected (the refresh token is still
 * good, so a broker outage does not force a new sign-in).
 */
export function createTokenSource(product: Side, deps: TokenSourceDeps): TokenSource {
  const now = deps.now ?? Date.now;
  const { store, exchanger } = deps;
  const name = NAMES[product];

  async function requireConnected(): Promise<AuthMode> {
    const account = await store.readAccount(product);
    if (account.status !== 'connected') {
      throw new AuthRequiredError(
        account.status === 'disconnected' ? `${name} is not connected.` : `${name} needs to be connected again.`,
        product,
      );
    }
    return account.mode;
  }

  const refresh = singleFlight(async (): Promise<string> => {
    const mode = await requireConnected();
    const refreshToken = await store.readRefreshToken(product);
    if (refreshToken === null) {
      const message = `The ${name} sign-in has no refresh token left; connect again.`;
      await store.markReconnectRequired(product, message);
      throw new AuthRequiredError(message, product);
    }
    let tokens: TokenSet;
    try {
      tokens = await exchanger.refresh(product, mode, refreshToken);
    } catch (error) {
      if (error instanceof TokenExchangeError && (error.reason === 'rejected' || error.reason === 'not-configured')) {
        const message = `${name} refused to renew the sign-in (${error.oauthError ?? error.reason}); connect again.`;
        await store.markReconnectRequired(product, message);
        throw new AuthRequiredError(message, product);
      }
      const detail = error instanceof Error ? error.message : String(error);
      throw new TransientError(`Could not renew the ${name} sign-in: ${detail}`, product);
    }
    // The user may have signed out (or reconnected) while the exchange was in flight: then
    // these tokens belong to nobody and must not be written back.
    const after = await store.readAccount(product);
    const currentRefresh = await store.readRefreshToken(product);
    if (after.status !== 'connected' || currentRefresh !== refreshToken) {
      throw new AuthRequiredError(`${name} was disconnected while its sign-in was being renewed.`, product);
    }
    await store.saveTokens(product, tokens);
    return tokens.accessToken;
  });

  return {
    product,
    async getAccessToken() {
      await requireConnected();
      const access = await store.readAccess(product);
      if (access && isFresh(access.expiresAt, now())) return access.accessToken;
      return refresh();
    },
    refresh,
  };
}

/**
 * A source over tokens held in memory only, used while `connect` tests a brand-new sign-in:
 * nothing reaches storage until the test passed. `current()` gives the (possibly rotated)
 * tokens to store afterwards.
 */
export function createMemoryTokenSource(
  product: Side,
  initial: TokenSet,
  deps: { exchanger: TokenExchanger; mode: AuthMode },
): TokenSource & { current(): TokenSet } {
  let tokens = initial;
  const refresh = singleFlight(async (): Promise<string> => {
    if (tokens.refreshToken === null) throw new AuthRequiredError(`${NAMES[product]} gave no refresh token.`, product);
    try {
      const next = await deps.exchanger.refresh(product, deps.mode, tokens.refreshToken);
      tokens = { ...next, refreshToken: next.refreshToken ?? tokens.refreshToken };
      return tokens.accessToken;
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new AuthRequiredError(`Could not renew the new ${NAMES[product]} sign-in: ${detail}`, product);
    }
  });
  return {
    product,
    getAccessToken: async () => tokens.accessToken,
    refresh,
    current: () => tokens,
  };
}
