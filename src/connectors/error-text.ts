/**
 * Reading the meaning of an error message when the status code alone does not carry it.
 * Both products document that message text may change, so these patterns are broad and each
 * caller has a safe fallback.
 */

/** 'taken' for uniqueness, 'required' for a missing value, else 'invalid'. */
export function validationCodeFrom(message: string): 'taken' | 'invalid' | 'required' {
  if (/taken|already|unique|exists|in use|duplicate/i.test(message)) return 'taken';
  if (/blank|required|missing|empty|must be present|can't be nil/i.test(message)) return 'required';
  return 'invalid';
}

/** A 403 that names the plan (no API access on the firm's tier) rather than a user permission. */
export function mentionsPlan(message: string): boolean {
  return /\bplan\b|\btier\b|advanced|subscription|upgrade|api access/i.test(message);
}
