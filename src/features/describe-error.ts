import { MessageFailedError } from '../messaging/client';

/** Refusals by the background's router (src/messaging/router.ts), in words for a paralegal. */
const REFUSALS: Record<string, string> = {
  'refused:no-handler': 'this version of the extension cannot do that yet',
  'refused:unknown-type': 'this version of the extension cannot do that yet',
  'refused:sender': 'the extension does not accept requests from this page',
  'refused:audience': 'the extension does not accept requests from this page',
};

/**
 * Words for the user about a failed message: the background's own message, without the error
 * kind it travelled with (`MessageFailedError` reads "<kind>: <detail>"); router refusals,
 * whose detail is technical, get a plain sentence.
 */
export function describeError(error: unknown): string {
  if (error instanceof MessageFailedError) {
    const refusal = REFUSALS[error.kind] ?? (error.kind.startsWith('refused:') ? 'the extension refused the request' : null);
    if (refusal) return refusal;
    const prefix = `${error.kind}: `;
    return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
