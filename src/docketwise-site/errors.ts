/**
 * Typed errors of the site adapter. A feature that hits one stays out of the page; the feature
 * manager logs it once (see src/features/feature-manager.ts).
 */

/** An element the extension needs did not appear in time: Docketwise's markup probably changed. */
export class ElementMissingError extends Error {
  constructor(
    readonly selector: string,
    readonly description: string,
    readonly timeoutMs: number,
  ) {
    super(`${description} (${selector}) did not appear within ${timeoutMs} ms`);
    this.name = 'ElementMissingError';
  }
}

/** A form row whose data attributes do not fit what the adapter expects. Names the row and field. */
export class BadPageDataError extends Error {
  constructor(
    readonly record: string,
    readonly field: string,
    detail: string,
  ) {
    super(`${record}: ${field} ${detail}`);
    this.name = 'BadPageDataError';
  }
}
