// @vitest-environment happy-dom
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSyncFormToMycase, ITEM_LABEL } from '../../src/features/sync-form-to-mycase';
import { activeObservations } from '../../src/docketwise-site/observe';
import { FAMILY_GREEN_CARD_REASON, NOT_LINKED_REASON } from '../../src/forms/eligibility';
import type { DocumentsLoader } from '../../src/features/forms-dialog/documents';
import type { FormsProgress } from '../../src/messaging/protocol';
import { loadSavedPage } from '../fixtures/docketwise/saved-pages';
import { fakeBackground, injected, runWith, shadowText, type FakeHandler } from './helpers';

/** The saved Forms tab (matter 11): rows in the page's order. */
const ROWS = { 'I-130': 501, 'I-130A': 502, 'I-485': 503, 'I-765': 504, 'G-28': 505, 'Green Card Smart Form': 506, 'Family Green Card Smart Form': 507 };

const docs: DocumentsLoader = async () => ({
  documents: [
    { id: 901, name: 'Passport scan' },
    { id: 902, name: 'Birth certificate' },
  ],
  problems: [],
});

const linked: FakeHandler = () => ({ linked: true, caseId: 77, reason: null });

function start(handlers: Record<string, FakeHandler>, options: { loadDocuments?: DocumentsLoader } = {}) {
  const background = fakeBackground({ 'forms/eligibility': linked, ...handlers });
  const feature = createSyncFormToMycase({ loadDocuments: options.loadDocuments ?? docs, pollIntervalMs: 5, logger: { warn: vi.fn() } });
  const run = runWith([feature]);
  return { background, ...run };
}

function rowOf(formId: number): HTMLElement {
  const row = document.querySelector<HTMLElement>(`tr.forms-table__row[data-form-id="${formId}"]`);
  if (!row) throw new Error(`no row ${formId}`);
  return row;
}

function itemIn(scope: Element): HTMLButtonElement {
  const host = scope.querySelector<HTMLElement>('[data-dw-mycase-sync="sync-form-menu-item"]');
  const button = host?.shadowRoot?.querySelector<HTMLButtonElement>('button.item');
  if (!button) throw new Error('no "Sync Form to MyCase" item here');
  return button;
}

function dialogRoot(): ShadowRoot {
  const hosts = injected('forms-dialog');
  if (hosts.length !== 1) throw new Error(`${hosts.length} dialogs open`);
  return hosts[0]!.shadowRoot!;
}

const dialogEl = () => dialogRoot().querySelector<HTMLElement>('[role="dialog"]')!;
const boxes = () => [...dialogRoot().querySelectorAll<HTMLInputElement>('li input[type="checkbox"]')];
const labels = () => [...dialogRoot().querySelectorAll('li label')].map((l) => l.textContent?.replace(/\s+/g, ' ').trim() ?? '');
const checkedNames = () => boxes().filter((b) => b.checked).map((b) => b.closest('label')!.querySelector('span')!.firstChild!.textContent!.trim());
const syncButton = () => dialogRoot().querySelector<HTMLButtonElement>('button[data-action="sync"]')!;
const dialogText = () => shadowText(injected('forms-dialog')[0]!);
const boxFor = (key: string) => dialogRoot().querySelector<HTMLInputElement>(`li[data-item="${key}"] input[type="checkbox"]`)!;

async function openFromRow(formId: number) {
  await vi.waitFor(() => itemIn(rowOf(formId)));
  itemIn(rowOf(formId)).click();
  await vi.waitFor(() => dialogRoot());
}

describe('sync-form-to-mycase: menu items', () => {
  let stop: AbortController | null = null;
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => stop?.abort());

  it('R24 adds "Sync Form to MyCase" to every form row menu, to More Actions and to the matter menu', async () => {
    loadSavedPage('matter-forms');
    ({ controller: stop } = start({}));
    await vi.waitFor(() => expect(injected('sync-form-menu-item')).toHaveLength(7 + 2));
    for (const id of Object.values(ROWS)) {
      const menu = rowOf(id).querySelector('.row-actions__menu')!;
      const button = itemIn(menu);
      expect(button.textContent).toBe(ITEM_LABEL);
      expect(button.getAttribute('role')).toBe('menuitem');
      const li = button.getRootNode() instanceof ShadowRoot ? (button.getRootNode() as ShadowRoot).host.parentElement! : null;
      expect(li?.tagName).toBe('LI');
      expect(li?.getAttribute('role')).toBe('none');
      expect(li?.parentElement).toBe(menu);
      // Above "Delete": the destructive item stays last.
      expect(li?.nextElementSibling?.querySelector('[data-action="delete"]')?.textContent).toBe('Delete');
      // The page's own items are untouched, in their order.
      expect([...menu.querySelectorAll('[role="menuitem"]')].map((el) => el.textContent)).toEqual(['Download PDF', 'Print', 'Delete']);
    }
    expect(itemIn(document.querySelector('.bulk-actions__menu')!).textContent).toBe(ITEM_LABEL);
    expect(itemIn(document.querySelector('.matter-actions__menu')!).textContent).toBe(ITEM_LABEL);
  });

  it('R25 disables the item with its reason on the Family Green Card Smart Form row', async () => {
    loadSavedPage('matter-forms');
    ({ controller: stop } = start({}));
    await vi.waitFor(() => itemIn(rowOf(ROWS['Family Green Card Smart Form'])));
    const blocked = itemIn(rowOf(ROWS['Family Green Card Smart Form']));
    expect(blocked.getAttribute('aria-disabled')).toBe('true');
    expect((blocked.getRootNode() as ShadowRoot).textContent).toContain(FAMILY_GREEN_CARD_REASON);
    blocked.click();
    expect(injected('forms-dialog')).toHaveLength(0);
    // The plain Green Card Smart Form stays allowed.
    expect(itemIn(rowOf(ROWS['Green Card Smart Form'])).getAttribute('aria-disabled')).toBe('false');
  });

  it('stays out quietly when the menus are missing, and logs once when the forms table never appears', async () => {
    loadSavedPage('matter-forms');
    document.querySelectorAll('.row-actions__menu, .bulk-actions__menu, .matter-actions__menu').forEach((el) => el.remove());
    const first = start({});
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(injected('sync-form-menu-item')).toHaveLength(0);
    expect(first.logger.error).not.toHaveBeenCalled();
    expect(first.manager.running()).toContain('sync-form-to-mycase');
    first.controller.abort();

    loadSavedPage('matter-forms');
    document.querySelector('table.forms-table')!.remove();
    const second = start({});
    stop = second.controller;
    await vi.waitFor(() => expect(second.logger.warn).toHaveBeenCalledTimes(1));
    expect(String(second.logger.warn.mock.calls[0]?.[0])).toContain('sync-form-to-mycase stays out');
    expect(second.manager.running()).not.toContain('sync-form-to-mycase');
    expect(injected('sync-form-menu-item')).toHaveLength(0);
  });

  it('runs only on a matter’s Forms tab', async () => {
    loadSavedPage('matter');
    const run = start({});
    stop = run.controller;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(run.manager.running()).not.toContain('sync-form-to-mycase');
    expect(injected('sync-form-menu-item')).toHaveLength(0);
  });

  it('cleans up its items, an open dialog and its observers on in-app navigation', async () => {
    loadSavedPage('matter-forms');
    const before = activeObservations();
    const run = start({});
    stop = run.controller;
    await openFromRow(ROWS['I-130']);
    expect(injected('sync-form-menu-item')).toHaveLength(9);
    run.navigation.go('/matters/11');
    expect(injected('sync-form-menu-item')).toHaveLength(0);
    expect(injected('forms-dialog')).toHaveLength(0);
    expect(document.querySelectorAll('[data-dw-mycase-sync-item]')).toHaveLength(0);
    expect(activeObservations()).toBe(before);
  });
});

describe('sync-form-to-mycase: the dialog', () => {
  let stop: AbortController | null = null;
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => stop?.abort());

  it('R24 opens from a row menu with that form pre-checked, as a labelled modal, and closes the page menu', async () => {
    loadSavedPage('matter-forms');
    ({ controller: stop } = start({}));
    const menu = rowOf(ROWS['I-485']).querySelector<HTMLElement>('.row-actions__menu')!;
    menu.hidden = false; // opened by the user
    await openFromRow(ROWS['I-485']);
    expect(menu.hidden).toBe(true);
    const dialog = dialogEl();
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    const heading = dialogRoot().getElementById(dialog.getAttribute('aria-labelledby')!);
    expect(heading?.textContent).toBe('Sync Form to MyCase');
    expect(dialogRoot().activeElement).toBe(dialog);
    expect(checkedNames()).toEqual(['I-485']);
    // Forms in the page's order, then the matter's documents once they are loaded.
    await vi.waitFor(() => expect(labels()).toHaveLength(9));
    expect(labels().slice(0, 2)).toEqual(['I-130 (Form)', 'I-130A (Form)']);
    expect(labels().slice(7)).toEqual(['Passport scan (Document)', 'Birth certificate (Document)']);
    await vi.waitFor(() => expect(syncButton().disabled).toBe(false));
  });

  it('R24 opens from More Actions and from the matter menu with the checked forms pre-checked', async () => {
    loadSavedPage('matter-forms');
    ({ controller: stop } = start({}));
    for (const id of [ROWS['I-130A'], ROWS['G-28']]) rowOf(id).querySelector<HTMLInputElement>('input.forms-table__select')!.checked = true;
    await vi.waitFor(() => itemIn(document.querySelector('.bulk-actions__menu')!));
    itemIn(document.querySelector('.bulk-actions__menu')!).click();
    await vi.waitFor(() => dialogRoot());
    expect(checkedNames()).toEqual(['I-130A', 'G-28']);
    dialogRoot().querySelector<HTMLButtonElement>('button[data-action="close"]')!.click();
    expect(injected('forms-dialog')).toHaveLength(0);

    rowOf(ROWS['I-765']).querySelector<HTMLInputElement>('input.forms-table__select')!.checked = true;
    itemIn(document.querySelector('.matter-actions__menu')!).click();
    await vi.waitFor(() => dialogRoot());
    expect(checkedNames()).toEqual(['I-130A', 'I-765', 'G-28']);
  });

  it('R24 sends the chosen items in the chosen order, the editable flag and the download paths', async () => {
    loadSavedPage('matter-forms');
    const run = start({ 'forms/sync': () => ({ jobId: 'job-1' }), 'forms/progress': () => ({ jobId: 'job-1', state: 'fetching', done: 0, total: 3, message: '', result: null }) });
    stop = run.controller;
    await openFromRow(ROWS['I-130']);
    await vi.waitFor(() => expect(labels()).toHaveLength(9));
    boxFor('form:503').click(); // I-485
    boxFor('document:902').click(); // Birth certificate
    expect(checkedNames()).toEqual(['I-130', 'I-485', 'Birth certificate']);
    // Birth certificate to the top: up 8 times (it is last of 9).
    for (let step = 0; step < 8; step++) dialogRoot().querySelector<HTMLButtonElement>('li[data-item="document:902"] button[data-move="up"]')!.click();
    // I-130 one place down, below I-130A (unchosen items keep their places but are not sent).
    dialogRoot().querySelector<HTMLButtonElement>('li[data-item="form:501"] button[data-move="down"]')!.click();
    expect(dialogRoot().querySelector<HTMLButtonElement>('li[data-item="document:902"] button[data-move="up"]')!.disabled).toBe(true);
    dialogRoot().querySelector<HTMLInputElement>('input[value="flattened"]')!.click();
    await vi.waitFor(() => expect(syncButton().disabled).toBe(false));
    expect(syncButton().textContent).toBe('Sync 3 items');
    syncButton().click();
    await vi.waitFor(() => expect(run.background.ofType('forms/sync')).toHaveLength(1));
    expect(run.background.ofType('forms/sync')[0]).toEqual({
      matterId: 11,
      matterName: 'Alvarez Family Green Card',
      editable: false,
      items: [
        { kind: 'document', id: 902, name: 'Birth certificate', downloadPath: null },
        { kind: 'form', id: 501, name: 'I-130', downloadPath: '/downloads/forms/501.pdf' },
        { kind: 'form', id: 503, name: 'I-485', downloadPath: '/downloads/forms/503.pdf' },
      ],
    });
    expect(run.background.ofType('forms/eligibility')).toEqual([{ matterId: 11 }]);
  });

  it('R24 keeps the editable PDF as the default choice', async () => {
    loadSavedPage('matter-forms');
    const run = start({ 'forms/sync': () => ({ jobId: 'job-2' }), 'forms/progress': () => ({ jobId: 'job-2', state: 'building', done: 1, total: 1, message: '', result: null }) });
    stop = run.controller;
    await openFromRow(ROWS['G-28']);
    expect(dialogRoot().querySelector<HTMLInputElement>('input[value="editable"]')!.checked).toBe(true);
    await vi.waitFor(() => expect(syncButton().disabled).toBe(false));
    syncButton().click();
    await vi.waitFor(() => expect(run.background.ofType('forms/sync')).toHaveLength(1));
    expect(run.background.ofType('forms/sync')[0]).toMatchObject({ editable: true, items: [{ kind: 'form', id: 505, name: 'G-28', downloadPath: '/downloads/forms/505.pdf' }] });
  });

  it('R24 shows fetching i of n, building, uploading, then the file saved to the MyCase case', async () => {
    loadSavedPage('matter-forms');
    let progress: FormsProgress = { jobId: 'job-9', state: 'fetching', done: 0, total: 2, message: '', result: null };
    const run = start({ 'forms/sync': () => ({ jobId: 'job-9' }), 'forms/progress': () => progress });
    stop = run.controller;
    await openFromRow(ROWS['I-130']);
    boxFor('form:502').click();
    await vi.waitFor(() => expect(syncButton().disabled).toBe(false));
    syncButton().click();
    await vi.waitFor(() => expect(dialogText()).toContain('Fetching 1 of 2…'));
    expect(syncButton().disabled).toBe(true);
    expect(syncButton().textContent).toBe('Sending…');
    expect(boxes().every((b) => b.disabled)).toBe(true);
    progress = { ...progress, done: 1 };
    await vi.waitFor(() => expect(dialogText()).toContain('Fetching 2 of 2…'));
    progress = { ...progress, state: 'building', done: 2 };
    await vi.waitFor(() => expect(dialogText()).toContain('Building the PDF…'));
    progress = { ...progress, state: 'uploading' };
    await vi.waitFor(() => expect(dialogText()).toContain('Uploading to MyCase…'));
    progress = { ...progress, state: 'done', result: { documentId: 4401, filename: 'Alvarez Family Green Card - I-130, I-130A - 2026-12-03.pdf', pageCount: 18 } };
    await vi.waitFor(() =>
      expect(dialogText()).toContain('Sent: "Alvarez Family Green Card - I-130, I-130A - 2026-12-03.pdf" (18 pages) was saved to the MyCase case\'s documents.'),
    );
    const polls = run.background.ofType('forms/progress');
    expect(polls.every((p) => JSON.stringify(p) === '{"jobId":"job-9"}')).toBe(true);
    const pollsAtEnd = polls.length;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(run.background.ofType('forms/progress')).toHaveLength(pollsAtEnd); // polling stopped
    expect(dialogRoot().querySelector('button[data-action="close"]')!.textContent).toBe('Close');
    // Sent once: Sync stays off, so a second click cannot put a second copy in MyCase.
    expect(syncButton().disabled).toBe(true);
    expect(syncButton().textContent).toBe('Sent');
    expect(run.background.ofType('forms/sync')).toHaveLength(1);
  });

  it('shows a failure with what to do next, and lets the user try again', async () => {
    loadSavedPage('matter-forms');
    const run = start({
      'forms/sync': () => ({ jobId: 'job-f' }),
      'forms/progress': () => ({ jobId: 'job-f', state: 'failed', done: 1, total: 1, message: 'MyCase refused the file: your MyCase user may not add documents to this case.', result: null }),
    });
    stop = run.controller;
    await openFromRow(ROWS['I-130']);
    await vi.waitFor(() => expect(syncButton().disabled).toBe(false));
    syncButton().click();
    await vi.waitFor(() => expect(dialogText()).toContain('Not sent: MyCase refused the file: your MyCase user may not add documents to this case.'));
    expect(dialogText()).toContain('Fix the problem and click Sync again.');
    expect(dialogRoot().querySelector('[role="alert"]')).not.toBeNull();
    expect(syncButton().disabled).toBe(false);
  });

  it('says so when the job cannot start', async () => {
    loadSavedPage('matter-forms');
    const run = start({
      'forms/sync': () => {
        throw new Error('MyCase is not connected. Connect it in the extension’s options.');
      },
    });
    stop = run.controller;
    await openFromRow(ROWS['I-130']);
    await vi.waitFor(() => expect(syncButton().disabled).toBe(false));
    syncButton().click();
    await vi.waitFor(() => expect(dialogText()).toContain('Not sent: Sync could not start: MyCase is not connected.'));
  });

  it('R25 disables Sync with the reason when the matter is not linked to a MyCase case', async () => {
    loadSavedPage('matter-forms');
    ({ controller: stop } = start({ 'forms/eligibility': () => ({ linked: false, caseId: null, reason: null }) }));
    await openFromRow(ROWS['I-130']);
    await vi.waitFor(() => expect(dialogText()).toContain(NOT_LINKED_REASON));
    expect(syncButton().disabled).toBe(true);
    const describedBy = syncButton().getAttribute('aria-describedby')!;
    expect(dialogRoot().getElementById(describedBy)?.textContent).toBe(NOT_LINKED_REASON);
    stop.abort();
    fakeBrowser.reset();

    // The background's own reason, when it gives one, is shown instead.
    const reason = 'MyCase is not connected yet: connect it in the extension’s options, then link this matter.';
    ({ controller: stop } = start({ 'forms/eligibility': () => ({ linked: false, caseId: null, reason }) }));
    await openFromRow(ROWS['I-130']);
    await vi.waitFor(() => expect(dialogText()).toContain(reason));
    expect(syncButton().disabled).toBe(true);
  });

  it('R25 disables the Family Green Card Smart Form in the dialog, and Sync when it is the only choice', async () => {
    loadSavedPage('matter-forms');
    ({ controller: stop } = start({}));
    rowOf(ROWS['Family Green Card Smart Form']).querySelector<HTMLInputElement>('input.forms-table__select')!.checked = true;
    await vi.waitFor(() => itemIn(document.querySelector('.bulk-actions__menu')!));
    itemIn(document.querySelector('.bulk-actions__menu')!).click();
    await vi.waitFor(() => dialogRoot());
    const family = boxFor('form:507');
    expect(family.disabled).toBe(true);
    expect(family.checked).toBe(false);
    expect(dialogRoot().getElementById(family.getAttribute('aria-describedby')!)?.textContent).toBe(FAMILY_GREEN_CARD_REASON);
    await vi.waitFor(() => expect(dialogText()).toContain(`"Family Green Card Smart Form": ${FAMILY_GREEN_CARD_REASON}`));
    expect(syncButton().disabled).toBe(true);
    // Choosing another form makes Sync possible.
    boxFor('form:506').click();
    await vi.waitFor(() => expect(syncButton().disabled).toBe(false));
  });

  it('asks to choose something when nothing is checked', async () => {
    loadSavedPage('matter-forms');
    ({ controller: stop } = start({}));
    await openFromRow(ROWS['I-130']);
    boxFor('form:501').click();
    await vi.waitFor(() => expect(dialogText()).toContain('Choose at least one form or document to send.'));
    expect(syncButton().disabled).toBe(true);
  });

  it('still offers the forms when the documents cannot be loaded', async () => {
    loadSavedPage('matter-forms');
    ({ controller: stop } = start({}, { loadDocuments: () => Promise.reject(new Error('Docketwise answered 500')) }));
    await openFromRow(ROWS['I-130']);
    await vi.waitFor(() => expect(dialogText()).toContain("The matter's documents could not be loaded (Docketwise answered 500). You can still send its forms"));
    expect(labels()).toHaveLength(7);
    await vi.waitFor(() => expect(syncButton().disabled).toBe(false));
  });

  it('closes on Escape and gives focus back to the menu button that opened it', async () => {
    loadSavedPage('matter-forms');
    ({ controller: stop } = start({}));
    await openFromRow(ROWS['I-765']);
    const pageHeard = vi.fn();
    document.addEventListener('keydown', pageHeard);
    try {
      boxFor('form:504').focus();
      boxFor('form:504').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    } finally {
      document.removeEventListener('keydown', pageHeard);
    }
    expect(injected('forms-dialog')).toHaveLength(0);
    expect(document.activeElement).toBe(rowOf(ROWS['I-765']).querySelector('.row-actions__toggle'));
    expect(pageHeard).not.toHaveBeenCalled();
  });

  it('keeps focus inside the dialog: Tab wraps from the last control to the first and back', async () => {
    loadSavedPage('matter-forms');
    ({ controller: stop } = start({}));
    await openFromRow(ROWS['I-130']);
    await vi.waitFor(() => expect(syncButton().disabled).toBe(false));
    const root = dialogRoot();
    const first = boxFor('form:501');
    syncButton().focus();
    syncButton().dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, composed: true, cancelable: true }));
    expect(root.activeElement).toBe(first);
    first.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', shiftKey: true, bubbles: true, composed: true, cancelable: true }));
    expect(root.activeElement).toBe(syncButton());
    // Focus that wanders to the page behind comes back to the dialog.
    document.querySelector<HTMLElement>('.bulk-actions__toggle')!.removeAttribute('disabled');
    document.querySelector<HTMLElement>('.bulk-actions__toggle')!.focus();
    expect(root.activeElement).toBe(dialogEl());
  });

  it('opens only one dialog at a time', async () => {
    loadSavedPage('matter-forms');
    ({ controller: stop } = start({}));
    await openFromRow(ROWS['I-130']);
    itemIn(rowOf(ROWS['I-485'])).click();
    await vi.waitFor(() => expect(checkedNames()).toEqual(['I-485']));
    expect(injected('forms-dialog')).toHaveLength(1);
  });
});
