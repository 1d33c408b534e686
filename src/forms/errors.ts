/**
 * Typed errors of the form packager. Each names what failed (the item, or the upload step) in
 * words the dialog can show, and carries what the caller needs to act: an item to deselect, or
 * a document id to check before trying again.
 */
import type { RecordId } from '../core/types';

export type PackageItemProblem = 'encrypted' | 'unreadable' | 'unsupported-type' | 'empty' | 'fetch-failed';

/** One chosen form or document could not be fetched or read; no package was built. */
export class PackageItemError extends Error {
  constructor(
    message: string,
    /** 0-based position in the chosen order. */
    readonly itemIndex: number,
    readonly itemTitle: string,
    readonly problem: PackageItemProblem,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PackageItemError';
  }
}

/**
 * The upload failed in a way that may or may not have created the MyCase document (a timeout
 * or a 5xx after the request was sent, an unreadable 201). Never retried blindly: the caller
 * looks at the case's documents for `path`/`filename` first, so no duplicate is made.
 */
export class UploadOutcomeUnknownError extends Error {
  constructor(
    message: string,
    readonly caseId: RecordId,
    readonly path: string,
    readonly filename: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UploadOutcomeUnknownError';
  }
}

/**
 * The MyCase document was created but its bytes did not arrive. The document exists (empty)
 * under `documentId`; a new version (POST /v1/documents/{id}/versions) can carry the bytes.
 */
export class UploadIncompleteError extends Error {
  constructor(
    message: string,
    readonly caseId: RecordId,
    readonly documentId: RecordId,
    readonly path: string,
    readonly filename: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UploadIncompleteError';
  }
}
