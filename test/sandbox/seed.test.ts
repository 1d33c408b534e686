/**
 * The seeded demo firm: both servers, seeded on their own with the same options, hold one
 * overlapping firm whose overlaps are exactly what the options asked for; same seed, same data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callJson, startTestSandbox, type TestSandbox } from './helpers';
import type { McClient } from '../../sandbox/mycase/store';
import type { DwContact, DwMatter } from '../../sandbox/docketwise/store';

const OPTIONS = {
  seed: 11,
  contacts: 200,
  shared: 120,
  differing: 20,
  duplicates: 4,
  companies: 6,
  emailsTaken: 5,
  address2Descriptors: 10,
  leads: 7,
  cases: 50,
  matters: 60,
  caseNameClashes: 3,
};

const DESCRIPTOR = /^(apt\.?|suite|ste\.?|floor|fl|unit|#)\s*/i;
const digits = (v: string | null | undefined): string => (v ?? '').replace(/\D/g, '');
const low = (v: string | null | undefined): string => (v ?? '').trim().normalize('NFC').toLowerCase();
const key = (first: string | null, last: string | null, email: string | null): string => `${low(first)}|${low(last)}|${low(email)}`;

let t: TestSandbox;
let mcClients: McClient[];
let dwContacts: DwContact[];
beforeAll(async () => {
  t = await startTestSandbox();
  // Through HTTP, one server at a time, as a demo script would.
  const mc = await callJson<{ clients: number; companies: number; cases: number }>(t.mc, '/__sandbox/seed', { json: OPTIONS });
  const dw = await callJson<{ contacts: number; matters: number; forms: number }>(t.dw, '/__sandbox/seed', { json: OPTIONS });
  expect(mc.body).toMatchObject({ clients: 200, companies: 6, cases: 50 });
  expect(dw.body).toMatchObject({ contacts: 200 + 4 + 7 + 6, matters: 60 });
  mcClients = (await callJson<McClient[]>(t.mc, '/__sandbox/records/clients')).body;
  dwContacts = (await callJson<DwContact[]>(t.dw, '/__sandbox/records/contacts')).body;
});
afterAll(async () => {
  await t.sandbox.close();
});

describe('demo firm seeding', () => {
  const dwPeople = () => dwContacts.filter((c) => c.type === 'Person' && !c.lead);

  it('R8 shared people match on first name, last name and email; duplicates repeat a key on the Docketwise side (R11)', () => {
    const mcKeys = new Set(mcClients.map((c) => key(c.first_name, c.last_name, c.email)));
    expect(mcKeys.size).toBe(200);
    const matching = dwPeople().filter((c) => mcKeys.has(key(c.first_name, c.last_name, c.email)));
    expect(matching).toHaveLength(120 + 4);
    const counts = new Map<string, number>();
    for (const c of matching) counts.set(key(c.first_name, c.last_name, c.email), (counts.get(key(c.first_name, c.last_name, c.email)) ?? 0) + 1);
    expect(counts.size).toBe(120);
    expect([...counts.values()].filter((n) => n === 2)).toHaveLength(4);
    expect(new Set(mcClients.map((c) => low(c.email)).filter(Boolean)).size).toBe(mcClients.filter((c) => c.email).length);
  });

  it('R9 exactly `differing` shared pairs differ in a synced field once formatting is normalised (R5, R4)', () => {
    const byKey = new Map(mcClients.map((c) => [key(c.first_name, c.last_name, c.email), c]));
    const seen = new Set<string>();
    let differing = 0;
    for (const dw of dwPeople()) {
      const k = key(dw.first_name, dw.last_name, dw.email);
      const mc = byKey.get(k);
      if (!mc || seen.has(k)) continue;
      seen.add(k);
      const mobile = dw.phone_numbers.find((p) => p.kind === 'mobile')?.number;
      const work = dw.phone_numbers.find((p) => p.kind === 'work')?.number;
      const a = dw.physical_address;
      const same =
        low(mc.address?.address1) === low(a?.street_number_and_name) &&
        low((mc.address?.address2 ?? '').replace(DESCRIPTOR, '')) === low(a?.apartment_number) &&
        low(mc.address?.city) === low(a?.city) &&
        low(mc.address?.zip_code) === low(a?.zip_code) &&
        digits(mc.cell_phone_number) === digits(mobile) &&
        digits(mc.work_phone_number) === digits(work);
      if (!same) differing += 1;
    }
    expect(seen.size).toBe(120);
    expect(differing).toBe(20);
  });

  it('R4 Address 2 values with descriptors, R2 emails already taken, leads, companies and R6 case-name clashes', () => {
    const descriptors = mcClients.filter((c) => DESCRIPTOR.test(c.address?.address2 ?? ''));
    expect(descriptors).toHaveLength(10);
    const mcByEmail = new Map(mcClients.filter((c) => c.email).map((c) => [low(c.email), c]));
    const taken = dwPeople().filter((c) => {
      const owner = mcByEmail.get(low(c.email));
      return owner !== undefined && key(owner.first_name, owner.last_name, owner.email) !== key(c.first_name, c.last_name, c.email);
    });
    expect(taken).toHaveLength(5);
    expect(dwContacts.filter((c) => c.lead)).toHaveLength(7);
    expect(dwContacts.filter((c) => c.type === 'Institution')).toHaveLength(6);
    const caseNames = new Set(t.sandbox.mycase.control.list('cases').map((c) => low((c as { name: string }).name)));
    expect(caseNames.size).toBe(50);
    const matters = t.sandbox.docketwise.control.list('matters') as DwMatter[];
    expect(matters.filter((m) => caseNames.has(low(m.title)))).toHaveLength(3);
  });

  it('the firm looks real: accents, hyphens and apostrophes, Apt/Ste/Flr units, mixed phone formats, matters with forms', () => {
    const names = mcClients.map((c) => `${c.first_name} ${c.last_name}`).join('\n');
    expect(names).toMatch(/[À-ɏ]/);
    expect(names).toMatch(/-/);
    expect(names).toMatch(/'/);
    expect(new Set(dwContacts.map((c) => c.physical_address?.apartment_type).filter(Boolean))).toEqual(new Set(['apt', 'ste', 'flr']));
    const formats = new Set(mcClients.map((c) => (c.cell_phone_number ?? '').replace(/\d/g, '9')));
    expect(formats.size).toBeGreaterThanOrEqual(4);
    const kinds = new Set(dwContacts.flatMap((c) => c.phone_numbers.map((p) => p.kind)));
    expect(kinds).toEqual(new Set(['mobile', 'work']));
    const forms = t.sandbox.docketwise.control.list('forms') as { matter_id: number; name: string }[];
    const matters = t.sandbox.docketwise.control.list('matters') as DwMatter[];
    expect(matters.every((m) => forms.some((f) => f.matter_id === m.id))).toBe(true);
    expect(new Set(forms.map((f) => f.name)).size).toBeGreaterThanOrEqual(8);
  });

  it('same seed → same data on both sides; another seed → other data', async () => {
    const again = await startTestSandbox();
    try {
      again.sandbox.seed(OPTIONS);
      expect(again.sandbox.mycase.control.list('clients')).toEqual(mcClients);
      expect(again.sandbox.docketwise.control.list('contacts')).toEqual(dwContacts);
      again.sandbox.seed({ ...OPTIONS, seed: 12 });
      expect(again.sandbox.mycase.control.list('clients')).not.toEqual(mcClients);
    } finally {
      await again.sandbox.close();
    }
  });

  it('refuses impossible options with 400 and keeps the data', async () => {
    const refused = await callJson<{ error: string }>(t.mc, '/__sandbox/seed', { json: { contacts: 5, shared: 10 } });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(/shared/);
    expect((await callJson(t.dw, '/__sandbox/seed', { json: { contacts: 'many' } })).status).toBe(400);
    expect(t.sandbox.mycase.control.list('clients')).toHaveLength(200);
  });
});
