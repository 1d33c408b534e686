/**
 * The MyCase client against the MyCase sandbox, in-process on a random loopback port.
 * LIST_SIZE (env CONNECTOR_LIST_SIZE) is 2,500 in CI and by default; it is the documented size.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/index';
import { AuthRequiredError, BadPayloadError, PermissionDeniedError, ValidationError } from '../../src/core/errors';
import type { Page } from '../../src/core/sync-side';
import type { SideContact } from '../../src/core/types';
import { control, myCaseClient, startTestSandbox } from './helpers/sandbox';
import { describeSyncSideContract, personFields } from './sync-side-contract';

const LIST_SIZE = Number(process.env.CONNECTOR_LIST_SIZE ?? 2500);

/** Seeds people as a user would (no API validation), through the in-process control API. */
function addClients(sandbox: Sandbox, count: number, label: string): number[] {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const created = sandbox.mycase.control.write('clients', null, {
      first_name: 'Seed',
      last_name: `${label} ${i}`,
      email: `${label}.${i}@seed.example`,
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

describeSyncSideContract('MyCase client (sandbox)', async () => {
  const sandbox = await startTestSandbox();
  const { side } = await myCaseClient(sandbox, { pageSize: 10 });
  return {
    side,
    pageSize: 10,
    addPersons: async (count) => {
      addClients(sandbox, count, `contract${Date.now()}`);
    },
    close: () => sandbox.close(),
  };
});

describe('MyCase client against the sandbox', () => {
  let sandbox: Sandbox;
  let url: string;
  let seeded: number[];

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    url = sandbox.mycase.url;
    seeded = addClients(sandbox, LIST_SIZE, 'bulk');
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it(`lists ${LIST_SIZE} clients at page_size 1000 in ceil(n/1000) requests, exact and without duplicates`, async () => {
    const { side } = await myCaseClient(sandbox);
    const pages = await drain(side.listContacts());
    const people = pages.flatMap((p) => p.records).filter((r) => r.kind === 'person');
    const ids = people.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort((a, b) => a - b)).toEqual([...seeded].sort((a, b) => a - b));
    expect(pages.flatMap((p) => p.rejected)).toEqual([]);
    expect(pages[0]?.total).toBe(LIST_SIZE);
    // Client pages plus one (empty) companies page.
    const clientPages = Math.ceil(LIST_SIZE / 1000);
    expect(side.http.stats.requests).toBe(clientPages + 1);
    console.info(`MyCase: listing ${LIST_SIZE} clients took ${clientPages} requests (+1 for companies)`);
  });

  it(`lists ${LIST_SIZE} cases in ceil(n/1000) requests`, async () => {
    const clientId = seeded[0] ?? 0;
    for (let i = 0; i < LIST_SIZE; i++) {
      sandbox.mycase.control.write('cases', null, { name: `Bulk case ${i}`, clients: [{ id: clientId }] });
    }
    const { side } = await myCaseClient(sandbox);
    const pages = await drain(side.listMatters());
    const ids = pages.flatMap((p) => p.records.map((m) => m.id));
    expect(ids).toHaveLength(LIST_SIZE);
    expect(new Set(ids).size).toBe(LIST_SIZE);
    expect(side.http.stats.requests).toBe(Math.ceil(LIST_SIZE / 1000));
  });

  it('survives a 429 storm with bounded retries and lists everything', async () => {
    const { side } = await myCaseClient(sandbox);
    await control(url, 'PUT', '/faults', { rateLimitBurst: 3 });
    try {
      const pages = await drain(side.listContacts());
      const people = pages.flatMap((p) => p.records).filter((r) => r.kind === 'person');
      expect(people).toHaveLength(LIST_SIZE);
      expect(side.http.stats.retries).toBe(3);
      expect(side.http.stats.requests).toBe(Math.ceil(LIST_SIZE / 1000) + 1 + 3);
    } finally {
      await control(url, 'PUT', '/faults', { rateLimitBurst: 0 });
    }
  });

  it('a token expiring in the middle of a listing costs one refresh and the listing completes', async () => {
    const { side, tokens } = await myCaseClient(sandbox, { pageSize: 500 });
    const people: SideContact[] = [];
    let pageCount = 0;
    for await (const page of side.listContacts()) {
      people.push(...page.records.filter((r) => r.kind === 'person'));
      pageCount += 1;
      if (pageCount === 2) await control(url, 'POST', '/tokens/expire');
    }
    expect(people).toHaveLength(LIST_SIZE);
    expect(new Set(people.map((p) => p.id)).size).toBe(LIST_SIZE);
    expect(tokens.refreshCalls).toBe(1);
    expect(side.http.stats.refreshes).toBe(1);
  });

  it('10 parallel requests that all get 401 make exactly one refresh call', async () => {
    const { side, tokens } = await myCaseClient(sandbox);
    await side.getMe();
    await control(url, 'POST', '/tokens/expire');
    const read = await Promise.all(seeded.slice(0, 10).map((id) => side.getContact(id)));
    expect(read.map((c) => c?.id)).toEqual(seeded.slice(0, 10));
    expect(tokens.refreshCalls).toBe(1);
  });

  it('a refused refresh becomes AuthRequiredError (reconnect required)', async () => {
    const { side, tokens } = await myCaseClient(sandbox);
    tokens.refresh = () => Promise.reject(new Error('invalid_grant'));
    await control(url, 'POST', '/tokens/expire');
    const error = await side.getMe().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthRequiredError);
    expect((error as AuthRequiredError).message).toMatch(/reconnect required/);
  });

  it('R22 a malformed record is a BadPayloadError naming record and field; the rest of the page parses', async () => {
    const [badId, goodId] = addClients(sandbox, 2, `malformed${Date.now()}`);
    if (badId === undefined || goodId === undefined) throw new Error('seeding failed');
    await control(url, 'PUT', `/records/clients/${badId}`, { cell_phone_number: 5550101 });
    try {
      const { side } = await myCaseClient(sandbox);
      const pages = await drain(side.listContacts());
      const rejected = pages.flatMap((p) => p.rejected);
      expect(rejected).toHaveLength(1);
      expect(rejected[0]).toBeInstanceOf(BadPayloadError);
      expect(rejected[0]).toMatchObject({ recordId: badId, field: 'cell_phone_number', side: 'mycase' });
      const ids = pages.flatMap((p) => p.records.map((r) => r.id));
      expect(ids).toContain(goodId);
      expect(ids).not.toContain(badId);
      await expect(side.getContact(badId)).rejects.toMatchObject({ recordId: badId, field: 'cell_phone_number' });
    } finally {
      await control(url, 'PUT', `/records/clients/${badId}`, { cell_phone_number: null });
    }
  });

  it('R2 an email clash is ValidationError(email, taken)', async () => {
    const { side } = await myCaseClient(sandbox);
    const error = await side.createContact(personFields({ email: 'BULK.0@seed.example' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'email', code: 'taken' });
  });

  it('R7 a firm whose plan has no API access gets PermissionDeniedError(plan); a read-only user gets (permission)', async () => {
    const { side } = await myCaseClient(sandbox);
    await control(url, 'PUT', '/config', { plan: 'basic' });
    try {
      await expect(side.getMe()).rejects.toMatchObject({ reason: 'plan', kind: 'permission-denied' });
      await expect(side.getFirm()).rejects.toBeInstanceOf(PermissionDeniedError);
    } finally {
      await control(url, 'PUT', '/config', { plan: 'advanced' });
    }
    await control(url, 'PUT', '/config', { canWrite: false });
    try {
      await expect(side.createContact(personFields())).rejects.toMatchObject({ reason: 'permission' });
    } finally {
      await control(url, 'PUT', '/config', { canWrite: true });
    }
    const firm = await side.getFirm();
    expect(firm.name).not.toBe('');
    const me = await side.getMe();
    expect(me.id).toBeGreaterThan(0);
  });

  it('the two-step document upload stores the exact bytes', async () => {
    const { side } = await myCaseClient(sandbox);
    const client = await side.createContact(personFields());
    const matter = await side.createMatter({ name: `Upload case ${Date.now()}`, description: '', clientIds: [client.id] });
    const bytes = new Uint8Array(300_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
    const target = await side.createCaseDocument(matter.id, {
      path: 'Docketwise/I-130 Package/I-130 Package',
      filename: 'i130-package.pdf',
      description: 'test package',
    });
    expect(target.putHeaders).toHaveProperty('x-amz-acl');
    await side.putDocumentBytes(target.putUrl, target.putHeaders, bytes);
    const stored = await fetch(`${url}/__sandbox/documents/${target.id}/bytes`);
    expect(stored.status).toBe(200);
    const got = Buffer.from(await stored.arrayBuffer());
    // Buffer.equals rather than toEqual: a deep compare of 300k elements is needlessly slow.
    expect(got.length).toBe(bytes.length);
    expect(got.equals(Buffer.from(bytes))).toBe(true);
    const listed = await side.listCaseDocuments(matter.id);
    expect(listed).toEqual([
      expect.objectContaining({ id: target.id, filename: 'i130-package.pdf', path: 'Docketwise/I-130 Package/I-130 Package' }),
    ]);
  });

  it('R4 push writes the unit number alone into Address 2', async () => {
    const { side } = await myCaseClient(sandbox);
    const fields = personFields();
    const created = await side.createContact({ ...fields, address: { ...fields.address, unitNumber: 'Suite 200', unitType: 'ste' } });
    const stored = sandbox.mycase.control.get('clients', created.id) as { address: { address2: string } };
    expect(stored.address.address2).toBe('200');
    await side.updateContact(created.id, { address: { ...fields.address, unitNumber: 'Apt. 7C', unitType: 'apt' } });
    expect((sandbox.mycase.control.get('clients', created.id) as { address: { address2: string } }).address.address2).toBe('7C');
  });

  it('the client-side limit keeps MyCase from answering 429: 60 parallel reads, no retry', async () => {
    // Let the server's one-second window forget the earlier tests' requests.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const { side } = await myCaseClient(sandbox);
    const started = Date.now();
    const read = await Promise.all(Array.from({ length: 60 }, (_, i) => side.getContact(seeded[i % seeded.length] ?? 0)));
    expect(read.every((c) => c !== null)).toBe(true);
    expect(side.http.stats.retries).toBe(0);
    expect(side.http.stats.requests).toBe(60);
    // 20 a second: the last 20 cannot start before two seconds have passed.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
  });

  it('R17 updateMatter adds a missing client through the relationships endpoint and removes none', async () => {
    const { side } = await myCaseClient(sandbox);
    const [a, b] = [await side.createContact(personFields()), await side.createContact(personFields())];
    const matter = await side.createMatter({ name: `Rel case ${Date.now()}`, description: '', clientIds: [a.id] });
    const updated = await side.updateMatter(matter.id, { clientIds: [b.id] });
    expect(updated.fields.clientIds.sort()).toEqual([a.id, b.id].sort());
  });
});
