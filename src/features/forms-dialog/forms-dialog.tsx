/**
 * The "Sync Form to MyCase" dialog (R24, R25) as a pure Preact view of `DialogState`. Modal
 * behaviour (focus trap, Escape, focus return) lives in open-dialog.tsx, which mounts this.
 */
import {
  chosenItems,
  doneText,
  isBusy,
  progressText,
  syncEligibility,
  type DialogItem,
  type DialogState,
} from './model';

export const DIALOG_CSS = `
.backdrop { position: fixed; inset: 0; z-index: 2147483000; display: flex; align-items: center; justify-content: center;
  background: rgba(15, 23, 42, 0.45); }
.dialog { width: min(640px, calc(100vw - 32px)); max-height: calc(100vh - 48px); overflow: auto; padding: 20px 24px;
  border-radius: 10px; background: #fff; box-shadow: 0 20px 50px rgba(15, 23, 42, 0.3); }
.dialog:focus { outline: none; }
h2 { margin: 0 0 4px; font-size: 18px; font-weight: 600; }
.sub { margin: 0 0 12px; color: #64748b; }
.notice { margin: 8px 0; padding: 8px 10px; border-radius: 6px; background: #fef3c7; color: #92400e; }
.notice--error { background: #fee2e2; color: #991b1b; }
.notice--ok { background: #dcfce7; color: #166534; }
ol { list-style: none; margin: 8px 0; padding: 0; border: 1px solid #e2e8f0; border-radius: 6px; }
li { display: flex; align-items: flex-start; gap: 8px; padding: 6px 10px; border-top: 1px solid #e2e8f0; }
li:first-child { border-top: 0; }
li label { flex: 1; display: flex; gap: 8px; align-items: flex-start; }
.kind { color: #64748b; font-size: 12px; }
.reason { display: block; color: #b45309; font-size: 12px; }
.move { min-width: 28px; padding: 2px 6px; border: 1px solid #cbd5e1; border-radius: 4px; background: #f8fafc; cursor: pointer; }
.move:disabled { opacity: 0.4; cursor: default; }
fieldset { margin: 12px 0; padding: 8px 10px; border: 1px solid #e2e8f0; border-radius: 6px; }
legend { padding: 0 4px; font-weight: 600; }
fieldset label { display: block; margin: 4px 0; }
.muted { color: #64748b; font-size: 13px; }
.actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 12px; }
.btn { padding: 7px 14px; border: 1px solid #cbd5e1; border-radius: 6px; background: #fff; cursor: pointer; }
.btn--primary { border-color: #2563eb; background: #2563eb; color: #fff; }
.btn:disabled { opacity: 0.5; cursor: default; }
progress { display: block; width: 100%; height: 8px; accent-color: #2563eb; }
`;

export interface FormsDialogProps {
  state: DialogState;
  onToggle(key: string, checked: boolean): void;
  onMove(key: string, step: -1 | 1): void;
  onEditable(editable: boolean): void;
  onSync(): void;
  onClose(): void;
}

function kindLabel(item: DialogItem): string {
  return item.kind === 'form' ? 'Form' : 'Document';
}

function ItemRow(props: { item: DialogItem; index: number; count: number; busy: boolean } & Pick<FormsDialogProps, 'onToggle' | 'onMove'>) {
  const { item, index, count, busy } = props;
  const id = `item-${item.kind}-${item.id}`;
  return (
    <li data-item={item.key}>
      <label for={id}>
        <input
          id={id}
          type="checkbox"
          checked={item.checked}
          disabled={busy || item.blockedReason !== null}
          aria-describedby={item.blockedReason ? `${id}-reason` : undefined}
          onChange={(event) => props.onToggle(item.key, event.currentTarget.checked)}
        />
        <span>
          {item.name} <span class="kind">({kindLabel(item)})</span>
          {item.blockedReason && (
            <span class="reason" id={`${id}-reason`}>
              {item.blockedReason}
            </span>
          )}
        </span>
      </label>
      <button type="button" class="move" data-move="up" aria-label={`Move ${item.name} up`} disabled={busy || index === 0} onClick={() => props.onMove(item.key, -1)}>
        ↑
      </button>
      <button type="button" class="move" data-move="down" aria-label={`Move ${item.name} down`} disabled={busy || index === count - 1} onClick={() => props.onMove(item.key, 1)}>
        ↓
      </button>
    </li>
  );
}

function SyncStatus({ state }: { state: DialogState }) {
  const { sync } = state;
  switch (sync.kind) {
    case 'idle':
      return null;
    case 'starting':
      return (
        <div class="notice" role="status">
          Starting…
        </div>
      );
    case 'running':
      return (
        <div class="notice" role="status">
          <progress
            aria-label="Sending progress"
            max={sync.progress?.state === 'fetching' ? sync.progress.total : undefined}
            value={sync.progress?.state === 'fetching' ? sync.progress.done : undefined}
          />
          {progressText(sync.progress)}
        </div>
      );
    case 'done':
      return (
        <div class="notice notice--ok" role="status">
          {doneText(sync.filename, sync.pageCount)}
        </div>
      );
    case 'failed':
      return (
        <div class="notice notice--error" role="alert">
          Not sent: {sync.message}
        </div>
      );
  }
}

export function FormsDialog(props: FormsDialogProps) {
  const { state } = props;
  const busy = isBusy(state.sync);
  const eligibility = syncEligibility(state);
  const chosen = chosenItems(state).length;
  const finished = state.sync.kind === 'done';
  return (
    <div class="backdrop">
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="forms-dialog-title" aria-describedby="forms-dialog-sub" tabIndex={-1}>
        <h2 id="forms-dialog-title">Sync Form to MyCase</h2>
        <p class="sub" id="forms-dialog-sub">
          {state.matterName}: choose the forms and documents to send as one PDF, in the order shown.
        </p>
        {state.link.kind === 'unlinked' && (
          <div class="notice notice--error" role="alert" id="forms-dialog-unlinked" data-reason="unlinked">
            {state.link.reason}
          </div>
        )}
        <ol aria-label="Forms and documents">
          {state.items.map((item, index) => (
            <ItemRow key={item.key} item={item} index={index} count={state.items.length} busy={busy} onToggle={props.onToggle} onMove={props.onMove} />
          ))}
        </ol>
        {state.items.length === 0 && <p class="muted">This matter has no forms yet.</p>}
        {state.documents.kind === 'loading' && <p class="muted">Loading the matter's documents…</p>}
        {state.documents.kind === 'failed' && (
          <p class="muted" role="status">
            The matter's documents could not be loaded ({state.documents.message}). You can still send its forms; to add a document, close this dialog and try again.
          </p>
        )}
        {state.documents.kind === 'loaded' && state.documents.skipped > 0 && (
          <p class="muted">{state.documents.skipped === 1 ? '1 document could not be read and is not listed.' : `${state.documents.skipped} documents could not be read and are not listed.`}</p>
        )}
        <fieldset disabled={busy}>
          <legend>PDF</legend>
          <label>
            <input type="radio" name="pdf-kind" value="editable" checked={state.editable} onChange={() => props.onEditable(true)} /> Editable PDF (form fields kept)
          </label>
          <label>
            <input type="radio" name="pdf-kind" value="flattened" checked={!state.editable} onChange={() => props.onEditable(false)} /> Flattened PDF
          </label>
        </fieldset>
        {!eligibility.enabled && state.link.kind !== 'unlinked' && !busy && (
          <p class="muted" id="forms-dialog-why" data-reason="sync">
            {eligibility.reason}
          </p>
        )}
        <SyncStatus state={state} />
        <div class="actions">
          <button type="button" class="btn" data-action="close" onClick={props.onClose}>
            {finished ? 'Close' : 'Cancel'}
          </button>
          <button
            type="button"
            class="btn btn--primary"
            data-action="sync"
            disabled={busy || finished || !eligibility.enabled}
            aria-describedby={state.link.kind === 'unlinked' ? 'forms-dialog-unlinked' : !eligibility.enabled && !busy ? 'forms-dialog-why' : undefined}
            onClick={props.onSync}
          >
            {busy ? 'Sending…' : finished ? 'Sent' : chosen > 1 ? `Sync ${chosen} items` : 'Sync'}
          </button>
        </div>
      </div>
    </div>
  );
}
