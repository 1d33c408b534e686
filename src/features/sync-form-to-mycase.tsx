/**
 * "Sync Form to MyCase" on a matter's Forms tab (R24, R25): an item in each form row's ellipsis
 * (⋯) menu (that form pre-checked), in "More Actions" and in the matter's top-right ellipsis
 * menu, where the help article puts it (the checked forms pre-checked). Each opens the dialog
 * (forms-dialog/), which sends the package job to the background and follows it.
 *
 * Page-scoped: the items and an open dialog go away on in-app navigation. If the forms table
 * never appears the manager logs once and the feature stays out; a missing menu just gets no item.
 */
import { selectors } from '../docketwise-site/selectors';
import { readMatterForms } from '../docketwise-site/forms';
import { observe, waitForElement } from '../docketwise-site/observe';
import { FAMILY_GREEN_CARD_REASON, isFamilyGreenCardSmartForm } from '../forms/eligibility';
import type { Feature } from './feature-manager';
import { fetchMatterDocuments, type DocumentsLoader } from './forms-dialog/documents';
import type { DialogForm } from './forms-dialog/controller';
import { openFormsDialog, type OpenDialog } from './forms-dialog/open-dialog';
import { mountShadowUi } from './shadow-ui';
import { moveFocus } from './sync-mycase-menu';

export const ITEM_LABEL = 'Sync Form to MyCase';

/**
 * Local selector (not in the adapter): a page menu's own toggle. The web app's README documents
 * "a button with aria-haspopup="menu" toggles its sibling .dropdown-menu" for every menu.
 */
const LOCAL_MENU_TOGGLE = '[aria-haspopup="menu"]';
/** Local selector (not in the adapter): "Delete" in a form row's menu; destructive items stay last. */
const LOCAL_ROW_DELETE = '[role="menuitem"][data-action="delete"]';

const CSS = `
.item { display: block; width: 100%; padding: 8px 14px; border: 0; background: none; text-align: left; cursor: pointer; white-space: nowrap; }
.item:hover, .item:focus-visible { background: #eef2ff; outline: none; }
.item[aria-disabled='true'] { cursor: default; color: #94a3b8; }
.reason { max-width: 260px; padding: 0 14px 8px; font-size: 12px; color: #b45309; white-space: normal; }
`;

export function SyncFormMenuItem(props: { disabledReason: string | null; onOpen: () => void; onArrow: (step: 1 | -1) => boolean }) {
  const reasonId = 'sync-form-reason';
  return (
    <div>
      {/* aria-disabled, not disabled: the item stays reachable so its reason can be read (R25). */}
      <button
        type="button"
        class="item"
        role="menuitem"
        aria-disabled={props.disabledReason !== null}
        aria-describedby={props.disabledReason ? reasonId : undefined}
        onClick={() => {
          if (props.disabledReason === null) props.onOpen();
        }}
        onKeyDown={(event) => {
          if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
          // The page's arrow-key handling cannot see into our shadow root: move on its behalf.
          if (props.onArrow(event.key === 'ArrowDown' ? 1 : -1)) {
            event.preventDefault();
            event.stopPropagation();
          }
        }}
      >
        {ITEM_LABEL}
      </button>
      {props.disabledReason && (
        <div class="reason" id={reasonId}>
          {props.disabledReason}
        </div>
      )}
    </div>
  );
}

/** Closes a page menu the way the app does (`hidden`, `aria-expanded`); returns its toggle. */
function closePageMenu(menu: Element): HTMLElement | null {
  if (menu instanceof HTMLElement) menu.hidden = true;
  const siblings = [...(menu.parentElement?.children ?? [])];
  const toggle = siblings.find((el): el is HTMLElement => el instanceof HTMLElement && el.matches(LOCAL_MENU_TOGGLE)) ?? null;
  toggle?.setAttribute('aria-expanded', 'false');
  return toggle;
}

function pathOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

export function createSyncFormToMycase(options: { loadDocuments?: DocumentsLoader; pollIntervalMs?: number; logger?: Pick<Console, 'warn'> } = {}): Feature {
  return {
    id: 'sync-form-to-mycase',
    scope: 'page',
    include: (page) => page.kind === 'matter-forms',
    async run({ signal, send, page, elementTimeoutMs }) {
      if (page.kind !== 'matter-forms') return;
      const { matterId } = page;
      const logger = options.logger ?? console;
      await waitForElement('matterFormsTable', { signal, timeout: elementTimeoutMs });
      let current: OpenDialog | null = null;

      const open = (preChecked: (forms: ReturnType<typeof readMatterForms>['forms']) => number[], menu: Element) => {
        const returnFocusTo = closePageMenu(menu);
        current?.close();
        // Read at the moment of the click: rows and their checkboxes change while the page lives.
        const reading = readMatterForms(document, location.href);
        for (const problem of reading.problems) logger.warn(`[dw-mycase-sync] skipped a form row: ${problem.message}`);
        const forms: DialogForm[] = reading.forms.map((form) => ({ id: form.id, name: form.name, downloadPath: pathOf(form.downloadUrl) }));
        const title = document.querySelector(selectors.pageTitle.selector)?.textContent?.trim();
        const dialog = openFormsDialog({
          send,
          signal,
          matterId,
          matterName: (title || `Matter ${matterId}`).slice(0, 500),
          forms,
          preChecked: preChecked(reading.forms),
          loadDocuments: options.loadDocuments ?? fetchMatterDocuments,
          returnFocusTo,
          pollIntervalMs: options.pollIntervalMs,
          logger,
        });
        current = dialog;
        void dialog.closed.then(() => {
          if (current === dialog) current = null;
        });
      };

      const inject = (menu: Element, disabledReason: string | null, onOpen: () => void) => {
        const ui = mountShadowUi({
          name: 'sync-form-menu-item',
          css: CSS,
          signal,
          place: (host) => {
            // A list needs an `li`, and an `li` cannot hold a shadow root: the host goes inside one.
            const item = document.createElement('li');
            item.setAttribute('role', 'none');
            item.setAttribute('data-dw-mycase-sync-item', '');
            item.append(host);
            signal.addEventListener('abort', () => item.remove(), { once: true });
            // Above "Delete" when the menu has one (a destructive item stays last), else at the end.
            const deleteItem = menu.querySelector(LOCAL_ROW_DELETE)?.closest('li');
            if (deleteItem && deleteItem.parentElement === menu) menu.insertBefore(item, deleteItem);
            else menu.append(item);
          },
        });
        ui.render(<SyncFormMenuItem disabledReason={disabledReason} onOpen={onOpen} onArrow={(step) => moveFocus(ui.host, step)} />);
      };

      const checkedForms = (forms: ReturnType<typeof readMatterForms>['forms']) => forms.filter((form) => form.checked).map((form) => form.id);

      observe(
        'formRowMenu',
        (menu) => {
          const row = menu.closest(selectors.matterFormRows.selector);
          if (!(row instanceof HTMLElement)) return;
          const formId = Number(row.dataset.formId);
          const name = row.dataset.formName ?? '';
          // R25: offered, but disabled with its reason, on the Family Green Card Smart Form's row.
          const reason = isFamilyGreenCardSmartForm(name) ? FAMILY_GREEN_CARD_REASON : null;
          inject(menu, reason, () => open(() => [formId], menu));
        },
        { signal },
      );
      observe('moreActionsMenu', (menu) => inject(menu, null, () => open(checkedForms, menu)), { signal });
      observe('matterActionsMenu', (menu) => inject(menu, null, () => open(checkedForms, menu)), { signal });
    },
  };
}

export const syncFormToMycase: Feature = createSyncFormToMycase();
