/** The Docketwise client over a scripted fetch: pagination, resume, lookups and write shapes. */
import { describe, expect, it } from 'vitest';
import { createDocketwiseSide } from '../../src/connectors/docketwise/docketwise-side';
import { BadPayloadError, ValidationError } from '../../src/core/errors';
import type { Page } from '../../src/core/sync-side';
import type { SideContact } from '../../src/core/types';
import { createFakeFetch, jsonResponse, type RecordedCall } from './helpers/fake-fetch';
import { countingTokens } from './helpers/static-tokens';

const at = '2026-01-05T09:00:00.000Z';
const contact = (id: number, overrides: Record<string, unknown> = {}) => ({
  id,
  first_name: 'P',
  last_name: `${id}`,
  company_name: '',
  email: `p${id}@example.com`,
  lead: false,
  type: 'Person',
  archived: false,
  discarded_at: null,
  created_at: at,
  updated_at: at,
  physical_address: null,
  phone_numbers: [],
  ...overrides,
});

/** A Docketwise with `total` contacts, 200 a page. */
function server(total: number, extra: (call: RecordedCall) => Response | null = () => null) {
  return createFakeFetch((call) => {
    const special = extra(call);
    if (special) return special;
    const page = Number(call.url.searchParams.get('page') ?? '1');
    const pages = Math.max(1, Math.ceil(total / 200));
    const ids = Array.from({ length: total }, (_, i) => i + 1).slice((page - 1) * 200, page * 200);
    return jsonResponse(
      200,
      ids.map((id) => contact(id)),
      { 'X-Pagination': JSON.stringify({ total, total_pages: pages, next_page: page < pages ? page + 1 : null, previous_page: page > 1 ? page - 1 : null }) },
    );
  });
}

async function drain(pages: AsyncIterable<Page<SideContact>>): Promise<Page<SideContact>[]> {
  const out: Page<SideContact>[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

const make = (fetch: ReturnType<typeof server>['fetch']) =>
  createDocketwiseSide({ baseUrl: 'https://dw.test', tokens: countingTokens('docketwise'), fetch });

describe('Docketwise client (scripted fetch)', () => {
  it('pages with page + X-Pagination and resumes from a page number', async () => {
    const { fetch, calls } = server(450);
    const side = make(fetch);
    const pages = await drain(side.listContacts());
    expect(pages.map((p) => p.records.length)).toEqual([200, 200, 50]);
    expect(pages.map((p) => p.next)).toEqual(['2', '3', null]);
    expect(pages[0]?.total).toBe(450);
    expect(calls.map((c) => c.url.searchParams.get('filter'))).toEqual(['all', 'all', 'all']);
    const resumed = await drain(side.listContacts({ resumeFrom: '3' }));
    expect(resumed.flatMap((p) => p.records.map((r) => r.id))[0]).toBe(401);
  });

  it('R22 a bad X-Pagination header is one BadPayloadError for the response', async () => {
    const { fetch } = createFakeFetch(() => jsonResponse(200, [contact(1)], { 'X-Pagination': '{not json' }));
    await expect(drain(make(fetch).listContacts())).rejects.toMatchObject({ field: 'X-Pagination' });
    await expect(drain(make(fetch).listContacts())).rejects.toBeInstanceOf(BadPayloadError);
  });

  it('filters updatedAfter on the client (Docketwise has no such filter)', async () => {
    const { fetch, calls } = createFakeFetch(() =>
      jsonResponse(200, [contact(1, { updated_at: '2026-01-01T00:00:00Z' }), contact(2, { updated_at: '2026-02-01T00:00:00-05:00' })], {
        'X-Pagination': JSON.stringify({ total: 2, total_pages: 1, next_page: null, previous_page: null }),
      }),
    );
    const pages = await drain(make(fetch).listContacts({ updatedAfter: '2026-01-15T00:00:00Z' }));
    expect(pages.flatMap((p) => p.records.map((r) => r.id))).toEqual([2]);
    expect(calls[0]?.url.searchParams.has('updated_after')).toBe(false);
  });

  it('findContactsByEmail re-checks the search results and reads every page', async () => {
    const { fetch, calls } = createFakeFetch((call) => {
      const page = Number(call.url.searchParams.get('page'));
      const body = page === 1 ? [contact(1, { email: 'ANA@example.com' }), contact(2, { email: 'ana@example.com.au' })] : [contact(3, { email: ' ana@example.com' })];
      return jsonResponse(200, body, { 'X-Pagination': JSON.stringify({ total: 3, total_pages: 2, next_page: page === 1 ? 2 : null, previous_page: null }) });
    });
    const found = await make(fetch).findContactsByEmail('ana@example.com');
    expect(found.map((c) => c.id)).toEqual([1, 3]);
    expect(calls.map((c) => c.url.searchParams.get('search'))).toEqual(['ana@example.com', 'ana@example.com']);
  });

  it('updates an existing phone by id inside data (reads the record first)', async () => {
    const stored = contact(5, { phone_numbers: [{ id: 77, number: '1', daytime: true, kind: 'work' }] });
    const { fetch, calls } = createFakeFetch((call) => (call.method === 'GET' ? jsonResponse(200, stored) : jsonResponse(200, { ...stored, phone_numbers: [{ id: 77, number: '2', daytime: true, kind: 'work' }] })));
    const updated = await make(fetch).updateContact(5, { workPhone: '2' });
    expect(updated.fields.workPhone).toBe('2');
    const put = calls.find((c) => c.method === 'PUT');
    expect(JSON.parse(String(put?.body))).toEqual({ contact: { phone_numbers_attributes: [{ data: { id: 77, number: '2', daytime: true, kind: 'work' } }] } });
  });

  it('R1 an update after a read addresses the rows it saw, without reading again', async () => {
    const stored = contact(5, { phone_numbers: [{ id: 77, number: '1', daytime: true, kind: 'work' }] });
    const { fetch, calls } = createFakeFetch((call) => (call.method === 'GET' ? jsonResponse(200, stored) : jsonResponse(200, stored)));
    const side = make(fetch);
    await side.getContact(5);
    await side.updateContact(5, { workPhone: '2' });
    expect(calls.map((c) => c.method)).toEqual(['GET', 'PUT']);
    const put = calls.find((c) => c.method === 'PUT');
    expect(JSON.parse(String(put?.body))).toEqual({ contact: { phone_numbers_attributes: [{ data: { id: 77, number: '2', daytime: true, kind: 'work' } }] } });
  });

  it('R1 the rows seen in a listing serve the update that follows it', async () => {
    const { fetch, calls } = server(3, (call) => (call.method === 'PUT' ? jsonResponse(200, contact(2)) : null));
    const side = make(fetch);
    await drain(side.listContacts());
    calls.length = 0;
    await side.updateContact(2, { address: { street: '1 Main St', unitNumber: '', unitType: null, city: 'Austin', state: 'TX', zip: '78701', country: 'US' } });
    expect(calls.map((c) => c.method)).toEqual(['PUT']);
  });

  it('R22 a row deleted in Docketwise since it was seen: reads the contact again and retries once', async () => {
    const before = contact(5, { phone_numbers: [{ id: 77, number: '1', daytime: true, kind: 'work' }] });
    const after = contact(5, { phone_numbers: [{ id: 78, number: '9', daytime: true, kind: 'work' }] });
    let reads = 0;
    const { fetch, calls } = createFakeFetch((call) => {
      if (call.method === 'GET') return jsonResponse(200, reads++ === 0 ? before : after);
      const body = JSON.parse(String(call.body)) as { contact: { phone_numbers_attributes: { data: { id?: number } }[] } };
      const id = body.contact.phone_numbers_attributes[0]?.data.id;
      if (id === 77) return jsonResponse(422, { errors: { 'phone_numbers_attributes.0.data.id': ["Couldn't find PhoneNumber with ID=77"] } });
      return jsonResponse(200, { ...after, phone_numbers: [{ id: 78, number: '2', daytime: true, kind: 'work' }] });
    });
    const side = make(fetch);
    await side.getContact(5);
    const updated = await side.updateContact(5, { workPhone: '2' });
    expect(updated.fields.workPhone).toBe('2');
    expect(calls.map((c) => c.method)).toEqual(['GET', 'PUT', 'GET', 'PUT']);
    expect(JSON.parse(String(calls[3]?.body))).toEqual({ contact: { phone_numbers_attributes: [{ data: { id: 78, number: '2', daytime: true, kind: 'work' } }] } });
  });

  it('R22 a validation error that is not about a stale row is not retried', async () => {
    const stored = contact(5);
    const { fetch, calls } = createFakeFetch((call) =>
      call.method === 'GET' ? jsonResponse(200, stored) : jsonResponse(422, { errors: { email: ['has already been taken'] } }),
    );
    const side = make(fetch);
    await side.getContact(5);
    await expect(side.updateContact(5, { email: 'x@example.com', workPhone: '2' })).rejects.toBeInstanceOf(ValidationError);
    expect(calls.map((c) => c.method)).toEqual(['GET', 'PUT']);
  });

  it('R15 refuses a matter without a client before sending anything', async () => {
    const { fetch, calls } = createFakeFetch(() => jsonResponse(500, {}));
    await expect(make(fetch).createMatter({ name: 'x', description: '', clientIds: [] })).rejects.toBeInstanceOf(ValidationError);
    expect(calls).toHaveLength(0);
  });

  it('getDocumentDownloadUrl returns the pre-signed URL', async () => {
    const { fetch, calls } = createFakeFetch(() => jsonResponse(200, { url: 'https://s3.test/doc/9?sig=1' }));
    expect(await make(fetch).getDocumentDownloadUrl(9)).toBe('https://s3.test/doc/9?sig=1');
    expect(calls[0]?.url.pathname).toBe('/api/v1/documents/9/download');
  });
});
