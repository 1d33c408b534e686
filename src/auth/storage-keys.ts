/**
 * Every storage key sign-in uses, in one place so that sign-out and the tests can enumerate
 * them. `local` keys are on disk; `session` keys are memory only (cleared at browser restart).
 */
import type { Side } from '../core/types';

export const PRODUCTS: readonly Side[] = ['mycase', 'docketwise'];

export const authKeys = {
  /** session: `{ accessToken, expiresAt }`. */
  access: (product: Side) => `auth:${product}:access`,
  /** local: `{ refreshToken }`. Must survive restarts for the unattended nightly pull (R13). */
  refresh: (product: Side) => `auth:${product}:refresh`,
  /** local: the account state shown in the popup. Never holds token material. */
  account: (product: Side) => `auth:${product}:account`,
  /** local: direct-mode client id and secret the firm entered itself. */
  directCredentials: (product: Side) => `auth:${product}:direct-credentials`,
  /** session: one pending sign-in (PKCE verifier, redirect URI) per random `state`. */
  flow: (state: string) => `auth:flow:${state}`,
  flowPrefix: 'auth:flow:',
} as const;
