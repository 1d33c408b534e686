/**
 * The simulated Docketwise firm's data: contacts (Person and Institution), matters with their
 * forms (web app only: the API has no forms), and documents (shared/reference/docketwise-api.md
 * §2, docs/contracts.md "Docketwise JSON").
 */
import { z } from 'zod';
import type { UnitType } from '../../src/core/types';
import type { Clock } from '../clock';
import { FORM_PAGE_COUNTS, formKind, type DwContactSeed, type DwMatterSeed } from '../shared/demo-data';
import { Table } from '../shared/table';

export const DW_FIRM = { id: 4242, name: 'Reyes & Whitfield Immigration Law (Sandbox)' } as const;
export const DW_USER = { id: 7, name: 'Marisol Vega', email: 'marisol.vega@reyes-whitfield.example' } as const;

export type PhoneKind = 'mobile' | 'work' | 'home' | 'other';

export interface DwAddress {
  id: number;
  street_number_and_name: string | null;
  apartment_number: string | null;
  apartment_type: UnitType | null;
  city: string | null;
  state: string | null;
  county: string | null;
  province: string | null;
  zip_code: string | null;
  country: string | null;
  date_from: string | null;
  date_to: string | null;
  in_care_of: string | null;
  created_at: string;
  updated_at: string;
}

export interface DwPhone {
  id: number;
  number: string;
  daytime: boolean;
  kind: PhoneKind;
}

export interface DwContact {
  id: number;
  first_name: string | null;
  middle_name: string | null;
  last_name: string | null;
  company_name: string;
  email: string | null;
  lead: boolean;
  lead_phone: string | null;
  type: 'Person' | 'Institution';
  archived: boolean;
  discarded_at: string | null;
  firm_id: number;
  created_at: string;
  updated_at: string;
  physical_address: DwAddress | null;
  phone_numbers: DwPhone[];
}

export interface DwMatter {
  id: number;
  number: string | null;
  title: string;
  description: string | null;
  attorney_id: number | null;
  client_id: number;
  created_at: string;
  updated_at: string;
  archived: boolean;
  discarded_at: string | null;
  settings: Record<string, never>;
  firm_id: number;
  receipt_number: string | null;
  preference_category_id: number | null;
  priority_date: string | null;
  priority_date_status: string;
  invoice_id: number | null;
  created_by_migration: boolean;
  status: null;
  type: null;
  user_ids: number[];
}

export interface DwDocument {
  id: number;
  title: string;
  filename: string;
  description: string | null;
  firm_id: number;
  client_id: number | null;
  matter_id: number | null;
  created_at: string;
  updated_at: string;
  archived: boolean;
  size: number;
  user_id: number;
  uploaded_by_email: string;
  doc_url: string;
}

export interface DwForm {
  id: number;
  matter_id: number;
  name: string;
  kind: 'uscis' | 'smart-form';
  pageCount: number;
  updatedAt: string;
}

/** Rails-style validation errors: field → messages. */
export type RailsErrors = Record<string, string[]>;

export type DwResult<T> = { ok: true; value: T } | { ok: false; status: 400 | 404 | 422; body: unknown };

const text = z.string().nullable().optional();

const addressData = z.object({
  id: z.number().int().optional(),
  street_number_and_name: text,
  apartment_number: text,
  apartment_type: z.enum(['apt', 'ste', 'flr']).nullable().optional(),
  city: text,
  state: text,
  county: text,
  province: text,
  zip_code: text,
  country: text,
  in_care_of: text,
  physical: z.boolean().optional(),
  mailing: z.boolean().optional(),
  _destroy: z.boolean().optional(),
});

const phoneData = z.object({
  id: z.number().int().optional(),
  number: z.string().optional(),
  daytime: z.boolean().optional(),
  kind: z.enum(['mobile', 'work', 'home', 'other']).optional(),
  _destroy: z.boolean().optional(),
});

const contactFields = z.object({
  first_name: text,
  middle_name: text,
  last_name: text,
  company_name: text,
  email: text,
  type: z.enum(['Person', 'Institution'], { error: 'is not included in the list' }).optional(),
  lead: z.boolean().optional(),
  archived: z.boolean().optional(),
  addresses_attributes: z.array(z.object({ data: addressData })).optional(),
  phone_numbers_attributes: z.array(z.object({ data: phoneData })).optional(),
});

const matterFields = z.object({
  title: text,
  number: text,
  description: text,
  client_id: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]).nullable().optional(),
  user_ids: z.array(z.number().int()).optional(),
  attorney_id: z.number().int().nullable().optional(),
});

const documentFields = z.object({
  title: text,
  filename: z.string().optional(),
  base64_data: z.string().optional(),
  description: text,
  client_id: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]).nullable().optional(),
  matter_id: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]).nullable().optional(),
});

function railsErrors(error: z.ZodError): RailsErrors {
  const out: RailsErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || 'base';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

function unprocessable(errors: RailsErrors): DwResult<never> {
  return { ok: false, status: 422, body: { errors } };
}

function missingRoot(root: string): DwResult<never> {
  return { ok: false, status: 400, body: { error: `param is missing or the value is empty: ${root}` } };
}

const NOT_FOUND: DwResult<never> = { ok: false, status: 404, body: { error: 'Not found' } };

function blank(value: string | null | undefined): boolean {
  return value === undefined || value === null || value.trim() === '';
}

function root(body: unknown, key: string): Record<string, unknown> | null {
  if (typeof body !== 'object' || body === null) return null;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

export class DocketwiseStore {
  readonly contacts = new Table<DwContact>(1);
  readonly matters = new Table<DwMatter>(1);
  readonly documents = new Table<DwDocument>(1);
  readonly forms = new Table<DwForm>(1);
  readonly blobs = new Map<number, Uint8Array>();
  private nextAddressId = 1;
  private nextPhoneId = 1;

  constructor(private readonly clock: Clock) {}

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }

  clear(): void {
    this.contacts.clear();
    this.matters.clear();
    this.documents.clear();
    this.forms.clear();
    this.blobs.clear();
    this.nextAddressId = 1;
    this.nextPhoneId = 1;
  }

  /** A contact the API can see (not destroyed). */
  liveContact(id: number): DwContact | undefined {
    const found = this.contacts.get(id);
    return found && found.discarded_at === null ? found : undefined;
  }

  liveMatter(id: number): DwMatter | undefined {
    const found = this.matters.get(id);
    return found && found.discarded_at === null ? found : undefined;
  }

  // ---------------------------------------------------------------- contacts

  private newAddress(now: string): DwAddress {
    const id = this.nextAddressId;
    this.nextAddressId += 1;
    return {
      id, street_number_and_name: null, apartment_number: null, apartment_type: null, city: null, state: null, county: null,
      province: null, zip_code: null, country: null, date_from: null, date_to: null, in_care_of: null, created_at: now, updated_at: now,
    };
  }

  private applyNested(contact: DwContact, fields: z.infer<typeof contactFields>, now: string): DwResult<null> {
    for (const [i, { data }] of (fields.addresses_attributes ?? []).entries()) {
      const physical = data.physical ?? !data.mailing;
      // Mailing-only addresses are accepted and not shown: the documented response has only
      // `physical_address`, and the sync never reads a mailing address.
      if (!physical) continue;
      let target: DwAddress;
      if (data.id !== undefined) {
        if (contact.physical_address?.id !== data.id) {
          return unprocessable({ [`addresses_attributes.${i}.data.id`]: [`Couldn't find Address with ID=${data.id}`] });
        }
        if (data._destroy) {
          contact.physical_address = null;
          continue;
        }
        target = contact.physical_address;
      } else {
        target = this.newAddress(now);
        contact.physical_address = target;
      }
      const keys = ['street_number_and_name', 'apartment_number', 'city', 'state', 'county', 'province', 'zip_code', 'country', 'in_care_of'] as const;
      for (const key of keys) if (data[key] !== undefined) target[key] = data[key] ?? null;
      if (data.apartment_type !== undefined) target.apartment_type = data.apartment_type;
      target.updated_at = now;
    }
    for (const [i, { data }] of (fields.phone_numbers_attributes ?? []).entries()) {
      if (data.id !== undefined) {
        const phone = contact.phone_numbers.find((p) => p.id === data.id);
        if (!phone) return unprocessable({ [`phone_numbers_attributes.${i}.data.id`]: [`Couldn't find PhoneNumber with ID=${data.id}`] });
        if (data._destroy) {
          contact.phone_numbers = contact.phone_numbers.filter((p) => p.id !== data.id);
          continue;
        }
        if (data.number !== undefined) phone.number = data.number;
        if (data.daytime !== undefined) phone.daytime = data.daytime;
        if (data.kind !== undefined) phone.kind = data.kind;
      } else {
        if (blank(data.number)) return unprocessable({ [`phone_numbers_attributes.${i}.data.number`]: ["can't be blank"] });
        contact.phone_numbers.push({ id: this.nextPhoneId++, number: data.number ?? '', daytime: data.daytime ?? false, kind: data.kind ?? 'other' });
      }
    }
    return { ok: true, value: null };
  }

  private validateContact(c: Pick<DwContact, 'type' | 'first_name' | 'last_name' | 'company_name' | 'email'>): RailsErrors | null {
    const errors: RailsErrors = {};
    if (c.type === 'Person') {
      if (blank(c.first_name)) errors.first_name = ["can't be blank"];
      if (blank(c.last_name)) errors.last_name = ["can't be blank"];
    } else if (blank(c.company_name)) {
      errors.company_name = ["can't be blank"];
    }
    if (!blank(c.email) && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test((c.email ?? '').trim())) errors.email = ['is invalid'];
    return Object.keys(errors).length > 0 ? errors : null;
  }

  createContact(body: unknown): DwResult<DwContact> {
    const fieldsRaw = root(body, 'contact');
    if (!fieldsRaw) return missingRoot('contact');
    const parsed = contactFields.safeParse(fieldsRaw);
    if (!parsed.success) return unprocessable(railsErrors(parsed.error));
    const f = parsed.data;
    const now = this.now();
    const contact: DwContact = {
      id: 0,
      first_name: f.first_name ?? null,
      middle_name: f.middle_name ?? null,
      last_name: f.last_name ?? null,
      company_name: f.company_name ?? '',
      email: f.email ?? null,
      lead: f.lead ?? false,
      lead_phone: null,
      type: f.type ?? 'Person',
      archived: f.archived ?? false,
      discarded_at: null,
      firm_id: DW_FIRM.id,
      created_at: now,
      updated_at: now,
      physical_address: null,
      phone_numbers: [],
    };
    const invalid = this.validateContact(contact);
    if (invalid) return unprocessable(invalid);
    const nested = this.applyNested(contact, f, now);
    if (!nested.ok) return nested;
    contact.id = this.contacts.allocateId();
    this.contacts.insert(contact);
    return { ok: true, value: contact };
  }

  updateContact(id: number, body: unknown): DwResult<DwContact> {
    const contact = this.liveContact(id);
    if (!contact) return NOT_FOUND;
    const fieldsRaw = root(body, 'contact');
    if (!fieldsRaw) return missingRoot('contact');
    const parsed = contactFields.safeParse(fieldsRaw);
    if (!parsed.success) return unprocessable(railsErrors(parsed.error));
    const f = parsed.data;
    // Validate on a copy first: a rejected update leaves the record exactly as it was.
    const draft: DwContact = structuredClone(contact);
    if (f.first_name !== undefined) draft.first_name = f.first_name;
    if (f.middle_name !== undefined) draft.middle_name = f.middle_name;
    if (f.last_name !== undefined) draft.last_name = f.last_name;
    if (f.company_name !== undefined) draft.company_name = f.company_name ?? '';
    if (f.email !== undefined) draft.email = f.email;
    if (f.type !== undefined) draft.type = f.type;
    if (f.lead !== undefined) draft.lead = f.lead;
    if (f.archived !== undefined) draft.archived = f.archived;
    const invalid = this.validateContact(draft);
    if (invalid) return unprocessable(invalid);
    const now = this.now();
    const nested = this.applyNested(draft, f, now);
    if (!nested.ok) return nested;
    draft.updated_at = now;
    Object.assign(contact, draft);
    return { ok: true, value: contact };
  }

  destroyContact(id: number): DwResult<DwContact> {
    const contact = this.liveContact(id);
    if (!contact) return NOT_FOUND;
    contact.discarded_at = this.now();
    contact.updated_at = contact.discarded_at;
    return { ok: true, value: contact };
  }

  // ---------------------------------------------------------------- matters

  createMatter(body: unknown): DwResult<DwMatter> {
    const raw = root(body, 'matter');
    if (!raw) return missingRoot('matter');
    const parsed = matterFields.safeParse(raw);
    if (!parsed.success) return unprocessable(railsErrors(parsed.error));
    const f = parsed.data;
    if (f.client_id === undefined || f.client_id === null) return unprocessable({ client_id: ["can't be blank"] });
    if (!this.liveContact(f.client_id)) return unprocessable({ client: ['must exist'] });
    if (blank(f.title)) return unprocessable({ title: ["can't be blank"] });
    const now = this.now();
    const matter: DwMatter = {
      id: this.matters.allocateId(),
      number: f.number ?? null,
      title: f.title ?? '',
      description: f.description ?? null,
      attorney_id: f.attorney_id ?? null,
      client_id: f.client_id,
      created_at: now,
      updated_at: now,
      archived: false,
      discarded_at: null,
      settings: {},
      firm_id: DW_FIRM.id,
      receipt_number: null,
      preference_category_id: null,
      priority_date: null,
      priority_date_status: 'undefined',
      invoice_id: null,
      created_by_migration: false,
      status: null,
      type: null,
      user_ids: f.user_ids ?? [DW_USER.id],
    };
    this.matters.insert(matter);
    return { ok: true, value: matter };
  }

  updateMatter(id: number, body: unknown): DwResult<DwMatter> {
    const matter = this.liveMatter(id);
    if (!matter) return NOT_FOUND;
    const raw = root(body, 'matter');
    if (!raw) return missingRoot('matter');
    const parsed = matterFields.safeParse(raw);
    if (!parsed.success) return unprocessable(railsErrors(parsed.error));
    const f = parsed.data;
    // client_id is documented as required on update too; omitting it keeps the current one ([I]).
    if (f.client_id === null) return unprocessable({ client_id: ["can't be blank"] });
    if (f.client_id !== undefined && !this.liveContact(f.client_id)) return unprocessable({ client: ['must exist'] });
    if (f.title !== undefined && blank(f.title)) return unprocessable({ title: ["can't be blank"] });
    if (f.title !== undefined) matter.title = f.title ?? '';
    if (f.number !== undefined) matter.number = f.number;
    if (f.description !== undefined) matter.description = f.description;
    if (f.client_id !== undefined) matter.client_id = f.client_id;
    if (f.user_ids !== undefined) matter.user_ids = f.user_ids;
    if (f.attorney_id !== undefined) matter.attorney_id = f.attorney_id;
    matter.updated_at = this.now();
    return { ok: true, value: matter };
  }

  destroyMatter(id: number): DwResult<DwMatter> {
    const matter = this.liveMatter(id);
    if (!matter) return NOT_FOUND;
    matter.discarded_at = this.now();
    matter.updated_at = matter.discarded_at;
    return { ok: true, value: matter };
  }

  // ---------------------------------------------------------------- documents

  createDocument(body: unknown, origin: string): DwResult<DwDocument> {
    const raw = root(body, 'document');
    if (!raw) return missingRoot('document');
    const parsed = documentFields.safeParse(raw);
    if (!parsed.success) return unprocessable(railsErrors(parsed.error));
    const f = parsed.data;
    const errors: RailsErrors = {};
    if (blank(f.filename)) errors.filename = ["can't be blank"];
    else if (!/\.[A-Za-z0-9]{1,8}$/.test(f.filename ?? '')) errors.filename = ['must include an extension'];
    const data = f.base64_data ?? '';
    if (data === '') errors.base64_data = ["can't be blank"];
    else if (data.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(data)) errors.base64_data = ['is not valid strict base64'];
    if (f.client_id != null && !this.liveContact(f.client_id)) errors.client = ['must exist'];
    if (f.matter_id != null && !this.liveMatter(f.matter_id)) errors.matter = ['must exist'];
    if (Object.keys(errors).length > 0) return unprocessable(errors);
    const bytes = new Uint8Array(Buffer.from(data, 'base64'));
    const now = this.now();
    const id = this.documents.allocateId();
    const doc: DwDocument = {
      id,
      title: blank(f.title) ? (f.filename ?? '') : (f.title ?? ''),
      filename: f.filename ?? '',
      description: f.description ?? null,
      firm_id: DW_FIRM.id,
      client_id: f.client_id ?? null,
      matter_id: f.matter_id ?? null,
      created_at: now,
      updated_at: now,
      archived: false,
      size: bytes.byteLength,
      user_id: DW_USER.id,
      uploaded_by_email: DW_USER.email,
      doc_url: `${origin}/documents/${id}`,
    };
    this.documents.insert(doc);
    this.blobs.set(id, bytes);
    return { ok: true, value: doc };
  }

  // ---------------------------------------------------------------- forms

  addForm(matterId: number, name: string, pageCount?: number): DwForm {
    const known = (FORM_PAGE_COUNTS as Record<string, number>)[name];
    const form: DwForm = {
      id: this.forms.allocateId(),
      matter_id: matterId,
      name,
      kind: formKind(name),
      pageCount: pageCount ?? known ?? 4,
      updatedAt: this.now(),
    };
    this.forms.insert(form);
    return form;
  }

  formsOf(matterId: number): DwForm[] {
    return this.forms.all().filter((f) => f.matter_id === matterId);
  }

  // ---------------------------------------------------------------- seeding

  ingest(seed: { contacts: DwContactSeed[]; matters: DwMatterSeed[] }): { contacts: number; matters: number; forms: number } {
    // Seed contacts arrive in the stored shape: adopt them (give ids) instead of copying.
    const ids: number[] = [];
    for (const contact of seed.contacts) {
      contact.id = this.contacts.allocateId();
      if (contact.physical_address) contact.physical_address.id = this.nextAddressId++;
      for (const phone of contact.phone_numbers) phone.id = this.nextPhoneId++;
      this.contacts.insert(contact);
      ids.push(contact.id);
    }
    let forms = 0;
    for (const s of seed.matters) {
      const matter: DwMatter = {
        id: this.matters.allocateId(),
        number: s.number,
        title: s.title,
        description: s.description || null,
        attorney_id: 3,
        client_id: ids[s.clientIndex] ?? 0,
        created_at: s.created_at,
        updated_at: s.updated_at,
        archived: false,
        discarded_at: null,
        settings: {},
        firm_id: DW_FIRM.id,
        receipt_number: null,
        preference_category_id: null,
        priority_date: null,
        priority_date_status: 'undefined',
        invoice_id: null,
        created_by_migration: false,
        status: null,
        type: null,
        user_ids: [DW_USER.id, 3],
      };
      this.matters.insert(matter);
      for (const f of s.forms) {
        this.forms.insert({ id: this.forms.allocateId(), matter_id: matter.id, name: f.name, kind: formKind(f.name), pageCount: f.pageCount, updatedAt: s.updated_at });
        forms += 1;
      }
    }
    return { contacts: seed.contacts.length, matters: seed.matters.length, forms };
  }

  // ---------------------------------------------------------------- direct writes (control API)

  /**
   * A user's edit in the Docketwise UI: fields in the response shape (`physical_address` is
   * merged, `phone_numbers` replaced), `updated_at` moved to now, no API validation.
   */
  directWrite(collection: DwCollection, id: number | null, patch: Record<string, unknown>): DwContact | DwMatter | DwDocument | DwForm | null {
    const now = this.now();
    const { id: _ignored, ...rest } = patch;
    if (collection === 'contacts') {
      let contact = id === null ? undefined : this.contacts.get(id);
      if (id !== null && !contact) return null;
      if (!contact) {
        contact = {
          id: this.contacts.allocateId(), first_name: null, middle_name: null, last_name: null, company_name: '', email: null,
          lead: false, lead_phone: null, type: 'Person', archived: false, discarded_at: null, firm_id: DW_FIRM.id,
          created_at: now, updated_at: now, physical_address: null, phone_numbers: [],
        };
        this.contacts.insert(contact);
      }
      const { physical_address: address, phone_numbers: phones, ...scalars } = rest;
      Object.assign(contact, scalars);
      if (address === null) contact.physical_address = null;
      else if (typeof address === 'object' && address !== undefined) {
        contact.physical_address = { ...(contact.physical_address ?? this.newAddress(now)), ...(address as Partial<DwAddress>), updated_at: now };
      }
      if (Array.isArray(phones)) {
        contact.phone_numbers = phones.map((p: Partial<DwPhone>) => ({
          id: p.id ?? this.nextPhoneId++,
          number: p.number ?? '',
          daytime: p.daytime ?? false,
          kind: p.kind ?? 'other',
        }));
      }
      if (!('updated_at' in patch)) contact.updated_at = now;
      return contact;
    }
    if (collection === 'matters') {
      let matter = id === null ? undefined : this.matters.get(id);
      if (id !== null && !matter) return null;
      if (!matter) {
        matter = {
          id: this.matters.allocateId(), number: null, title: '', description: null, attorney_id: null, client_id: 0,
          created_at: now, updated_at: now, archived: false, discarded_at: null, settings: {}, firm_id: DW_FIRM.id,
          receipt_number: null, preference_category_id: null, priority_date: null, priority_date_status: 'undefined',
          invoice_id: null, created_by_migration: false, status: null, type: null, user_ids: [DW_USER.id],
        };
        this.matters.insert(matter);
      }
      Object.assign(matter, rest);
      if (!('updated_at' in patch)) matter.updated_at = now;
      return matter;
    }
    if (collection === 'forms') {
      if (id === null) return this.addForm(Number(rest.matter_id), String(rest.name ?? 'G-28'), typeof rest.pageCount === 'number' ? rest.pageCount : undefined);
      const form = this.forms.get(id);
      if (!form) return null;
      Object.assign(form, rest, { updatedAt: now });
      return form;
    }
    if (id === null) {
      const created = this.createDocument({ document: { filename: 'file.pdf', base64_data: '', ...rest } }, '');
      return created.ok ? created.value : null;
    }
    const doc = this.documents.get(id);
    if (!doc) return null;
    Object.assign(doc, rest, 'updated_at' in patch ? {} : { updated_at: now });
    return doc;
  }

  table(collection: DwCollection): Table<DwContact> | Table<DwMatter> | Table<DwDocument> | Table<DwForm> {
    switch (collection) {
      case 'contacts':
        return this.contacts;
      case 'matters':
        return this.matters;
      case 'forms':
        return this.forms;
      default:
        return this.documents;
    }
  }

  /** Removes a record outright (the control API's delete; the product API only discards). */
  directDelete(collection: DwCollection, id: number): boolean {
    if (collection === 'documents') this.blobs.delete(id);
    return this.table(collection).delete(id);
  }
}

export const DW_COLLECTIONS = ['contacts', 'matters', 'documents', 'forms'] as const;
export type DwCollection = (typeof DW_COLLECTIONS)[number];
