/**
 * Typed errors the engine and the UI act on. Connectors turn every HTTP outcome into one of
 * these; nothing above the connectors looks at status codes.
 */
import type { RecordId, Side } from './types';

export type SyncErrorKind =
  | 'auth-required'
  | 'rate-limited'
  | 'validation'
  | 'permission-denied'
  | 'not-found'
  | 'transient'
  | 'bad-payload';

export abstract class SyncError extends Error {
  abstract readonly kind: SyncErrorKind;
  constructor(
    message: string,
    readonly side: Side,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The account must be connected again (refresh failed or no token). */
export class AuthRequiredError extends SyncError {
  readonly kind = 'auth-required';
}

/** Still rate limited after the client's own retries. */
export class RateLimitedError extends SyncError {
  readonly kind = 'rate-limited';
  constructor(
    message: string,
    side: Side,
    readonly retryAfterMs: number,
  ) {
    super(message, side);
  }
}

/** 422: a field was refused. `code: 'taken'` is the uniqueness case (R2 email, R6 case name). */
export class ValidationError extends SyncError {
  readonly kind = 'validation';
  constructor(
    message: string,
    side: Side,
    readonly field: string,
    readonly code: 'taken' | 'invalid' | 'required',
  ) {
    super(message, side);
  }
}

/** 403: the firm's plan has no API access, or the user lacks a permission. */
export class PermissionDeniedError extends SyncError {
  readonly kind = 'permission-denied';
  constructor(
    message: string,
    side: Side,
    readonly reason: 'plan' | 'permission',
  ) {
    super(message, side);
  }
}

export class NotFoundError extends SyncError {
  readonly kind = 'not-found';
}

/** 5xx, timeouts and network failures that outlived the client's retries. */
export class TransientError extends SyncError {
  readonly kind = 'transient';
}

/** A response that did not fit its schema. Names the record (when known) and the field. */
export class BadPayloadError extends SyncError {
  readonly kind = 'bad-payload';
  constructor(
    message: string,
    side: Side,
    readonly recordId: RecordId | null,
    readonly field: string,
  ) {
    super(message, side);
  }
}

export function isSyncError(error: unknown): error is SyncError {
  return error instanceof SyncError;
}
