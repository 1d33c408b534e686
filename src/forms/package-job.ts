/**
 * The background's "Sync Form to MyCase" job (R24): fetch the chosen forms and documents, build
 * one package, upload it to the linked case, and hand back one result for the run log (R28).
 *
 * It runs in the background worker, never in the content script: building a 100-page package
 * takes seconds of CPU that must not freeze the Docketwise tab. Every dependency is injected
 * (fetching, the MyCase API, progress reporting), so this file holds no IO of its own.
 */
import type { RecordId } from '../core/types';
import { ValidationError, isSyncError } from '../core/errors';
import { buildPackage } from './build-package';
import { selectionEligibility } from './eligibility';
import { PackageItemError, UploadIncompleteError, UploadOutcomeUnknownError } from './errors';
import { namesForFileName, packageNames } from './file-name';
import { uploadPackage, type MyCaseDocumentsApi } from './upload';

export interface PackageJobItem {
  title: string;
  kind: 'form' | 'document';
}

export type PackageProgress =
  | { stage: 'fetching'; done: number; total: number; title: string }
  | { stage: 'building'; total: number }
  | { stage: 'uploading'; bytes: number };

export interface PackageJobInput<I extends PackageJobItem> {
  matter: { name: string; mycaseCaseId: RecordId | null };
  /** In the order chosen in the dialog: the package and its bookmarks follow it. */
  items: readonly I[];
  editable: boolean;
  /** Shown as the PDF's author: the signed-in Docketwise user or firm. */
  author: string;
  /** When the user clicked Sync: the file name's date and the PDF's creation date. */
  now: Date;
  timeZone?: string;
}

export interface PackageJobDeps<I extends PackageJobItem> {
  fetchBytes(item: I): Promise<Uint8Array>;
  api: MyCaseDocumentsApi;
  onProgress?(progress: PackageProgress): void;
  /** Milliseconds, for the duration in the log. */
  clock?: () => number;
}

export type PackageJobStage = 'checking' | 'fetching' | 'building' | 'uploading';

export type PackageJobResult =
  | {
      status: 'uploaded';
      caseId: RecordId;
      documentId: RecordId;
      filename: string;
      path: string;
      bytes: number;
      sha256: string;
      pageCount: number;
      itemCount: number;
      editable: boolean;
      warnings: string[];
      durationMs: number;
    }
  | {
      status: 'failed';
      stage: PackageJobStage;
      /** Plain words for the dialog and the log. */
      reason: string;
      /** True when MyCase may hold the document anyway: look before sending again. */
      outcomeUnknown: boolean;
      /** Set when MyCase created the document but the file did not arrive. */
      documentId: RecordId | null;
      /** The item that failed (0-based), when one did. */
      itemIndex: number | null;
      filename: string | null;
      durationMs: number;
    };

/** What the user reads when MyCase refused the upload outright. */
function uploadRefusalText(error: unknown): string {
  if (error instanceof ValidationError) return `MyCase refused the document (${error.field}): ${error.message}`;
  if (!isSyncError(error)) return error instanceof Error ? error.message : String(error);
  switch (error.kind) {
    case 'auth-required':
      return 'MyCase needs to be connected again (popup › Connect MyCase); then send the package again.';
    case 'permission-denied':
      return 'Your MyCase user is not allowed to add documents to this case. Ask a MyCase admin, then try again.';
    case 'not-found':
      return 'The linked MyCase case no longer exists. Link the matter to its case again, then try again.';
    case 'rate-limited':
      return 'MyCase is busy right now. Wait a minute and send the package again.';
    default:
      return error.message;
  }
}

export async function runPackageJob<I extends PackageJobItem>(
  input: PackageJobInput<I>,
  deps: PackageJobDeps<I>,
): Promise<PackageJobResult> {
  const clock = deps.clock ?? (() => Date.now());
  const started = clock();
  const report = (progress: PackageProgress): void => deps.onProgress?.(progress);
  const names = packageNames({
    matterName: input.matter.name,
    formNames: namesForFileName(input.items),
    date: input.now,
    timeZone: input.timeZone,
  });
  const fail = (
    stage: PackageJobStage,
    reason: string,
    extra: { outcomeUnknown?: boolean; documentId?: RecordId; itemIndex?: number } = {},
  ): PackageJobResult => ({
    status: 'failed',
    stage,
    reason,
    outcomeUnknown: extra.outcomeUnknown ?? false,
    documentId: extra.documentId ?? null,
    itemIndex: extra.itemIndex ?? null,
    filename: names.filename,
    durationMs: clock() - started,
  });

  // The dialog already disables Sync (R25); checked again here because messages can be forged
  // or stale (the matter was unlinked while the dialog was open).
  const eligibility = selectionEligibility(input.matter, input.items);
  const caseId = input.matter.mycaseCaseId;
  if (!eligibility.enabled || caseId === null) {
    return fail('checking', eligibility.enabled ? 'This matter is not linked to a MyCase case.' : eligibility.reason);
  }

  const fetched: { title: string; bytes: Uint8Array }[] = [];
  for (const [index, item] of input.items.entries()) {
    report({ stage: 'fetching', done: index, total: input.items.length, title: item.title });
    try {
      fetched.push({ title: item.title, bytes: await deps.fetchBytes(item) });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return fail('fetching', `Could not download "${item.title}" from Docketwise: ${detail}`, { itemIndex: index });
    }
  }
  report({ stage: 'fetching', done: input.items.length, total: input.items.length, title: '' });

  report({ stage: 'building', total: fetched.length });
  let built;
  try {
    built = await buildPackage({
      items: fetched,
      editable: input.editable,
      metadata: {
        title: names.documentName,
        author: input.author,
        subject: `${input.matter.name}: ${fetched.map((item) => item.title).join(', ')}`,
        creationDate: input.now,
      },
    });
  } catch (error) {
    if (error instanceof PackageItemError) return fail('building', error.message, { itemIndex: error.itemIndex });
    const detail = error instanceof Error ? error.message : String(error);
    return fail('building', `The package could not be built: ${detail}`);
  }

  report({ stage: 'uploading', bytes: built.bytes.length });
  const kind = input.editable ? 'editable' : 'flattened';
  try {
    const uploaded = await uploadPackage(deps.api, caseId, built, {
      ...names,
      description: `Sent from Docketwise: ${fetched.map((item) => item.title).join(', ')} (${kind} PDF, ${built.pageCount} pages).`,
    });
    return {
      status: 'uploaded',
      caseId,
      ...uploaded,
      pageCount: built.pageCount,
      itemCount: fetched.length,
      editable: input.editable,
      warnings: built.warnings,
      durationMs: clock() - started,
    };
  } catch (error) {
    if (error instanceof UploadOutcomeUnknownError) {
      return fail('uploading', error.message, { outcomeUnknown: true });
    }
    if (error instanceof UploadIncompleteError) {
      return fail('uploading', error.message, { documentId: error.documentId });
    }
    return fail('uploading', uploadRefusalText(error));
  }
}
