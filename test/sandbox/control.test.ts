/**
 * The `/__sandbox/` control API on both servers: reset, direct reads and writes, the request
 * log, and faults (latency, 5xx rate, 429 bursts, committed-then-dropped writes).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, callJson, startTestSandbox, type TestSandbox } from './helpers';

let t: TestSandbox;
let mcToken: string;
let dwToken: string;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t.sandbox.close();
});
beforeEach(async () => {
  expect((await callJson(t.mc, '/__sandbox/reset', { method: 'POST' })).status).toBe(200);
  expect((await callJson(t.dw, '/__sandbox/reset', { method: 'POST' })).status).toBe(200);
  mcToken = t.sandbox.mycase.control.issueTokens().access_token;
  dwToken = t.sandbox.docketwise.control.issueTokens().access_token;
  t.clock.advance(60_000);
});

describe('control API: records', () => {
  it('direct writes act as a user edit: visible through the API with updated_at at the sandbox clock', async () => {
    const created = await callJson<{ id: number }>(t.mc, '/__sandbox/records/clients', { json: { first_name: 'Ana', last_name: 'Díaz', email: 'ana@example.com' } });
    expect(created.status).toBe(201);
    t.clock.advance(1000);
    const edited = await callJson<{ first_name: string; updated_at: string }>(t.mc, `/__sandbox/records/clients/${created.body.id}`, { method: 'PUT', json: { first_name: 'Anabel' } });
    expect(edited.body.first_name).toBe('Anabel');
    expect(edited.body.updated_at).toBe(new Date(t.clock.now()).toISOString());
    const viaApi = await callJson<{ first_name: string }>(t.mc, `/v1/clients/${created.body.id}`, { token: mcToken });
    expect(viaApi.body.first_name).toBe('Anabel');
    // The email index follows direct writes too.
    const filtered = await callJson<unknown[]>(t.mc, `/v1/clients?${new URLSearchParams({ 'filter[email]': 'ana@example.com' })}`, { token: mcToken });
    expect(filtered.body).toHaveLength(1);
    // A direct write may give two people one email (the API never would); the filter finds both.
    await callJson(t.mc, '/__sandbox/records/clients', { json: { first_name: 'Other', last_name: 'Ana', email: 'ANA@example.com' } });
    const both = await callJson<unknown[]>(t.mc, `/v1/clients?${new URLSearchParams({ 'filter[email]': 'ana@example.com' })}`, { token: mcToken });
    expect(both.body).toHaveLength(2);
    expect((await callJson(t.mc, '/__sandbox/records/clients/1', {})).status).toBe(404);
    expect((await callJson(t.mc, '/__sandbox/records/nope', {})).status).toBe(404);
    expect((await callJson(t.mc, `/__sandbox/records/clients/${created.body.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await call(t.mc, `/v1/clients/${created.body.id}`, { token: mcToken })).status).toBe(404);
  });

  it('Docketwise direct writes merge physical_address and replace phone_numbers; reads list every collection', async () => {
    const contact = await callJson<{ id: number }>(t.dw, '/__sandbox/records/contacts', {
      json: { first_name: 'Kwame', last_name: 'Mensah', physical_address: { street_number_and_name: '1 Elm St', apartment_number: '3', apartment_type: 'flr' }, phone_numbers: [{ number: '404-555-0100', kind: 'mobile', daytime: true }] },
    });
    await callJson(t.dw, `/__sandbox/records/contacts/${contact.body.id}`, { method: 'PUT', json: { physical_address: { apartment_number: '4' }, phone_numbers: [{ number: '404-555-0111', kind: 'work' }] } });
    const shown = await callJson<{ physical_address: Record<string, unknown>; phone_numbers: { number: string; kind: string }[] }>(t.dw, `/api/v1/contacts/${contact.body.id}`, { token: dwToken });
    expect(shown.body.physical_address).toMatchObject({ street_number_and_name: '1 Elm St', apartment_number: '4', apartment_type: 'flr' });
    expect(shown.body.phone_numbers.map((p) => [p.number, p.kind])).toEqual([['404-555-0111', 'work']]);
    const matter = await callJson<{ id: number }>(t.dw, '/__sandbox/records/matters', { json: { title: 'Mensah N-400', client_id: contact.body.id } });
    const form = await callJson<{ id: number; pageCount: number; kind: string }>(t.dw, '/__sandbox/records/forms', { json: { matter_id: matter.body.id, name: 'N-400' } });
    expect(form.body).toMatchObject({ pageCount: 12, kind: 'uscis' });
    for (const collection of ['contacts', 'matters', 'forms', 'documents']) {
      expect((await callJson<unknown[]>(t.dw, `/__sandbox/records/${collection}`)).status).toBe(200);
    }
  });

  it('reset empties the data and forgets tokens', async () => {
    t.sandbox.seed({ contacts: 20 });
    expect(t.sandbox.mycase.control.list('clients')).toHaveLength(20);
    await callJson(t.mc, '/__sandbox/reset', { method: 'POST' });
    expect(t.sandbox.mycase.control.list('clients')).toHaveLength(0);
    expect((await call(t.mc, '/v1/me', { token: mcToken })).status).toBe(401);
  });
});

describe('control API: request log', () => {
  it('counts requests per method and route, per path and per status; DELETE clears it', async () => {
    await callJson(t.mc, '/__sandbox/log', { method: 'DELETE' });
    await call(t.mc, '/v1/clients', { token: mcToken });
    await call(t.mc, '/v1/clients', { token: mcToken });
    await call(t.mc, '/v1/clients/123', { token: mcToken });
    await call(t.mc, '/v1/clients', { token: mcToken, json: { first_name: 'A', last_name: 'B' } });
    const log = await callJson<{ total: number; byRoute: Record<string, number>; byPath: Record<string, number>; byStatus: Record<string, number>; entries: { method: string; path: string; status: number; auth: string }[] }>(t.mc, '/__sandbox/log');
    expect(log.body.byRoute).toMatchObject({ 'GET /v1/clients': 2, 'GET /v1/clients/:id': 1, 'POST /v1/clients': 1 });
    expect(log.body.byPath['GET /v1/clients/123']).toBe(1);
    expect(log.body.byStatus).toMatchObject({ '200': 2, '404': 1, '201': 1 });
    expect(log.body.entries.slice(0, 4).map((e) => `${e.method} ${e.path} ${e.status} ${e.auth}`)).toEqual([
      'GET /v1/clients 200 bearer',
      'GET /v1/clients 200 bearer',
      'GET /v1/clients/123 404 bearer',
      'POST /v1/clients 201 bearer',
    ]);
    await callJson(t.mc, '/__sandbox/log', { method: 'DELETE' });
    const cleared = await callJson<{ total: number }>(t.mc, '/__sandbox/log');
    // Control API calls (this GET included) are never logged.
    expect(cleared.body.total).toBe(0);
  });
});

describe('control API: faults', () => {
  it('latency delays every API request but not the control API', async () => {
    await callJson(t.mc, '/__sandbox/faults', { method: 'PUT', json: { latencyMs: 150 } });
    const started = performance.now();
    expect((await call(t.mc, '/v1/me', { token: mcToken })).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    const control = performance.now();
    await callJson(t.mc, '/__sandbox/faults');
    expect(performance.now() - control).toBeLessThan(140);
  });

  it('errorRate 1 answers every API request with errorStatus in the product\'s error shape; a seeded rate is repeatable', async () => {
    await callJson(t.mc, '/__sandbox/faults', { method: 'PUT', json: { errorRate: 1, errorStatus: 500 } });
    const failed = await callJson<{ errors: unknown[] }>(t.mc, '/v1/clients', { token: mcToken, json: { first_name: 'A', last_name: 'B' } });
    expect(failed.status).toBe(500);
    expect(failed.body.errors).toHaveLength(1);
    expect(t.sandbox.mycase.control.list('clients')).toHaveLength(0);
    const pattern = async (): Promise<number[]> => {
      t.sandbox.docketwise.control.faults({ errorRate: 0.5, seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i += 1) statuses.push((await call(t.dw, '/api/v1/contacts', { token: dwToken })).status);
      t.sandbox.docketwise.control.faults({ seed: 1 });
      return statuses;
    };
    const first = await pattern();
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await pattern()).toEqual(first);
    expect((await callJson(t.mc, '/__sandbox/faults', { method: 'PUT', json: { errorRate: 2 } })).status).toBe(400);
  });

  it('a 429 burst answers the next N API requests with 429 and Retry-After', async () => {
    t.sandbox.docketwise.control.faults({ rateLimitBurst: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const response = await call(t.dw, '/api/v1/contacts', { token: dwToken });
      statuses.push(response.status);
      if (response.status === 429) expect(response.headers.get('retry-after')).toBe('1');
    }
    expect(statuses).toEqual([429, 429, 429, 200]);
  });

  it('R21 "commit the write then drop the response": the record exists, the client sees a reset connection', async () => {
    await callJson(t.mc, '/__sandbox/faults', { method: 'PUT', json: { dropAfterCommit: 1 } });
    await expect(call(t.mc, '/v1/clients', { token: mcToken, json: { first_name: 'Ghost', last_name: 'Write', email: 'ghost@example.com' } })).rejects.toThrow();
    expect(t.sandbox.mycase.control.list('clients')).toHaveLength(1);
    // Only the next write was affected: reads and later writes answer normally.
    const retry = await callJson<{ errors: { source: unknown }[] }>(t.mc, '/v1/clients', { token: mcToken, json: { first_name: 'Ghost', last_name: 'Write', email: 'ghost@example.com' } });
    expect(retry.status).toBe(422);
    const log = t.sandbox.mycase.control.log();
    expect(log.entries.some((e) => e.dropped && e.route === '/v1/clients')).toBe(true);
    t.sandbox.docketwise.control.faults({ dropAfterCommit: 1 });
    await expect(call(t.dw, '/api/v1/contacts', { token: dwToken, json: { contact: { first_name: 'A', last_name: 'B' } } })).rejects.toThrow();
    expect(t.sandbox.docketwise.control.list('contacts')).toHaveLength(1);
  });

  it('pathPrefix narrows faults to one resource', async () => {
    t.sandbox.mycase.control.faults({ errorRate: 1, pathPrefix: '/v1/cases' });
    expect((await call(t.mc, '/v1/cases', { token: mcToken })).status).toBe(503);
    expect((await call(t.mc, '/v1/clients', { token: mcToken })).status).toBe(200);
  });
});
