import { describe, expect, it } from 'vitest';
import { createFakeClock, createFakeSide } from '../../src/connectors/fake/fake-side';
import { TransientError, ValidationError } from '../../src/core/errors';
import type { Page } from '../../src/core/sync-side';
import { emptyAddress, type ContactFields, type SideContact } from '../../src/core/types';

const person = (n: number, email = `p${n}@example.com`): ContactFields => ({
  firstName: `First${n}`,
  lastName: `Last${n}`,
  email,
  address: { ...emptyAddress(), street: `${n} Main St`, unitNumber: '4B', unitType: 'apt' },
  mobilePhone: '',
  workPhone: '',
});

async function collect<T>(pages: AsyncIterable<Page<T>>): Promise<Page<T>[]> {
  const out: Page<T>[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe('fake SyncSide', () => {
  it('R2 MyCase refuses a second contact with the same email (case-insensitive)', async () => {
    const mc = createFakeSide('mycase');
    await mc.createContact(person(1, 'ana@example.com'));
    await expect(mc.createContact(person(2, 'ANA@example.com'))).rejects.toMatchObject({
      kind: 'validation',
      field: 'email',
      code: 'taken',
    });
    const dw = createFakeSide('docketwise');
    await dw.createContact(person(1, 'ana@example.com'));
    await expect(dw.createContact(person(2, 'ana@example.com'))).resolves.toBeDefined();
  });

  it('R6 MyCase refuses a taken case name; Docketwise does not', async () => {
    const mc = createFakeSide('mycase');
    const c = await mc.createContact(person(1));
    await mc.createMatter({ name: 'Lopez I-130', description: '', clientIds: [c.id] });
    const error: unknown = await mc.createMatter({ name: 'lopez i-130', description: '', clientIds: [c.id] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'name', code: 'taken' });
  });

  it('R4 MyCase keeps Address 2 only (no apt/ste/flr type)', async () => {
    const mc = createFakeSide('mycase');
    const created = await mc.createContact(person(1));
    expect(created.fields.address).toMatchObject({ unitNumber: '4B', unitType: null });
  });

  it('R13 updatedAfter is inclusive and only MyCase supports it', async () => {
    const clock = createFakeClock(Date.parse('2026-01-01T00:00:00Z'));
    const mc = createFakeSide('mycase', { clock, tickMs: 0 });
    await mc.createContact(person(1));
    clock.advance(1000);
    const at = new Date(clock.now()).toISOString();
    const second = await mc.createContact(person(2));
    const pages = await collect(mc.listContacts({ updatedAfter: at }));
    expect(pages.flatMap((p) => p.records).map((r) => r.id)).toEqual([second.id]);
    const dw = createFakeSide('docketwise');
    expect(dw.supportsUpdatedAfter).toBe(false);
  });

  it('pages resume from their next token and count requests', async () => {
    const dw = createFakeSide('docketwise', { pageSize: 3 });
    for (let i = 0; i < 7; i += 1) dw.userCreateContact(person(i));
    dw.userCreateContact({ ...person(99), firstName: '', lastName: '' }, { kind: 'company' });
    dw.userCreateContact(person(100), { lead: true });
    const pages = await collect(dw.listContacts());
    expect(pages.map((p) => p.records.length)).toEqual([3, 3, 3]);
    expect(pages[0]?.total).toBe(9);
    expect(dw.stats.byMethod.listContacts).toBe(3);
    const all = pages.flatMap((p) => p.records);
    expect(all.filter((r: SideContact) => r.kind === 'company')).toHaveLength(1);
    expect(all.filter((r: SideContact) => r.lead)).toHaveLength(1);
    const resumed = await collect(dw.listContacts({ resumeFrom: pages[0]?.next ?? '' }));
    expect(resumed.flatMap((p) => p.records).map((r) => r.id)).toEqual(all.slice(3).map((r) => r.id));
  });

  it('R21 fault injection: fail stores nothing, lose stores then throws', async () => {
    const mc = createFakeSide('mycase');
    mc.failNextWrites(1, 'fail');
    await expect(mc.createContact(person(1))).rejects.toBeInstanceOf(TransientError);
    expect(mc.allContacts()).toHaveLength(0);
    mc.failNextWrites(1, 'lose');
    await expect(mc.createContact(person(1))).rejects.toBeInstanceOf(TransientError);
    expect(mc.allContacts()).toHaveLength(1);
    expect(await mc.findContactsByEmail('P1@example.com')).toHaveLength(1);
    expect(mc.stats.writes).toBe(2);
  });

  it('R22 a poisoned record is rejected in listings, not thrown', async () => {
    const mc = createFakeSide('mycase');
    const a = await mc.createContact(person(1));
    await mc.createContact(person(2));
    mc.poisonContact(a.id, 'email');
    const pages = await collect(mc.listContacts());
    expect(pages[0]?.records).toHaveLength(1);
    expect(pages[0]?.rejected[0]).toMatchObject({ recordId: a.id, field: 'email' });
  });

  it('a beforeCall hook can stop any request', async () => {
    const dw = createFakeSide('docketwise');
    dw.setBeforeCall((call) => {
      if (call.index === 2) throw new Error('crash');
    });
    await dw.createContact(person(1));
    await expect(dw.getContact(5000)).rejects.toThrow('crash');
  });

  it('R17 MyCase adds clients and never removes one; Docketwise keeps one client', async () => {
    const mc = createFakeSide('mycase');
    const a = await mc.createContact(person(1));
    const b = await mc.createContact(person(2));
    const m = await mc.createMatter({ name: 'M', description: '', clientIds: [a.id] });
    const updated = await mc.updateMatter(m.id, { clientIds: [b.id] });
    expect(updated.fields.clientIds).toEqual([a.id, b.id]);
    const dw = createFakeSide('docketwise');
    const x = await dw.createContact(person(1));
    const y = await dw.createContact(person(2));
    await expect(dw.createMatter({ name: 'M', description: '', clientIds: [] })).rejects.toMatchObject({ code: 'required' });
    const dm = await dw.createMatter({ name: 'M', description: '', clientIds: [x.id, y.id] });
    expect(dm.fields.clientIds).toEqual([x.id]);
  });
});
