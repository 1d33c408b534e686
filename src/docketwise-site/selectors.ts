/**
 * Every selector the extension uses on Docketwise pages, by name. Features never write a
 * selector themselves. Each entry names the saved pages (test/fixtures/docketwise/<page>.html,
 * made by save-pages.ts from the sandbox web app) it must match and how many elements it must
 * match there; test/docketwise-site/selectors.test.ts holds every entry to that. When the real
 * Docketwise markup differs, this file (and the saved pages) is the one place to change.
 */

/** The saved pages in test/fixtures/docketwise/. */
export type SavedPage =
  | 'dashboard'
  | 'contacts'
  | 'contact'
  | 'contact-new'
  | 'matters'
  | 'matter'
  | 'matter-new'
  | 'matter-forms'
  | 'matter-forms-empty'
  | 'matter-files';

export interface SelectorDefinition {
  selector: string;
  /** What it finds, for the logs ("selector X (profile menu) never appeared"). */
  description: string;
  /** Saved page → expected number of matches. Pages not listed are not checked. */
  expect: Partial<Record<SavedPage, number>>;
}

const EVERY_PAGE = (count: number): Record<SavedPage, number> => ({
  dashboard: count,
  contacts: count,
  contact: count,
  'contact-new': count,
  matters: count,
  matter: count,
  'matter-new': count,
  'matter-forms': count,
  'matter-forms-empty': count,
  'matter-files': count,
});

export const selectors = {
  profileMenuToggle: {
    selector: '.navbar .profile-dropdown__toggle[aria-haspopup="menu"]',
    description: 'top-right profile (avatar) button',
    expect: EVERY_PAGE(1),
  },
  profileMenu: {
    selector: '.navbar .profile-dropdown__menu[role="menu"]',
    description: 'top-right profile menu',
    expect: EVERY_PAGE(1),
  },
  profileMenuItems: {
    // The user's name header, Settings, Log out.
    selector: '.navbar .profile-dropdown__menu[role="menu"] > li',
    description: 'items of the profile menu',
    expect: EVERY_PAGE(3),
  },
  profileMenuLogout: {
    selector: '.navbar .profile-dropdown__menu [role="menuitem"][data-action="logout"]',
    description: '"Log out" in the profile menu',
    expect: EVERY_PAGE(1),
  },
  recordForm: {
    selector: 'form.record-form',
    description: 'contact or matter edit form',
    expect: { contact: 1, 'contact-new': 1, matter: 1, 'matter-new': 1, contacts: 0, 'matter-forms': 0, dashboard: 0 },
  },
  contactEditForm: {
    selector: 'form.contact-form',
    description: 'contact edit form',
    expect: { contact: 1, 'contact-new': 1, matter: 0, 'matter-new': 0, contacts: 0 },
  },
  matterEditForm: {
    selector: 'form.matter-form',
    description: 'matter edit form',
    expect: { matter: 1, 'matter-new': 1, contact: 0, 'matter-forms': 0, matters: 0 },
  },
  saveButton: {
    selector: 'form.record-form button[type="submit"][data-action="save"]',
    description: 'save button of the edit form',
    expect: { contact: 1, 'contact-new': 1, matter: 1, 'matter-new': 1, 'matter-forms': 0 },
  },
  saveStatus: {
    // Shows "Saving…", then "Saved" (data-state="saved") or "Not saved: …" (data-state="error").
    selector: 'form.record-form .form-status[role="status"]',
    description: 'save confirmation of the edit form',
    expect: { contact: 1, 'contact-new': 1, matter: 1, 'matter-new': 1, 'matter-forms': 0 },
  },
  pageTitle: {
    selector: '#page .page-header__title',
    description: 'page title',
    expect: EVERY_PAGE(1),
  },
  matterActionsMenu: {
    selector: '.matter-page .page-header__actions .matter-actions__menu[role="menu"]',
    description: 'the matter page’s top-right ellipsis (⋯) menu',
    expect: { matter: 1, 'matter-forms': 1, 'matter-files': 1, 'matter-new': 0, contact: 0 },
  },
  matterFormsTable: {
    selector: 'table.forms-table',
    description: 'forms table of a matter',
    expect: { 'matter-forms': 1, 'matter-forms-empty': 1, matter: 0, 'matter-files': 0 },
  },
  matterFormRows: {
    selector: 'table.forms-table tr.forms-table__row[data-form-id]',
    description: 'rows of the matter forms table',
    expect: { 'matter-forms': 7, 'matter-forms-empty': 0 },
  },
  formRowCheckbox: {
    selector: 'tr.forms-table__row input.forms-table__select[type="checkbox"]',
    description: 'checkbox of a form row',
    expect: { 'matter-forms': 7, 'matter-forms-empty': 0 },
  },
  formRowMenuToggle: {
    selector: 'tr.forms-table__row .row-actions__toggle[aria-haspopup="menu"]',
    description: 'ellipsis (⋯) button of a form row',
    expect: { 'matter-forms': 7 },
  },
  formRowMenu: {
    selector: 'tr.forms-table__row .row-actions__menu[role="menu"]',
    description: 'ellipsis (⋯) menu of a form row (Download PDF, Print, Delete)',
    expect: { 'matter-forms': 7, 'matter-forms-empty': 0 },
  },
  formRowDownload: {
    selector: 'tr.forms-table__row .row-actions__menu a[data-action="download-pdf"][href]',
    description: '"Download PDF" in a form row menu',
    expect: { 'matter-forms': 7 },
  },
  moreActionsToggle: {
    selector: '.forms-panel .bulk-actions__toggle[aria-haspopup="menu"]',
    description: '"More Actions" button for the checked forms',
    expect: { 'matter-forms': 1, 'matter-forms-empty': 1, matter: 0 },
  },
  moreActionsMenu: {
    selector: '.forms-panel .bulk-actions__menu[role="menu"]',
    description: '"More Actions" menu (Share to Portal, Download)',
    expect: { 'matter-forms': 1, 'matter-forms-empty': 1, matter: 0, 'matter-files': 0 },
  },
  matterFileRows: {
    selector: 'table.files-table tr.files-table__row[data-document-id]',
    description: 'rows of the matter files table',
    expect: { 'matter-files': 2, 'matter-forms': 0 },
  },
} as const satisfies Record<string, SelectorDefinition>;

export type SelectorName = keyof typeof selectors;

/**
 * The first element matching the named selector inside `scope`. The selectors start above the
 * element they find (`.navbar …`, `tr.forms-table__row …`), so they are matched from the
 * document and then kept to `scope`: element-scoped `querySelector` with such selectors does
 * not behave the same in every DOM implementation.
 */
export function findWithin(scope: Element, name: SelectorName): Element | null {
  const root = scope.ownerDocument;
  for (const element of root.querySelectorAll(selectors[name].selector)) {
    if (scope.contains(element)) return element;
  }
  return null;
}
