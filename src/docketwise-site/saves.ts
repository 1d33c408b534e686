/**
 * Noticing that the user saved a contact or matter in this tab, from what the page shows: the
 * edit form's status line turns to "Saved" (data-state="saved") once the app's own request
 * succeeded. Reading the page's confirmation, rather than its network traffic or cookies, keeps
 * the content script in its isolated world with no access to the session: a save that failed
 * (validation error, network) never shows "Saved" and so is never reported.
 */
import type { Entity } from '../core/types';
import { observe } from './observe';
import { detectPage } from './pages';
import { selectors } from './selectors';

export interface SavedRecord {
  entity: Entity;
  id: number;
}

function isSaved(status: Element): boolean {
  const state = status.getAttribute('data-state');
  // The text is a fallback for markup that drops the attribute; "Saved" leads the message.
  return state === null ? /^\s*saved\b/i.test(status.textContent ?? '') : state === 'saved';
}

/** Which record a form edits: its data attribute (set by the app before "Saved" shows), else the URL. */
export function recordOfForm(form: Element): SavedRecord | null {
  const contactId = Number(form.getAttribute('data-contact-id'));
  const matterId = Number(form.getAttribute('data-matter-id'));
  if (form.matches(selectors.contactEditForm.selector) && Number.isInteger(contactId) && contactId > 0) return { entity: 'contact', id: contactId };
  if (form.matches(selectors.matterEditForm.selector) && Number.isInteger(matterId) && matterId > 0) return { entity: 'matter', id: matterId };
  const page = detectPage();
  if ('contactId' in page && page.kind === 'contact') return { entity: 'contact', id: page.contactId };
  if ('matterId' in page && page.kind === 'matter') return { entity: 'matter', id: page.matterId };
  return null;
}

/**
 * Calls `onSaved` each time an edit form's status changes into the saved state, until `signal`
 * aborts. `status` is the status element, for a confirmation shown next to it.
 */
export function watchSaves(onSaved: (record: SavedRecord, status: Element) => void, { signal }: { signal: AbortSignal }): void {
  observe(
    'saveStatus',
    (status) => {
      let wasSaved = isSaved(status);
      // A per-element observer, because the shared one only sees added elements, and a status
      // line changes in place (its text and data-state). It is scoped to this one small node.
      const watcher = new MutationObserver(() => {
        const saved = isSaved(status);
        if (saved && !wasSaved) {
          const form = status.closest(selectors.recordForm.selector);
          const record = form ? recordOfForm(form) : null;
          if (record) onSaved(record, status);
          else console.warn('[dw-mycase-sync] a save was confirmed but the record id could not be read');
        }
        wasSaved = saved;
      });
      watcher.observe(status, { attributes: true, attributeFilter: ['data-state'], childList: true, characterData: true, subtree: true });
      signal.addEventListener('abort', () => watcher.disconnect(), { once: true });
    },
    { signal },
  );
}
