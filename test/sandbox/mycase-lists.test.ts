/**
 * MyCase list behaviour (shared/reference/mycase-api.md §3): bare arrays, cursor pagination with
 * `Link: rel="next"` and `Item-Count`, page_size bounds, id order, inclusive
 * `filter[updated_after]` with date-only and offset-less values.
 * LIST_SIZE (env SANDBOX_LIST_SIZE) defaults to 2,500, the documented full size.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, callJson, nextLink, startTestSandbox, type TestSandbox } from './helpers';

const LIST_SIZE = Number(process.env.SANDBOX_LIST_SIZE ?? 2500);

let t: TestSandbox;
let token: string;
beforeAll(async () => {
  t = await startTestSandbox();
  // Raise the limit for this file only: it pages thousands of records, not rate limits.
  t.sandbox.mycase.control.config({ rateLimitPerSecond: 100_000 });
  for (let i = 0; i < LIST_SIZE; i += 1) {
    t.sandbox.mycase.control.write('clients', null, { first_name: 'Bulk', last_name: `Person ${i}`, email: `bulk.${i}@example.com` });
  }
  token = t.sandbox.mycase.control.issueTokens().access_token;
});
afterAll(async () => {
  await t.sandbox.close();
});

async function listAll(path: string): Promise<{ ids: number[]; pages: number; itemCounts: string[] }> {
  const ids: number[] = [];
  const itemCounts: string[] = [];
  let url: string | null = `${t.mc}${path}`;
  let pages = 0;
  while (url !== null) {
    pages += 1;
    if (pages > LIST_SIZE + 2) throw new Error('pagination does not end');
    const response = await callJson<{ id: number }[]>(t.mc, url, { token });
    expect(response.status).toBe(200);
    expect(Array.isArray(response.body)).toBe(true);
    ids.push(...response.body.map((r) => r.id));
    itemCounts.push(response.headers.get('item-count') ?? '');
    url = nextLink(response.headers);
  }
  return { ids, pages, itemCounts };
}

describe('MyCase sandbox lists', () => {
  it(`lists all ${LIST_SIZE} people in full with page_size 1000: exact count, id order, no repeats, Item-Count on every page`, async () => {
    const { ids, pages, itemCounts } = await listAll('/v1/clients?page_size=1000');
    expect(ids).toHaveLength(LIST_SIZE);
    expect(new Set(ids).size).toBe(LIST_SIZE);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(pages).toBe(Math.ceil(LIST_SIZE / 1000));
    expect(new Set(itemCounts)).toEqual(new Set([String(LIST_SIZE)]));
  });

  it('the default page size is 25 and Link is absent on the last page', async () => {
    const first = await callJson<unknown[]>(t.mc, '/v1/clients', { token });
    expect(first.body).toHaveLength(25);
    expect(nextLink(first.headers)).toMatch(/page_size=25/);
    const { ids, pages } = await listAll('/v1/clients');
    expect(ids).toHaveLength(LIST_SIZE);
    expect(pages).toBe(Math.ceil(LIST_SIZE / 25));
    const lastPageSize = LIST_SIZE - (pages - 1) * 25;
    expect(lastPageSize).toBeGreaterThan(0);
  });

  it('page_size outside 1..1000 → 422 naming the parameter; a forged page_token → 422', async () => {
    for (const size of ['0', '1001', 'ten']) {
      const response = await callJson<{ errors: { source: unknown }[] }>(t.mc, `/v1/clients?page_size=${size}`, { token });
      expect(response.status).toBe(422);
      expect(response.body.errors[0]?.source).toEqual({ parameter: 'page_size' });
    }
    const forged = await callJson<{ errors: { source: unknown }[] }>(t.mc, '/v1/clients?page_token=not-a-token', { token });
    expect(forged.status).toBe(422);
    expect(forged.body.errors[0]?.source).toEqual({ parameter: 'page_token' });
  });

  it('page tokens expire after 3 days on the sandbox clock', async () => {
    const first = await callJson<unknown[]>(t.mc, '/v1/clients?page_size=1', { token });
    const next = nextLink(first.headers) ?? '';
    t.clock.advance(3 * 86_400_000);
    const fresh = t.sandbox.mycase.control.issueTokens().access_token;
    const expired = await call(t.mc, next, { token: fresh });
    expect(expired.status).toBe(422);
    token = fresh;
  });

  it('the cursor stays correct when records are added between pages', async () => {
    const first = await callJson<{ id: number }[]>(t.mc, '/v1/clients?page_size=10', { token });
    const created = t.sandbox.mycase.control.write('clients', null, { first_name: 'Late', last_name: 'Comer' }) as { id: number };
    const second = await callJson<{ id: number }[]>(t.mc, nextLink(first.headers) ?? '', { token });
    expect(second.body[0]?.id).toBe((first.body[9]?.id ?? 0) + 1);
    expect(Number(second.headers.get('item-count'))).toBe(LIST_SIZE + 1);
    t.sandbox.mycase.control.remove('clients', created.id);
  });

  it('R13 filter[updated_after] is inclusive, accepts a date alone, and treats a time without offset as UTC', async () => {
    const [a, b, c] = [0, 1, 2].map((i) => t.sandbox.mycase.control.write('clients', null, { first_name: 'Upd', last_name: `U${i}` }) as { id: number });
    t.sandbox.mycase.control.write('clients', a?.id ?? 0, { updated_at: '2031-03-04T10:00:00.000Z' });
    t.sandbox.mycase.control.write('clients', b?.id ?? 0, { updated_at: '2031-03-04T12:00:00.000Z' });
    t.sandbox.mycase.control.write('clients', c?.id ?? 0, { updated_at: '2031-03-05T00:00:00.000Z' });
    const names = async (value: string) =>
      (await callJson<{ last_name: string }[]>(t.mc, `/v1/clients?${new URLSearchParams({ 'filter[updated_after]': value, page_size: '1000' })}`, { token })).body.map((r) => r.last_name);
    expect(await names('2031-03-04T12:00:00Z')).toEqual(['U1', 'U2']);
    expect(await names('2031-03-04T12:00:00')).toEqual(['U1', 'U2']);
    expect(await names('2031-03-04T13:00:00+01:00')).toEqual(['U1', 'U2']);
    expect(await names('2031-03-04')).toEqual(['U0', 'U1', 'U2']);
    expect(await names('2031-03-05')).toEqual(['U2']);
    const bad = await callJson<{ errors: { source: unknown }[] }>(t.mc, `/v1/clients?${new URLSearchParams({ 'filter[updated_after]': 'yesterday' })}`, { token });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]?.source).toEqual({ parameter: 'filter[updated_after]' });
    // An API update moves updated_at to the sandbox clock, so it is found by a later filter.
    t.clock.set(Date.UTC(2031, 2, 6));
    token = t.sandbox.mycase.control.issueTokens().access_token;
    expect((await call(t.mc, `/v1/clients/${a?.id ?? 0}`, { method: 'PUT', token, json: { first_name: 'Upd2' } })).status).toBe(204);
    expect(await names('2031-03-06')).toEqual(['U0']);
  });
});
