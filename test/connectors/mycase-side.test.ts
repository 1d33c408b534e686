/** The MyCase client over a scripted fetch: cursor pages, the contact phases and resume tokens. */
import { describe, expect, it } from 'vitest';
import { createMyCaseSide } from '../../src/connectors/mycase/mycase-side';
import type { Page } from '../../src/core/sync-side';
import type { SideContact } from '../../src/core/types';
import { createFakeFetch, emptyResponse, jsonResponse } from './helpers/fake-fetch';
import { countingTokens } from './helpers/static-tokens';

const at = '2026-01-05T09:00:00.000Z';
const person = (id: number) => ({ id, first_name: 'P', last_name: `${id}`, email: `p${id}@x.test`, created_at: at, updated_at: at });
const company = (id: number) => ({ id, name: `Co ${id}`, email: null, created_at: at, updated_at: at });

/** 5 clients and 2 companies, 2 a page, cursor = last id served. */
function server() {
  return createFakeFetch((call) => {
    const after = Number(call.url.searchParams.get('page_token') ?? '0');
    const size = Number(call.url.searchParams.get('page_size'));
    const all = call.url.pathname === '/v1/clients' ? [1, 2, 3, 4, 5].map(person) : [101, 102].map(company);
    const rest = all.filter((r) => r.id > after);
    const page = rest.slice(0, size);
    const headers: Record<string, string> = { 'Item-Count': String(all.length) };
    const last = page[page.length - 1];
    if (rest.length > size && last) headers.Link = `<https://mc.test${call.url.pathname}?page_size=${size}&page_token=${last.id}>; rel="next"`;
    return jsonResponse(200, page, headers);
  });
}

async function drain(pages: AsyncIterable<Page<SideContact>>): Promise<Page<SideContact>[]> {
  const out: Page<SideContact>[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe('MyCase client (scripted fetch)', () => {
  it('lists clients then companies, with resumable next tokens across both', async () => {
    const { fetch, calls } = server();
    const side = createMyCaseSide({ baseUrl: 'https://mc.test', tokens: countingTokens('mycase'), fetch, pageSize: 2 });
    const pages = await drain(side.listContacts({ updatedAfter: '2026-01-01' }));
    expect(pages.map((p) => p.records.map((r) => `${r.kind}:${r.id}`))).toEqual([
      ['person:1', 'person:2'],
      ['person:3', 'person:4'],
      ['person:5'],
      ['company:101', 'company:102'],
    ]);
    expect(pages.map((p) => p.next)).toEqual(['clients:2', 'clients:4', 'companies:', null]);
    expect(calls.every((c) => c.url.searchParams.get('filter[updated_after]') === '2026-01-01')).toBe(true);
    const resumed = await drain(side.listContacts({ resumeFrom: 'clients:4' }));
    expect(resumed.flatMap((p) => p.records.map((r) => r.id))).toEqual([5, 101, 102]);
    const companiesOnly = await drain(side.listContacts({ resumeFrom: 'companies:' }));
    expect(companiesOnly.flatMap((p) => p.records.map((r) => r.id))).toEqual([101, 102]);
  });

  it('findContactsByEmail uses filter[email] and re-checks equality', async () => {
    const { fetch, calls } = createFakeFetch(() =>
      jsonResponse(200, [{ ...person(1), email: 'Ana@X.test' }, { ...person(2), email: 'ana@x.test.org' }], { 'Item-Count': '2' }),
    );
    const side = createMyCaseSide({ baseUrl: 'https://mc.test', tokens: countingTokens('mycase'), fetch });
    expect((await side.findContactsByEmail('ana@x.test')).map((c) => c.id)).toEqual([1]);
    expect(calls[0]?.url.searchParams.get('filter[email]')).toBe('ana@x.test');
  });

  it('a PUT answered 204 is read back with a GET; an empty patch sends no PUT', async () => {
    const { fetch, calls } = createFakeFetch((call) => (call.method === 'PUT' ? emptyResponse(204) : jsonResponse(200, { ...person(9), work_phone_number: '2' })));
    const side = createMyCaseSide({ baseUrl: 'https://mc.test', tokens: countingTokens('mycase'), fetch });
    const updated = await side.updateContact(9, { workPhone: '2' });
    expect(updated.fields.workPhone).toBe('2');
    expect(calls.map((c) => c.method)).toEqual(['PUT', 'GET']);
    await side.updateContact(9, {});
    expect(calls.map((c) => c.method)).toEqual(['PUT', 'GET', 'GET']);
  });

  it('putDocumentBytes sends every put header plus Content-Type: application/octet-stream, without the token', async () => {
    const { fetch, calls } = createFakeFetch(() => emptyResponse(200));
    const side = createMyCaseSide({ baseUrl: 'https://mc.test', tokens: countingTokens('mycase'), fetch });
    await side.putDocumentBytes('https://s3.test/u/1?sig=abc', { 'x-amz-acl': 'private' }, new Uint8Array([1, 2, 3]));
    expect(calls[0]?.method).toBe('PUT');
    expect(calls[0]?.headers).toMatchObject({ 'x-amz-acl': 'private', 'content-type': 'application/octet-stream' });
    expect(calls[0]?.headers.authorization).toBeUndefined();
    expect(Array.from(calls[0]?.body as Uint8Array)).toEqual([1, 2, 3]);
  });
});
