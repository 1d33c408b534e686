/**
 * The "Sync Form to MyCase" dialog's state and its pure rules (R24, R25): which items are
 * offered, which may be chosen, in what order, whether Sync is allowed and why not, and the
 * exact `forms/sync` request. No DOM and no messaging here, so the rules are tested directly.
 */
import {
  FAMILY_GREEN_CARD_REASON,
  isFamilyGreenCardSmartForm,
  selectionEligibility,
  type Eligibility,
} from '../../forms/eligibility';
import type { FormsProgress, RequestOf } from '../../messaging/protocol';

/** The protocol's limit on items per package (`forms/sync`). */
export const MAX_ITEMS = 50;

export interface DialogItem {
  /** Unique across forms and documents (`form:501`, `document:9`). */
  key: string;
  kind: 'form' | 'document';
  id: number;
  name: string;
  /** Forms: the app's download path. Documents: null (the background fetches them through the API). */
  downloadPath: string | null;
  checked: boolean;
  /** Why this item can never be chosen (R25), or null. */
  blockedReason: string | null;
}

export type LinkState =
  | { kind: 'checking' }
  | { kind: 'linked'; caseId: number }
  | { kind: 'unlinked'; reason: string };

export type DocumentsState = { kind: 'loading' } | { kind: 'loaded'; skipped: number } | { kind: 'failed'; message: string };

export type SyncState =
  | { kind: 'idle' }
  | { kind: 'starting' }
  | { kind: 'running'; jobId: string; progress: FormsProgress | null }
  | { kind: 'done'; filename: string; pageCount: number }
  | { kind: 'failed'; message: string };

export interface DialogState {
  matterId: number;
  matterName: string;
  items: DialogItem[];
  editable: boolean;
  link: LinkState;
  documents: DocumentsState;
  sync: SyncState;
  /** A blocked item the user asked for from a menu; explains a disabled Sync when nothing else is chosen. */
  requestedBlocked: DialogItem | null;
}

export const CHECKING_REASON = 'Checking whether this matter is linked to a MyCase case…';
export const TOO_MANY_REASON = `Choose at most ${MAX_ITEMS} forms and documents for one package.`;

/** R25 for one item, apart from the link (which the whole dialog shows once). */
export function blockedReason(kind: DialogItem['kind'], name: string): string | null {
  return kind === 'form' && isFamilyGreenCardSmartForm(name) ? FAMILY_GREEN_CARD_REASON : null;
}

export function makeItem(kind: DialogItem['kind'], id: number, name: string, downloadPath: string | null, checked: boolean): DialogItem {
  const blocked = blockedReason(kind, name);
  // A blocked item is never chosen, even when the user opened the dialog from its own row.
  return { key: `${kind}:${id}`, kind, id, name, downloadPath, checked: checked && blocked === null, blockedReason: blocked };
}

export function chosenItems(state: DialogState): DialogItem[] {
  return state.items.filter((item) => item.checked && item.blockedReason === null);
}

export function isBusy(sync: SyncState): boolean {
  return sync.kind === 'starting' || sync.kind === 'running';
}

/** Whether Sync may be clicked now, and the plain-words reason when not (R25). */
export function syncEligibility(state: DialogState): Eligibility {
  if (state.link.kind === 'checking') return { enabled: false, reason: CHECKING_REASON };
  if (state.link.kind === 'unlinked') return { enabled: false, reason: state.link.reason };
  const chosen = chosenItems(state);
  if (chosen.length === 0 && state.requestedBlocked?.blockedReason) {
    return { enabled: false, reason: `"${state.requestedBlocked.name}": ${state.requestedBlocked.blockedReason}` };
  }
  if (chosen.length > MAX_ITEMS) return { enabled: false, reason: TOO_MANY_REASON };
  return selectionEligibility(
    { name: state.matterName, mycaseCaseId: state.link.caseId },
    chosen.map((item) => ({ title: item.name, kind: item.kind })),
  );
}

export function toggleItem(state: DialogState, key: string, checked: boolean): DialogState {
  return {
    ...state,
    items: state.items.map((item) => (item.key === key && item.blockedReason === null ? { ...item, checked } : item)),
  };
}

/** Moves an item one place up (-1) or down (1); the package follows this order (R24). */
export function moveItem(state: DialogState, key: string, step: -1 | 1): DialogState {
  const from = state.items.findIndex((item) => item.key === key);
  const to = from + step;
  if (from < 0 || to < 0 || to >= state.items.length) return state;
  const items = [...state.items];
  const [moved] = items.splice(from, 1);
  if (moved) items.splice(to, 0, moved);
  return { ...state, items };
}

/** The `forms/sync` request: the chosen items in the dialog's order, and the PDF kind (R24). */
export function syncRequest(state: DialogState): RequestOf<'forms/sync'> {
  return {
    matterId: state.matterId,
    matterName: state.matterName,
    editable: state.editable,
    items: chosenItems(state).map((item) => ({ kind: item.kind, id: item.id, name: item.name, downloadPath: item.downloadPath })),
  };
}

export function progressText(progress: FormsProgress | null): string {
  if (!progress) return 'Starting…';
  switch (progress.state) {
    case 'fetching':
      return `Fetching ${Math.min(progress.done + 1, Math.max(progress.total, 1))} of ${progress.total}…`;
    case 'building':
      return 'Building the PDF…';
    case 'uploading':
      return 'Uploading to MyCase…';
    case 'done':
      return 'Done.';
    case 'failed':
      return 'Failed.';
  }
}

export function doneText(filename: string, pageCount: number): string {
  const pages = pageCount === 1 ? '1 page' : `${pageCount} pages`;
  return `Sent: "${filename}" (${pages}) was saved to the MyCase case's documents.`;
}

export const FAILED_NEXT_STEP = 'Nothing was saved to MyCase unless the message says so. Fix the problem and click Sync again.';
