import { describe, expect, it } from 'vitest';
import {
  contactBody,
  contactFromDocketwise,
  matterBody,
  matterFromDocketwise,
} from '../../src/connectors/docketwise/mapping';
import { docketwiseContactSchema, docketwiseMatterSchema } from '../../src/connectors/docketwise/schemas';
import {
  clientBodyForCreate,
  clientBodyFromFields,
  contactFromMyCaseClient,
  contactFromMyCaseCompany,
  matterFromMyCaseCase,
} from '../../src/connectors/mycase/mapping';
import { mycaseCaseSchema, mycaseClientSchema, mycaseCompanySchema } from '../../src/connectors/mycase/schemas';
import { parseRecordList } from '../../src/connectors/parse';
import { BadPayloadError } from '../../src/core/errors';
import { emptyAddress, type ContactFields } from '../../src/core/types';

const at = '2026-01-05T09:00:00.000Z';

const mcClient = (overrides: Record<string, unknown> = {}) => ({
  id: 11,
  first_name: 'Ana',
  last_name: 'Lopez',
  middle_name: null,
  email: 'ana@example.com',
  address: { address1: '12 Main St', address2: 'Apt 4B', city: 'Austin', state: 'TX', zip_code: '78701', country: 'US' },
  cell_phone_number: '512-555-0101',
  work_phone_number: '512-555-0202',
  home_phone_number: '512-555-0303',
  archived: false,
  created_at: at,
  updated_at: at,
  ...overrides,
});

const dwContact = (overrides: Record<string, unknown> = {}) => ({
  id: 21,
  first_name: 'Ana',
  middle_name: null,
  last_name: 'Lopez',
  company_name: '',
  email: 'ana@example.com',
  lead: false,
  lead_phone: null,
  type: 'Person',
  archived: false,
  discarded_at: null,
  firm_id: 1,
  created_at: at,
  updated_at: at,
  physical_address: {
    id: 31,
    street_number_and_name: '12 Main St',
    apartment_number: '200',
    apartment_type: 'ste',
    city: 'Austin',
    state: 'TX',
    county: null,
    province: null,
    zip_code: '78701',
    country: 'US',
  },
  phone_numbers: [
    { id: 41, number: '512-555-0101', daytime: false, kind: 'mobile' },
    { id: 42, number: '512-555-0202', daytime: true, kind: 'work' },
    { id: 43, number: '512-555-0303', daytime: false, kind: 'home' },
  ],
  ...overrides,
});

const fields: ContactFields = {
  firstName: 'Ana',
  lastName: 'Lopez',
  email: 'ana@example.com',
  address: { street: '12 Main St', unitNumber: 'Suite 200', unitType: 'ste', city: 'Austin', state: 'TX', zip: '78701', country: 'US' },
  mobilePhone: '512-555-0101',
  workPhone: '512-555-0202',
};

describe('MyCase mapping', () => {
  it('R4 reads Address 2 "Apt 4B" as unit number 4B of type apt; cell → mobile, work → work', () => {
    const contact = contactFromMyCaseClient(mycaseClientSchema.parse(mcClient()));
    expect(contact).toMatchObject({ side: 'mycase', id: 11, kind: 'person', lead: false, archived: false, updatedAt: at });
    expect(contact.fields.address).toEqual({ street: '12 Main St', unitNumber: '4B', unitType: 'apt', city: 'Austin', state: 'TX', zip: '78701', country: 'US' });
    expect(contact.fields.mobilePhone).toBe('512-555-0101');
    expect(contact.fields.workPhone).toBe('512-555-0202');
  });

  it('R4 push writes the number alone into Address 2 and sends the address whole', () => {
    const body = clientBodyForCreate(fields);
    expect(body).toEqual({
      first_name: 'Ana',
      last_name: 'Lopez',
      email: 'ana@example.com',
      address: { address1: '12 Main St', address2: '200', city: 'Austin', state: 'TX', zip_code: '78701', country: 'US' },
      cell_phone_number: '512-555-0101',
      work_phone_number: '512-555-0202',
    });
  });

  it('R1 an update body holds only the patched fields', () => {
    expect(clientBodyFromFields({ workPhone: '1' }, 'update')).toEqual({ work_phone_number: '1' });
    expect(clientBodyFromFields({ email: '' }, 'update')).toEqual({ email: '' });
  });

  it('a create leaves out an empty email and an empty address', () => {
    const body = clientBodyForCreate({ ...fields, email: '', address: emptyAddress() });
    expect(body).not.toHaveProperty('email');
    expect(body).not.toHaveProperty('address');
  });

  it('R3 companies are reported as kind company; a null address is empty', () => {
    const company = contactFromMyCaseCompany(
      mycaseCompanySchema.parse({ id: 5, name: 'Acme LLC', email: null, address: null, main_phone_number: null, archived: false, created_at: at, updated_at: at }),
    );
    expect(company.kind).toBe('company');
    expect(company.fields.lastName).toBe('Acme LLC');
    expect(company.fields.address).toEqual(emptyAddress());
  });

  it('maps a case to a matter with every client id', () => {
    const matter = matterFromMyCaseCase(
      mycaseCaseSchema.parse({ id: 7, name: 'Lopez I-130', description: null, clients: [{ id: 1 }, { id: 2 }], created_at: at, updated_at: at }),
    );
    expect(matter).toEqual({ side: 'mycase', id: 7, archived: false, updatedAt: at, createdAt: at, fields: { name: 'Lopez I-130', description: '', clientIds: [1, 2] } });
  });
});

describe('Docketwise mapping', () => {
  it('reads the Apt/Ste/Flr number and type, and phones by kind', () => {
    const contact = contactFromDocketwise(docketwiseContactSchema.parse(dwContact()));
    expect(contact.fields.address).toEqual({ street: '12 Main St', unitNumber: '200', unitType: 'ste', city: 'Austin', state: 'TX', zip: '78701', country: 'US' });
    expect(contact.fields.mobilePhone).toBe('512-555-0101');
    expect(contact.fields.workPhone).toBe('512-555-0202');
  });

  it('R3 R16 institutions are companies and the lead flag is carried through', () => {
    expect(contactFromDocketwise(docketwiseContactSchema.parse(dwContact({ type: 'Institution' }))).kind).toBe('company');
    const lead = contactFromDocketwise(docketwiseContactSchema.parse(dwContact({ lead: true })));
    expect(lead).toMatchObject({ kind: 'person', lead: true });
    expect(contactFromDocketwise(docketwiseContactSchema.parse(dwContact({ discarded_at: at }))).archived).toBe(true);
  });

  it('a create is a Person, not a lead, in the documented data-wrapped shape', () => {
    const body = contactBody(fields, null, true);
    expect(body.contact).toMatchObject({ type: 'Person', lead: false, first_name: 'Ana', last_name: 'Lopez', email: 'ana@example.com' });
    expect(body.contact.addresses_attributes).toEqual([
      {
        data: {
          street_number_and_name: '12 Main St',
          apartment_number: 'Suite 200',
          apartment_type: 'ste',
          city: 'Austin',
          state: 'TX',
          zip_code: '78701',
          country: 'US',
          physical: true,
        },
      },
    ]);
    expect(body.contact.phone_numbers_attributes).toEqual([
      { data: { number: '512-555-0101', daytime: false, kind: 'mobile' } },
      { data: { number: '512-555-0202', daytime: true, kind: 'work' } },
    ]);
  });

  it('an update addresses the existing address and phone by id inside data, and keeps a type MyCase cannot hold', () => {
    const stored = docketwiseContactSchema.parse(dwContact());
    const existing = { address: stored.physical_address ?? null, phones: stored.phone_numbers ?? [] };
    const body = contactBody(
      { address: { ...fields.address, unitNumber: '300', unitType: null }, mobilePhone: '512-555-9999' },
      existing,
      false,
    );
    expect(body.contact).not.toHaveProperty('type');
    expect(body.contact).not.toHaveProperty('first_name');
    expect(body.contact.addresses_attributes).toEqual([
      { data: expect.objectContaining({ id: 31, apartment_number: '300', apartment_type: 'ste', physical: true }) },
    ]);
    expect(body.contact.phone_numbers_attributes).toEqual([{ data: { id: 41, number: '512-555-9999', daytime: false, kind: 'mobile' } }]);
  });

  it('maps a matter with its one client, and writes title and client_id', () => {
    const matter = matterFromDocketwise(
      docketwiseMatterSchema.parse({ id: 9, number: null, title: 'Lopez I-130', description: 'x', client_id: 21, archived: false, discarded_at: null, created_at: at, updated_at: at }),
    );
    expect(matter.fields).toEqual({ name: 'Lopez I-130', description: 'x', clientIds: [21] });
    expect(matterBody({ name: 'New', clientIds: [3, 4] }, 3)).toEqual({ matter: { title: 'New', client_id: 3 } });
  });
});

describe('R22 schema failures', () => {
  it('one bad record is rejected with its id and field; the rest of the page parses', () => {
    const result = parseRecordList(
      [mcClient({ id: 1 }), mcClient({ id: 2, updated_at: 'yesterday-ish' }), mcClient({ id: 3, email: 42 }), { first_name: 'no id' }],
      mycaseClientSchema,
      contactFromMyCaseClient,
      'mycase',
      'MyCase client',
    );
    expect(result.records.map((r) => r.id)).toEqual([1]);
    expect(result.rejected.map((e) => [e.recordId, e.field])).toEqual([
      [2, 'updated_at'],
      [3, 'email'],
      [null, 'id'],
    ]);
    expect(result.rejected[0]).toBeInstanceOf(BadPayloadError);
    expect(result.rejected[1]?.message).toMatch(/MyCase client 3: field email/);
  });

  it('a response that is not a list is one BadPayloadError, not a crash', () => {
    expect(() => parseRecordList({ errors: [] }, mycaseClientSchema, contactFromMyCaseClient, 'mycase', 'MyCase client')).toThrow(BadPayloadError);
  });
});

describe('Docketwise phone removal', () => {
  it('emptying an existing phone removes that row by id; emptying a missing one sends nothing', () => {
    const stored = docketwiseContactSchema.parse(dwContact());
    const existing = { address: stored.physical_address ?? null, phones: stored.phone_numbers ?? [] };
    expect(contactBody({ mobilePhone: '' }, existing, false).contact.phone_numbers_attributes).toEqual([{ data: { id: 41, _destroy: true } }]);
    expect(contactBody({ mobilePhone: '' }, { address: null, phones: [] }, false).contact).toEqual({});
  });
});
