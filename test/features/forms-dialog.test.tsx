// @vitest-environment happy-dom
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRuntimeMessageClient } from '../../src/messaging/client';
import { createFormsDialogController, MAX_POLL_ERRORS } from '../../src/features/forms-dialog/controller';
import { fetchMatterDocuments, parseMatterDocuments, DocumentsUnavailableError } from '../../src/features/forms-dialog/documents';
import { FormsDialog } from '../../src/features/forms-dialog/forms-dialog';
import {
  CHECKING_REASON,
  MAX_ITEMS,
  TOO_MANY_REASON,
  makeItem,
  moveItem,
  progressText,
  syncEligibility,
  syncRequest,
  toggleItem,
  type DialogState,
} from '../../src/features/forms-dialog/model';
import { FAMILY_GREEN_CARD_REASON, NOT_LINKED_REASON, NOTHING_CHOSEN_REASON } from '../../src/forms/eligibility';
import { fakeBackground } from './helpers';

function state(over: Partial<DialogState> = {}): DialogState {
  return {
    matterId: 11,
    matterName: 'Alvarez Family Green Card',
    items: [
      makeItem('form', 501, 'I-130', '/downloads/forms/501.pdf', true),
      makeItem('form', 507, 'Family-Based Green Card Smart Form', '/downloads/forms/507.pdf', true),
      makeItem('document', 902, 'Birth certificate', null, false),
    ],
    editable: true,
    link: { kind: 'linked', caseId: 77 },
    documents: { kind: 'loaded', skipped: 0 },
    sync: { kind: 'idle' },
    requestedBlocked: null,
    ...over,
  };
}

describe('forms-dialog model', () => {
  it('R25 never lets the Family Green Card Smart Form be chosen, whatever its spelling', () => {
    const s = state();
    const family = s.items[1]!;
    expect(family.checked).toBe(false);
    expect(family.blockedReason).toBe(FAMILY_GREEN_CARD_REASON);
    expect(toggleItem(s, family.key, true).items[1]!.checked).toBe(false);
    expect(makeItem('form', 1, 'Green Card Smart Form', '/x.pdf', true).blockedReason).toBeNull();
    // Documents are never the smart form, whatever they are called.
    expect(makeItem('document', 2, 'Family Green Card notes', null, true).blockedReason).toBeNull();
  });

  it('R25 Sync needs a linked matter and an allowed choice, and says why not', () => {
    expect(syncEligibility(state({ link: { kind: 'checking' } }))).toEqual({ enabled: false, reason: CHECKING_REASON });
    expect(syncEligibility(state({ link: { kind: 'unlinked', reason: NOT_LINKED_REASON } }))).toEqual({ enabled: false, reason: NOT_LINKED_REASON });
    expect(syncEligibility(state())).toEqual({ enabled: true });
    const none = toggleItem(state(), 'form:501', false);
    expect(syncEligibility(none)).toEqual({ enabled: false, reason: NOTHING_CHOSEN_REASON });
    const onlyFamily = { ...none, requestedBlocked: none.items[1]! };
    expect(syncEligibility(onlyFamily)).toEqual({ enabled: false, reason: `"Family-Based Green Card Smart Form": ${FAMILY_GREEN_CARD_REASON}` });
  });

  it(`caps a package at ${MAX_ITEMS} items, the protocol's limit`, () => {
    const items = Array.from({ length: MAX_ITEMS + 1 }, (_, i) => makeItem('document', i + 1, `Doc ${i + 1}`, null, true));
    expect(syncEligibility(state({ items }))).toEqual({ enabled: false, reason: TOO_MANY_REASON });
    expect(syncEligibility(state({ items: items.slice(0, MAX_ITEMS) }))).toEqual({ enabled: true });
  });

  it('R24 moves items up and down, and stops at the ends', () => {
    const s = state();
    expect(moveItem(s, 'document:902', -1).items.map((i) => i.key)).toEqual(['form:501', 'document:902', 'form:507']);
    expect(moveItem(s, 'form:501', 1).items.map((i) => i.key)).toEqual(['form:507', 'form:501', 'document:902']);
    expect(moveItem(s, 'form:501', -1)).toBe(s);
    expect(moveItem(s, 'document:902', 1)).toBe(s);
    expect(moveItem(s, 'form:404', 1)).toBe(s);
  });

  it('R24 the request holds the chosen items only, in the dialog order, with the PDF kind', () => {
    let s = toggleItem(state(), 'document:902', true);
    s = moveItem(s, 'document:902', -1);
    s = moveItem(s, 'document:902', -1);
    expect(syncRequest({ ...s, editable: false })).toEqual({
      matterId: 11,
      matterName: 'Alvarez Family Green Card',
      editable: false,
      items: [
        { kind: 'document', id: 902, name: 'Birth certificate', downloadPath: null },
        { kind: 'form', id: 501, name: 'I-130', downloadPath: '/downloads/forms/501.pdf' },
      ],
    });
  });

  it('words the progress states', () => {
    const base = { jobId: 'j', done: 0, total: 4, message: '', result: null };
    expect(progressText(null)).toBe('Starting…');
    expect(progressText({ ...base, state: 'fetching' })).toBe('Fetching 1 of 4…');
    expect(progressText({ ...base, state: 'fetching', done: 4 })).toBe('Fetching 4 of 4…');
    expect(progressText({ ...base, state: 'building' })).toBe('Building the PDF…');
    expect(progressText({ ...base, state: 'uploading' })).toBe('Uploading to MyCase…');
  });
});

describe('forms-dialog documents', () => {
  it('keeps good records, names and skips bad ones, and leaves out archived files', () => {
    const reading = parseMatterDocuments(11, [
      { id: 901, title: 'Passport scan', filename: 'passport.pdf', archived: false },
      { id: 'x', title: 'Broken' },
      { id: 903, title: '', filename: 'lease.pdf' },
      { id: 904, title: null, filename: null },
      { id: 905, title: 'Old', archived: true },
    ]);
    expect(reading.documents).toEqual([
      { id: 901, name: 'Passport scan' },
      { id: 903, name: 'lease.pdf' },
      { id: 904, name: 'Document 904' },
    ]);
    expect(reading.problems).toHaveLength(1);
    expect(reading.problems[0]!.message).toMatch(/^document x: id /);
    expect(() => parseMatterDocuments(11, { error: 'nope' })).toThrow(DocumentsUnavailableError);
  });

  it('fetches the Files data same-origin with the page session, and turns failures into typed errors', async () => {
    const calls: { url: string; init: RequestInit | undefined }[] = [];
    let answer: Response = new Response(JSON.stringify([{ id: 901, title: 'Passport scan' }]), { status: 200 });
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      calls.push({ url, init });
      return answer;
    });
    try {
      const signal = new AbortController().signal;
      await expect(fetchMatterDocuments(11, signal)).resolves.toEqual({ documents: [{ id: 901, name: 'Passport scan' }], problems: [] });
      expect(calls[0]?.url).toBe('/app-api/matters/11/documents');
      expect(calls[0]?.init?.credentials).toBe('include');
      answer = new Response('{"error":"Not found"}', { status: 404 });
      await expect(fetchMatterDocuments(11, signal)).rejects.toThrow('Docketwise answered 404');
      answer = new Response('<html>', { status: 200 });
      await expect(fetchMatterDocuments(11, signal)).rejects.toThrow(DocumentsUnavailableError);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('forms-dialog controller', () => {
  let stop: AbortController;
  beforeEach(() => {
    fakeBrowser.reset();
    stop = new AbortController();
  });
  afterEach(() => stop.abort());

  const controllerWith = (onChange = () => undefined) =>
    createFormsDialogController({
      send: createRuntimeMessageClient(),
      signal: stop.signal,
      matterId: 11,
      matterName: 'Alvarez Family Green Card',
      forms: [{ id: 501, name: 'I-130', downloadPath: '/downloads/forms/501.pdf' }],
      preChecked: [501],
      loadDocuments: async () => ({ documents: [], problems: [] }),
      onChange,
      pollIntervalMs: 1,
      logger: { warn: vi.fn() },
    });

  it(`gives up following after ${MAX_POLL_ERRORS} failed polls in a row, and says to look in MyCase first`, async () => {
    const background = fakeBackground({
      'forms/eligibility': () => ({ linked: true, caseId: 77, reason: null }),
      'forms/sync': () => ({ jobId: 'job-1' }),
      'forms/progress': () => {
        throw new Error('worker restarting');
      },
    });
    const controller = controllerWith();
    controller.start();
    await vi.waitFor(() => expect(controller.state().link.kind).toBe('linked'));
    await controller.sync();
    expect(background.ofType('forms/progress')).toHaveLength(MAX_POLL_ERRORS);
    const sync = controller.state().sync;
    expect(sync.kind).toBe('failed');
    expect(sync.kind === 'failed' && sync.message).toContain("look at the MyCase case's documents before sending again");
  });

  it('a link check that fails disables Sync with a plain reason', async () => {
    fakeBackground({});
    const controller = controllerWith();
    controller.start();
    await vi.waitFor(() => expect(controller.state().link.kind).toBe('unlinked'));
    const link = controller.state().link;
    expect(link.kind === 'unlinked' && link.reason).toContain("could not check this matter's MyCase link: this version of the extension cannot do that yet");
    await controller.sync();
    expect(controller.state().sync.kind).toBe('idle');
  });

  it('stops polling when the dialog closes mid-job', async () => {
    const background = fakeBackground({
      'forms/eligibility': () => ({ linked: true, caseId: 77, reason: null }),
      'forms/sync': () => ({ jobId: 'job-2' }),
      'forms/progress': () => ({ jobId: 'job-2', state: 'uploading', done: 1, total: 1, message: '', result: null }),
    });
    const controller = controllerWith();
    controller.start();
    await vi.waitFor(() => expect(controller.state().link.kind).toBe('linked'));
    const running = controller.sync();
    await vi.waitFor(() => expect(background.ofType('forms/progress').length).toBeGreaterThan(0));
    stop.abort();
    await running;
    const count = background.ofType('forms/progress').length;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(background.ofType('forms/progress')).toHaveLength(count);
  });
});

describe('FormsDialog view', () => {
  it('R25 shows the unlinked reason and a disabled Sync, and keeps the controls reachable by keyboard', () => {
    const mount = document.createElement('div');
    document.body.append(mount);
    const onMove = vi.fn();
    render(
      <FormsDialog
        state={state({ link: { kind: 'unlinked', reason: NOT_LINKED_REASON } })}
        onToggle={vi.fn()}
        onMove={onMove}
        onEditable={vi.fn()}
        onSync={vi.fn()}
        onClose={vi.fn()}
      />,
      mount,
    );
    expect(mount.querySelector('[role="alert"]')?.textContent).toBe(NOT_LINKED_REASON);
    expect(mount.querySelector<HTMLButtonElement>('button[data-action="sync"]')!.disabled).toBe(true);
    const down = mount.querySelector<HTMLButtonElement>('li[data-item="form:501"] button[data-move="down"]')!;
    expect(down.tagName).toBe('BUTTON');
    expect(down.getAttribute('aria-label')).toBe('Move I-130 down');
    down.click();
    expect(onMove).toHaveBeenCalledWith('form:501', 1);
    render(null, mount);
    mount.remove();
  });
});
