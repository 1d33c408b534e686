/**
 * The few browser APIs sign-in uses, as narrow interfaces. Production passes `browser`
 * (see `defaultAuthBrowser`); tests pass WXT's fake browser plus a stubbed identity API,
 * because the fake does not implement `identity`.
 */
import { browser } from 'wxt/browser';

export interface StorageAreaLike {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export interface IdentityLike {
  launchWebAuthFlow(details: { url: string; interactive: boolean }): Promise<string | undefined>;
  getRedirectURL(path?: string): string;
}

export interface AuthBrowser {
  /** `storage.session`: memory only, trusted extension contexts only. Access tokens live here. */
  session: StorageAreaLike;
  /** `storage.local`: on disk. Refresh tokens, account states and direct-mode credentials. */
  local: StorageAreaLike;
  identity: IdentityLike;
}

export function defaultAuthBrowser(): AuthBrowser {
  return {
    session: browser.storage.session as StorageAreaLike,
    local: browser.storage.local as StorageAreaLike,
    identity: {
      launchWebAuthFlow: (details) => browser.identity.launchWebAuthFlow(details),
      getRedirectURL: (path) => browser.identity.getRedirectURL(path),
    },
  };
}
