/**
 * The simulated MyCase firm's data: people (clients), companies, cases and documents, with the
 * rules MyCase enforces (unique person email, unique case name, required fields, whole
 * address objects; shared/reference/mycase-api.md §2 and §4).
 */
import { z } from 'zod';
import type { Clock } from '../clock';
import type { McCaseSeed, McClientSeed, McCompanySeed } from '../shared/demo-data';
import { Table } from '../shared/table';

export interface McAddress {
  address1: string;
  address2: string;
  city: string;
  state: string;
  zip_code: string;
  country: string;
}

export interface McClient {
  id: number;
  first_name: string;
  middle_name: string | null;
  last_name: string;
  email: string | null;
  address: McAddress | null;
  cell_phone_number: string | null;
  work_phone_number: string | null;
  home_phone_number: string | null;
  fax_phone_number: string | null;
  birthdate: string | null;
  notes: string | null;
  archived: boolean;
  people_group: { id: number } | null;
  contact_group: string | null;
  cases: { id: number }[];
  custom_field_values: unknown[];
  created_at: string;
  updated_at: string;
}

export interface McCompany {
  id: number;
  name: string;
  email: string | null;
  website: string | null;
  main_phone_number: string | null;
  fax_phone_number: string | null;
  address: McAddress | null;
  notes: string | null;
  archived: boolean;
  cases: { id: number }[];
  clients: { id: number }[];
  custom_field_values: unknown[];
  created_at: string;
  updated_at: string;
}

export interface McCase {
  id: number;
  name: string;
  case_number: string | null;
  description: string | null;
  opened_date: string | null;
  closed_date: string | null;
  sol_date: string | null;
  status: 'open' | 'closed';
  case_stage: string;
  practice_area: string;
  billing_type: string;
  outstanding_balance: number | null;
  billing_contact: { id: number } | null;
  clients: { id: number }[];
  companies: { id: number }[];
  staff: { id: number; lead_lawyer: boolean; originating_lawyer: boolean; case_rate: number | null }[];
  office: { id: number; name: string };
  custom_field_values: unknown[];
  created_at: string;
  updated_at: string;
}

export interface McDocument {
  id: number;
  name: string;
  filename: string;
  path: string;
  description: string | null;
  assigned_date: string | null;
  case: { id: number } | null;
  folder: { id: number };
  self_url: string;
  created_at: string;
  updated_at: string;
}

/** One entry of MyCase's documented error body. */
export interface McErrorItem {
  description: string;
  source?: { pointer: string } | { parameter: string };
}

export type McResult<T> = { ok: true; value: T } | { ok: false; status: 404 | 422; errors: McErrorItem[] };

export const CASE_STAGES = ['Intake', 'Preparing Forms', 'Filed', 'RFE', 'Interview Scheduled', 'Approved', 'Denied'] as const;
export const PRACTICE_AREAS = ['Family Immigration', 'Naturalization', 'Employment Authorization', 'Travel Documents', 'Removal Defense', 'General'] as const;
export const OFFICE = { id: 1, name: 'Main Office' } as const;

// ------------------------------------------------------------------ request schemas

const optionalText = z.string().nullable().optional();
const idRef = z.object({ id: z.number().int() });

const addressSchema = z.object(
  {
    address1: z.string({ error: 'is required when an address is given' }),
    address2: z.string({ error: 'is required when an address is given' }),
    city: z.string({ error: 'is required when an address is given' }),
    state: z.string({ error: 'is required when an address is given' }),
    zip_code: z.string({ error: 'is required when an address is given' }),
    country: z.string({ error: 'is required when an address is given' }),
  },
  { error: 'must be an object' },
);

const clientBody = z.object({
  first_name: z.string({ error: 'must be a string' }).optional(),
  last_name: z.string({ error: 'must be a string' }).optional(),
  middle_name: optionalText,
  middle_initial: optionalText,
  email: optionalText,
  address: addressSchema.nullable().optional(),
  cell_phone_number: optionalText,
  work_phone_number: optionalText,
  home_phone_number: optionalText,
  fax_phone_number: optionalText,
  birthdate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an ISO-8601 date').nullable().optional(),
  notes: optionalText,
  people_group: idRef.nullable().optional(),
  cases: z.array(idRef).optional(),
  custom_field_values: z.array(z.unknown()).optional(),
});

const companyBody = z.object({
  name: z.string({ error: 'must be a string' }).optional(),
  email: optionalText,
  website: optionalText,
  main_phone_number: optionalText,
  fax_phone_number: optionalText,
  address: addressSchema.nullable().optional(),
  notes: optionalText,
  cases: z.array(idRef).optional(),
  clients: z.array(idRef).optional(),
  custom_field_values: z.array(z.unknown()).optional(),
});

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an ISO-8601 date (YYYY-MM-DD)');

const caseBody = z.object({
  name: z.string({ error: 'must be a string' }).optional(),
  case_number: optionalText,
  description: optionalText,
  opened_date: isoDate.nullable().optional(),
  sol_date: isoDate.nullable().optional(),
  status: z.enum(['open', 'closed'], { error: 'must be open or closed' }).optional(),
  case_stage: optionalText,
  practice_area: optionalText,
  outstanding_balance: z.number().nullable().optional(),
  billing_contact: idRef.nullable().optional(),
  clients: z.array(idRef).optional(),
  contacts: z.array(idRef).optional(),
  companies: z.array(idRef).optional(),
  staff: z.array(z.object({ id: z.number().int(), lead_lawyer: z.boolean().optional(), originating_lawyer: z.boolean().optional() })).optional(),
  custom_field_values: z.array(z.unknown()).optional(),
});

const documentBody = z.object({
  path: z.string({ error: "can't be blank" }).min(1, "can't be blank"),
  filename: z.string({ error: "can't be blank" }).min(1, "can't be blank"),
  description: optionalText,
  assigned_date: isoDate.nullable().optional(),
});

export type ClientBody = z.infer<typeof clientBody>;

function zodErrors(error: z.ZodError): McErrorItem[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    const field = path.filter((p) => !/^\d+$/.test(p)).pop() ?? 'body';
    return { description: `${humanize(field)} ${issue.message}`, source: { pointer: `/${path.join('/')}` } };
  });
}

function humanize(field: string): string {
  const words = field.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function invalid(pointer: string, description: string): McResult<never> {
  return { ok: false, status: 422, errors: [{ description, source: { pointer } }] };
}

function notFound(what: string): McResult<never> {
  return { ok: false, status: 404, errors: [{ description: `${what} not found` }] };
}

function parse<T>(schema: z.ZodType<T>, body: unknown): McResult<T> {
  const result = schema.safeParse(body);
  if (!result.success) return { ok: false, status: 422, errors: zodErrors(result.error) };
  return { ok: true, value: result.data };
}

/** Case-name comparison key: MyCase treats names differing only in case or edge spaces as equal ([I]). */
function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

function emailKey(email: string | null | undefined): string | null {
  const key = (email ?? '').trim().toLowerCase();
  return key === '' ? null : key;
}

function pickKnown(value: string | null | undefined, allowed: readonly string[]): string {
  if (!value) return '';
  return allowed.find((a) => a.toLowerCase() === value.trim().toLowerCase()) ?? '';
}

function appendRefs(target: { id: number }[], refs: readonly { id: number }[]): void {
  for (const ref of refs) if (!target.some((t) => t.id === ref.id)) target.push({ id: ref.id });
}

export interface StoredBytes {
  bytes: Uint8Array;
  contentType: string;
}

export class MyCaseStore {
  readonly clients = new Table<McClient>(100_001);
  readonly companies = new Table<McCompany>(300_001);
  readonly cases = new Table<McCase>(500_001);
  readonly documents = new Table<McDocument>(700_001);
  /** Lower-cased email → client id (emails are unique among people). */
  private readonly clientsByEmail = new Map<string, number>();
  /**
   * False once a direct (control API) write gave two people one email: the index then names
   * only one of them, so email look-ups fall back to a scan.
   */
  emailIndexExact = true;
  private readonly caseIdsByName = new Map<string, number>();
  private readonly folders = new Map<string, number>();
  private nextFolderId = 900_001;
  /** Uploaded bytes per document id, byte-exact. */
  readonly blobs = new Map<number, StoredBytes>();

  constructor(private readonly clock: Clock) {}

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }

  clear(): void {
    this.clients.clear();
    this.companies.clear();
    this.cases.clear();
    this.documents.clear();
    this.clientsByEmail.clear();
    this.emailIndexExact = true;
    this.caseIdsByName.clear();
    this.folders.clear();
    this.nextFolderId = 900_001;
    this.blobs.clear();
  }

  clientByEmail(email: string): McClient | undefined {
    const key = emailKey(email);
    const id = key === null ? undefined : this.clientsByEmail.get(key);
    return id === undefined ? undefined : this.clients.get(id);
  }

  // ---------------------------------------------------------------- clients

  private checkClientRefs(cases: readonly { id: number }[] | undefined, pointer: string): McResult<null> {
    for (const [i, ref] of (cases ?? []).entries()) {
      if (!this.cases.get(ref.id)) return invalid(`${pointer}/${i}/id`, `Case ${ref.id} does not exist`);
    }
    return { ok: true, value: null };
  }

  createClient(body: unknown): McResult<McClient> {
    const parsed = parse(clientBody, body);
    if (!parsed.ok) return parsed;
    const b = parsed.value;
    if (b.first_name === undefined || b.first_name.trim() === '') return invalid('/first_name', "First name can't be blank");
    if (b.last_name === undefined || b.last_name.trim() === '') return invalid('/last_name', "Last name can't be blank");
    const common = this.validateClientCommon(b, null);
    if (!common.ok) return common;
    const now = this.now();
    const client: McClient = {
      id: this.clients.allocateId(),
      first_name: b.first_name,
      middle_name: b.middle_name ?? b.middle_initial ?? null,
      last_name: b.last_name,
      email: b.email ?? null,
      address: b.address ?? null,
      cell_phone_number: b.cell_phone_number ?? null,
      work_phone_number: b.work_phone_number ?? null,
      home_phone_number: b.home_phone_number ?? null,
      fax_phone_number: b.fax_phone_number ?? null,
      birthdate: b.birthdate ?? null,
      notes: b.notes ?? null,
      archived: false,
      people_group: b.people_group ?? null,
      contact_group: null,
      cases: [],
      custom_field_values: [],
      created_at: now,
      updated_at: now,
    };
    this.insertClient(client);
    if (b.cases) this.linkClientToCases(client, b.cases);
    return { ok: true, value: client };
  }

  private validateClientCommon(b: ClientBody, selfId: number | null): McResult<null> {
    if (b.middle_name !== undefined && b.middle_initial !== undefined) {
      return invalid('/middle_initial', 'Middle initial is deprecated and cannot be sent together with middle name');
    }
    if (b.email !== undefined && b.email !== null && b.email.trim() !== '') {
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(b.email.trim())) return invalid('/email', 'Email is invalid');
      const owner = this.clientsByEmail.get(b.email.trim().toLowerCase());
      if (owner !== undefined && owner !== selfId) return invalid('/email', 'Email has already been taken');
    }
    return this.checkClientRefs(b.cases, '/cases');
  }

  private insertClient(client: McClient): void {
    this.clients.insert(client);
    const key = emailKey(client.email);
    if (key === null) return;
    if (this.clientsByEmail.has(key)) this.emailIndexExact = false;
    else this.clientsByEmail.set(key, client.id);
  }

  private linkClientToCases(client: McClient, refs: readonly { id: number }[]): void {
    appendRefs(client.cases, refs);
    for (const ref of refs) {
      const found = this.cases.get(ref.id);
      if (found) appendRefs(found.clients, [{ id: client.id }]);
    }
  }

  updateClient(id: number, body: unknown): McResult<McClient> {
    const client = this.clients.get(id);
    if (!client) return notFound('Client');
    const parsed = parse(clientBody, body);
    if (!parsed.ok) return parsed;
    const b = parsed.value;
    if (b.first_name !== undefined && b.first_name.trim() === '') return invalid('/first_name', "First name can't be blank");
    if (b.last_name !== undefined && b.last_name.trim() === '') return invalid('/last_name', "Last name can't be blank");
    const common = this.validateClientCommon(b, id);
    if (!common.ok) return common;
    if (b.email !== undefined) this.reindexEmail(client, b.email);
    if (b.first_name !== undefined) client.first_name = b.first_name;
    if (b.last_name !== undefined) client.last_name = b.last_name;
    if (b.middle_name !== undefined) client.middle_name = b.middle_name;
    if (b.middle_initial !== undefined) client.middle_name = b.middle_initial;
    if (b.email !== undefined) client.email = b.email;
    if (b.address !== undefined) client.address = b.address;
    if (b.cell_phone_number !== undefined) client.cell_phone_number = b.cell_phone_number;
    if (b.work_phone_number !== undefined) client.work_phone_number = b.work_phone_number;
    if (b.home_phone_number !== undefined) client.home_phone_number = b.home_phone_number;
    if (b.fax_phone_number !== undefined) client.fax_phone_number = b.fax_phone_number;
    if (b.birthdate !== undefined) client.birthdate = b.birthdate;
    if (b.notes !== undefined) client.notes = b.notes;
    if (b.people_group !== undefined) client.people_group = b.people_group;
    if (b.cases) this.linkClientToCases(client, b.cases);
    client.updated_at = this.now();
    return { ok: true, value: client };
  }

  private reindexEmail(client: McClient, email: string | null): void {
    const oldKey = emailKey(client.email);
    if (oldKey !== null && this.clientsByEmail.get(oldKey) === client.id) this.clientsByEmail.delete(oldKey);
    const newKey = emailKey(email);
    if (newKey === null) return;
    const owner = this.clientsByEmail.get(newKey);
    if (owner !== undefined && owner !== client.id) this.emailIndexExact = false;
    this.clientsByEmail.set(newKey, client.id);
  }

  deleteClient(id: number): boolean {
    const client = this.clients.get(id);
    if (!client) return false;
    this.reindexEmail(client, null);
    this.clients.delete(id);
    for (const ref of client.cases) {
      const c = this.cases.get(ref.id);
      if (c) c.clients = c.clients.filter((x) => x.id !== id);
    }
    return true;
  }

  // ---------------------------------------------------------------- companies

  createCompany(body: unknown): McResult<McCompany> {
    const parsed = parse(companyBody, body);
    if (!parsed.ok) return parsed;
    const b = parsed.value;
    if (b.name === undefined || b.name.trim() === '') return invalid('/name', "Name can't be blank");
    const refs = this.checkCompanyRefs(b);
    if (!refs.ok) return refs;
    const now = this.now();
    const company: McCompany = {
      id: this.companies.allocateId(),
      name: b.name,
      email: b.email ?? null,
      website: b.website ?? null,
      main_phone_number: b.main_phone_number ?? null,
      fax_phone_number: b.fax_phone_number ?? null,
      address: b.address ?? null,
      notes: b.notes ?? null,
      archived: false,
      cases: [],
      clients: [],
      custom_field_values: [],
      created_at: now,
      updated_at: now,
    };
    appendRefs(company.cases, b.cases ?? []);
    appendRefs(company.clients, b.clients ?? []);
    this.companies.insert(company);
    return { ok: true, value: company };
  }

  private checkCompanyRefs(b: z.infer<typeof companyBody>): McResult<null> {
    for (const [i, ref] of (b.clients ?? []).entries()) {
      if (!this.clients.get(ref.id)) return invalid(`/clients/${i}/id`, `Client ${ref.id} does not exist`);
    }
    return this.checkClientRefs(b.cases, '/cases');
  }

  updateCompany(id: number, body: unknown): McResult<McCompany> {
    const company = this.companies.get(id);
    if (!company) return notFound('Company');
    const parsed = parse(companyBody, body);
    if (!parsed.ok) return parsed;
    const b = parsed.value;
    if (b.name !== undefined && b.name.trim() === '') return invalid('/name', "Name can't be blank");
    const refs = this.checkCompanyRefs(b);
    if (!refs.ok) return refs;
    if (b.name !== undefined) company.name = b.name;
    if (b.email !== undefined) company.email = b.email;
    if (b.website !== undefined) company.website = b.website;
    if (b.main_phone_number !== undefined) company.main_phone_number = b.main_phone_number;
    if (b.fax_phone_number !== undefined) company.fax_phone_number = b.fax_phone_number;
    if (b.address !== undefined) company.address = b.address;
    if (b.notes !== undefined) company.notes = b.notes;
    appendRefs(company.cases, b.cases ?? []);
    appendRefs(company.clients, b.clients ?? []);
    company.updated_at = this.now();
    return { ok: true, value: company };
  }

  addCompanyClients(id: number, body: unknown): McResult<null> {
    const company = this.companies.get(id);
    if (!company) return notFound('Company');
    const parsed = parse(z.object({ clients: z.array(idRef).min(1, 'must list at least one client') }), body);
    if (!parsed.ok) return parsed;
    for (const [i, ref] of parsed.value.clients.entries()) {
      if (!this.clients.get(ref.id)) return invalid(`/clients/${i}/id`, `Client ${ref.id} does not exist`);
    }
    appendRefs(company.clients, parsed.value.clients);
    company.updated_at = this.now();
    return { ok: true, value: null };
  }

  // ---------------------------------------------------------------- cases

  private checkCaseBody(b: z.infer<typeof caseBody>, selfId: number | null): McResult<null> {
    if (b.clients !== undefined && b.contacts !== undefined) {
      return invalid('/contacts', 'Contacts is deprecated and cannot be sent together with clients');
    }
    if (b.name !== undefined) {
      if (b.name.trim() === '') return invalid('/name', "Name can't be blank");
      const owner = this.caseIdsByName.get(nameKey(b.name));
      if (owner !== undefined && owner !== selfId) return invalid('/name', 'Name has already been taken');
    }
    for (const [i, ref] of (b.clients ?? b.contacts ?? []).entries()) {
      if (!this.clients.get(ref.id)) return invalid(`/${b.clients ? 'clients' : 'contacts'}/${i}/id`, `Client ${ref.id} does not exist`);
    }
    for (const [i, ref] of (b.companies ?? []).entries()) {
      if (!this.companies.get(ref.id)) return invalid(`/companies/${i}/id`, `Company ${ref.id} does not exist`);
    }
    if (b.billing_contact && !this.clients.get(b.billing_contact.id) && !this.companies.get(b.billing_contact.id)) {
      return invalid('/billing_contact/id', `Contact ${b.billing_contact.id} does not exist`);
    }
    return { ok: true, value: null };
  }

  createCase(body: unknown): McResult<McCase> {
    const parsed = parse(caseBody, body);
    if (!parsed.ok) return parsed;
    const b = parsed.value;
    if (b.name === undefined) return invalid('/name', "Name can't be blank");
    const checked = this.checkCaseBody(b, null);
    if (!checked.ok) return checked;
    const now = this.now();
    const status = b.status ?? 'open';
    const record: McCase = {
      id: this.cases.allocateId(),
      name: b.name,
      case_number: b.case_number ?? null,
      description: b.description ?? null,
      opened_date: b.opened_date ?? now.slice(0, 10),
      closed_date: status === 'closed' ? now.slice(0, 10) : null,
      sol_date: b.sol_date ?? null,
      status,
      case_stage: pickKnown(b.case_stage, CASE_STAGES),
      practice_area: pickKnown(b.practice_area, PRACTICE_AREAS),
      billing_type: '',
      outstanding_balance: b.outstanding_balance ?? null,
      billing_contact: b.billing_contact ?? null,
      clients: [],
      companies: [],
      staff: (b.staff ?? []).map((s) => ({ id: s.id, lead_lawyer: s.lead_lawyer ?? false, originating_lawyer: s.originating_lawyer ?? false, case_rate: null })),
      office: { ...OFFICE },
      custom_field_values: [],
      created_at: now,
      updated_at: now,
    };
    this.cases.insert(record);
    this.caseIdsByName.set(nameKey(record.name), record.id);
    this.linkCaseClients(record, b.clients ?? b.contacts ?? []);
    appendRefs(record.companies, b.companies ?? []);
    return { ok: true, value: record };
  }

  private linkCaseClients(record: McCase, refs: readonly { id: number }[]): void {
    appendRefs(record.clients, refs);
    for (const ref of refs) {
      const client = this.clients.get(ref.id);
      if (client) appendRefs(client.cases, [{ id: record.id }]);
    }
  }

  updateCase(id: number, body: unknown): McResult<McCase> {
    const record = this.cases.get(id);
    if (!record) return notFound('Case');
    const parsed = parse(caseBody, body);
    if (!parsed.ok) return parsed;
    const b = parsed.value;
    const checked = this.checkCaseBody(b, id);
    if (!checked.ok) return checked;
    const now = this.now();
    if (b.name !== undefined) {
      this.caseIdsByName.delete(nameKey(record.name));
      record.name = b.name;
      this.caseIdsByName.set(nameKey(record.name), id);
    }
    if (b.case_number !== undefined) record.case_number = b.case_number;
    if (b.description !== undefined) record.description = b.description;
    if (b.opened_date !== undefined) record.opened_date = b.opened_date;
    if (b.sol_date !== undefined) record.sol_date = b.sol_date;
    if (b.status !== undefined && b.status !== record.status) {
      record.status = b.status;
      record.closed_date = b.status === 'closed' ? now.slice(0, 10) : null;
    }
    if (b.case_stage !== undefined) record.case_stage = pickKnown(b.case_stage, CASE_STAGES);
    if (b.practice_area !== undefined) record.practice_area = pickKnown(b.practice_area, PRACTICE_AREAS);
    if (b.outstanding_balance !== undefined) record.outstanding_balance = b.outstanding_balance;
    if (b.billing_contact !== undefined) record.billing_contact = b.billing_contact;
    this.linkCaseClients(record, b.clients ?? b.contacts ?? []);
    appendRefs(record.companies, b.companies ?? []);
    record.updated_at = now;
    return { ok: true, value: record };
  }

  addCaseClients(id: number, body: unknown): McResult<null> {
    const record = this.cases.get(id);
    if (!record) return notFound('Case');
    const parsed = parse(z.object({ clients: z.array(z.object({ id: z.number().int(), role: z.string().optional() })).min(1, 'must list at least one client') }), body);
    if (!parsed.ok) return parsed;
    for (const [i, ref] of parsed.value.clients.entries()) {
      if (!this.clients.get(ref.id)) return invalid(`/clients/${i}/id`, `Client ${ref.id} does not exist`);
    }
    this.linkCaseClients(record, parsed.value.clients);
    record.updated_at = this.now();
    return { ok: true, value: null };
  }

  addCaseCompanies(id: number, body: unknown): McResult<null> {
    const record = this.cases.get(id);
    if (!record) return notFound('Case');
    const parsed = parse(z.object({ companies: z.array(z.object({ id: z.number().int(), role: z.string().optional() })).min(1, 'must list at least one company') }), body);
    if (!parsed.ok) return parsed;
    for (const [i, ref] of parsed.value.companies.entries()) {
      if (!this.companies.get(ref.id)) return invalid(`/companies/${i}/id`, `Company ${ref.id} does not exist`);
    }
    appendRefs(record.companies, parsed.value.companies);
    record.updated_at = this.now();
    return { ok: true, value: null };
  }

  deleteCase(id: number): boolean {
    const record = this.cases.get(id);
    if (!record) return false;
    this.caseIdsByName.delete(nameKey(record.name));
    this.cases.delete(id);
    for (const ref of record.clients) {
      const client = this.clients.get(ref.id);
      if (client) client.cases = client.cases.filter((x) => x.id !== id);
    }
    return true;
  }

  // ---------------------------------------------------------------- documents

  private folderFor(caseId: number | null, path: string): number {
    const dir = path.split('/').slice(0, -1).join('/');
    const key = `${caseId ?? 'firm'}:${dir}`;
    let id = this.folders.get(key);
    if (id === undefined) {
      id = this.nextFolderId;
      this.nextFolderId += 1;
      this.folders.set(key, id);
    }
    return id;
  }

  createDocument(caseId: number | null, body: unknown): McResult<McDocument> {
    if (caseId !== null && !this.cases.get(caseId)) return notFound('Case');
    const parsed = parse(documentBody, body);
    if (!parsed.ok) return parsed;
    const b = parsed.value;
    if (!/\.[A-Za-z0-9]{1,8}$/.test(b.filename)) return invalid('/filename', 'Filename must include an extension');
    const now = this.now();
    const id = this.documents.allocateId();
    const doc: McDocument = {
      id,
      name: b.path.split('/').pop() ?? b.path,
      filename: b.filename,
      path: b.path,
      description: b.description ?? null,
      assigned_date: b.assigned_date ?? null,
      case: caseId === null ? null : { id: caseId },
      folder: { id: this.folderFor(caseId, b.path) },
      self_url: `/v1/documents/${id}`,
      created_at: now,
      updated_at: now,
    };
    this.documents.insert(doc);
    return { ok: true, value: doc };
  }

  deleteDocument(id: number): boolean {
    this.blobs.delete(id);
    return this.documents.delete(id);
  }

  // ---------------------------------------------------------------- seeding (no validation: data as MyCase holds it)

  ingest(seed: { clients: McClientSeed[]; companies: McCompanySeed[]; cases: McCaseSeed[] }): { clients: number; companies: number; cases: number } {
    // Seed records arrive in the stored shape: adopt them (give ids) instead of copying.
    const clientIds: number[] = [];
    for (const client of seed.clients) {
      client.id = this.clients.allocateId();
      this.insertClient(client);
      clientIds.push(client.id);
    }
    for (const company of seed.companies) {
      company.id = this.companies.allocateId();
      this.companies.insert(company);
    }
    for (const s of seed.cases) {
      const record: McCase = {
        id: this.cases.allocateId(),
        name: s.name,
        case_number: s.case_number,
        description: s.description,
        opened_date: s.opened_date,
        closed_date: s.status === 'closed' ? s.updated_at.slice(0, 10) : null,
        sol_date: null,
        status: s.status,
        case_stage: pickKnown(s.status === 'closed' ? 'Approved' : 'Preparing Forms', CASE_STAGES),
        practice_area: pickKnown(s.practice_area, PRACTICE_AREAS),
        billing_type: 'flat',
        outstanding_balance: 0,
        billing_contact: null,
        clients: [],
        companies: [],
        staff: [{ id: 1, lead_lawyer: true, originating_lawyer: true, case_rate: null }],
        office: { ...OFFICE },
        custom_field_values: [],
        created_at: s.created_at,
        updated_at: s.updated_at,
      };
      this.cases.insert(record);
      this.caseIdsByName.set(nameKey(record.name), record.id);
      const refs = s.clientIndexes.map((i) => clientIds[i]).filter((id): id is number => id !== undefined).map((id) => ({ id }));
      this.linkCaseClients(record, refs);
    }
    return { clients: seed.clients.length, companies: seed.companies.length, cases: seed.cases.length };
  }

  // ---------------------------------------------------------------- direct writes (control API)

  /**
   * Applies a partial record as a user's edit in the MyCase UI would: fields replaced as
   * given, `updated_at` moved to now, no API validation (so tests can build any state).
   */
  directWrite(collection: McCollection, id: number | null, patch: Record<string, unknown>): McClient | McCompany | McCase | McDocument | null {
    const now = this.now();
    const table = this.table(collection);
    if (id === null) {
      const created = this.directCreate(collection, patch);
      return created;
    }
    const existing = table.get(id);
    if (!existing) return null;
    if (collection === 'clients' && 'email' in patch) this.reindexEmail(existing as McClient, (patch.email as string | null) ?? null);
    if (collection === 'cases' && typeof patch.name === 'string') {
      this.caseIdsByName.delete(nameKey((existing as McCase).name));
      this.caseIdsByName.set(nameKey(patch.name), id);
    }
    const { id: _ignored, ...rest } = patch;
    Object.assign(existing, rest, 'updated_at' in patch ? {} : { updated_at: now });
    return existing;
  }

  private directCreate(collection: McCollection, patch: Record<string, unknown>): McClient | McCompany | McCase | McDocument {
    const now = this.now();
    if (collection === 'clients') {
      const client: McClient = {
        id: this.clients.allocateId(), first_name: '', middle_name: null, last_name: '', email: null, address: null,
        cell_phone_number: null, work_phone_number: null, home_phone_number: null, fax_phone_number: null, birthdate: null,
        notes: null, archived: false, people_group: null, contact_group: null, cases: [], custom_field_values: [],
        created_at: now, updated_at: now,
      };
      const { id: _ignored, ...rest } = patch;
      Object.assign(client, rest);
      this.insertClient(client);
      return client;
    }
    if (collection === 'companies') {
      const company: McCompany = {
        id: this.companies.allocateId(), name: '', email: null, website: null, main_phone_number: null, fax_phone_number: null,
        address: null, notes: null, archived: false, cases: [], clients: [], custom_field_values: [], created_at: now, updated_at: now,
      };
      const { id: _ignored, ...rest } = patch;
      Object.assign(company, rest);
      this.companies.insert(company);
      return company;
    }
    if (collection === 'cases') {
      const record: McCase = {
        id: this.cases.allocateId(), name: '', case_number: null, description: null, opened_date: now.slice(0, 10), closed_date: null,
        sol_date: null, status: 'open', case_stage: '', practice_area: '', billing_type: '', outstanding_balance: null,
        billing_contact: null, clients: [], companies: [], staff: [], office: { ...OFFICE }, custom_field_values: [],
        created_at: now, updated_at: now,
      };
      const { id: _ignored, ...rest } = patch;
      Object.assign(record, rest);
      this.cases.insert(record);
      this.caseIdsByName.set(nameKey(record.name), record.id);
      for (const ref of record.clients) {
        const client = this.clients.get(ref.id);
        if (client) appendRefs(client.cases, [{ id: record.id }]);
      }
      return record;
    }
    const created = this.createDocument(null, { path: String(patch.path ?? 'Untitled'), filename: String(patch.filename ?? 'file.pdf') });
    if (!created.ok) throw new Error('direct document create failed');
    return created.value;
  }

  table(collection: McCollection): Table<McClient> | Table<McCompany> | Table<McCase> | Table<McDocument> {
    switch (collection) {
      case 'clients':
        return this.clients;
      case 'companies':
        return this.companies;
      case 'cases':
        return this.cases;
      default:
        return this.documents;
    }
  }

  directDelete(collection: McCollection, id: number): boolean {
    switch (collection) {
      case 'clients':
        return this.deleteClient(id);
      case 'cases':
        return this.deleteCase(id);
      case 'documents':
        return this.deleteDocument(id);
      default:
        return this.companies.delete(id);
    }
  }
}

export const MC_COLLECTIONS = ['clients', 'companies', 'cases', 'documents'] as const;
export type McCollection = (typeof MC_COLLECTIONS)[number];
