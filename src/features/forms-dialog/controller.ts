/**
 * The dialog's logic apart from the DOM: asks the background whether the matter is linked
 * (`forms/eligibility`), loads the matter's documents, keeps the choice and order, starts the
 * package job (`forms/sync`) and follows it (`forms/progress`, about every 500 ms). The heavy
 * work (fetching PDFs, building, uploading) is the background's; this only asks and shows.
 */
import { NOT_LINKED_REASON } from '../../forms/eligibility';
import type { MessageClient } from '../../messaging/client';
import type { FormsProgress } from '../../messaging/protocol';
import { describeError } from '../describe-error';
import type { DocumentsLoader } from './documents';
import {
  FAILED_NEXT_STEP,
  isBusy,
  makeItem,
  moveItem,
  syncEligibility,
  syncRequest,
  toggleItem,
  type DialogItem,
  type DialogState,
  type SyncState,
} from './model';

export const POLL_INTERVAL_MS = 500;
/** Bounds the progress loop: a 50-item package takes minutes, never half an hour. */
export const MAX_POLLS = (30 * 60 * 1000) / POLL_INTERVAL_MS;
/** Consecutive failed polls (the background restarting) before we stop showing progress. */
export const MAX_POLL_ERRORS = 5;

export interface DialogForm {
  id: number;
  name: string;
  downloadPath: string;
}

export interface FormsDialogControllerDeps {
  send: MessageClient;
  /** Aborted when the dialog closes or the page goes away: polling and loading stop. */
  signal: AbortSignal;
  matterId: number;
  matterName: string;
  /** The Forms tab's rows, in the page's order. */
  forms: readonly DialogForm[];
  /** Ids of the forms to pre-check (the row's form, or the checked rows). */
  preChecked: readonly number[];
  loadDocuments: DocumentsLoader;
  onChange: () => void;
  logger?: Pick<Console, 'warn'>;
  pollIntervalMs?: number;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

export function createFormsDialogController(deps: FormsDialogControllerDeps) {
  const wanted = new Set(deps.preChecked);
  const items = deps.forms.map((form) => makeItem('form', form.id, form.name, form.downloadPath, wanted.has(form.id)));
  let state: DialogState = {
    matterId: deps.matterId,
    matterName: deps.matterName,
    items,
    editable: true,
    link: { kind: 'checking' },
    documents: { kind: 'loading' },
    sync: { kind: 'idle' },
    requestedBlocked: items.find((item) => wanted.has(item.id) && item.blockedReason !== null) ?? null,
  };
  const logger = deps.logger ?? console;
  const set = (next: DialogState) => {
    if (deps.signal.aborted) return;
    state = next;
    deps.onChange();
  };
  const setSync = (sync: SyncState) => set({ ...state, sync });

  async function checkLink() {
    try {
      const reply = await deps.send('forms/eligibility', { matterId: deps.matterId });
      if (reply.linked && reply.caseId !== null) set({ ...state, link: { kind: 'linked', caseId: reply.caseId } });
      else set({ ...state, link: { kind: 'unlinked', reason: reply.reason ?? NOT_LINKED_REASON } });
    } catch (error) {
      if (deps.signal.aborted) return;
      set({ ...state, link: { kind: 'unlinked', reason: `The extension could not check this matter's MyCase link: ${describeError(error)}. Close this dialog and try again.` } });
    }
  }

  async function loadDocuments() {
    try {
      const reading = await deps.loadDocuments(deps.matterId, deps.signal);
      for (const problem of reading.problems) logger.warn(`[dw-mycase-sync] skipped a document of matter ${deps.matterId}: ${problem.message}`);
      const documents: DialogItem[] = reading.documents.map((doc) => makeItem('document', doc.id, doc.name, null, false));
      set({ ...state, items: [...state.items, ...documents], documents: { kind: 'loaded', skipped: reading.problems.length } });
    } catch (error) {
      if (deps.signal.aborted) return;
      set({ ...state, documents: { kind: 'failed', message: describeError(error) } });
    }
  }

  async function follow(jobId: string) {
    let errors = 0;
    for (let poll = 0; poll < MAX_POLLS; poll++) {
      await sleep(deps.pollIntervalMs ?? POLL_INTERVAL_MS, deps.signal);
      let progress: FormsProgress;
      try {
        progress = await deps.send('forms/progress', { jobId });
        errors = 0;
      } catch (error) {
        if (deps.signal.aborted) throw error;
        if (++errors >= MAX_POLL_ERRORS) {
          setSync({
            kind: 'failed',
            message: `Lost contact with the extension while sending (${describeError(error)}). The package may still arrive: look at the MyCase case's documents before sending again.`,
          });
          return;
        }
        continue;
      }
      if (progress.state === 'done') {
        if (progress.result) setSync({ kind: 'done', filename: progress.result.filename, pageCount: progress.result.pageCount });
        else setSync({ kind: 'failed', message: 'The extension finished without saying where the file went. Look at the MyCase case\'s documents before sending again.' });
        return;
      }
      if (progress.state === 'failed') {
        setSync({ kind: 'failed', message: `${progress.message || 'The package could not be sent.'} ${FAILED_NEXT_STEP}` });
        return;
      }
      setSync({ kind: 'running', jobId, progress });
    }
    setSync({ kind: 'failed', message: 'Sending is taking unusually long. Look at the MyCase case\'s documents, or the extension\'s sync log, before sending again.' });
  }

  return {
    state: () => state,
    /** Starts the link check and the documents load; the dialog shows each as it arrives. */
    start() {
      void checkLink();
      void loadDocuments();
    },
    toggle(key: string, checked: boolean) {
      if (!isBusy(state.sync)) set(toggleItem(state, key, checked));
    },
    move(key: string, step: -1 | 1) {
      if (!isBusy(state.sync)) set(moveItem(state, key, step));
    },
    setEditable(editable: boolean) {
      if (!isBusy(state.sync)) set({ ...state, editable });
    },
    async sync() {
      // Once sent, the dialog is done: a second click would put a second copy in MyCase.
      if (isBusy(state.sync) || state.sync.kind === 'done' || !syncEligibility(state).enabled) return;
      setSync({ kind: 'starting' });
      try {
        const { jobId } = await deps.send('forms/sync', syncRequest(state));
        setSync({ kind: 'running', jobId, progress: null });
        await follow(jobId);
      } catch (error) {
        if (deps.signal.aborted) return;
        setSync({ kind: 'failed', message: `Sync could not start: ${describeError(error)}. ${FAILED_NEXT_STEP}` });
      }
    },
  };
}

export type FormsDialogController = ReturnType<typeof createFormsDialogController>;
