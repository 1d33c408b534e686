/**
 * "Sync Form to MyCase" in the background (R24, R28): runs the package job for a request from a
 * Docketwise tab, keeps its progress for the dialog to poll, and writes one log entry. The work
 * happens here, in the worker, so a 100-page package never freezes the Docketwise tab.
 */
import type { RecordId } from '../core/types';
import { isSyncError } from '../core/errors';
import { runPackageJob, type PackageJobResult, type PackageProgress } from '../forms/package-job';
import type { FormsProgress, RequestOf } from '../messaging/protocol';
import type { Services } from './services';

type FormsRequest = RequestOf<'forms/sync'>;
type Item = FormsRequest['items'][number] & { title: string };

const jobs = new Map<string, FormsProgress>();
const MAX_KEPT_JOBS = 20;

function remember(progress: FormsProgress): void {
  jobs.set(progress.jobId, progress);
  // Progress is only for the open dialog; keep the newest few, forget the rest.
  while (jobs.size > MAX_KEPT_JOBS) {
    const oldest = jobs.keys().next().value;
    if (oldest === undefined) break;
    jobs.delete(oldest);
  }
}

export function formsProgress(jobId: string): FormsProgress {
  return (
    jobs.get(jobId) ?? {
      jobId,
      state: 'failed',
      done: 0,
      total: 0,
      message: 'This package job is not known here any more (the extension restarted). Check the MyCase case documents, then send again if it is missing.',
      result: null,
    }
  );
}

export async function linkedCaseId(services: Services, matterId: RecordId): Promise<RecordId | null> {
  const link = await services.store.getLink('matter', matterId);
  return link && link.state === 'ok' ? link.mc.id : null;
}

function progressText(progress: PackageProgress): Pick<FormsProgress, 'state' | 'done' | 'total' | 'message'> {
  switch (progress.stage) {
    case 'fetching':
      return { state: 'fetching', done: progress.done, total: progress.total, message: `Fetching ${progress.title} (${progress.done + 1} of ${progress.total})` };
    case 'building':
      return { state: 'building', done: progress.total, total: progress.total, message: 'Building the PDF package' };
    case 'uploading':
      return { state: 'uploading', done: 1, total: 1, message: 'Uploading to MyCase' };
  }
}

async function fetchItemBytes(services: Services, item: Item): Promise<Uint8Array> {
  let url: string;
  if (item.kind === 'form') {
    if (!item.downloadPath) throw new Error(`${item.name}: no download link was found on the page.`);
    // Forms exist only in the web app: download with the user's Docketwise session cookie.
    url = new URL(item.downloadPath, services.endpoints.docketwise).href;
  } else {
    url = await services.docketwise.getDocumentDownloadUrl(item.id);
  }
  const response = await fetch(url, { credentials: 'include' });
  if (!response.ok) throw new Error(`${item.name}: download failed (HTTP ${response.status}).`);
  return new Uint8Array(await response.arrayBuffer());
}

export function startFormsJob(services: Services, request: FormsRequest, author: string): { jobId: string; finished: Promise<void> } {
  const jobId = `forms-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const items: Item[] = request.items.map((item) => ({ ...item, title: item.name }));
  remember({ jobId, state: 'fetching', done: 0, total: items.length, message: 'Starting', result: null });

  const work = (async () => {
    const caseId = await linkedCaseId(services, request.matterId);
    const result: PackageJobResult = await runPackageJob(
      { matter: { name: request.matterName, mycaseCaseId: caseId }, items, editable: request.editable, author, now: new Date() },
      {
        fetchBytes: (item) => fetchItemBytes(services, item),
        api: services.mycase,
        onProgress: (progress) => remember({ jobId, ...progressText(progress), result: null }),
      },
    );
    if (result.status === 'uploaded') {
      remember({
        jobId,
        state: 'done',
        done: items.length,
        total: items.length,
        message: `Saved "${result.filename}" (${result.pageCount} pages) to the MyCase case's documents.`,
        result: { documentId: result.documentId, filename: result.filename, pageCount: result.pageCount },
      });
    } else {
      remember({ jobId, state: 'failed', done: 0, total: items.length, message: result.reason, result: null });
    }
    await services.store.commit({
      log: [
        {
          runId: jobId,
          at: Date.now(),
          entity: 'matter',
          direction: 'push',
          outcome: result.status === 'uploaded' ? 'created' : 'failed',
          dwId: request.matterId,
          mcId: caseId,
          reason:
            result.status === 'uploaded'
              ? `Form package "${result.filename}" (${result.pageCount} pages, ${request.editable ? 'editable' : 'flattened'}, ${result.bytes} bytes, sha256 ${result.sha256}) saved to the MyCase case's documents (R24).`
              : `Form package not sent: ${result.reason}`,
          rule: 'R24',
        },
      ],
    });
  })();

  const finished = work.catch((error: unknown) => {
    const message = isSyncError(error) || error instanceof Error ? error.message : String(error);
    remember({ jobId, state: 'failed', done: 0, total: items.length, message: `The package could not be sent: ${message}`, result: null });
  });
  return { jobId, finished };
}
