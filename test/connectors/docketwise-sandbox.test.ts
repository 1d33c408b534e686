/**
 * The Docketwise client against the Docketwise sandbox, in-process on a random loopback port.
 * LIST_SIZE (env CONNECTOR_LIST_SIZE) is 2,500 by default; it is the documented size.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/index';
import { BadPayloadError, ValidationError } from '../../src/core/errors';
import type { Page } from '../../src/core/sync-side';
import type { SideContact } from '../../src/core/types';
import { control, docketwiseClient, startTestSandbox } from './helpers/sandbox';
import { describeSyncSideContract, personFields } from './sync-side-contract';

const LIST_SIZE = Number(process.env.CONNECTOR_LIST_SIZE ?? 2500);
const PAGE = 200;

/** Seeds people as a user would, through the in-process control API. */
function addPersons(sandbox: Sandbox, count: number, label: string): number[] {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const created = sandbox.docketwise.control.write('contacts', null, {
      first_name: 'Seed',
      last_name: `${label} ${i}`,
      email: `${label}.${i}@seed.example`,
      type: 'Person',
    }) as { id: number };
    ids.push(created.id);
  }
  return ids;
}

async function drain<T>(pages: AsyncIterable<Page<T>>): Promise<Page<T>[]> {
  const out: Page<T>[] = [];
  for await (const page of pages) {
    out.push(page);
    if (out.length > 10_000) throw new Error('listing does not end');
  }
  return out;
}

describeSyncSideContract('Docketwise client (sandbox)', async () => {
  const sandbox = await startTestSandbox();
  const { side } = await docketwiseClient(sandbox);
  return {
    side,
    pageSize: PAGE,
    addPersons: async (count) => {
      addPersons(sandbox, count, `contract${Date.now()}`);
    },
    close: () => sandbox.close(),
  };
});

describe('Docketwise client against the sandbox', () => {
  let sandbox: Sandbox;
  let url: string;
  let seeded: number[];

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    url = sandbox.docketwise.url;
    seeded = addPersons(sandbox, LIST_SIZE, 'bulk');
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it(`lists ${LIST_SIZE} contacts at 200 a page in ceil(n/200) requests, exact and without duplicates`, async () => {
    const { side } = await docketwiseClient(sandbox);
    const pages = await drain(side.listContacts());
    const ids = pages.flatMap((p) => p.records.map((r) => r.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort((a, b) => a - b)).toEqual([...seeded].sort((a, b) => a - b));
    expect(pages[0]?.total).toBe(LIST_SIZE);
    expect(side.http.stats.requests).toBe(Math.ceil(LIST_SIZE / PAGE));
    console.info(`Docketwise: listing ${LIST_SIZE} contacts took ${side.http.stats.requests} requests`);
  });

  it(`lists ${LIST_SIZE} matters in ceil(n/200) requests`, async () => {
    const clientId = seeded[0] ?? 0;
    for (let i = 0; i < LIST_SIZE; i++) sandbox.docketwise.control.write('matters', null, { title: `Bulk matter ${i}`, client_id: clientId });
    const { side } = await docketwiseClient(sandbox);
    const pages = await drain(side.listMatters());
    const ids = pages.flatMap((p) => p.records.map((m) => m.id));
    expect(ids).toHaveLength(LIST_SIZE);
    expect(new Set(ids).size).toBe(LIST_SIZE);
    expect(side.http.stats.requests).toBe(Math.ceil(LIST_SIZE / PAGE));
  });

  it('resumes a listing from a page number', async () => {
    const { side } = await docketwiseClient(sandbox);
    const resumed = await drain(side.listContacts({ resumeFrom: '2' }));
    expect(resumed.flatMap((p) => p.records)).toHaveLength(LIST_SIZE - PAGE);
  });

  it('survives a 429 storm with bounded retries and lists everything', async () => {
    const { side } = await docketwiseClient(sandbox);
    await control(url, 'PUT', '/faults', { rateLimitBurst: 3 });
    try {
      const pages = await drain(side.listContacts());
      expect(pages.flatMap((p) => p.records)).toHaveLength(LIST_SIZE);
      expect(side.http.stats.retries).toBe(3);
      expect(side.http.stats.requests).toBe(Math.ceil(LIST_SIZE / PAGE) + 3);
    } finally {
      await control(url, 'PUT', '/faults', { rateLimitBurst: 0 });
    }
  });

  it('a token expiring in the middle of a listing costs one refresh and the listing completes', async () => {
    const { side, tokens } = await docketwiseClient(sandbox);
    const people: SideContact[] = [];
    let pageCount = 0;
    for await (const page of side.listContacts()) {
      people.push(...page.records);
      pageCount += 1;
      if (pageCount === 3) await control(url, 'POST', '/tokens/expire');
    }
    expect(people).toHaveLength(LIST_SIZE);
    expect(new Set(people.map((p) => p.id)).size).toBe(LIST_SIZE);
    expect(tokens.refreshCalls).toBe(1);
  });

  it('10 parallel requests that all get 401 make exactly one refresh call', async () => {
    const { side, tokens } = await docketwiseClient(sandbox);
    await control(url, 'POST', '/tokens/expire');
    const read = await Promise.all(seeded.slice(0, 10).map((id) => side.getContact(id)));
    expect(read.map((c) => c?.id)).toEqual(seeded.slice(0, 10));
    expect(tokens.refreshCalls).toBe(1);
    expect(side.http.stats.requests).toBe(20);
  });

  it('R22 a malformed record is a BadPayloadError naming record and field; the rest of the page parses', async () => {
    const [badId, goodId] = addPersons(sandbox, 2, `malformed${Date.now()}`);
    if (badId === undefined || goodId === undefined) throw new Error('seeding failed');
    sandbox.docketwise.control.write('contacts', badId, { physical_address: { apartment_type: 'penthouse' } });
    try {
      const { side } = await docketwiseClient(sandbox);
      const pages = await drain(side.listContacts({ resumeFrom: String(Math.ceil(LIST_SIZE / PAGE)) }));
      const rejected = pages.flatMap((p) => p.rejected);
      expect(rejected).toHaveLength(1);
      expect(rejected[0]).toBeInstanceOf(BadPayloadError);
      expect(rejected[0]).toMatchObject({ recordId: badId, field: 'physical_address.apartment_type', side: 'docketwise' });
      const ids = pages.flatMap((p) => p.records.map((r) => r.id));
      expect(ids).toContain(goodId);
      await expect(side.getContact(badId)).rejects.toMatchObject({ recordId: badId, field: 'physical_address.apartment_type' });
    } finally {
      sandbox.docketwise.control.write('contacts', badId, { physical_address: { apartment_type: null } });
    }
  });

  it('a Rails-style 422 names the field', async () => {
    const { side } = await docketwiseClient(sandbox);
    const error = await side.createContact(personFields({ email: 'not an email' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'email', code: 'invalid', side: 'docketwise' });
    const created = await side.createContact(personFields());
    await expect(side.updateContact(created.id, { firstName: '' })).rejects.toMatchObject({ field: 'firstName', code: 'required' });
  });

  it('an emptied phone is removed and the other phone stays', async () => {
    const { side } = await docketwiseClient(sandbox);
    const created = await side.createContact(personFields());
    const updated = await side.updateContact(created.id, { mobilePhone: '' });
    expect(updated.fields.mobilePhone).toBe('');
    expect(updated.fields.workPhone).toBe(created.fields.workPhone);
  });

  it('R22 a phone row re-entered in the app since the client saw it: the update reads again and lands on the new row', async () => {
    const { side } = await docketwiseClient(sandbox);
    const created = await side.createContact(personFields());
    // A user deletes the mobile and types it again: the row gets a new id the client has not seen.
    const stored = sandbox.docketwise.control.get('contacts', created.id) as { phone_numbers: { id: number; kind: string }[] };
    const others = stored.phone_numbers.filter((p) => p.kind !== 'mobile');
    sandbox.docketwise.control.write('contacts', created.id, {
      phone_numbers: [...others, { id: 990_000 + created.id, number: '512-555-0111', daytime: false, kind: 'mobile' }],
    });
    sandbox.docketwise.control.clearLog();
    const updated = await side.updateContact(created.id, { mobilePhone: '512-555-0199' });
    expect(updated.fields.mobilePhone).toBe('512-555-0199');
    const after = sandbox.docketwise.control.get('contacts', created.id) as { phone_numbers: { id: number; kind: string; number: string }[] };
    expect(after.phone_numbers.filter((p) => p.kind === 'mobile')).toEqual([expect.objectContaining({ id: 990_000 + created.id, number: '512-555-0199' })]);
    // The stale id was refused once (422), then one read and one write.
    expect(sandbox.docketwise.control.log().byRoute).toEqual({ 'PUT /api/v1/contacts/:id': 2, 'GET /api/v1/contacts/:id': 1 });
  });

  it('findContactsByEmail finds a lead too, in one request when the search narrows it', async () => {
    const { side } = await docketwiseClient(sandbox);
    const lead = sandbox.docketwise.control.write('contacts', null, {
      first_name: 'Lia',
      last_name: 'Lead',
      email: 'lia.lead@seed.example',
      lead: true,
    }) as { id: number };
    const found = await side.findContactsByEmail('LIA.LEAD@seed.example');
    expect(found.map((c) => [c.id, c.lead])).toEqual([[lead.id, true]]);
    expect(side.http.stats.requests).toBe(1);
  });

  it('getDocumentDownloadUrl gives a URL that serves the document bytes', async () => {
    const { side } = await docketwiseClient(sandbox);
    const content = Buffer.from('%PDF-1.7 sandbox document');
    const created = sandbox.docketwise.control.write('documents', null, {
      title: 'G-28',
      filename: 'g28.pdf',
      client_id: seeded[0],
      base64_data: content.toString('base64'),
    }) as { id: number } | null;
    if (!created) throw new Error('document seeding failed');
    const document = await side.getDocument(created.id);
    expect(document).toMatchObject({ id: created.id, title: 'G-28', filename: 'g28.pdf' });
    expect(await side.getDocument(987_654_321)).toBeNull();
    const downloadUrl = await side.getDocumentDownloadUrl(created.id);
    const response = await fetch(downloadUrl);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(content)).toBe(true);
  });
});
