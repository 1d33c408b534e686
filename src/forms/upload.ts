/**
 * Uploads a built package to a MyCase case (mycase-api.md §2.4): create the case document with
 * its `path` and `filename`, then PUT the bytes to the returned presigned URL.
 *
 * No blind retry of the create: MyCase has no idempotency key, so a create whose outcome is
 * unknown is reported as `UploadOutcomeUnknownError` and the caller checks the case's documents
 * before trying again (no duplicate documents). Retrying each request is the connector's job.
 */
import type { RecordId } from '../core/types';
import { isSyncError } from '../core/errors';
import { UploadIncompleteError, UploadOutcomeUnknownError } from './errors';

export interface MyCaseDocumentTarget {
  id: RecordId;
  putUrl: string;
  putHeaders: Record<string, string>;
}

/** Implemented by the MyCase connector (docs/contracts.md "Forms upload"). */
export interface MyCaseDocumentsApi {
  /** `path` includes the document name (folders are created); `filename` has the extension. */
  createCaseDocument(
    caseId: RecordId,
    document: { path: string; filename: string; description?: string },
  ): Promise<MyCaseDocumentTarget>;
  /** PUTs the bytes with every put header plus `Content-Type: application/octet-stream`. */
  putDocumentBytes(putUrl: string, putHeaders: Record<string, string>, bytes: Uint8Array): Promise<void>;
}

export interface UploadNames {
  filename: string;
  path: string;
  description?: string;
}

export interface UploadResult {
  documentId: RecordId;
  filename: string;
  path: string;
  bytes: number;
  /** Hex SHA-256 of the uploaded bytes, for the log and for spotting a repeat upload. */
  sha256: string;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // Copy into a fresh ArrayBuffer: digest() refuses views over a SharedArrayBuffer.
  const digest = await crypto.subtle.digest('SHA-256', bytes.slice().buffer);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Whether a failed create certainly made no document. MyCase answered with a refusal (4xx) in
 * these cases; anything else (timeout, 5xx, a 201 we could not read, an unknown error) may have
 * created it.
 */
function createCertainlyFailed(error: unknown): boolean {
  if (!isSyncError(error)) return false;
  return (
    error.kind === 'auth-required' ||
    error.kind === 'validation' ||
    error.kind === 'permission-denied' ||
    error.kind === 'not-found' ||
    error.kind === 'rate-limited'
  );
}

export async function uploadPackage(
  api: MyCaseDocumentsApi,
  caseId: RecordId,
  pkg: { bytes: Uint8Array },
  names: UploadNames,
): Promise<UploadResult> {
  const sha256 = await sha256Hex(pkg.bytes);
  const request = {
    path: names.path,
    filename: names.filename,
    ...(names.description === undefined ? {} : { description: names.description }),
  };
  let target: MyCaseDocumentTarget;
  try {
    target = await api.createCaseDocument(caseId, request);
  } catch (error) {
    if (createCertainlyFailed(error)) throw error;
    throw new UploadOutcomeUnknownError(
      `MyCase may or may not have created "${names.filename}" in case ${caseId}. Check the case's documents before sending again.`,
      caseId,
      names.path,
      names.filename,
      { cause: error },
    );
  }
  try {
    await api.putDocumentBytes(target.putUrl, target.putHeaders, pkg.bytes);
  } catch (error) {
    throw new UploadIncompleteError(
      `MyCase created document ${target.id} ("${names.filename}") but its file did not arrive.`,
      caseId,
      target.id,
      names.path,
      names.filename,
      { cause: error },
    );
  }
  return { documentId: target.id, filename: names.filename, path: names.path, bytes: pkg.bytes.length, sha256 };
}
