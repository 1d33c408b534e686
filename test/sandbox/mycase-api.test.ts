/**
 * MyCase `/v1` resources in the sandbox (shared/reference/mycase-api.md §2, §4, §5, §7):
 * status codes, uniqueness and validation errors, partial PUT, relationships, plan and
 * permission 403s, and the 25 requests/s limit on the virtual clock.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, callJson, startTestSandbox, type TestSandbox } from './helpers';

type McError = { errors: { description: string; source?: { pointer?: string; parameter?: string } }[] };

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
  token = t.sandbox.mycase.control.issueTokens().access_token;
  // Let each test start with a fresh rate-limit window.
  t.clock.advance(2000);
});

const address = { address1: '12 Main St', address2: '4B', city: 'Miami', state: 'FL', zip_code: '33135', country: 'United States' };

async function createClient(body: Record<string, unknown>) {
  return callJson<Record<string, unknown> & McError>(t.mc, '/v1/clients', { token, json: body });
}

describe('MyCase sandbox: people (clients)', () => {
  it('POST → 201 with the resource; GET; PUT → 204 partial update that moves updated_at; DELETE → 204 then 404', async () => {
    const created = await createClient({ first_name: 'José', last_name: "O'Brien", email: 'jose@example.com', address, cell_phone_number: '(305) 555-0101' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(Number), first_name: 'José', last_name: "O'Brien", email: 'jose@example.com', address, archived: false, cases: [] });
    const id = created.body.id as number;
    t.clock.advance(60_000);
    const put = await call(t.mc, `/v1/clients/${id}`, { method: 'PUT', token, json: { work_phone_number: '305-555-0199' } });
    expect(put.status).toBe(204);
    expect(await put.text()).toBe('');
    const after = await callJson<Record<string, unknown>>(t.mc, `/v1/clients/${id}`, { token });
    expect(after.body).toMatchObject({ first_name: 'José', email: 'jose@example.com', cell_phone_number: '(305) 555-0101', work_phone_number: '305-555-0199', address });
    expect(Date.parse(String(after.body.updated_at))).toBe(Date.parse(String(created.body.updated_at)) + 60_000);
    expect((await call(t.mc, `/v1/clients/${id}`, { method: 'DELETE', token })).status).toBe(204);
    expect((await call(t.mc, `/v1/clients/${id}`, { token })).status).toBe(404);
    expect((await call(t.mc, `/v1/clients/${id}`, { method: 'DELETE', token })).status).toBe(404);
  });

  it('R2 person email is unique, case-insensitively: 422 "Email has already been taken" at /email', async () => {
    expect((await createClient({ first_name: 'A', last_name: 'One', email: 'Shared@Example.com' })).status).toBe(201);
    const clash = await createClient({ first_name: 'B', last_name: 'Two', email: 'shared@example.COM' });
    expect(clash.status).toBe(422);
    expect(clash.body).toEqual({ errors: [{ description: 'Email has already been taken', source: { pointer: '/email' } }] });
    const other = await createClient({ first_name: 'C', last_name: 'Three', email: 'c@example.com' });
    const put = await callJson<McError>(t.mc, `/v1/clients/${other.body.id as number}`, { method: 'PUT', token, json: { email: 'SHARED@example.com' } });
    expect(put.status).toBe(422);
    expect(put.body.errors[0]?.source).toEqual({ pointer: '/email' });
    // Re-saving one's own email is not a clash; freeing an email makes it available again.
    expect((await call(t.mc, `/v1/clients/${other.body.id as number}`, { method: 'PUT', token, json: { email: 'c@example.com' } })).status).toBe(204);
    expect((await call(t.mc, `/v1/clients/${other.body.id as number}`, { method: 'PUT', token, json: { email: 'new-c@example.com' } })).status).toBe(204);
    expect((await createClient({ first_name: 'D', last_name: 'Four', email: 'c@example.com' })).status).toBe(201);
  });

  it('first and last name are required; a partial address object is refused; bad JSON is 400', async () => {
    const noFirst = await createClient({ last_name: 'X' });
    expect(noFirst.status).toBe(422);
    expect(noFirst.body.errors[0]?.source).toEqual({ pointer: '/first_name' });
    const noLast = await createClient({ first_name: 'X', last_name: '  ' });
    expect(noLast.body.errors[0]?.source).toEqual({ pointer: '/last_name' });
    const partial = await createClient({ first_name: 'X', last_name: 'Y', address: { address1: '1 Main St', city: 'Miami' } });
    expect(partial.status).toBe(422);
    expect(partial.body.errors.map((e) => e.source?.pointer)).toEqual(expect.arrayContaining(['/address/address2', '/address/state', '/address/zip_code', '/address/country']));
    const both = await createClient({ first_name: 'X', last_name: 'Y', middle_name: 'M', middle_initial: 'M' });
    expect(both.status).toBe(422);
    const bad = await call(t.mc, '/v1/clients', { token, body: '{"first_name":', headers: { 'Content-Type': 'application/json' }, method: 'POST' });
    expect(bad.status).toBe(400);
    expect(t.sandbox.mycase.control.list('clients')).toHaveLength(0);
  });

  it('filter[email] is exact and case-insensitive; the other documented people filters work', async () => {
    await createClient({ first_name: 'Ana', last_name: 'Pérez', email: 'ana@example.com', cell_phone_number: '555-0101' });
    await createClient({ first_name: 'Ana', last_name: 'Smith', email: 'ana.smith@example.com' });
    const byEmail = await callJson<{ id: number; last_name: string }[]>(t.mc, `/v1/clients?${new URLSearchParams({ 'filter[email]': 'ANA@example.com' })}`, { token });
    expect(byEmail.body.map((c) => c.last_name)).toEqual(['Pérez']);
    expect(byEmail.headers.get('item-count')).toBe('1');
    const byFirst = await callJson<unknown[]>(t.mc, `/v1/clients?${new URLSearchParams({ 'filter[first_name]': 'ana' })}`, { token });
    expect(byFirst.body).toHaveLength(2);
    const byLast = await callJson<unknown[]>(t.mc, `/v1/clients?${new URLSearchParams({ 'filter[last_name]': 'pérez' })}`, { token });
    expect(byLast.body).toHaveLength(1);
    const byCell = await callJson<unknown[]>(t.mc, `/v1/clients?${new URLSearchParams({ 'filter[cell_phone_number]': '555-0101' })}`, { token });
    expect(byCell.body).toHaveLength(1);
    const unknown = await callJson<McError>(t.mc, `/v1/clients?${new URLSearchParams({ 'filter[nickname]': 'x' })}`, { token });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0]?.source).toEqual({ parameter: 'filter[nickname]' });
  });
});

describe('MyCase sandbox: companies and cases', () => {
  it('companies: name required, CRUD codes, filters, relationships/clients → 204', async () => {
    expect((await callJson(t.mc, '/v1/companies', { token, json: { email: 'x@example.com' } })).status).toBe(422);
    const company = await callJson<{ id: number }>(t.mc, '/v1/companies', { token, json: { name: 'Acme Staffing LLC', email: 'hr@acme.example.com' } });
    expect(company.status).toBe(201);
    const person = await createClient({ first_name: 'P', last_name: 'Q' });
    expect((await call(t.mc, `/v1/companies/${company.body.id}/relationships/clients`, { token, json: { clients: [{ id: person.body.id }] } })).status).toBe(204);
    expect((await call(t.mc, `/v1/companies/${company.body.id}/relationships/clients`, { token, json: { clients: [] } })).status).toBe(422);
    const found = await callJson<{ clients: { id: number }[] }[]>(t.mc, `/v1/companies?${new URLSearchParams({ 'filter[name]': 'acme staffing llc' })}`, { token });
    expect(found.body[0]?.clients).toEqual([{ id: person.body.id }]);
    expect((await call(t.mc, `/v1/companies/${company.body.id}`, { method: 'PUT', token, json: { website: 'https://acme.example.com' } })).status).toBe(204);
    expect((await call(t.mc, `/v1/companies/${company.body.id}`, { method: 'DELETE', token })).status).toBe(204);
    expect((await call(t.mc, `/v1/companies/${company.body.id}`, { token })).status).toBe(404);
  });

  it('R6 case name is unique (422 "Name has already been taken" at /name), also on rename', async () => {
    const first = await callJson<{ id: number; status: string }>(t.mc, '/v1/cases', { token, json: { name: 'García – I-130' } });
    expect(first.status).toBe(201);
    expect(first.body.status).toBe('open');
    const clash = await callJson<McError>(t.mc, '/v1/cases', { token, json: { name: 'garcía – i-130' } });
    expect(clash.status).toBe(422);
    expect(clash.body).toEqual({ errors: [{ description: 'Name has already been taken', source: { pointer: '/name' } }] });
    const second = await callJson<{ id: number }>(t.mc, '/v1/cases', { token, json: { name: 'García – I-130 (17)' } });
    expect(second.status).toBe(201);
    const rename = await callJson<McError>(t.mc, `/v1/cases/${second.body.id}`, { method: 'PUT', token, json: { name: 'García – I-130' } });
    expect(rename.status).toBe(422);
    expect((await callJson(t.mc, '/v1/cases', { token, json: { description: 'no name' } })).status).toBe(422);
  });

  it('cases: clients relationship → 204 and field[client] expands the nested clients', async () => {
    const a = await createClient({ first_name: 'Zoë', last_name: 'Müller', email: 'zoe@example.com' });
    const b = await createClient({ first_name: 'Liam', last_name: 'Byrne', email: 'liam@example.com' });
    const created = await callJson<{ id: number; clients: { id: number }[] }>(t.mc, '/v1/cases', { token, json: { name: 'Müller AOS', description: 'Adjustment', clients: [{ id: a.body.id }] } });
    expect(created.body.clients).toEqual([{ id: a.body.id }]);
    const rel = await call(t.mc, `/v1/cases/${created.body.id}/relationships/clients`, { token, json: { clients: [{ id: b.body.id, role: 'Beneficiary' }] } });
    expect(rel.status).toBe(204);
    const plain = await callJson<{ clients: unknown[] }>(t.mc, `/v1/cases/${created.body.id}`, { token });
    expect(plain.body.clients).toEqual([{ id: a.body.id }, { id: b.body.id }]);
    const expanded = await callJson<{ clients: unknown[] }[]>(t.mc, `/v1/cases?${new URLSearchParams({ 'field[client]': 'id,first_name,email' })}`, { token });
    expect(expanded.body[0]?.clients).toEqual([
      { id: a.body.id, first_name: 'Zoë', email: 'zoe@example.com' },
      { id: b.body.id, first_name: 'Liam', email: 'liam@example.com' },
    ]);
    const unknownClient = await callJson<McError>(t.mc, `/v1/cases/${created.body.id}/relationships/clients`, { token, json: { clients: [{ id: 1 }] } });
    expect(unknownClient.status).toBe(422);
    const ofClient = await callJson<{ id: number }[]>(t.mc, `/v1/clients/${b.body.id}/cases`, { token });
    expect(ofClient.body.map((c) => c.id)).toEqual([created.body.id]);
  });

  it('cases: PUT is partial and appends clients; an unknown stage becomes blank; status filter', async () => {
    const a = await createClient({ first_name: 'A', last_name: 'A' });
    const b = await createClient({ first_name: 'B', last_name: 'B' });
    const created = await callJson<{ id: number }>(t.mc, '/v1/cases', { token, json: { name: 'Case 1', description: 'd1', clients: [{ id: a.body.id }], case_stage: 'no such stage' } });
    expect((await call(t.mc, `/v1/cases/${created.body.id}`, { method: 'PUT', token, json: { clients: [{ id: b.body.id }], status: 'closed' } })).status).toBe(204);
    const after = await callJson<{ description: string; clients: unknown[]; case_stage: string; status: string; closed_date: string }>(t.mc, `/v1/cases/${created.body.id}`, { token });
    expect(after.body).toMatchObject({ description: 'd1', clients: [{ id: a.body.id }, { id: b.body.id }], case_stage: '', status: 'closed' });
    expect(after.body.closed_date).toBe('2026-01-05');
    await callJson(t.mc, '/v1/cases', { token, json: { name: 'Case 2' } });
    const open = await callJson<{ name: string }[]>(t.mc, `/v1/cases?${new URLSearchParams({ 'filter[status]': 'open' })}`, { token });
    expect(open.body.map((c) => c.name)).toEqual(['Case 2']);
    expect((await call(t.mc, `/v1/cases/${created.body.id}`, { method: 'DELETE', token })).status).toBe(204);
    expect((await call(t.mc, `/v1/cases/${created.body.id}`, { token })).status).toBe(404);
  });

  it('GET /v1/firm and /v1/me', async () => {
    const firm = await callJson<{ name: string; url: string }>(t.mc, '/v1/firm', { token });
    expect(firm.body).toEqual({ name: expect.any(String), url: expect.stringMatching(/^https:\/\//) });
    const me = await callJson<{ id: number; email: string }>(t.mc, '/v1/me', { token });
    expect(me.body).toMatchObject({ id: expect.any(Number), email: expect.any(String) });
  });
});

describe('MyCase sandbox: plan, permission and rate limit', () => {
  it('R7 a firm on a plan without API access gets 403 in the errors[] shape on every /v1 call', async () => {
    t.sandbox.mycase.control.config({ plan: 'basic' });
    for (const path of ['/v1/me', '/v1/firm', '/v1/clients', '/v1/cases']) {
      const denied = await callJson<McError>(t.mc, path, { token });
      expect(denied.status).toBe(403);
      expect(denied.body.errors[0]?.description).toMatch(/plan/i);
    }
    expect((await createClient({ first_name: 'A', last_name: 'B' })).status).toBe(403);
    // Pro has API access by default (help article); configurable to Advanced only.
    t.sandbox.mycase.control.config({ plan: 'pro' });
    expect((await call(t.mc, '/v1/me', { token })).status).toBe(200);
    t.sandbox.mycase.control.config({ apiPlans: ['advanced'] });
    expect((await call(t.mc, '/v1/me', { token })).status).toBe(403);
    const viaHttp = await callJson<{ plan: string }>(t.mc, '/__sandbox/config', { method: 'PUT', json: { plan: 'advanced' } });
    expect(viaHttp.body.plan).toBe('advanced');
    expect((await call(t.mc, '/v1/me', { token })).status).toBe(200);
  });

  it('a user without the permission gets 403 on writes and can still read', async () => {
    const created = await createClient({ first_name: 'A', last_name: 'B' });
    t.sandbox.mycase.control.config({ canWrite: false });
    const denied = await callJson<McError>(t.mc, '/v1/clients', { token, json: { first_name: 'C', last_name: 'D' } });
    expect(denied.status).toBe(403);
    expect(denied.body.errors[0]?.description).toMatch(/permission/i);
    expect((await call(t.mc, `/v1/clients/${created.body.id as number}`, { method: 'PUT', token, json: { first_name: 'Z' } })).status).toBe(403);
    expect((await call(t.mc, `/v1/clients/${created.body.id as number}`, { method: 'DELETE', token })).status).toBe(403);
    expect((await call(t.mc, '/v1/clients', { token })).status).toBe(200);
    expect(t.sandbox.mycase.control.list('clients')).toHaveLength(1);
  });

  it('25 requests per second per OAuth client, shared by its tokens; 429 with Retry-After; the window follows the clock', async () => {
    const second = t.sandbox.mycase.control.issueTokens().access_token;
    const statuses: number[] = [];
    for (let i = 0; i < 26; i += 1) statuses.push((await call(t.mc, '/v1/me', { token: i % 2 === 0 ? token : second })).status);
    expect(statuses.slice(0, 25).every((s) => s === 200)).toBe(true);
    expect(statuses[25]).toBe(429);
    const limited = await call(t.mc, '/v1/me', { token });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toEqual({ errors: [{ description: expect.any(String) }] });
    t.clock.advance(999);
    expect((await call(t.mc, '/v1/me', { token })).status).toBe(429);
    t.clock.advance(1);
    expect((await call(t.mc, '/v1/me', { token })).status).toBe(200);
  });
});
