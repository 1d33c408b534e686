/**
 * Where token material lives (sync-anchors §C2):
 * - access token + expiry → `storage.session` (memory only, trusted contexts only);
 * - refresh token → `storage.local` (must survive a restart for the nightly pull; stored
 *   readable, which is the documented residual risk: see broker/README.md "Security notes");
 * - nothing in IndexedDB, logs or messages. The account state (for the popup) is separate and
 *   never holds token material.
 */
import { z } from 'zod';
import type { Side } from '../core/types';
import type { StorageAreaLike } from './browser-apis';
import { authKeys, PRODUCTS } from './storage-keys';

export type AccountStatus = 'disconnected' | 'connected' | 'reconnect-required';
/** Which OAuth client issued the tokens: ours through the broker, or the firm's own. */
export type AuthMode = 'broker' | 'direct';

export interface AccountState {
  product: Side;
  status: AccountStatus;
  /** The client the tokens belong to; refreshes must go through the same one. */
  mode: AuthMode;
  firmName: string | null;
  userName: string | null;
  connectedAt: number | null;
  /** Why reconnect is required, in words for the popup. */
  message: string | null;
}

/** A token response after parsing (token-exchange.ts). */
export interface TokenSet {
  accessToken: string;
  /** Epoch ms; null when the endpoint gave no `expires_in`. */
  expiresAt: number | null;
  /** Null when the endpoint did not rotate it (keep the one we have). */
  refreshToken: string | null;
}

const accessRecord = z.object({ accessToken: z.string().min(1), expiresAt: z.number().nullable() });
const refreshRecord = z.object({ refreshToken: z.string().min(1) });
const accountRecord = z.object({
  status: z.enum(['connected', 'reconnect-required']),
  mode: z.enum(['broker', 'direct']),
  firmName: z.string().nullable(),
  userName: z.string().nullable(),
  connectedAt: z.number().nullable(),
  message: z.string().nullable(),
});

export interface StoredAccess {
  accessToken: string;
  expiresAt: number | null;
}

export interface TokenStore {
  readAccess(product: Side): Promise<StoredAccess | null>;
  readRefreshToken(product: Side): Promise<string | null>;
  /** Stores a fresh token set; a null refresh token keeps the stored one. */
  saveTokens(product: Side, tokens: TokenSet): Promise<void>;
  readAccount(product: Side): Promise<AccountState>;
  /** Stores the tokens and the connected account state (connect's last step). */
  saveConnected(product: Side, tokens: TokenSet, account: { mode: AuthMode; firmName: string | null; userName: string | null; connectedAt: number }): Promise<void>;
  /** Drops both tokens and flags the account; keeps the display names for the popup. */
  markReconnectRequired(product: Side, message: string): Promise<void>;
  /** Removes every piece of token material of `product` (both areas) and its account state. */
  clear(product: Side): Promise<void>;
  /** Sign-out of every account at once. */
  clearAll(): Promise<void>;
}

function disconnectedState(product: Side): AccountState {
  return { product, status: 'disconnected', mode: 'broker', firmName: null, userName: null, connectedAt: null, message: null };
}

export function createTokenStore(areas: { session: StorageAreaLike; local: StorageAreaLike }): TokenStore {
  const { session, local } = areas;

  async function readOne<T>(area: StorageAreaLike, key: string, schema: z.ZodType<T>): Promise<T | null> {
    const value = (await area.get(key))[key];
    if (value === undefined) return null;
    const parsed = schema.safeParse(value);
    // A damaged record is as good as none: the caller then refreshes or asks to reconnect.
    return parsed.success ? parsed.data : null;
  }

  async function writeTokens(product: Side, tokens: TokenSet): Promise<void> {
    // Refresh token first: if the worker dies between the two writes, the next call finds no
    // access token and refreshes with the new refresh token, instead of holding an access
    // token whose (rotated) refresh token was lost.
    if (tokens.refreshToken !== null) {
      await local.set({ [authKeys.refresh(product)]: { refreshToken: tokens.refreshToken } });
    }
    await session.set({ [authKeys.access(product)]: { accessToken: tokens.accessToken, expiresAt: tokens.expiresAt } });
  }

  const store: TokenStore = {
    readAccess: (product) => readOne(session, authKeys.access(product), accessRecord),
    async readRefreshToken(product) {
      return (await readOne(local, authKeys.refresh(product), refreshRecord))?.refreshToken ?? null;
    },
    saveTokens: writeTokens,
    async readAccount(product) {
      const record = await readOne(local, authKeys.account(product), accountRecord);
      return record ? { product, ...record } : disconnectedState(product);
    },
    async saveConnected(product, tokens, account) {
      // A new sign-in replaces everything: a refresh token left from an earlier connection
      // (perhaps another client) must not survive next to the new access token.
      if (tokens.refreshToken === null) await local.remove(authKeys.refresh(product));
      await writeTokens(product, tokens);
      await local.set({
        [authKeys.account(product)]: { status: 'connected', message: null, ...account },
      });
    },
    async markReconnectRequired(product, message) {
      const current = await store.readAccount(product);
      // The refresh token was refused (or is missing): it is useless now, so drop it with the
      // access token rather than keep material that could only be replayed.
      await Promise.all([session.remove(authKeys.access(product)), local.remove(authKeys.refresh(product))]);
      await local.set({
        [authKeys.account(product)]: {
          status: 'reconnect-required',
          mode: current.mode,
          firmName: current.firmName,
          userName: current.userName,
          connectedAt: current.connectedAt,
          message,
        },
      });
    },
    async clear(product) {
      await Promise.all([
        session.remove(authKeys.access(product)),
        local.remove([authKeys.refresh(product), authKeys.account(product)]),
      ]);
    },
    async clearAll() {
      await Promise.all([
        session.remove(PRODUCTS.map(authKeys.access)),
        local.remove(PRODUCTS.flatMap((p) => [authKeys.refresh(p), authKeys.account(p)])),
      ]);
    },
  };
  return store;
}
