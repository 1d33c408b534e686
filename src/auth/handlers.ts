/**
 * What the background's message router calls for sign-in. Runs in the background only
 * (launchWebAuthFlow from the popup dies with the popup). Nothing returned here carries token
 * material: `accountStates` is safe to send to the popup and the options page.
 */
import type { Endpoints } from '../config/endpoints';
import { PermissionDeniedError, isSyncError } from '../core/errors';
import type { Side } from '../core/types';
import { defaultAuthBrowser, type AuthBrowser } from './browser-apis';
import { DIRECT_MODE_WARNING, createDirectCredentialsStore, type DirectCredentials, type DirectCredentialsStore } from './direct-credentials';
import { AuthInputError, OAuthFlowError, TokenExchangeError } from './errors';
import { createOAuthFlow, type OAuthFlow } from './oauth-flow';
import { createTokenExchanger, type FetchLike, type TokenExchanger } from './token-exchange';
import { createMemoryTokenSource, createTokenSource, type TokenSource } from './token-source';
import { createTokenStore, type AccountState, type AuthMode, type TokenStore } from './token-store';
import { PRODUCTS } from './storage-keys';

/** What a successful connection test learns about the account, for the popup. */
export interface ConnectionIdentity {
  firmName?: string | null;
  userName?: string | null;
}

/**
 * Proves the new tokens work (MyCase: `getFirm()`/`getMe()`, which throw
 * PermissionDeniedError with reason 'plan' | 'permission'). Injected so that auth does not
 * depend on the connectors.
 */
export type TestConnection = (product: Side, tokens: TokenSource) => Promise<ConnectionIdentity>;

export interface ConnectResult {
  connected: boolean;
  /** Why not, in words for the user (or a short confirmation when connected). */
  message?: string;
}

export interface AccountView extends AccountState {
  /** Whether the firm's own client credentials are saved (direct mode for the next sign-in). */
  directCredentials: boolean;
}

export interface DirectCredentialsResult {
  mode: AuthMode;
  /** True when the change signed the account out (its tokens belonged to the other client). */
  disconnected: boolean;
  /** The text the options page must show next to the fields. */
  warning: string;
}

/** The popup's account line (messaging/protocol.ts `accountSchema`). */
export interface UiAccount {
  product: Side;
  state: AccountState['status'];
  displayName: string | null;
  credentials: AuthMode;
}

/** Maps an account view to the protocol's account line: no token material, names only. */
export function toUiAccount(view: AccountView): UiAccount {
  const names = [view.firmName, view.userName].filter((n): n is string => n !== null && n !== '');
  return {
    product: view.product,
    state: view.status,
    displayName: names.length > 0 ? names.join(' \u2014 ') : null,
    // Connected accounts keep the client that issued their tokens; otherwise say which one the
    // next sign-in will use.
    credentials: view.status === 'disconnected' ? (view.directCredentials ? 'direct' : 'broker') : view.mode,
  };
}

export interface AuthHandlers {
  connect(product: Side): Promise<ConnectResult>;
  /** "Test connection" on a stored account: the same check as at connect, with plain words. */
  test(product: Side): Promise<{ ok: boolean; message: string }>;
  disconnect(product?: Side): Promise<{ disconnected: boolean }>;
  accountStates(): Promise<AccountView[]>;
  setDirectCredentials(product: Side, credentials: DirectCredentials | null): Promise<DirectCredentialsResult>;
  /** The one token source per product the connectors should share. */
  tokenSource(product: Side): TokenSource;
}

export interface AuthHandlerDeps {
  endpoints: Endpoints;
  store: TokenStore;
  credentials: DirectCredentialsStore;
  exchanger: TokenExchanger;
  flow: OAuthFlow;
  testConnection: TestConnection;
  /** Called after an account was disconnected, e.g. to clear the sync alarms (sync-anchors §C5). */
  onDisconnected?: (products: readonly Side[]) => void | Promise<void>;
  now?: () => number;
}

const NAMES: Record<Side, string> = { mycase: 'MyCase', docketwise: 'Docketwise' };
const NOTHING_SAVED = 'Nothing was saved.';

/** The user-facing message for a failed connect. */
export function connectFailureMessage(product: Side, error: unknown): string {
  const name = NAMES[product];
  if (error instanceof PermissionDeniedError) {
    if (error.reason === 'plan') {
      return product === 'mycase'
        ? `Your firm's MyCase plan does not include API access, which this extension needs (MyCase offers it on the Pro and Advanced plans). Ask your MyCase administrator about upgrading, then connect again. ${NOTHING_SAVED}`
        : `Your firm's Docketwise account does not include API access. Ask Docketwise support to enable it, then connect again. ${NOTHING_SAVED}`;
    }
    return product === 'mycase'
      ? `Your MyCase user lacks the permission "Manage your firm's preferences, billing, and payment options". Ask a MyCase firm administrator to turn it on for you, or to connect with their own account. ${NOTHING_SAVED}`
      : `Your Docketwise user lacks a permission this extension needs. Ask a Docketwise administrator to connect, or to grant you access. ${NOTHING_SAVED}`;
  }
  if (error instanceof OAuthFlowError) {
    switch (error.reason) {
      case 'cancelled':
        // MyCase answers a user without the firm-admin permission with a "Forbidden" page
        // instead of redirecting back (mycase-api.md §1): the window is then closed by hand
        // and we cannot tell the two apart, so say it here.
        return product === 'mycase'
          ? `The MyCase sign-in was cancelled. If MyCase showed "Forbidden", your MyCase user lacks the permission "Manage your firm's preferences, billing, and payment options": ask a firm administrator to turn it on or to connect with their account. ${NOTHING_SAVED}`
          : `The ${name} sign-in was cancelled. ${NOTHING_SAVED}`;
      case 'provider-denied':
        return `${name} did not allow the sign-in (${error.message}). ${NOTHING_SAVED}`;
      case 'state-mismatch':
        return `The ${name} sign-in answer could not be verified as the one this extension asked for, so it was refused. Try connecting again. ${NOTHING_SAVED}`;
      case 'bad-redirect':
        return `The ${name} sign-in ended in an unexpected way (${error.message}). Try again. ${NOTHING_SAVED}`;
    }
  }
  if (error instanceof TokenExchangeError) {
    switch (error.reason) {
      case 'rejected':
        return `${name} refused the sign-in code (${error.oauthError ?? `HTTP ${error.status ?? '?'}`}). Try connecting again. ${NOTHING_SAVED}`;
      case 'unavailable':
        return `The sign-in service could not be reached (${error.message}). Check the internet connection and try again. ${NOTHING_SAVED}`;
      case 'bad-response':
        return `${error.message} Try again later. ${NOTHING_SAVED}`;
      case 'not-configured':
        return `${error.message} Enter them in the options page, or remove them to use the standard sign-in. ${NOTHING_SAVED}`;
    }
  }
  if (isSyncError(error)) return `The new ${name} connection could not be checked: ${error.message} ${NOTHING_SAVED}`;
  const detail = error instanceof Error ? error.message : String(error);
  return `The ${name} connection failed unexpectedly (${detail}). ${NOTHING_SAVED}`;
}

/** The message for a failed "Test connection" on an account that is already stored. */
export function connectionTestMessage(product: Side, error: unknown): string {
  if (error instanceof PermissionDeniedError) return connectFailureMessage(product, error).replace(` ${NOTHING_SAVED}`, '');
  if (isSyncError(error) && error.kind === 'auth-required') return `${error.message} Use "Connect" to sign in to ${NAMES[product]} again.`;
  const detail = error instanceof Error ? error.message : String(error);
  return `The ${NAMES[product]} connection could not be checked (${detail}). Try again later.`;
}

export function createAuthHandlers(deps: AuthHandlerDeps): AuthHandlers {
  const now = deps.now ?? Date.now;
  const sources = new Map<Side, TokenSource>();
  const connecting = new Set<Side>();
  // Bumped by every sign-out, so a sign-in that was still open when the user signed out does
  // not store its tokens afterwards.
  let signOuts = 0;

  function tokenSource(product: Side): TokenSource {
    let source = sources.get(product);
    if (!source) {
      source = createTokenSource(product, { store: deps.store, exchanger: deps.exchanger, now });
      sources.set(product, source);
    }
    return source;
  }

  async function connectOnce(product: Side): Promise<ConnectResult> {
    const direct = await deps.credentials.get(product);
    const mode: AuthMode = direct ? 'direct' : 'broker';
    const clientId = direct?.clientId ?? (product === 'mycase' ? deps.endpoints.mycaseClientId : deps.endpoints.docketwiseClientId);
    const signOutsAtStart = signOuts;
    try {
      const grant = await deps.flow.run(product, clientId);
      const tokens = await deps.exchanger.exchangeCode(product, mode, grant);
      // Test before anything is stored: a firm without API access or a user without the
      // permission must not end up "connected" (R7).
      const provisional = createMemoryTokenSource(product, tokens, { exchanger: deps.exchanger, mode });
      const identity = await deps.testConnection(product, provisional);
      if (signOuts !== signOutsAtStart) {
        return { connected: false, message: `You signed out while ${NAMES[product]} was connecting. ${NOTHING_SAVED}` };
      }
      await deps.store.saveConnected(product, provisional.current(), {
        mode,
        firmName: identity.firmName ?? null,
        userName: identity.userName ?? null,
        connectedAt: now(),
      });
      const who = identity.firmName ? ` (${identity.firmName})` : '';
      return { connected: true, message: `${NAMES[product]} is connected${who}.` };
    } catch (error) {
      return { connected: false, message: connectFailureMessage(product, error) };
    }
  }

  async function disconnect(product?: Side): Promise<{ disconnected: boolean }> {
    const products = product ? [product] : PRODUCTS;
    signOuts += 1;
    if (product) await deps.store.clear(product);
    else await deps.store.clearAll();
    await deps.onDisconnected?.(products);
    return { disconnected: true };
  }

  return {
    async connect(product) {
      if (connecting.has(product)) {
        return { connected: false, message: `A ${NAMES[product]} sign-in is already open. Finish or close it first.` };
      }
      connecting.add(product);
      try {
        return await connectOnce(product);
      } finally {
        connecting.delete(product);
      }
    },

    disconnect,

    async test(product) {
      const account = await deps.store.readAccount(product);
      if (account.status === 'disconnected') return { ok: false, message: `${NAMES[product]} is not connected.` };
      try {
        const identity = await deps.testConnection(product, tokenSource(product));
        const who = identity.firmName ? ` (${identity.firmName})` : '';
        return { ok: true, message: `The ${NAMES[product]} connection works${who}.` };
      } catch (error) {
        return { ok: false, message: connectionTestMessage(product, error) };
      }
    },

    async accountStates() {
      return Promise.all(
        PRODUCTS.map(async (product) => ({
          ...(await deps.store.readAccount(product)),
          directCredentials: (await deps.credentials.get(product)) !== null,
        })),
      );
    },

    async setDirectCredentials(product, credentials) {
      const before = await deps.credentials.get(product);
      // Throws AuthInputError before anything changes when the fields are empty.
      await deps.credentials.set(product, credentials);
      const after = await deps.credentials.get(product);
      const clientChanged = before?.clientId !== after?.clientId || before?.clientSecret !== after?.clientSecret;
      const account = await deps.store.readAccount(product);
      // Tokens can only be refreshed by the client that issued them: a change of client (or of
      // its secret) signs the account out instead of failing at the next nightly refresh.
      const mustSignOut = clientChanged && account.status !== 'disconnected';
      if (mustSignOut) await disconnect(product);
      return { mode: after ? 'direct' : 'broker', disconnected: mustSignOut, warning: DIRECT_MODE_WARNING };
    },

    tokenSource,
  };
}

export interface BrowserAuthOptions {
  endpoints: Endpoints;
  testConnection: TestConnection;
  onDisconnected?: AuthHandlerDeps['onDisconnected'];
  browser?: AuthBrowser;
  fetch?: FetchLike;
  now?: () => number;
}

/** The background's one-liner: everything wired to the real browser APIs. */
export function createBrowserAuth(options: BrowserAuthOptions): AuthHandlers {
  const api = options.browser ?? defaultAuthBrowser();
  const credentials = createDirectCredentialsStore(api.local);
  return createAuthHandlers({
    endpoints: options.endpoints,
    store: createTokenStore(api),
    credentials,
    exchanger: createTokenExchanger({ endpoints: options.endpoints, credentials, fetch: options.fetch, now: options.now }),
    flow: createOAuthFlow({ identity: api.identity, session: api.session, endpoints: options.endpoints, now: options.now }),
    testConnection: options.testConnection,
    onDisconnected: options.onDisconnected,
    now: options.now,
  });
}

export { AuthInputError, DIRECT_MODE_WARNING };
