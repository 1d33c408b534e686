/**
 * Errors of the sign-in flow and of the token exchange. The connectors only ever see
 * AuthRequiredError / TransientError (src/core/errors.ts); these richer errors stay inside
 * src/auth and become user-facing messages in handlers.ts. None of them carries token material.
 */
import type { Side } from '../core/types';

export type OAuthFlowFailure =
  /** The user closed the sign-in window (or the browser refused to open it). */
  | 'cancelled'
  /** The redirect's `state` was missing, unknown, already used, expired or for another product. */
  | 'state-mismatch'
  /** The provider redirected back with `error=…` (for example access_denied). */
  | 'provider-denied'
  /** The flow ended on a URL that is not our redirect URI, or without a code. */
  | 'bad-redirect';

export class OAuthFlowError extends Error {
  constructor(
    message: string,
    readonly product: Side,
    readonly reason: OAuthFlowFailure,
  ) {
    super(message);
    this.name = 'OAuthFlowError';
  }
}

export type TokenExchangeFailure =
  /** The token endpoint refused the code or refresh token (invalid_grant, invalid_client…). */
  | 'rejected'
  /** Network error, timeout, 429 or 5xx: worth retrying later, the grant may still be good. */
  | 'unavailable'
  /** A 2xx answer that did not fit the token-response schema. */
  | 'bad-response'
  /** Direct mode without stored client credentials. */
  | 'not-configured';

export class TokenExchangeError extends Error {
  constructor(
    message: string,
    readonly product: Side,
    readonly reason: TokenExchangeFailure,
    /** HTTP status of the broker or token endpoint, when there was one. */
    readonly status: number | null = null,
    /** The OAuth `error` code (RFC 6749 §5.2) when the endpoint sent one. */
    readonly oauthError: string | null = null,
  ) {
    super(message);
    this.name = 'TokenExchangeError';
  }
}

/** Bad input to an auth handler (for example empty direct-mode credentials). */
export class AuthInputError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'AuthInputError';
  }
}
