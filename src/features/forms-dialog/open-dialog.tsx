/**
 * Opens the dialog as a modal in a shadow root attached to the page's body: focus moves into
 * it and is kept there (Tab wraps), Escape closes it, and focus goes back to the element that
 * opened it. Keys pressed in the dialog do not reach the page's own shortcuts (its menus listen
 * on the document). Closing, or the feature's signal aborting (navigation), removes it.
 */
import type { MessageClient } from '../../messaging/client';
import { mountShadowUi } from '../shadow-ui';
import { createFormsDialogController, type DialogForm, type FormsDialogController } from './controller';
import type { DocumentsLoader } from './documents';
import { DIALOG_CSS, FormsDialog } from './forms-dialog';

export interface OpenDialogOptions {
  send: MessageClient;
  /** The feature's signal: the dialog closes with the page. */
  signal: AbortSignal;
  matterId: number;
  matterName: string;
  forms: readonly DialogForm[];
  preChecked: readonly number[];
  loadDocuments: DocumentsLoader;
  /** Where focus goes back when the dialog closes (the menu's toggle button). */
  returnFocusTo: HTMLElement | null;
  pollIntervalMs?: number;
  logger?: Pick<Console, 'warn'>;
}

export interface OpenDialog {
  host: HTMLElement;
  controller: FormsDialogController;
  close(): void;
  /** Resolves when the dialog has closed, by any means. */
  closed: Promise<void>;
}

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [href], [tabindex]:not([tabindex="-1"])';

function focusables(root: ShadowRoot): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => !element.closest('fieldset[disabled]'));
}

export function openFormsDialog(options: OpenDialogOptions): OpenDialog {
  const lifetime = new AbortController();
  const stop = () => lifetime.abort(new DOMException('dialog closed', 'AbortError'));
  options.signal.addEventListener('abort', stop, { once: true, signal: lifetime.signal });
  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });

  const ui = mountShadowUi({ name: 'forms-dialog', css: DIALOG_CSS, signal: lifetime.signal, place: (host) => document.body.append(host) });
  lifetime.signal.addEventListener(
    'abort',
    () => {
      const target = options.returnFocusTo;
      if (target?.isConnected) target.focus();
      resolveClosed();
    },
    { once: true },
  );

  const controller = createFormsDialogController({
    send: options.send,
    signal: lifetime.signal,
    matterId: options.matterId,
    matterName: options.matterName,
    forms: options.forms,
    preChecked: options.preChecked,
    loadDocuments: options.loadDocuments,
    pollIntervalMs: options.pollIntervalMs,
    logger: options.logger,
    onChange: () => draw(),
  });

  const draw = () => {
    if (lifetime.signal.aborted) return;
    ui.render(
      <FormsDialog
        state={controller.state()}
        onToggle={controller.toggle}
        onMove={controller.move}
        onEditable={controller.setEditable}
        onSync={() => void controller.sync()}
        onClose={stop}
      />,
    );
  };

  ui.root.addEventListener(
    'keydown',
    (event) => {
      if (!(event instanceof KeyboardEvent)) return;
      // The dialog is modal: the page's key handlers (menus, shortcuts) must not act behind it.
      event.stopPropagation();
      if (event.key === 'Escape') {
        event.preventDefault();
        stop();
        return;
      }
      if (event.key !== 'Tab') return;
      const list = focusables(ui.root);
      const first = list[0];
      const last = list[list.length - 1];
      if (!first || !last) {
        event.preventDefault();
        return;
      }
      const active = ui.root.activeElement;
      const inList = active instanceof HTMLElement && list.includes(active);
      if (event.shiftKey && (active === first || !inList)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (active === last || !inList)) {
        event.preventDefault();
        first.focus();
      }
    },
    { signal: lifetime.signal },
  );
  // Focus that leaves the dialog (a click on the page behind, a screen reader's jump) comes back.
  document.addEventListener(
    'focusin',
    (event) => {
      if (!event.composedPath().includes(ui.host)) ui.root.querySelector<HTMLElement>('[role="dialog"]')?.focus();
    },
    { signal: lifetime.signal },
  );

  draw();
  ui.root.querySelector<HTMLElement>('[role="dialog"]')?.focus();
  controller.start();
  return { host: ui.host, controller, close: stop, closed };
}
