/**
 * What a connector needs from sign-in: the current access token, and a way to exchange the
 * refresh token for a new one. Implemented in src/auth (broker or direct mode); connectors
 * make refreshes single-flight on their side, so `refresh` may be a plain exchange.
 */
import type { Side } from '../core/types';

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
