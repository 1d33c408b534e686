/**
 * R29: a linked record deleted or archived on one side marks the link; the user then unlinks the
 * pair, re-creates the deleted record, or (archived) keeps the pair syncing. Re-creating goes
 * through the sync's journaled creates, so an interrupted attempt never makes two (R21).
 */
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../src/background/handlers';
import type { Services } from '../../src/background/services';
import { uiProblems } from '../../src/background/status';
import type { SyncSide } from '../../src/core/sync-side';
import type { RecordId } from '../../src/core/types';
import type { SenderContext } from '../../src/messaging/sender';
import { ReviewActionError } from '../../src/sync/engine';
import { createHarness, duplicateKeys, person, type Harness } from './harness';

class Crash extends Error {}

const markKey = (entity: 'contact' | 'matter', dwId: RecordId): string => `link-marked:${entity}:${dwId}`;

/** Two MC people linked at activation; the first one's pair is returned. */
async function linkedContacts(h: Harness): Promise<{ mcId: RecordId; dwId: RecordId }> {
  const mc = h.mc.userCreateContact(person(1));
  h.mc.userCreateContact(person(2));
  await h.engine.activate('two-way');
  h.clock.advance(60_000);
  const link = await h.store.getLinkByMc('contact', mc.id);
  if (!link) throw new Error('the activation did not link the contact');
  return { mcId: mc.id, dwId: link.dw.id };
}

/** Deleted in DW, noticed by the Docketwise check. */
async function deleteInDocketwise(h: Harness, dwId: RecordId): Promise<void> {
  h.dw.userDeleteContact(dwId);
  await h.engine.startRun('docketwise-check');
  h.clock.advance(60_000);
}

/** Deleted in MC, noticed when the DW side changes and is pushed (the read before the write). */
async function deleteInMyCase(h: Harness, pair: { mcId: RecordId; dwId: RecordId }): Promise<void> {
  h.mc.userDeleteContact(pair.mcId);
  h.dw.userUpdateContact(pair.dwId, { workPhone: '5124440000' });
  await h.engine.enqueuePush('contact', pair.dwId);
  await h.engine.startRun('push');
  h.clock.advance(60_000);
}

const refusal = (reason: ReviewActionError['reason']) => expect.objectContaining({ name: 'ReviewActionError', reason });

describe('R29 the user\'s choice on a marked link', () => {
  it('R29 Unlink removes the pair, writes nothing to either side, resolves the item and logs it', async () => {
    const h = await createHarness();
    const pair = await linkedContacts(h);
    await deleteInDocketwise(h, pair.dwId);
    expect((await h.store.getLink('contact', pair.dwId))?.state).toBe('deleted-on-dw');
    const mcBefore = h.mc.allContacts();
    h.mc.resetStats();
    h.dw.resetStats();

    const message = await h.engine.unlinkMarked(markKey('contact', pair.dwId));

    expect(message).toMatch(/^Unlinked\. Nothing was changed/);
    expect(h.mc.stats.requests + h.dw.stats.requests).toBe(0);
    expect(h.mc.allContacts()).toEqual(mcBefore);
    expect(await h.store.getLink('contact', pair.dwId)).toBeUndefined();
    expect(await h.store.getLinkByMc('contact', pair.mcId)).toBeUndefined();
    expect(await h.store.reviewItems()).toEqual([]);
    const [entry] = await h.store.readLog({ limit: 1 });
    expect(entry).toMatchObject({ rule: 'R29', outcome: 'skipped', dwId: pair.dwId, mcId: pair.mcId });
    expect(entry?.reason).toMatch(/Unlinked by the user after it was deleted in Docketwise/);
    // Done once: asking again is refused with a typed error, and still writes nothing.
    await expect(h.engine.unlinkMarked(markKey('contact', pair.dwId))).rejects.toEqual(refusal('gone'));
    await expect(h.engine.recreateMarked('link-marked:contact:999')).rejects.toEqual(refusal('gone'));
    expect(h.mc.stats.requests + h.dw.stats.requests).toBe(0);
  });

  it('R29 Re-create in Docketwise makes the contact again from MyCase; a later MyCase edit syncs through the new pair', async () => {
    const h = await createHarness();
    const pair = await linkedContacts(h);
    h.mc.userUpdateContact(pair.mcId, { mobilePhone: '5127770000' });
    await deleteInDocketwise(h, pair.dwId);

    const message = await h.engine.recreateMarked(markKey('contact', pair.dwId));

    const link = await h.store.getLinkByMc('contact', pair.mcId);
    expect(link?.state).toBe('ok');
    expect(link?.dw.id).not.toBe(pair.dwId);
    expect(message).toBe(`Re-created in Docketwise (Docketwise id ${link?.dw.id}) from the MyCase record, and linked again.`);
    const created = h.dw.allContacts().find((c) => c.id === link?.dw.id);
    expect(created?.fields).toMatchObject({ firstName: 'First1', email: 'p1@example.com', mobilePhone: '5127770000' });
    expect(await h.store.getLink('contact', pair.dwId)).toBeUndefined();
    expect(await h.store.reviewItems()).toEqual([]);
    expect(await h.store.pendingIntents()).toEqual([]);
    const log = await h.store.readLog({ limit: 1 });
    expect(log[0]).toMatchObject({ rule: 'R29', outcome: 'created', dwId: link?.dw.id, mcId: pair.mcId });

    h.mc.userUpdateContact(pair.mcId, { workPhone: '5128881111' });
    await h.engine.startRun('pull');
    await h.engine.startRun('docketwise-check');
    expect(h.dw.allContacts()).toHaveLength(2);
    expect(duplicateKeys(h.dw.allContacts())).toEqual([]);
    expect(h.dw.allContacts().find((c) => c.id === link?.dw.id)?.fields.workPhone).toBe('5128881111');
    expect((await h.store.allLinks('contact')).map((l) => l.state)).toEqual(['ok', 'ok']);
  });

  it('R29 Re-create in MyCase makes the contact again from Docketwise; a later Docketwise edit syncs through the new pair', async () => {
    const h = await createHarness();
    const pair = await linkedContacts(h);
    await deleteInMyCase(h, pair);
    expect((await h.store.getLink('contact', pair.dwId))?.state).toBe('deleted-on-mc');
    expect(h.mc.allContacts()).toHaveLength(1);

    await h.engine.recreateMarked(markKey('contact', pair.dwId));

    const link = await h.store.getLink('contact', pair.dwId);
    expect(link?.state).toBe('ok');
    expect(link?.mc.id).not.toBe(pair.mcId);
    expect(h.mc.allContacts().find((c) => c.id === link?.mc.id)?.fields).toMatchObject({ email: 'p1@example.com', workPhone: '5124440000' });
    expect(await h.store.reviewItems()).toEqual([]);

    h.dw.userUpdateContact(pair.dwId, { lastName: 'Lopez' });
    await h.engine.enqueuePush('contact', pair.dwId);
    await h.engine.startRun('push');
    expect(h.mc.allContacts()).toHaveLength(2);
    expect(h.mc.allContacts().find((c) => c.id === link?.mc.id)?.fields.lastName).toBe('Lopez');
  });

  it('R29 R15 Re-create in Docketwise for a matter: the case becomes a matter again with its client, and later edits follow', async () => {
    const h = await createHarness();
    const pair = await linkedContacts(h);
    const kase = h.mc.userCreateMatter({ name: 'Asylum - First1', description: 'I-589', clientIds: [pair.mcId] });
    await h.engine.startRun('pull');
    const first = await h.store.getLinkByMc('matter', kase.id);
    expect(first?.state).toBe('ok');
    // Another matter keeps the listing non-empty: an empty one proves nothing about deletions.
    const kept = h.dw.userCreateMatter({ name: 'Kept', description: '', clientIds: [pair.dwId] });
    h.dw.userDeleteMatter(first?.dw.id ?? 0);
    await h.engine.startRun('docketwise-check');
    expect((await h.store.getLinkByMc('matter', kase.id))?.state).toBe('deleted-on-dw');

    await h.engine.recreateMarked(markKey('matter', first?.dw.id ?? 0));

    const link = await h.store.getLinkByMc('matter', kase.id);
    expect(link?.state).toBe('ok');
    const recreated = () => h.dw.allMatters().find((m) => m.id !== kept.id);
    expect(h.dw.allMatters()).toHaveLength(2);
    expect(recreated()).toMatchObject({ id: link?.dw.id, fields: { name: 'Asylum - First1', description: 'I-589', clientIds: [pair.dwId] } });
    h.clock.advance(60_000);
    h.mc.userUpdateMatter(kase.id, { description: 'I-589 and I-765' });
    await h.engine.startRun('pull');
    await h.engine.startRun('docketwise-check');
    expect(h.dw.allMatters()).toHaveLength(2);
    expect(recreated()?.fields.description).toBe('I-589 and I-765');
    expect((await h.store.allLinks('matter')).map((l) => l.state)).toEqual(['ok', 'ok']);
  });

  it('R29 R6 Re-create in MyCase for a matter whose name was taken meanwhile gets the matter id suffix; later edits follow', async () => {
    const h = await createHarness();
    const pair = await linkedContacts(h);
    const matter = h.dw.userCreateMatter({ name: 'Visa - First1', description: '', clientIds: [pair.dwId] });
    await h.engine.enqueuePush('matter', matter.id);
    await h.engine.startRun('push');
    const caseId = (await h.store.getLink('matter', matter.id))?.mc.id ?? 0;
    h.mc.userDeleteMatter(caseId);
    h.mc.userCreateMatter({ name: 'Visa - First1', description: 'another client', clientIds: [] });
    h.clock.advance(60_000);
    h.dw.userUpdateMatter(matter.id, { description: 'H-1B' });
    await h.engine.enqueuePush('matter', matter.id);
    await h.engine.startRun('push');
    expect((await h.store.getLink('matter', matter.id))?.state).toBe('deleted-on-mc');

    await h.engine.recreateMarked(markKey('matter', matter.id));

    const link = await h.store.getLink('matter', matter.id);
    expect(link?.state).toBe('ok');
    const recreated = h.mc.allMatters().find((m) => m.id === link?.mc.id);
    expect(recreated?.fields).toMatchObject({ name: `Visa - First1 (${matter.id})`, description: 'H-1B', clientIds: [pair.mcId] });
    h.clock.advance(60_000);
    h.dw.userUpdateMatter(matter.id, { description: 'H-1B extension' });
    await h.engine.enqueuePush('matter', matter.id);
    await h.engine.startRun('push');
    expect(h.mc.allMatters()).toHaveLength(2);
    expect(h.mc.allMatters().find((m) => m.id === link?.mc.id)?.fields.description).toBe('H-1B extension');
  });

  it('R29 R21 the worker stops right after the Docketwise create was sent: re-create again finds it, exactly one contact', async () => {
    let armed = false;
    const h = await createHarness({
      beforeWrite: (label) => {
        if (armed && label === 'created') throw new Crash('worker stopped after the create was sent');
      },
    });
    const pair = await linkedContacts(h);
    await deleteInDocketwise(h, pair.dwId);
    armed = true;
    await expect(h.engine.recreateMarked(markKey('contact', pair.dwId))).rejects.toThrow(Crash);
    armed = false;
    expect(h.dw.allContacts()).toHaveLength(2);
    expect(await h.store.pendingIntents()).toHaveLength(1);

    const engine = await h.restart();
    const message = await engine.recreateMarked(markKey('contact', pair.dwId));

    expect(message).toMatch(/^Re-created in Docketwise/);
    expect(h.dw.allContacts()).toHaveLength(2);
    expect(duplicateKeys(h.dw.allContacts())).toEqual([]);
    const link = await h.store.getLinkByMc('contact', pair.mcId);
    expect(link?.state).toBe('ok');
    expect(h.dw.allContacts().some((c) => c.id === link?.dw.id)).toBe(true);
    expect(await h.store.pendingIntents()).toEqual([]);
    expect(await h.store.reviewItems()).toEqual([]);
    expect(await h.store.getLink('contact', pair.dwId)).toBeUndefined();
  });

  it('R29 R21 the MyCase answer to a re-create is lost: the next run finds the contact, links it and resolves the item', async () => {
    const h = await createHarness();
    const pair = await linkedContacts(h);
    await deleteInMyCase(h, pair);
    h.mc.failNextWrites(1, 'lose');
    await expect(h.engine.recreateMarked(markKey('contact', pair.dwId))).rejects.toThrow(/response lost/);
    expect(h.mc.allContacts()).toHaveLength(2);

    await h.engine.startRun('pull');

    expect(h.mc.allContacts()).toHaveLength(2);
    const link = await h.store.getLink('contact', pair.dwId);
    expect(link?.state).toBe('ok');
    expect(h.mc.allContacts().some((c) => c.id === link?.mc.id)).toBe(true);
    expect(await h.store.reviewItems()).toEqual([]);
    expect(await h.store.pendingIntents()).toEqual([]);
    expect((await h.store.readLog()).some((e) => e.rule === 'R29' && e.reason.includes('found again and linked (R21)'))).toBe(true);
    await expect(h.engine.recreateMarked(markKey('contact', pair.dwId))).rejects.toEqual(refusal('gone'));
    expect(h.mc.allContacts()).toHaveLength(2);
  });

  it('R29 R23 one-way mode refuses to re-create in MyCase and writes nothing there; Unlink is still allowed', async () => {
    const h = await createHarness();
    const pair = await linkedContacts(h);
    await deleteInMyCase(h, pair);
    await h.engine.setMode('one-way');
    h.mc.resetStats();

    const error = await h.engine.recreateMarked(markKey('contact', pair.dwId)).catch((e: unknown) => e);

    expect(error).toEqual(refusal('one-way'));
    expect((error as Error).message).toMatch(/One-way sync writes nothing to MyCase \(R23\)/);
    expect(h.mc.stats.writes).toBe(0);
    expect((await h.store.getLink('contact', pair.dwId))?.state).toBe('deleted-on-mc');
    expect(await h.store.reviewItems()).toHaveLength(1);
    await h.engine.unlinkMarked(markKey('contact', pair.dwId));
    expect(await h.store.getLink('contact', pair.dwId)).toBeUndefined();
    expect(h.mc.stats.writes).toBe(0);
  });

  it('R29 archived: re-create is refused; Keep syncing waits for the unarchive, then brings the changes made meanwhile across', async () => {
    const h = await createHarness();
    const pair = await linkedContacts(h);
    h.mc.userArchiveContact(pair.mcId);
    await h.engine.startRun('pull');
    const key = markKey('contact', pair.dwId);
    expect((await h.store.getLink('contact', pair.dwId))?.state).toBe('archived-on-mc');
    // A Docketwise edit while marked is not sent (R29: nothing moves until the user decides).
    h.dw.userUpdateContact(pair.dwId, { workPhone: '5126660000' });
    await h.engine.enqueuePush('contact', pair.dwId);
    await h.engine.startRun('push');
    expect(h.mc.allContacts().find((c) => c.id === pair.mcId)?.fields.workPhone).toBe('');

    await expect(h.engine.recreateMarked(key)).rejects.toEqual(refusal('not-offered'));
    await expect(h.engine.resumeMarked(key)).rejects.toEqual(refusal('still-archived'));
    expect((await h.store.getLink('contact', pair.dwId))?.state).toBe('archived-on-mc');

    // The fake cannot unarchive: a MyCase side that reports the record active again stands in.
    const unarchived: SyncSide = {
      ...h.mc,
      getContact: async (id) => {
        const contact = await h.mc.getContact(id);
        return contact && { ...contact, archived: false };
      },
    };
    const engine = await h.restart({ mycase: unarchived });
    const message = await engine.resumeMarked(key);

    expect(message).toMatch(/^Syncing again/);
    expect((await h.store.getLink('contact', pair.dwId))?.state).toBe('ok');
    expect(await h.store.reviewItems()).toEqual([]);
    expect(h.mc.allContacts().find((c) => c.id === pair.mcId)?.fields.workPhone).toBe('5126660000');
    expect((await h.store.readLog()).some((e) => e.rule === 'R29' && e.outcome === 'linked' && e.reason.includes('Kept linked by the user'))).toBe(true);
    h.dw.userUpdateContact(pair.dwId, { lastName: 'Again' });
    await engine.enqueuePush('contact', pair.dwId);
    await engine.startRun('push');
    expect(h.mc.allContacts().find((c) => c.id === pair.mcId)?.fields.lastName).toBe('Again');
    expect(h.mc.allContacts()).toHaveLength(2);
  });

  it('R29 a deleted mark offers no Keep syncing, and an archived record deleted since becomes a deleted mark', async () => {
    const h = await createHarness();
    const pair = await linkedContacts(h);
    await deleteInDocketwise(h, pair.dwId);
    await expect(h.engine.resumeMarked(markKey('contact', pair.dwId))).rejects.toEqual(refusal('not-offered'));

    const other = (await h.store.allLinks('contact')).find((l) => l.state === 'ok');
    h.mc.userArchiveContact(other?.mc.id ?? 0);
    await h.engine.startRun('pull');
    expect((await h.store.getLink('contact', other?.dw.id ?? 0))?.state).toBe('archived-on-mc');
    h.mc.userDeleteContact(other?.mc.id ?? 0);
    await expect(h.engine.resumeMarked(markKey('contact', other?.dw.id ?? 0))).rejects.toEqual(refusal('gone'));
    expect((await h.store.getLink('contact', other?.dw.id ?? 0))?.state).toBe('deleted-on-mc');
    expect((await h.store.reviewItems()).find((r) => r.key === markKey('contact', other?.dw.id ?? 0))?.nextStep).toMatch(/re-create it in MyCase/);
  });

  it('R29 choices run under the run lock: refused while a run is going, and a run asked for meanwhile is busy', async () => {
    const h = await createHarness();
    const pair = await linkedContacts(h);
    await deleteInDocketwise(h, pair.dwId);
    const key = markKey('contact', pair.dwId);

    const running = h.engine.startRun('pull');
    await expect(h.engine.unlinkMarked(key)).rejects.toEqual(refusal('busy'));
    await running;

    const choice = h.engine.recreateMarked(key);
    expect((await h.engine.startRun('pull')).status).toBe('busy');
    await choice;
    expect((await h.store.getLinkByMc('contact', pair.mcId))?.state).toBe('ok');
    // Another worker's live lock refuses it too.
    await h.store.acquireLock('other-run', 'other-worker', h.clock.now(), 60_000);
    await expect(h.engine.unlinkMarked(key)).rejects.toEqual(refusal('busy'));
  });

  it('R29 linking by hand in place of a marked pair replaces it and resolves its item', async () => {
    const h = await createHarness();
    const pair = await linkedContacts(h);
    await deleteInDocketwise(h, pair.dwId);
    const again = h.dw.userCreateContact(person(1, { mobilePhone: '' }));

    expect(await h.engine.linkManually('contact', again.id, pair.mcId)).toMatchObject({ linked: true });

    expect((await h.store.getLinkByMc('contact', pair.mcId))?.dw.id).toBe(again.id);
    expect(await h.store.getLink('contact', pair.dwId)).toBeUndefined();
    expect(await h.store.reviewItems()).toEqual([]);
  });
});

describe('R29 review/list and review/resolve in the background', () => {
  const sender: SenderContext = { kind: 'extension-page', url: 'chrome-extension://x/options.html' };

  async function handlersFor(h: Harness) {
    // Only the parts these two handlers use; the rest of Services needs a browser.
    const services = { store: h.store, engine: h.engine } as unknown as Services;
    return createHandlers({ services: async () => services, refreshBadge: () => undefined });
  }

  it('R29 a marked item names the surviving record, says what happened where, and offers its choices', async () => {
    const h = await createHarness();
    const pair = await linkedContacts(h);
    await deleteInDocketwise(h, pair.dwId);
    const handlers = await handlersFor(h);

    const { items } = (await handlers['review/list']?.({}, sender)) ?? { items: [] };

    expect(items).toEqual([
      expect.objectContaining({
        id: markKey('contact', pair.dwId),
        kind: 'deleted-on-docketwise',
        label: 'First1 Last1',
        mark: { what: 'deleted', side: 'docketwise', choices: ['recreate', 'unlink'] },
        candidates: [
          { side: 'docketwise', id: pair.dwId, label: 'First1 Last1 (deleted)' },
          { side: 'mycase', id: pair.mcId, label: 'First1 Last1' },
        ],
      }),
    ]);
    expect(items[0]?.details).toBe(
      'Contact "First1 Last1" was deleted in Docketwise; the MyCase record was left as it is (Docketwise ' +
        `${pair.dwId} / MyCase ${pair.mcId}). Unlink the two, or re-create it in Docketwise from the MyCase record.`,
    );
    // The popup's problem for it leads straight to the item in the review queue.
    const [problem] = uiProblems(await h.engine.status(), [], 'run-1');
    expect(problem?.action).toEqual({ kind: 'review', itemId: markKey('contact', pair.dwId) });
  });

  it('R29 R23 review/resolve answers in plain words: refused in one-way, done for unlink, then already dealt with', async () => {
    const h = await createHarness();
    const pair = await linkedContacts(h);
    await deleteInMyCase(h, pair);
    await h.engine.setMode('one-way');
    const handlers = await handlersFor(h);
    const resolve = handlers['review/resolve'];
    const itemId = markKey('contact', pair.dwId);

    expect(await resolve?.({ itemId, action: 'recreate' }, sender)).toMatchObject({ done: false, message: expect.stringMatching(/One-way sync/) });
    expect(await resolve?.({ itemId, action: 'unlink' }, sender)).toMatchObject({ done: true, message: expect.stringMatching(/^Unlinked/) });
    expect(await resolve?.({ itemId, action: 'unlink' }, sender)).toMatchObject({ done: false, message: expect.stringMatching(/already dealt with/) });
  });
});
