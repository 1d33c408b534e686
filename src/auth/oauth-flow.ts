/**
 * The authorization-code flow through `identity.launchWebAuthFlow` (sync-anchors §B3, §C1).
 * Run it from the background only: the popup closes when the sign-in window takes focus.
 *
 * Each flow gets a random single-use `state` and a PKCE pair (S256). Both are kept in
 * `storage.session` under the state for the flow's duration (so a worker restart mid-flow
 * loses nothing durable), and consumed (removed) when the redirect comes back: a reused,
 * unknown, expired or foreign state is refused before the code is looked at.
 */
import type { Endpoints } from '../config/endpoints';
import type { Side } from '../core/types';
import type { IdentityLike, StorageAreaLike } from './browser-apis';
import { OAuthFlowError } from './errors';
import { createPkcePair, randomUrlSafe } from './pkce';
import { authKeys } from './storage-keys';
import { z } from 'zod';

/** A sign-in window left open longer than this is treated as abandoned. */
export const FLOW_TTL_MS = 10 * 60_000;

export interface AuthorizeParams {
  clientId: string;
  redirectUri: string;
  state: string;
  codeChallenge: string;
}

/** The product's authorize URL (mycase-api.md §1, docketwise-api.md §1) with PKCE added. */
export function buildAuthorizeUrl(product: Side, endpoints: Endpoints, params: AuthorizeParams): string {
  const url =
    product === 'mycase'
      ? new URL('/login_sessions/new', endpoints.mycaseAuth)
      : new URL('/oauth/authorize', endpoints.docketwise);
  const query: [string, string][] = [
    ['client_id', params.clientId],
    ['redirect_uri', params.redirectUri],
    ['response_type', 'code'],
    ...(product === 'docketwise' ? ([['scope', 'public write']] as [string, string][]) : []),
    ['state', params.state],
    ['code_challenge', params.codeChallenge],
    ['code_challenge_method', 'S256'],
  ];
  // URLSearchParams writes a space as "+"; the documented Docketwise URL uses %20
  // (`scope=public%20write`), which every server decodes the same way.
  url.search = query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return url.href;
}

const pendingFlowSchema = z.object({
  product: z.enum(['mycase', 'docketwise']),
  codeVerifier: z.string().min(43).max(128),
  redirectUri: z.string().min(1),
  createdAt: z.number(),
});
export type PendingFlow = z.infer<typeof pendingFlowSchema>;

export interface AuthorizationResult {
  code: string;
  redirectUri: string;
  codeVerifier: string;
}

export interface OAuthFlowDeps {
  identity: IdentityLike;
  session: StorageAreaLike;
  endpoints: Endpoints;
  now?: () => number;
}

export interface OAuthFlow {
  /** Creates the state and PKCE pair, stores them, and returns the authorize URL. */
  begin(product: Side, clientId: string): Promise<{ url: string; state: string; redirectUri: string }>;
  /**
   * Checks the redirect against the pending flow `expectedState` and consumes it. Throws
   * OAuthFlowError for a wrong, reused or expired state, a provider error, or no code.
   */
  complete(product: Side, expectedState: string, redirectedTo: string): Promise<AuthorizationResult>;
  /** begin → launchWebAuthFlow (interactive) → complete; the pending state never outlives it. */
  run(product: Side, clientId: string): Promise<AuthorizationResult>;
}

export function createOAuthFlow(deps: OAuthFlowDeps): OAuthFlow {
  const now = deps.now ?? Date.now;
  const { session } = deps;

  /** Reads and removes a pending flow in one step, so a state can be used once only. */
  let consuming: Promise<unknown> = Promise.resolve();
  function consume(state: string): Promise<PendingFlow | null> {
    // Serialised: two redirects carrying the same state cannot both read it before the remove.
    const next = consuming.then(async () => {
      const key = authKeys.flow(state);
      const stored = (await session.get(key))[key];
      if (stored === undefined) return null;
      await session.remove(key);
      const parsed = pendingFlowSchema.safeParse(stored);
      return parsed.success ? parsed.data : null;
    });
    consuming = next.catch(() => undefined);
    return next;
  }

  async function pruneExpired(): Promise<void> {
    const all = await session.get(null);
    const stale = Object.entries(all)
      .filter(([key]) => key.startsWith(authKeys.flowPrefix))
      .filter(([, value]) => {
        const parsed = pendingFlowSchema.safeParse(value);
        return !parsed.success || now() - parsed.data.createdAt > FLOW_TTL_MS;
      })
      .map(([key]) => key);
    if (stale.length > 0) await session.remove(stale);
  }

  const flow: OAuthFlow = {
    async begin(product, clientId) {
      await pruneExpired();
      const state = randomUrlSafe(32);
      const pkce = await createPkcePair();
      const redirectUri = deps.identity.getRedirectURL(product);
      const pending: PendingFlow = { product, codeVerifier: pkce.verifier, redirectUri, createdAt: now() };
      await session.set({ [authKeys.flow(state)]: pending });
      const url = buildAuthorizeUrl(product, deps.endpoints, { clientId, redirectUri, state, codeChallenge: pkce.challenge });
      return { url, state, redirectUri };
    },

    async complete(product, expectedState, redirectedTo) {
      let url: URL;
      try {
        url = new URL(redirectedTo);
      } catch {
        throw new OAuthFlowError('The sign-in ended on an address that is not a URL.', product, 'bad-redirect');
      }
      const returnedState = url.searchParams.get('state');
      // Consume our own pending flow whatever came back: the flow is over either way.
      const pending = await consume(expectedState);
      if (returnedState === null || returnedState !== expectedState || pending === null || pending.product !== product) {
        throw new OAuthFlowError('The sign-in response did not carry the state this sign-in started with.', product, 'state-mismatch');
      }
      if (now() - pending.createdAt > FLOW_TTL_MS) {
        throw new OAuthFlowError('The sign-in took too long and expired.', product, 'state-mismatch');
      }
      const expected = new URL(pending.redirectUri);
      if (url.origin !== expected.origin || url.pathname !== expected.pathname) {
        throw new OAuthFlowError('The sign-in ended on an unexpected address.', product, 'bad-redirect');
      }
      const providerError = url.searchParams.get('error');
      if (providerError !== null) {
        throw new OAuthFlowError(`The sign-in was refused (${providerError.slice(0, 100)}).`, product, 'provider-denied');
      }
      const code = url.searchParams.get('code');
      if (code === null || code === '') {
        throw new OAuthFlowError('The sign-in came back without an authorization code.', product, 'bad-redirect');
      }
      return { code, redirectUri: pending.redirectUri, codeVerifier: pending.codeVerifier };
    },

    async run(product, clientId) {
      const { url, state } = await flow.begin(product, clientId);
      let redirectedTo: string | undefined;
      try {
        redirectedTo = await deps.identity.launchWebAuthFlow({ url, interactive: true });
      } catch (error) {
        // Chrome rejects with "The user did not approve access." when the window is closed;
        // Firefox with "User cancelled or denied access.". Either way: nothing to keep.
        await consume(state);
        const detail = error instanceof Error ? error.message : String(error);
        throw new OAuthFlowError(`The sign-in window was closed or could not open (${detail}).`, product, 'cancelled');
      }
      if (redirectedTo === undefined) {
        await consume(state);
        throw new OAuthFlowError('The sign-in window closed without an answer.', product, 'cancelled');
      }
      return flow.complete(product, state, redirectedTo);
    },
  };
  return flow;
}
