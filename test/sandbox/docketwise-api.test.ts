/**
 * Docketwise `/api/v1` in the sandbox (shared/reference/docketwise-api.md §2–3,
 * docs/contracts.md "Docketwise JSON"): contacts with the nested `data` write shape,
 * `apartment_type` and typed phones, matters with the required client, documents with base64
 * upload and a 1-hour download URL, `page`/`per_page` pagination with `X-Pagination`, and the
 * 120 requests/min limit per token on the virtual clock.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, callJson, startTestSandbox, type TestSandbox } from './helpers';

const LIST_SIZE = Number(process.env.SANDBOX_LIST_SIZE ?? 2500);

let t: TestSandbox;
let token: string;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t.sandbox.close();
});
beforeEach(() => {
  t.sandbox.reset();
  token = t.sandbox.docketwise.control.issueTokens().access_token;
});

type Contact = {
  id: number;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  type: string;
  lead: boolean;
  updated_at: string;
  physical_address: Record<string, unknown>;
  phone_numbers: { id: number; number: string; daytime: boolean; kind: string }[];
};

const personBody = {
  contact: {
    first_name: 'Siobhán',
    last_name: "Ní Bhriain",
    email: 'siobhan@example.com',
    type: 'Person',
    lead: false,
    addresses_attributes: [
      { data: { street_number_and_name: '12 Main St', apartment_number: '4B', apartment_type: 'apt', city: 'Boston', state: 'MA', zip_code: '02118', physical: true } },
    ],
    phone_numbers_attributes: [
      { data: { number: '(617) 555-0101', daytime: true, kind: 'mobile' } },
      { data: { number: '617.555.0199', daytime: true, kind: 'work' } },
    ],
  },
};

describe('Docketwise sandbox contacts', () => {
  it('create 201 → show → update 200 with the resource → destroy 200 → 404', async () => {
    const created = await callJson<Contact>(t.dw, '/api/v1/contacts', { token, json: personBody });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      first_name: 'Siobhán',
      last_name: 'Ní Bhriain',
      email: 'siobhan@example.com',
      type: 'Person',
      lead: false,
      archived: false,
      discarded_at: null,
      firm_id: expect.any(Number),
      company_name: '',
      lead_phone: null,
      physical_address: { street_number_and_name: '12 Main St', apartment_number: '4B', apartment_type: 'apt', city: 'Boston', state: 'MA', zip_code: '02118' },
    });
    expect(created.body.phone_numbers.map((p) => [p.number, p.kind])).toEqual([['(617) 555-0101', 'mobile'], ['617.555.0199', 'work']]);
    const addressId = created.body.physical_address.id as number;
    const mobile = created.body.phone_numbers[0];
    t.clock.advance(5000);
    const updated = await callJson<Contact>(t.dw, `/api/v1/contacts/${created.body.id}`, {
      method: 'PUT',
      token,
      json: {
        contact: {
          addresses_attributes: [{ data: { id: addressId, apartment_number: '200', apartment_type: 'ste' } }],
          phone_numbers_attributes: [{ data: { id: mobile?.id, number: '617-555-0102' } }],
        },
      },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.physical_address).toMatchObject({ id: addressId, street_number_and_name: '12 Main St', apartment_number: '200', apartment_type: 'ste' });
    expect(updated.body.phone_numbers.map((p) => p.number)).toEqual(['617-555-0102', '617.555.0199']);
    expect(Date.parse(updated.body.updated_at) - Date.parse(created.body.updated_at)).toBe(5000);
    const shown = await callJson<Contact & { notes: unknown[] }>(t.dw, `/api/v1/contacts/${created.body.id}`, { token });
    expect(shown.body.notes).toEqual([]);
    expect((await call(t.dw, `/api/v1/contacts/${created.body.id}`, { method: 'DELETE', token })).status).toBe(200);
    expect((await call(t.dw, `/api/v1/contacts/${created.body.id}`, { token })).status).toBe(404);
    expect((await callJson<unknown[]>(t.dw, '/api/v1/contacts?filter=all', { token })).body).toHaveLength(0);
  });

  it('a contact without an address has a physical_address with every key null; Institutions need company_name', async () => {
    const bare = await callJson<Contact>(t.dw, '/api/v1/contacts', { token, json: { contact: { first_name: 'A', last_name: 'B' } } });
    expect(bare.status).toBe(201);
    expect(Object.values(bare.body.physical_address).every((v) => v === null)).toBe(true);
    expect(Object.keys(bare.body.physical_address)).toEqual(expect.arrayContaining(['street_number_and_name', 'apartment_number', 'apartment_type', 'zip_code', 'country']));
    const institution = await callJson<{ errors: Record<string, string[]> }>(t.dw, '/api/v1/contacts', { token, json: { contact: { type: 'Institution' } } });
    expect(institution.status).toBe(422);
    expect(institution.body.errors.company_name).toEqual(["can't be blank"]);
    const company = await callJson<Contact>(t.dw, '/api/v1/contacts', { token, json: { contact: { type: 'Institution', company_name: 'Acme LLC' } } });
    expect(company.status).toBe(201);
  });

  it('validation errors are Rails-style 422 and leave the record as it was; a missing root key is 400', async () => {
    const created = await callJson<Contact>(t.dw, '/api/v1/contacts', { token, json: personBody });
    const bad = await callJson<{ errors: Record<string, string[]> }>(t.dw, `/api/v1/contacts/${created.body.id}`, {
      method: 'PUT',
      token,
      json: { contact: { first_name: 'Changed', last_name: '', phone_numbers_attributes: [{ data: { number: '1' } }] } },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual({ last_name: ["can't be blank"] });
    const after = t.sandbox.docketwise.control.get('contacts', created.body.id) as Contact;
    expect(after.first_name).toBe('Siobhán');
    expect(after.phone_numbers).toHaveLength(2);
    const badType = await callJson<{ errors: Record<string, string[]> }>(t.dw, '/api/v1/contacts', { token, json: { contact: { first_name: 'A', last_name: 'B', addresses_attributes: [{ data: { apartment_type: 'suite' } }] } } });
    expect(badType.status).toBe(422);
    expect(Object.keys(badType.body.errors)).toEqual(['addresses_attributes.0.data.apartment_type']);
    expect((await callJson(t.dw, '/api/v1/contacts', { token, json: { first_name: 'A' } })).status).toBe(400);
  });

  it('type and filter=all: leads and archived contacts are listed only with filter=all', async () => {
    await callJson(t.dw, '/api/v1/contacts', { token, json: { contact: { first_name: 'P', last_name: 'One' } } });
    await callJson(t.dw, '/api/v1/contacts', { token, json: { contact: { first_name: 'L', last_name: 'Lead', lead: true } } });
    await callJson(t.dw, '/api/v1/contacts', { token, json: { contact: { type: 'Institution', company_name: 'Acme' } } });
    const archived = await callJson<Contact>(t.dw, '/api/v1/contacts', { token, json: { contact: { first_name: 'A', last_name: 'Archived' } } });
    t.sandbox.docketwise.control.write('contacts', archived.body.id, { archived: true });
    const names = async (query: string) => (await callJson<Contact[]>(t.dw, `/api/v1/contacts${query}`, { token })).body.map((c) => c.last_name ?? c.type);
    expect(await names('')).toEqual(['One', 'Institution']);
    expect(await names('?filter=all')).toEqual(['One', 'Lead', 'Institution', 'Archived']);
    expect(await names('?type=Person&filter=all')).toEqual(['One', 'Lead', 'Archived']);
    expect(await names('?type=Institution')).toEqual(['Institution']);
  });
});

describe('Docketwise sandbox pagination and rate limit', () => {
  it(`pages ${LIST_SIZE} contacts with page/per_page (cap 200) and the X-Pagination JSON header`, async () => {
    t.sandbox.docketwise.control.config({ rateLimitPerMinute: 100_000 });
    for (let i = 0; i < LIST_SIZE; i += 1) t.sandbox.docketwise.control.write('contacts', null, { first_name: 'Bulk', last_name: `P${i}` });
    const ids: number[] = [];
    let page: number | null = 1;
    let pages = 0;
    while (page !== null) {
      pages += 1;
      if (pages > LIST_SIZE) throw new Error('pagination does not end');
      const response: { body: { id: number }[]; headers: Headers } = await callJson<{ id: number }[]>(t.dw, `/api/v1/contacts?page=${page}`, { token });
      const meta = JSON.parse(response.headers.get('x-pagination') ?? '{}') as { total: number; total_pages: number; next_page: number | null; previous_page: number | null };
      expect(meta.total).toBe(LIST_SIZE);
      expect(meta.total_pages).toBe(Math.ceil(LIST_SIZE / 200));
      expect(meta.previous_page).toBe(page === 1 ? null : page - 1);
      expect(response.body.length).toBe(meta.next_page === null ? LIST_SIZE - (page - 1) * 200 : 200);
      ids.push(...response.body.map((r) => r.id));
      page = meta.next_page;
    }
    expect(pages).toBe(Math.ceil(LIST_SIZE / 200));
    expect(ids).toHaveLength(LIST_SIZE);
    expect(new Set(ids).size).toBe(LIST_SIZE);
    const capped = await callJson<unknown[]>(t.dw, '/api/v1/contacts?per_page=500', { token });
    expect(capped.body).toHaveLength(200);
    const small = await callJson<unknown[]>(t.dw, '/api/v1/contacts?per_page=7&page=3', { token });
    expect(small.body).toHaveLength(7);
    expect(JSON.parse(small.headers.get('x-pagination') ?? '{}')).toEqual({ total: LIST_SIZE, total_pages: Math.ceil(LIST_SIZE / 7), next_page: 4, previous_page: 2 });
  });

  it('has no updated-since filter: an updated_after parameter changes nothing', async () => {
    for (let i = 0; i < 3; i += 1) t.sandbox.docketwise.control.write('contacts', null, { first_name: 'X', last_name: `Y${i}`, updated_at: `2020-01-0${i + 1}T00:00:00Z` });
    const response = await callJson<unknown[]>(t.dw, `/api/v1/contacts?${new URLSearchParams({ updated_after: '2020-01-02', 'filter[updated_after]': '2020-01-02', updated_since: '2020-01-02' })}`, { token });
    expect(response.body).toHaveLength(3);
  });

  it('120 requests per minute per token → 429 with Retry-After; another token has its own budget', async () => {
    let last = 0;
    for (let i = 0; i < 120; i += 1) {
      last = (await call(t.dw, '/api/v1/contacts', { token })).status;
      expect(last).toBe(200);
      t.clock.advance(250);
    }
    const limited = await call(t.dw, '/api/v1/contacts', { token });
    expect(limited.status).toBe(429);
    // The oldest request was 30 s ago (120 × 250 ms): it leaves the window in 30 s.
    expect(limited.headers.get('retry-after')).toBe('30');
    const other = t.sandbox.docketwise.control.issueTokens().access_token;
    expect((await call(t.dw, '/api/v1/contacts', { token: other })).status).toBe(200);
    t.clock.advance(30_000);
    expect((await call(t.dw, '/api/v1/contacts', { token })).status).toBe(200);
  });
});

describe('Docketwise sandbox matters and documents', () => {
  it('matters: client_id required (Rails 422), create 201 with show fields, update 200, destroy 200', async () => {
    const client = await callJson<Contact>(t.dw, '/api/v1/contacts', { token, json: personBody });
    const missing = await callJson(t.dw, '/api/v1/matters', { token, json: { matter: { title: 'No client' } } });
    expect(missing.status).toBe(422);
    expect(missing.body).toEqual({ errors: { client_id: ["can't be blank"] } });
    expect((await callJson(t.dw, '/api/v1/matters', { token, json: { matter: { title: 'Ghost', client_id: 99_999 } } })).status).toBe(422);
    const created = await callJson<Record<string, unknown>>(t.dw, '/api/v1/matters', { token, json: { matter: { title: 'Ní Bhriain – I-130', description: 'Spousal', client_id: client.body.id } } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'Ní Bhriain – I-130', description: 'Spousal', client_id: client.body.id, status: null, type: null, archived: false, user_ids: expect.any(Array), receipts: [], client: { id: client.body.id, first_name: 'Siobhán' } });
    const id = created.body.id as number;
    const listed = await callJson<Record<string, unknown>[]>(t.dw, '/api/v1/matters', { token });
    expect(listed.body[0]?.client).toBeUndefined();
    expect(listed.headers.get('x-pagination')).not.toBeNull();
    const updated = await callJson<Record<string, unknown>>(t.dw, `/api/v1/matters/${id}`, { method: 'PUT', token, json: { matter: { description: 'Spousal petition' } } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ title: 'Ní Bhriain – I-130', description: 'Spousal petition', client_id: client.body.id });
    expect((await call(t.dw, `/api/v1/matters/${id}`, { method: 'DELETE', token })).status).toBe(200);
    expect((await call(t.dw, `/api/v1/matters/${id}`, { token })).status).toBe(404);
  });

  it('documents: strict base64 create 201, search by title, download URL served without auth for one hour', async () => {
    const client = await callJson<Contact>(t.dw, '/api/v1/contacts', { token, json: personBody });
    const bytes = Buffer.from('%PDF-1.7 sandbox bytes \u00e9\u0000\u00ff', 'latin1');
    const created = await callJson<Record<string, unknown>>(t.dw, '/api/v1/documents', {
      token,
      json: { document: { title: "Siobhán's G28", filename: 'g28.pdf', base64_data: bytes.toString('base64'), client_id: client.body.id } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: "Siobhán's G28", size: bytes.length, client_id: client.body.id, doc_url: expect.stringContaining(`/documents/${created.body.id as number}`) });
    const notBase64 = await callJson<{ errors: Record<string, string[]> }>(t.dw, '/api/v1/documents', { token, json: { document: { title: 'x', filename: 'x.pdf', base64_data: 'abc' } } });
    expect(notBase64.status).toBe(422);
    expect(Object.keys(notBase64.body.errors)).toEqual(['base64_data']);
    const noExtension = await callJson(t.dw, '/api/v1/documents', { token, json: { document: { title: 'x', filename: 'x', base64_data: 'AAAA' } } });
    expect(noExtension.status).toBe(422);
    const search = await callJson<unknown[]>(t.dw, '/api/v1/documents?search=g28', { token });
    expect(search.body).toHaveLength(1);
    expect((await callJson<unknown[]>(t.dw, '/api/v1/documents?search=i-485', { token })).body).toHaveLength(0);
    const download = await callJson<{ url: string }>(t.dw, `/api/v1/documents/${created.body.id as number}/download`, { token });
    expect(Object.keys(download.body)).toEqual(['url']);
    const fetched = await call(t.dw, download.body.url);
    expect(fetched.status).toBe(200);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(bytes)).toBe(true);
    t.clock.advance(60 * 60_000);
    expect((await call(t.dw, download.body.url)).status).toBe(403);
  });
});
