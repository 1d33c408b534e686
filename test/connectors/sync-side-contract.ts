/**
 * The one contract every `SyncSide` must pass: the MyCase client and the Docketwise client
 * (against the sandbox) and the in-memory fake. It speaks only through the interface, plus a
 * harness hook to add records the way a user would (outside the sync).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors';
import type { Page, SyncSide } from '../../src/core/sync-side';
import { emptyAddress, type ContactFields, type RecordId } from '../../src/core/types';

export interface ContractHarness {
  side: SyncSide;
  /** Records per page of this side's listings, so the suite can span several pages. */
  pageSize: number;
  /** Adds `count` person contacts outside the sync (seeding, user edits). */
  addPersons(count: number): Promise<void>;
  close(): Promise<void>;
}

export type ContractFactory = () => Promise<ContractHarness>;

let serial = 0;
/** Unique per call, so tests never collide on MyCase's unique email and case name. */
function unique(label: string): string {
  serial += 1;
  return `${label}-${Date.now().toString(36)}-${serial}`;
}

export function personFields(overrides: Partial<ContactFields> = {}): ContactFields {
  const tag = unique('p');
  return {
    firstName: 'Ana',
    lastName: `Lopez ${tag}`,
    email: `ana.${tag}@example.com`,
    address: { ...emptyAddress(), street: '12 Main St', unitNumber: '4B', unitType: 'apt', city: 'Austin', state: 'TX', zip: '78701', country: 'United States' },
    mobilePhone: '512-555-0101',
    workPhone: '512-555-0202',
    ...overrides,
  };
}

async function collect<T>(pages: AsyncIterable<Page<T>>, limit = 1000): Promise<Page<T>[]> {
  const out: Page<T>[] = [];
  for await (const page of pages) {
    out.push(page);
    if (out.length >= limit) break;
  }
  return out;
}

export function describeSyncSideContract(name: string, factory: ContractFactory): void {
  describe(`SyncSide contract: ${name}`, () => {
    let harness: ContractHarness;
    let side: SyncSide;

    beforeEach(async () => {
      harness = await factory();
      side = harness.side;
    });
    afterEach(async () => {
      await harness.close();
    });

    it('creates a person and reads the same fields back', async () => {
      const fields = personFields();
      const created = await side.createContact(fields);
      expect(created.side).toBe(side.side);
      expect(created.kind).toBe('person');
      expect(created.lead).toBe(false);
      expect(created.archived).toBe(false);
      expect(Number.isNaN(Date.parse(created.updatedAt))).toBe(false);
      const read = await side.getContact(created.id);
      expect(read?.fields).toEqual(created.fields);
      expect(read?.fields.firstName).toBe(fields.firstName);
      expect(read?.fields.email).toBe(fields.email);
      expect(read?.fields.mobilePhone).toBe(fields.mobilePhone);
      expect(read?.fields.workPhone).toBe(fields.workPhone);
      expect({ ...read?.fields.address, unitType: null }).toEqual({ ...fields.address, unitType: null });
    });

    it('R4 the unit number is stored alone; only Docketwise keeps the Apt/Ste/Flr type', async () => {
      const created = await side.createContact(personFields());
      const read = await side.getContact(created.id);
      expect(read?.fields.address.unitNumber).toBe('4B');
      expect(read?.fields.address.unitType).toBe(side.side === 'docketwise' ? 'apt' : null);
    });

    it('getContact and getMatter of an unknown id are null', async () => {
      expect(await side.getContact(987_654_321)).toBeNull();
      expect(await side.getMatter(987_654_321)).toBeNull();
    });

    it('R1 an update changes only the patched fields and returns the stored record', async () => {
      const created = await side.createContact(personFields());
      const updated = await side.updateContact(created.id, { workPhone: '512-555-0999', lastName: 'Changed' });
      expect(updated.id).toBe(created.id);
      expect(updated.fields).toEqual({ ...created.fields, workPhone: '512-555-0999', lastName: 'Changed' });
      expect(await side.getContact(created.id)).toEqual(updated);
    });

    it('R1 an address update replaces the address and leaves the phones alone', async () => {
      const created = await side.createContact(personFields());
      const address = { ...created.fields.address, street: '99 Oak Ave', unitNumber: '200', city: 'Dallas' };
      const updated = await side.updateContact(created.id, { address });
      expect(updated.fields.address.street).toBe('99 Oak Ave');
      expect(updated.fields.address.unitNumber).toBe('200');
      expect(updated.fields.address.city).toBe('Dallas');
      expect(updated.fields.mobilePhone).toBe(created.fields.mobilePhone);
      expect(updated.fields.workPhone).toBe(created.fields.workPhone);
    });

    it('findContactsByEmail matches exactly and case-insensitively', async () => {
      const created = await side.createContact(personFields());
      const other = await side.createContact(personFields());
      const found = await side.findContactsByEmail(`  ${created.fields.email.toUpperCase()} `);
      expect(found.map((c) => c.id)).toEqual([created.id]);
      expect(await side.findContactsByEmail(`x${created.fields.email}`)).toEqual([]);
      expect(await side.findContactsByEmail('')).toEqual([]);
      expect((await side.findContactsByEmail(other.fields.email)).map((c) => c.id)).toEqual([other.id]);
    });

    it('lists every contact exactly once across pages, and resumes from any next token', async () => {
      await harness.addPersons(harness.pageSize + 3);
      const pages = await collect(side.listContacts());
      expect(pages.length).toBeGreaterThan(1);
      const ids = pages.flatMap((p) => p.records.map((r) => r.id));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBeGreaterThanOrEqual(harness.pageSize + 3);
      const next = pages[0]?.next;
      expect(next).toEqual(expect.any(String));
      const resumed = await collect(side.listContacts({ resumeFrom: next ?? undefined }));
      expect(resumed.flatMap((p) => p.records.map((r) => r.id))).toEqual(ids.slice(pages[0]?.records.length));
      expect(pages[pages.length - 1]?.next).toBeNull();
    });

    it('updatedAfter is an inclusive lower bound where the side supports it', async () => {
      if (!side.supportsUpdatedAfter) {
        expect(side.side).toBe('docketwise');
        return;
      }
      const older = await side.createContact(personFields());
      await new Promise((resolve) => setTimeout(resolve, 15));
      const newer = await side.createContact(personFields());
      expect(Date.parse(newer.updatedAt)).toBeGreaterThan(Date.parse(older.updatedAt));
      const pages = await collect(side.listContacts({ updatedAfter: newer.updatedAt }));
      const ids = pages.flatMap((p) => p.records.map((r) => r.id));
      expect(ids).toContain(newer.id);
      expect(ids).not.toContain(older.id);
    });

    it('creates a matter with its client, reads it back and lists it once', async () => {
      const client = await side.createContact(personFields());
      const name = unique('Matter');
      const matter = await side.createMatter({ name, description: 'I-130 for spouse', clientIds: [client.id] });
      expect(matter.fields).toEqual({ name, description: 'I-130 for spouse', clientIds: [client.id] });
      expect(Number.isNaN(Date.parse(matter.createdAt))).toBe(false);
      expect(await side.getMatter(matter.id)).toEqual(matter);
      const listed = (await collect(side.listMatters())).flatMap((p) => p.records).filter((m) => m.id === matter.id);
      expect(listed).toEqual([matter]);
    });

    it('updates a matter: name and description, and clientIds puts the client on it', async () => {
      const first = await side.createContact(personFields());
      const second = await side.createContact(personFields());
      const matter = await side.createMatter({ name: unique('Case'), description: '', clientIds: [first.id] });
      const renamed = await side.updateMatter(matter.id, { name: `${matter.fields.name} renamed`, description: 'now described' });
      expect(renamed.fields.name).toBe(`${matter.fields.name} renamed`);
      expect(renamed.fields.description).toBe('now described');
      expect(renamed.fields.clientIds).toEqual([first.id]);
      const moved = await side.updateMatter(matter.id, { clientIds: [second.id] });
      expect(moved.fields.clientIds).toContain(second.id);
      if (side.side === 'mycase') {
        // R17: MyCase cannot remove a case client; the old one stays.
        expect(moved.fields.clientIds).toContain(first.id);
      } else {
        expect(moved.fields.clientIds).toEqual([second.id]);
      }
      expect(await side.getMatter(matter.id)).toEqual(moved);
    });

    if (name.toLowerCase().includes('mycase')) {
      it('R2 a MyCase email clash is ValidationError(email, taken)', async () => {
        const first = await side.createContact(personFields());
        const clash = side.createContact(personFields({ email: first.fields.email.toUpperCase() }));
        await expect(clash).rejects.toBeInstanceOf(ValidationError);
        await expect(clash).rejects.toMatchObject({ field: 'email', code: 'taken', side: 'mycase' });
        const other = await side.createContact(personFields());
        await expect(side.updateContact(other.id, { email: first.fields.email })).rejects.toMatchObject({ field: 'email', code: 'taken' });
      });

      it('R6 a MyCase case-name clash is ValidationError(name, taken)', async () => {
        const client = await side.createContact(personFields());
        const name = unique('Taken');
        await side.createMatter({ name, description: '', clientIds: [client.id] });
        const clash = side.createMatter({ name, description: '', clientIds: [client.id] });
        await expect(clash).rejects.toBeInstanceOf(ValidationError);
        await expect(clash).rejects.toMatchObject({ field: 'name', code: 'taken', side: 'mycase' });
      });
    } else {
      it('R15 a Docketwise matter needs a client: ValidationError(clientIds, required)', async () => {
        const attempt = side.createMatter({ name: unique('Orphan'), description: '', clientIds: [] });
        await expect(attempt).rejects.toBeInstanceOf(ValidationError);
        await expect(attempt).rejects.toMatchObject({ field: 'clientIds', code: 'required' });
      });
    }
  });
}

export type { RecordId };
