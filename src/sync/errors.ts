/**
 * How the engine treats each typed error (connectors already retried what they could):
 * - transient (5xx, network, 429 after retries): the step stops and is retried later; nothing
 *   after it is skipped, so no change is lost (R21);
 * - fatal (account must be reconnected, plan without API): the run stops with a problem;
 * - anything else about one record (validation, permission, not found, bad payload): that record
 *   is logged with its reason and skipped, the run goes on (R22).
 */
import {
  AuthRequiredError,
  PermissionDeniedError,
  RateLimitedError,
  SyncError,
  TransientError,
} from '../core/errors';

export function isTransient(error: unknown): error is TransientError | RateLimitedError {
  return error instanceof TransientError || error instanceof RateLimitedError;
}

export function isFatal(error: unknown): error is AuthRequiredError | PermissionDeniedError {
  return error instanceof AuthRequiredError || (error instanceof PermissionDeniedError && error.reason === 'plan');
}

/** A per-record failure: logged and skipped (R22). */
export function isRecordError(error: unknown): error is SyncError {
  return error instanceof SyncError && !isTransient(error) && !isFatal(error);
}

export function describeError(error: unknown): string {
  if (error instanceof SyncError) return `${error.side}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** What the user should do about a problem (R27: every failure says what to do next). */
export function nextStepFor(error: unknown): string {
  if (error instanceof AuthRequiredError) return `Reconnect ${error.side === 'mycase' ? 'MyCase' : 'Docketwise'} in the options page.`;
  if (error instanceof PermissionDeniedError) {
    return error.reason === 'plan'
      ? 'MyCase API access needs the Pro or Advanced plan; upgrade the plan, then sync again.'
      : 'Ask your firm admin for the missing MyCase permission, then sync again.';
  }
  if (isTransient(error)) return 'Nothing to do: the sync retries automatically.';
  return 'Fix the record named in the log, then sync again.';
}
