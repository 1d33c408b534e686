import { describe, expect, it } from 'vitest';
import { PermissionDeniedError } from '../../src/core/errors';
import { emptyAddress } from '../../src/core/types';
import { createHarness, duplicateKeys, person } from './harness';

describe('engine: activation and the initial sync', () => {
  it('R8 R10 matches are linked, unmatched MC persons are created in DW, unmatched DW persons stay unlinked', async () => {
    const h = await createHarness();
    for (let i = 0; i < 10; i += 1) h.mc.userCreateContact(person(i));
    for (let i = 5; i < 15; i += 1) h.dw.userCreateContact(person(i, { firstName: i < 10 ? `FIRST${i}` : `First${i}` }));
    const out = await h.engine.activate('two-way');
    expect(out.status).toBe('done');
    expect(out.counts.contact.pull).toMatchObject({ created: 5, linked: 5 });
    expect(h.dw.allContacts()).toHaveLength(15);
    expect(await h.store.allLinks('contact')).toHaveLength(10);
    expect(h.mc.stats.writes).toBe(0);
  });

  it('R9 MC values overwrite DW on first match; an empty MC value keeps the DW value and is noted', async () => {
    const h = await createHarness();
    h.mc.userCreateContact(person(1, { workPhone: '', mobilePhone: '5129990000' }));
    const dw = h.dw.userCreateContact(person(1, { workPhone: '5121112222', mobilePhone: '5120000000' }));
    await h.engine.activate('two-way');
    const after = h.dw.allContacts().find((c) => c.id === dw.id);
    expect(after?.fields.mobilePhone).toBe('5129990000');
    expect(after?.fields.workPhone).toBe('5121112222');
    const log = await h.store.readLog();
    expect(log.some((e) => e.reason.includes('R9') && e.reason.includes('workPhone'))).toBe(true);
  });

  it('R9 R4 a blank MC Address 2 never erases the DW Apt/Ste/Flr number, even when the street is written', async () => {
    const h = await createHarness();
    const withUnit = (n: number, street: string) => person(n, { address: { ...person(n).address, street, unitNumber: '12', unitType: 'ste' } });
    h.mc.userCreateContact(person(1));
    h.mc.userCreateContact(person(2, { address: { ...person(2).address, street: '9 Oak Ave' } }));
    const same = h.dw.userCreateContact(withUnit(1, person(1).address.street));
    const moved = h.dw.userCreateContact(withUnit(2, person(2).address.street));
    await h.engine.activate('two-way');
    expect(h.dw.stats.writes).toBe(1);
    const after = (id: number) => h.dw.allContacts().find((c) => c.id === id)?.fields.address;
    expect(after(same.id)).toMatchObject({ street: '1 Main St', unitNumber: '12', unitType: 'ste' });
    expect(after(moved.id)).toMatchObject({ street: '9 Oak Ave', unitNumber: '12', unitType: 'ste' });
    const log = await h.store.readLog();
    expect(log.filter((e) => e.reason.includes('R9') && e.reason.includes('address'))).toHaveLength(2);
    // A run right after writes nothing (R19): the kept number is not re-decided.
    h.dw.resetStats();
    await h.engine.startRun('pull');
    await h.engine.startRun('docketwise-check');
    expect(h.dw.stats.writes + h.mc.stats.writes).toBe(0);
  });

  it('R11 an ambiguous key links nothing and is listed for the user', async () => {
    const h = await createHarness();
    h.mc.userCreateContact(person(1));
    h.dw.userCreateContact(person(1));
    h.dw.userCreateContact(person(1));
    await h.engine.activate('two-way');
    expect(await h.store.allLinks()).toHaveLength(0);
    expect(h.dw.allContacts()).toHaveLength(2);
    const review = await h.store.reviewItems();
    expect(review.filter((r) => r.kind === 'ambiguous')).toHaveLength(1);
    expect((await h.engine.status()).problems[0]?.nextStep).toMatch(/Merge/);
  });

  it('R3 company contacts are skipped and counted', async () => {
    const h = await createHarness();
    h.mc.userCreateContact(person(1, { firstName: '', lastName: '' }), { kind: 'company' });
    h.mc.userCreateContact(person(2));
    const out = await h.engine.activate('two-way');
    expect(out.counts.contact.pull).toMatchObject({ created: 1, skipped: 1 });
  });

  it('R7 progress: done/total and an ETA are reported for an unfinished initial sync', async () => {
    const h = await createHarness({ engine: { batchSize: 10 } });
    for (let i = 0; i < 40; i += 1) h.mc.userCreateContact(person(i));
    let creates = 0;
    h.dw.setBeforeCall((call) => {
      h.clock.advance(100);
      if (call.method === 'createContact' && ++creates === 25) throw new Error('worker stopped');
    });
    await expect(h.engine.activate('two-way')).rejects.toThrow('worker stopped');
    const running = (await h.engine.status()).running;
    expect(running).toMatchObject({ kind: 'initial', done: 20, total: 40 });
    expect(running?.etaMs).toBeGreaterThan(0);
    h.dw.setBeforeCall(null);
    const engine = await h.restart();
    expect((await engine.resume())?.status).toBe('done');
    expect((await engine.status()).running).toBeNull();
    expect(h.dw.allContacts()).toHaveLength(40);
  });

  it('R7 a MyCase plan without API access gets a clear message and nothing is written', async () => {
    const h = await createHarness();
    h.mc.userCreateContact(person(1));
    h.mc.setBeforeCall(() => {
      throw new PermissionDeniedError('Your MyCase plan has no API access', 'mycase', 'plan');
    });
    const out = await h.engine.activate('two-way');
    expect(out.status).toBe('failed');
    expect(h.dw.stats.writes + h.mc.stats.writes).toBe(0);
    const status = await h.engine.status();
    expect(status.problems[0]?.nextStep).toMatch(/Pro or Advanced/);
  });

  it('R12 matters are not synced at activation', async () => {
    const h = await createHarness();
    const c = h.mc.userCreateContact(person(1));
    h.mc.userCreateMatter({ name: 'Case', description: '', clientIds: [c.id] });
    await h.engine.activate('two-way');
    expect(h.dw.allMatters()).toHaveLength(0);
    h.clock.advance(60_000);
    await h.engine.startRun('pull');
    expect(h.dw.allMatters()).toHaveLength(0);
  });
});

describe('engine: pull (MC → DW)', () => {
  it('R13 pull asks for changes since the last successful pull start minus a 10 minute overlap', async () => {
    const h = await createHarness();
    await h.engine.activate('two-way');
    const settings = await h.store.settings();
    const asked: string[] = [];
    const original = h.mc.listContacts.bind(h.mc);
    h.mc.listContacts = (options) => {
      asked.push(options?.updatedAfter ?? 'none');
      return original(options);
    };
    h.clock.advance(3_600_000);
    await h.engine.startRun('pull');
    expect(asked[0]).toBe(new Date((settings.lastPullStartedAt ?? 0) - 10 * 60_000).toISOString());
  });

  it('R14 a linked MC person that changed updates DW with only the changed fields (R1)', async () => {
    const h = await createHarness();
    const mc = h.mc.userCreateContact(person(1));
    await h.engine.activate('two-way');
    h.clock.advance(60_000);
    h.mc.userUpdateContact(mc.id, { workPhone: '5127770000' });
    const updates: unknown[] = [];
    const original = h.dw.updateContact.bind(h.dw);
    h.dw.updateContact = (id, patch) => {
      updates.push(patch);
      return original(id, patch);
    };
    await h.engine.startRun('pull');
    expect(updates).toEqual([{ workPhone: '5127770000' }]);
  });

  it('R14 an unlinked MC person matching an unlinked DW person is linked, else created', async () => {
    const h = await createHarness();
    await h.engine.activate('two-way');
    h.clock.advance(60_000);
    const dw = h.dw.userCreateContact(person(3));
    await h.engine.startRun('docketwise-check');
    // The DW person is new after activation and would be pushed; one-way to isolate the pull.
    await h.engine.setMode('one-way');
    const dw2 = h.dw.userCreateContact(person(4));
    await h.engine.startRun('docketwise-check');
    const mc4 = h.mc.userCreateContact(person(4));
    h.mc.userCreateContact(person(5));
    await h.engine.startRun('pull');
    expect((await h.store.getLinkByMc('contact', mc4.id))?.dw.id).toBe(dw2.id);
    expect(h.dw.allContacts().filter((c) => c.fields.firstName === 'First5')).toHaveLength(1);
    expect(dw.id).toBeGreaterThan(0);
  });

  it('R4 pull writes Address 2 into the number and recognises a descriptor', async () => {
    const h = await createHarness();
    h.mc.userCreateContact(person(1, { address: { ...emptyAddress(), street: '1 A St', unitNumber: 'Suite 200' } }));
    await h.engine.activate('two-way');
    expect(h.dw.allContacts()[0]?.fields.address).toMatchObject({ unitNumber: '200', unitType: 'ste' });
    // And nothing echoes: the DW record hashes like the MC one (R19).
    h.clock.advance(60_000);
    await h.engine.startRun('docketwise-check');
    expect(h.mc.stats.writes).toBe(0);
  });

  it('R15 a case created after activation becomes a DW matter with its first linked person as client', async () => {
    const h = await createHarness();
    const company = h.mc.userCreateContact(person(9, { firstName: '', lastName: '' }), { kind: 'company' });
    await h.engine.activate('two-way');
    h.clock.advance(60_000);
    const client = h.mc.userCreateContact(person(2));
    const kase = h.mc.userCreateMatter({ name: 'Lopez I-130', description: 'Family petition', clientIds: [company.id, client.id] });
    await h.engine.startRun('pull');
    const [matter] = h.dw.allMatters();
    const dwClient = (await h.store.getLinkByMc('contact', client.id))?.dw.id;
    expect(matter?.fields).toEqual({ name: 'Lopez I-130', description: 'Family petition', clientIds: [dwClient] });
    expect((await h.store.getLinkByMc('matter', kase.id))?.dw.id).toBe(matter?.id);
  });

  it('R15 a case with no person client is skipped with that reason until it gets one', async () => {
    const h = await createHarness();
    await h.engine.activate('two-way');
    h.clock.advance(60_000);
    const kase = h.mc.userCreateMatter({ name: 'Empty', description: '', clientIds: [] });
    await h.engine.startRun('pull');
    expect(h.dw.allMatters()).toHaveLength(0);
    expect((await h.store.readLog()).some((e) => e.rule === 'R15' && e.outcome === 'skipped')).toBe(true);
    h.clock.advance(60_000);
    const client = h.mc.userCreateContact(person(1));
    h.mc.userUpdateMatter(kase.id, { clientIds: [client.id] });
    await h.engine.startRun('pull');
    expect(h.dw.allMatters()).toHaveLength(1);
    expect((await h.store.reviewItems()).filter((r) => r.kind === 'no-client')).toHaveLength(0);
  });

  it('R6 on pull the suffix is stripped so it never leaks into DW', async () => {
    const h = await createHarness();
    await h.engine.activate('two-way');
    h.clock.advance(60_000);
    const a = h.mc.userCreateContact(person(1));
    h.mc.userCreateMatter({ name: 'Asylum', description: '', clientIds: [a.id] });
    h.clock.advance(60_000);
    const dwClient = h.dw.userCreateContact(person(2));
    await h.engine.startRun('docketwise-check');
    h.clock.advance(60_000);
    const dwMatter = h.dw.userCreateMatter({ name: 'Asylum', description: 'x', clientIds: [dwClient.id] });
    await h.engine.enqueuePush('matter', dwMatter.id);
    await h.engine.startRun('push');
    const mcCase = h.mc.allMatters().find((m) => m.fields.name === `Asylum (${dwMatter.id})`);
    expect(mcCase).toBeDefined();
    h.clock.advance(60_000);
    h.mc.userUpdateMatter(mcCase?.id ?? 0, { description: 'changed in MC' });
    await h.engine.startRun('pull');
    const after = h.dw.allMatters().find((m) => m.id === dwMatter.id);
    expect(after?.fields).toMatchObject({ name: 'Asylum', description: 'changed in MC' });
  });
});

describe('engine: push (DW → MC)', () => {
  it('R16 R18 a new DW primary contact is created in MC and linked through the outbox', async () => {
    const h = await createHarness();
    await h.engine.activate('two-way');
    h.clock.advance(60_000);
    const dw = h.dw.userCreateContact(person(1, { address: { ...emptyAddress(), unitNumber: 'Apt 4B', unitType: 'apt' } }));
    await h.engine.enqueuePush('contact', dw.id);
    const out = await h.engine.startRun('push');
    expect(out.counts.contact.push.created).toBe(1);
    const [mc] = h.mc.allContacts();
    expect(mc?.fields.address.unitNumber).toBe('4B');
    expect(await h.store.outboxSize()).toBe(0);
  });

  it('R16 leads and companies are not pushed', async () => {
    const h = await createHarness();
    await h.engine.activate('two-way');
    h.clock.advance(60_000);
    h.dw.userCreateContact(person(1), { lead: true });
    h.dw.userCreateContact(person(2, { firstName: '', lastName: '' }), { kind: 'company' });
    await h.engine.startRun('docketwise-check');
    expect(h.mc.allContacts()).toHaveLength(0);
  });

  it('R2 an email used by another MC contact: the contact is written without it, logged and queued for review', async () => {
    const h = await createHarness();
    h.mc.userCreateContact(person(1, { firstName: 'Other', email: 'shared@example.com' }));
    await h.engine.activate('two-way');
    h.clock.advance(60_000);
    const dw = h.dw.userCreateContact(person(2, { email: 'shared@example.com' }));
    await h.engine.enqueuePush('contact', dw.id);
    const out = await h.engine.startRun('push');
    expect(out.status).toBe('done');
    const created = h.mc.allContacts().find((c) => c.fields.firstName === 'First2');
    expect(created?.fields.email).toBe('');
    expect((await h.store.readLog()).some((e) => e.rule === 'R2' && e.dwId === dw.id)).toBe(true);
    expect((await h.store.reviewItems()).some((r) => r.kind === 'email-taken')).toBe(true);
    // Settled: another run writes nothing more.
    h.mc.resetStats();
    await h.engine.startRun('docketwise-check');
    expect(h.mc.stats.writes).toBe(0);
  });

  it('R6 R17 a DW matter whose name is taken in MC is created with the DW matter id appended, client pushed first', async () => {
    const h = await createHarness();
    const mcClient = h.mc.userCreateContact(person(1));
    h.mc.userCreateMatter({ name: 'Garcia N-400', description: '', clientIds: [mcClient.id] });
    await h.engine.activate('two-way');
    h.clock.advance(60_000);
    const dwClient = h.dw.userCreateContact(person(2));
    const dwMatter = h.dw.userCreateMatter({ name: 'Garcia N-400', description: 'd', clientIds: [dwClient.id] });
    await h.engine.startRun('docketwise-check');
    const created = h.mc.allMatters().find((m) => m.fields.name === `Garcia N-400 (${dwMatter.id})`);
    const mcOfClient = (await h.store.getLink('contact', dwClient.id))?.mc.id;
    expect(created?.fields.clientIds).toEqual([mcOfClient]);
  });

  it('R17 a changed DW client is added to the MC case clients', async () => {
    const h = await createHarness();
    await h.engine.activate('two-way');
    h.clock.advance(60_000);
    const a = h.dw.userCreateContact(person(1));
    const b = h.dw.userCreateContact(person(2));
    const m = h.dw.userCreateMatter({ name: 'M', description: '', clientIds: [a.id] });
    await h.engine.startRun('docketwise-check');
    h.clock.advance(60_000);
    h.dw.userUpdateMatter(m.id, { clientIds: [b.id] });
    await h.engine.startRun('docketwise-check');
    const link = await h.store.getLink('matter', m.id);
    const mcCase = h.mc.allMatters().find((x) => x.id === link?.mc.id);
    const [mcA, mcB] = [(await h.store.getLink('contact', a.id))?.mc.id, (await h.store.getLink('contact', b.id))?.mc.id];
    expect(mcCase?.fields.clientIds).toEqual([mcA, mcB]);
  });

  it('R18 an MC outage delays pushes and loses none', async () => {
    const h = await createHarness({ engine: { retryBaseMs: 1000 } });
    await h.engine.activate('two-way');
    h.clock.advance(60_000);
    const dw = h.dw.userCreateContact(person(1));
    await h.engine.enqueuePush('contact', dw.id);
    h.mc.failNextWrites(1);
    await h.engine.startRun('push');
    expect(await h.store.outboxSize()).toBe(1);
    expect((await h.engine.scheduleInfo()).nextOutboxAttemptAt).toBeGreaterThan(h.clock.now());
    h.clock.advance(2000);
    await h.engine.startRun('push');
    expect(await h.store.outboxSize()).toBe(0);
    expect(h.mc.allContacts()).toHaveLength(1);
  });

  it('R18 a save noticed while another run is busy is pushed as soon as that run ends', async () => {
    const h = await createHarness();
    await h.engine.activate('two-way');
    h.clock.advance(60_000);
    const dw = h.dw.userCreateContact(person(1));
    let queued: Promise<unknown> | null = null;
    h.mc.setBeforeCall((call) => {
      // The pull's first MyCase request: the user saves in Docketwise at that moment.
      if (call.method === 'listContacts' && queued === null) {
        queued = h.engine.enqueuePush('contact', dw.id).then(() => h.engine.startRun('push'));
      }
    });
    await h.engine.startRun('pull');
    expect(await queued).toMatchObject({ status: 'busy' });
    expect(h.mc.allContacts()).toHaveLength(1);
    expect(await h.store.outboxSize()).toBe(0);
  });

  it('R23 one-way mode writes nothing to MC', async () => {
    const h = await createHarness();
    const mc = h.mc.userCreateContact(person(1));
    await h.engine.activate('one-way');
    h.clock.advance(60_000);
    const link = await h.store.getLinkByMc('contact', mc.id);
    h.dw.userUpdateContact(link?.dw.id ?? 0, { workPhone: '1' });
    const fresh = h.dw.userCreateContact(person(2));
    await h.engine.enqueuePush('contact', fresh.id);
    await h.engine.startRun('docketwise-check');
    await h.engine.startRun('push');
    h.mc.userUpdateContact(mc.id, { mobilePhone: '5550001111' });
    await h.engine.startRun('pull');
    expect(h.mc.stats.writes).toBe(0);
    expect(h.dw.allContacts().find((c) => c.id === link?.dw.id)?.fields.mobilePhone).toBe('5550001111');
  });
});

describe('engine: both directions', () => {
  it('R19 a run right after a run changes nothing; pushed edits do not come back (no echo)', async () => {
    const h = await createHarness();
    for (let i = 0; i < 30; i += 1) h.mc.userCreateContact(person(i));
    await h.engine.activate('two-way');
    h.clock.advance(60_000);
    const links = await h.store.allLinks('contact');
    for (const link of links.slice(0, 10)) h.dw.userUpdateContact(link.dw.id, { workPhone: `5123${link.dw.id}` });
    await h.engine.startRun('docketwise-check');
    expect(h.mc.stats.byMethod.updateContact).toBe(10);
    h.mc.resetStats();
    h.dw.resetStats();
    h.clock.advance(60_000);
    await h.engine.startRun('pull');
    await h.engine.startRun('docketwise-check');
    expect(h.dw.stats.writes + h.mc.stats.writes).toBe(0);
  });

  it('R20 same field changed on both sides: MC wins, the DW value is logged and can be restored', async () => {
    const h = await createHarness();
    const mc = h.mc.userCreateContact(person(1));
    await h.engine.activate('two-way');
    h.clock.advance(60_000);
    const dwId = (await h.store.getLinkByMc('contact', mc.id))?.dw.id ?? 0;
    h.mc.userUpdateContact(mc.id, { workPhone: '1111111111', firstName: 'Anne' });
    h.dw.userUpdateContact(dwId, { workPhone: '2222222222', lastName: 'Smith' });
    await h.engine.startRun('pull');
    const dw = h.dw.allContacts().find((c) => c.id === dwId);
    expect(dw?.fields).toMatchObject({ workPhone: '1111111111', firstName: 'Anne', lastName: 'Smith' });
    expect(h.mc.allContacts()[0]?.fields.lastName).toBe('Smith');
    const [conflict] = await h.store.conflicts();
    expect(conflict).toMatchObject({ field: 'workPhone', replacedDwValue: '2222222222', mcValue: '1111111111' });
    await h.engine.restoreConflict(conflict?.id ?? -1);
    await h.engine.startRun('push');
    expect(h.dw.allContacts().find((c) => c.id === dwId)?.fields.workPhone).toBe('2222222222');
    expect(h.mc.allContacts()[0]?.fields.workPhone).toBe('2222222222');
  });

  it('R21 write committed, response lost: the create is found again, no duplicate', async () => {
    const h = await createHarness();
    for (let i = 0; i < 5; i += 1) h.mc.userCreateContact(person(i));
    h.dw.failNextWrites(1, 'lose');
    const out = await h.engine.activate('two-way');
    expect(out.status).toBe('done');
    expect(h.dw.allContacts()).toHaveLength(5);
    expect(duplicateKeys(h.dw.allContacts())).toEqual([]);
    expect(await h.store.pendingIntents()).toEqual([]);
  });

  it('R22 a record that cannot be written is logged with its reason and the run goes on', async () => {
    const h = await createHarness();
    for (let i = 0; i < 5; i += 1) h.mc.userCreateContact(person(i));
    const { ValidationError } = await import('../../src/core/errors');
    h.dw.failNextWrites(1, 'fail', () => new ValidationError('zip is invalid', 'docketwise', 'zip', 'invalid'));
    const out = await h.engine.activate('two-way');
    expect(out.counts.contact.pull).toMatchObject({ created: 4, failed: 1 });
    expect((await h.store.readLog({ outcome: 'failed' }))[0]?.reason).toMatch(/zip is invalid/);
  });

  it('R26 deactivate stops syncing and keeps links; reactivation reuses them without duplicates', async () => {
    const h = await createHarness();
    for (let i = 0; i < 8; i += 1) h.mc.userCreateContact(person(i));
    await h.engine.activate('two-way');
    await h.engine.deactivate();
    expect((await h.engine.startRun('pull')).status).toBe('inactive');
    expect(await h.store.allLinks()).toHaveLength(8);
    h.clock.advance(60_000);
    h.mc.userCreateContact(person(20));
    const out = await h.engine.activate('two-way');
    expect(out.counts.contact.pull.created).toBe(1);
    expect(h.dw.allContacts()).toHaveLength(9);
    expect(duplicateKeys(h.dw.allContacts())).toEqual([]);
  });

  it('R29 a linked record deleted on one side: the link is marked and the other side left alone', async () => {
    const h = await createHarness();
    const mc = h.mc.userCreateContact(person(1));
    const mc2 = h.mc.userCreateContact(person(2));
    await h.engine.activate('two-way');
    h.clock.advance(60_000);
    const dwId = (await h.store.getLinkByMc('contact', mc.id))?.dw.id ?? 0;
    h.dw.userDeleteContact(dwId);
    await h.engine.startRun('docketwise-check');
    expect(h.mc.allContacts()).toHaveLength(2);
    expect((await h.store.getLink('contact', dwId))?.state).toBe('deleted-on-dw');
    expect((await h.store.reviewItems()).some((r) => r.kind === 'link-marked' && r.nextStep.includes('Unlink'))).toBe(true);
    // Archived in MC: marked, DW untouched.
    h.mc.userArchiveContact(mc2.id);
    await h.engine.startRun('pull');
    expect((await h.store.getLinkByMc('contact', mc2.id))?.state).toBe('archived-on-mc');
    expect(h.dw.allContacts()).toHaveLength(1);
  });

  it('R11 R12 the user links records by hand; MC values win and the pair then syncs', async () => {
    const h = await createHarness();
    const mcA = h.mc.userCreateContact(person(1));
    h.dw.userCreateContact(person(1));
    const dwB = h.dw.userCreateContact(person(1, { workPhone: '5120001111' }));
    const kase = h.mc.userCreateMatter({ name: 'Old case', description: 'from MC', clientIds: [mcA.id] });
    await h.engine.activate('two-way');
    const dwMatter = h.dw.userCreateMatter({ name: 'Old matter', description: '', clientIds: [dwB.id] });
    expect(await h.engine.linkManually('contact', dwB.id, mcA.id)).toMatchObject({ linked: true });
    expect(await h.engine.linkManually('contact', dwB.id + 99, mcA.id)).toMatchObject({ linked: false });
    const item = (await h.store.reviewItems()).find((r) => r.kind === 'ambiguous');
    await h.engine.dismissReview(item?.key ?? '');
    expect((await h.store.reviewItems()).filter((r) => r.kind === 'ambiguous')).toHaveLength(0);
    expect(await h.engine.linkManually('matter', dwMatter.id, kase.id)).toMatchObject({ linked: true });
    expect(h.dw.allMatters()[0]?.fields).toMatchObject({ name: 'Old case', description: 'from MC' });
    h.clock.advance(60_000);
    h.mc.userUpdateMatter(kase.id, { description: 'updated later' });
    await h.engine.startRun('pull');
    expect(h.dw.allMatters()[0]?.fields.description).toBe('updated later');
  });
});
