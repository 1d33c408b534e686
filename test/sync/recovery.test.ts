import { describe, expect, it } from 'vitest';
import { emptyAddress } from '../../src/core/types';
import { createHarness, person } from './harness';

describe('crash recovery of a lost MyCase create', () => {
  it('R21 R20 finds the created person again by its email after a user renamed it in MyCase: no second copy, and the rename is kept', async () => {
    const h = await createHarness({ memory: true, engine: { retryBaseMs: 1000 } });
    await h.engine.activate('two-way');
    // A primary contact created in Docketwise after activation (R16).
    const created = h.dw.userCreateContact(person(1, { address: { ...emptyAddress(), city: 'Austin' } }));
    // MyCase stores the create but the answer is lost (the worker cannot know it worked).
    h.mc.failNextWrites(1, 'lose');
    h.clock.advance(1000);
    await h.engine.startRun('docketwise-check');
    expect(h.mc.allContacts()).toHaveLength(1);
    // Before the recovery, a user renames the person in MyCase: the match key no longer matches.
    const [mcPerson] = h.mc.allContacts();
    h.mc.userUpdateContact(mcPerson!.id, { firstName: 'Renamed' });
    h.clock.advance(3_600_000);
    await h.engine.startRun('docketwise-check');
    await h.engine.startRun('pull');

    expect(h.mc.allContacts()).toHaveLength(1);
    expect(await h.store.pendingIntents()).toEqual([]);
    const link = await h.store.getLink('contact', created.id);
    expect(link?.mc.id).toBe(mcPerson!.id);
    // The MyCase edit flowed to Docketwise instead of being overwritten.
    expect(h.mc.allContacts()[0]?.fields.firstName).toBe('Renamed');
    expect(h.dw.allContacts().find((c) => c.id === created.id)?.fields.firstName).toBe('Renamed');
    h.store.close();
  });
});

describe('engine: an update whose answer was lost (R19, R20)', () => {
  it('R19 R20 the value the sync sent is not taken for a user edit, so a later Docketwise edit is not overwritten', async () => {
    const h = await createHarness({ memory: true, engine: { retryBaseMs: 1000 } });
    const mc = h.mc.userCreateContact(person(1));
    const dw = h.dw.userCreateContact(person(1));
    await h.engine.activate('two-way');
    h.clock.advance(1000);
    h.mc.userUpdateContact(mc.id, { firstName: 'Ana' });
    h.dw.userUpdateContact(dw.id, { mobilePhone: '(512) 555-0002' });
    // The check sends Ana to Docketwise and the phone to MyCase; MyCase stores it but the answer is lost.
    h.mc.failNextWrites(1, 'lose');
    await h.engine.startRun('docketwise-check');
    h.clock.advance(1000);
    h.dw.userUpdateContact(dw.id, { mobilePhone: '' });
    h.clock.advance(3_600_000);
    await h.engine.startRun('docketwise-check');
    await h.engine.startRun('pull');
    // The user's later Docketwise edit wins: MyCase's phone was the sync's own write, not a conflict.
    expect(h.dw.allContacts()[0]?.fields.mobilePhone).toBe('');
    expect(h.mc.allContacts()[0]?.fields.mobilePhone).toBe('');
    expect(await h.store.conflicts()).toEqual([]);
  });
});
