/**
 * The seeded demo-firm generator. One call builds both products' data from one seed, so the
 * MyCase and Docketwise servers, each seeded on its own, hold the same overlapping firm:
 * shared people (some differing), people on one side only, duplicates, companies, leads, an
 * email already taken in MyCase, Address 2 values with descriptors and a case-name clash.
 */
import { z } from 'zod';
import type { UnitType } from '../../src/core/types';
import type { DwContact, DwPhone } from '../docketwise/store';
import type { McClient, McCompany } from '../mycase/store';
import { createRng, type Rng } from './prng';

export const seedOptionsSchema = z.object({
  seed: z.number().int().default(1),
  /** People per side, before duplicates and leads are added on the Docketwise side. */
  contacts: z.number().int().min(0).max(200_000).default(300),
  /** People present on both sides with equal first name, last name and email (R8). */
  shared: z.number().int().min(0).optional(),
  /** Of the shared people, how many differ in a synced field (R9). */
  differing: z.number().int().min(0).optional(),
  /** Extra Docketwise people repeating a shared person's first+last+email (R11). */
  duplicates: z.number().int().min(0).optional(),
  /** MyCase companies and Docketwise Institutions, each (R3). */
  companies: z.number().int().min(0).optional(),
  /** Docketwise-only people whose email a different MyCase person already uses (R2). */
  emailsTaken: z.number().int().min(0).optional(),
  /** Shared people whose MyCase Address 2 carries a descriptor ("Apt 4B", "Suite 200"; R4). */
  address2Descriptors: z.number().int().min(0).optional(),
  /** Extra Docketwise lead contacts (R16). */
  leads: z.number().int().min(0).optional(),
  /** MyCase cases. */
  cases: z.number().int().min(0).optional(),
  /** Docketwise matters (each with forms). */
  matters: z.number().int().min(0).optional(),
  /** Docketwise matters whose title equals an existing MyCase case name (R6). */
  caseNameClashes: z.number().int().min(0).optional(),
});

export type SeedOptionsInput = z.input<typeof seedOptionsSchema>;

export interface ResolvedSeedOptions {
  seed: number;
  contacts: number;
  shared: number;
  differing: number;
  duplicates: number;
  companies: number;
  emailsTaken: number;
  address2Descriptors: number;
  leads: number;
  cases: number;
  matters: number;
  caseNameClashes: number;
}

export function resolveSeedOptions(input: SeedOptionsInput): ResolvedSeedOptions {
  const o = seedOptionsSchema.parse(input);
  const c = o.contacts;
  const shared = o.shared ?? Math.round(c * 0.6);
  const onlyOnOneSide = c - shared;
  const differing = o.differing ?? Math.round(shared * 0.12);
  const resolved: ResolvedSeedOptions = {
    seed: o.seed,
    contacts: c,
    shared,
    differing,
    duplicates: o.duplicates ?? Math.min(shared, Math.max(c > 0 ? 2 : 0, Math.round(c / 100))),
    companies: o.companies ?? Math.round(c / 20),
    emailsTaken: o.emailsTaken ?? Math.min(onlyOnOneSide, Math.max(c > 0 ? 2 : 0, Math.round(c / 60))),
    address2Descriptors: o.address2Descriptors ?? Math.min(shared - differing, Math.round(c / 15)),
    leads: o.leads ?? Math.round(c / 30),
    cases: o.cases ?? Math.round(c * 0.4),
    matters: o.matters ?? Math.round(c * 0.5),
    caseNameClashes: o.caseNameClashes ?? Math.min(3, Math.round(c * 0.4), Math.round(c * 0.5)),
  };
  const problems: string[] = [];
  if (shared > c) problems.push(`shared (${shared}) > contacts (${c})`);
  if (resolved.differing > shared) problems.push(`differing (${resolved.differing}) > shared (${shared})`);
  if (resolved.duplicates > shared) problems.push(`duplicates (${resolved.duplicates}) > shared (${shared})`);
  if (resolved.emailsTaken > onlyOnOneSide) problems.push(`emailsTaken (${resolved.emailsTaken}) > contacts - shared (${onlyOnOneSide})`);
  if (resolved.address2Descriptors > shared - resolved.differing) {
    problems.push(`address2Descriptors (${resolved.address2Descriptors}) > shared - differing (${shared - resolved.differing})`);
  }
  if (resolved.caseNameClashes > Math.min(resolved.cases, resolved.matters)) problems.push('caseNameClashes > min(cases, matters)');
  if (resolved.matters > 0 && c + resolved.duplicates === 0) problems.push('matters need at least one Docketwise person');
  if (resolved.cases > 0 && c === 0) problems.push('cases need at least one MyCase person');
  if (problems.length > 0) throw new SeedOptionsError(problems.join('; '));
  return resolved;
}

export class SeedOptionsError extends Error {
  override readonly name = 'SeedOptionsError';
}

// ---------------------------------------------------------------- the two sides' seed records

/**
 * People and companies are generated directly in the stores' record shapes (ids 0 until a
 * store ingests them): copying 40,000 seed objects into records doubled the seeding time.
 */
export type McClientSeed = McClient;
export type McCompanySeed = McCompany;

export interface McCaseSeed {
  name: string;
  case_number: string;
  description: string;
  practice_area: string;
  status: 'open' | 'closed';
  opened_date: string;
  /** Indexes into `clients`. */
  clientIndexes: number[];
  created_at: string;
  updated_at: string;
}

export type DwContactSeed = DwContact;

export interface DwFormSeed {
  name: FormName;
  pageCount: number;
}

export interface DwMatterSeed {
  title: string;
  number: string;
  description: string;
  /** Index into `contacts`. */
  clientIndex: number;
  forms: DwFormSeed[];
  created_at: string;
  updated_at: string;
}

export interface FirmData {
  mycase: { clients: McClientSeed[]; companies: McCompanySeed[]; cases: McCaseSeed[] };
  docketwise: { contacts: DwContactSeed[]; matters: DwMatterSeed[] };
  options: ResolvedSeedOptions;
}

// ---------------------------------------------------------------- forms

export const FORM_PAGE_COUNTS = {
  'I-130': 12,
  'I-130A': 6,
  'I-485': 12,
  'I-765': 7,
  'G-28': 4,
  'I-864': 10,
  'I-131': 12,
  'N-400': 12,
  'Green Card Smart Form': 9,
  'Family Green Card Smart Form': 11,
} as const;

export type FormName = keyof typeof FORM_PAGE_COUNTS;

export function formKind(name: string): 'uscis' | 'smart-form' {
  return name.endsWith('Smart Form') ? 'smart-form' : 'uscis';
}

const MATTER_TYPES: readonly { label: string; practice: string; forms: readonly FormName[] }[] = [
  { label: 'Family Petition (I-130)', practice: 'Family Immigration', forms: ['I-130', 'I-130A', 'G-28', 'Family Green Card Smart Form'] },
  { label: 'Adjustment of Status', practice: 'Family Immigration', forms: ['I-485', 'I-765', 'I-131', 'I-864', 'G-28'] },
  { label: 'Green Card', practice: 'Family Immigration', forms: ['Green Card Smart Form', 'I-485', 'I-864', 'G-28'] },
  { label: 'Naturalization (N-400)', practice: 'Naturalization', forms: ['N-400', 'G-28'] },
  { label: 'Work Permit Renewal (I-765)', practice: 'Employment Authorization', forms: ['I-765', 'G-28'] },
  { label: 'Advance Parole (I-131)', practice: 'Travel Documents', forms: ['I-131', 'G-28'] },
  { label: 'Spousal Petition and AOS', practice: 'Family Immigration', forms: ['I-130', 'I-130A', 'I-485', 'I-765', 'I-864', 'G-28'] },
];

// ---------------------------------------------------------------- names and places

const FIRST_NAMES = [
  'José', 'María', 'Zoë', 'Renée', 'François', 'Björn', 'Ana-Sofía', 'Nguyễn Văn', 'Siobhán', 'Chloé',
  'Jean-Luc', "D'Andre", 'Łukasz', 'Søren', 'Inés', 'Mohammed', 'Aisha', 'Wei', 'Priya', 'Olúwaseun',
  'Dmitri', 'Fatima', 'Kwame', 'Hannah', 'Mateo', 'Camila', 'Thảo', 'Joaquín', 'Émilie', 'Ngozi',
  'Liam', 'Olivia', 'Noah', 'Emma', 'Ravi', 'Yuki', 'Sung-min', 'Tomás', 'Agnieszka', 'Rahel',
  'Mariam', 'Gabriel', 'Lucía', 'Ahmad', 'Elif', 'Jürgen', 'Marguerite', 'Pádraig', 'Anh', 'Carlos',
] as const;

const MIDDLE_NAMES = ['', '', '', 'A.', 'Luis', 'Marie', 'J.', 'Elena', 'Tran', 'Kofi', ''] as const;

const LAST_NAMES = [
  'García-López', "O'Brien", "D'Angelo", 'Nguyễn', 'Müller', 'Hernández', 'Smith-Jones', 'Okafor', 'Kowalski',
  'Rodríguez', 'Martínez', 'Chen', 'Patel', 'Kim', 'Ivanova', 'Haddad', 'Mensah', 'Tanaka', 'Van der Berg',
  "O'Connor", 'Álvarez', 'Petrović', 'Dubois', 'Fernández-Ruiz', 'Al-Sayed', 'Oyelaran', 'Lindqvist',
  'Castillo', 'Ramírez', 'Pham', 'Singh', 'Cohen', 'MacDonald', 'de la Cruz', 'Şahin', 'Moreau', 'Byrne',
  'Gonçalves', 'Nakamura', 'Abebe', 'Lefèvre', 'Ortiz', 'Wright', "Ní Bhriain", 'Yılmaz', 'Torres',
] as const;

const STREETS = [
  'Main St', 'Mission St', 'Valencia Street', 'Broadway', 'Oak Avenue', 'Elm St.', 'Calle Ocho',
  'Martin Luther King Jr Blvd', 'Río Grande Rd', 'Peachtree St NE', 'Lake Shore Dr', '5th Avenue',
  'Ocean Pkwy', 'Jefferson Ave', 'St. Charles Ave', 'Queens Blvd', 'Sunset Blvd', 'Cedar Lane',
] as const;

const CITIES: readonly { city: string; state: string; zip: string; area: string }[] = [
  { city: 'San Francisco', state: 'CA', zip: '94110', area: '415' },
  { city: 'Los Angeles', state: 'CA', zip: '90012', area: '213' },
  { city: 'Miami', state: 'FL', zip: '33135', area: '305' },
  { city: 'Houston', state: 'TX', zip: '77002', area: '713' },
  { city: 'New York', state: 'NY', zip: '10001', area: '212' },
  { city: 'Queens', state: 'NY', zip: '11373', area: '718' },
  { city: 'Chicago', state: 'IL', zip: '60616', area: '312' },
  { city: 'Atlanta', state: 'GA', zip: '30303', area: '404' },
  { city: 'Newark', state: 'NJ', zip: '07102', area: '973' },
  { city: 'Seattle', state: 'WA', zip: '98104', area: '206' },
  { city: 'Phoenix', state: 'AZ', zip: '85004', area: '602' },
  { city: 'Boston', state: 'MA', zip: '02118', area: '617' },
];

const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example.com'] as const;

const COMPANY_NAMES = [
  'Acme Staffing LLC', 'Nguyễn & Partners Consulting', 'Blue Harbor Seafood Inc.', "O'Reilly Construction Co.",
  'Sunrise Home Health Care', 'García Landscaping', 'Pacific Rim Software Corp.', 'Hôtel Lumière Group',
  'Golden Gate Bakery', 'Midwest Precision Tooling', 'Lakeside Dental PLLC', 'Andes Import-Export',
  'Brightpath Academy', 'Müller Engineering GmbH (US)', 'Evergreen Farms Cooperative',
] as const;

/** Leading descriptors of MyCase Address 2 (R4) and the Docketwise type each maps to. */
const DESCRIPTORS: readonly { render: (n: string) => string; type: UnitType | null }[] = [
  { render: (n) => `Apt ${n}`, type: 'apt' },
  { render: (n) => `Suite ${n}`, type: 'ste' },
  { render: (n) => `Ste. ${n}`, type: 'ste' },
  { render: (n) => `Fl ${n}`, type: 'flr' },
  { render: (n) => `Floor ${n}`, type: 'flr' },
  { render: (n) => `Unit ${n}`, type: null },
  { render: (n) => `#${n}`, type: null },
  { render: (n) => `Apt. ${n}`, type: 'apt' },
];

const UNIT_TYPES: readonly UnitType[] = ['apt', 'apt', 'apt', 'ste', 'flr'];

interface BasePerson {
  first: string;
  middle: string;
  last: string;
  email: string;
  street: string;
  unitType: UnitType | null;
  unitNumber: string;
  city: string;
  state: string;
  zip: string;
  mobileDigits: string;
  workDigits: string;
  birthdate: string;
}

const foldCache = new Map<string, string>();

/** Names come from short lists, so folding is memoised (seeding 20,000 people stays fast). */
function asciiFold(text: string): string {
  const cached = foldCache.get(text);
  if (cached !== undefined) return cached;
  const folded = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/ł/g, 'l')
    .replace(/ş/g, 's')
    .replace(/ı/g, 'i')
    .replace(/ø/g, 'o')
    .replace(/[^A-Za-z0-9-]/g, '')
    .toLowerCase();
  foldCache.set(text, folded);
  return folded;
}

function makePerson(rng: Rng, key: number, withEmail: boolean): BasePerson {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const place = rng.pick(CITIES);
  const hasUnit = rng.chance(0.55);
  const unitNumber = hasUnit ? (rng.chance(0.5) ? String(rng.int(1, 40)) + rng.pick(['', 'A', 'B', 'C']) : String(rng.int(100, 2400))) : '';
  return {
    first,
    middle: rng.pick(MIDDLE_NAMES),
    last,
    email: withEmail ? `${asciiFold(first).replace(/-/g, '')}.${asciiFold(last).replace(/-/g, '')}.${key}@${rng.pick(EMAIL_DOMAINS)}` : '',
    street: `${rng.int(1, 9899)} ${rng.pick(STREETS)}`,
    unitType: hasUnit ? rng.pick(UNIT_TYPES) : null,
    unitNumber,
    city: place.city,
    state: place.state,
    zip: place.zip,
    // 555-01xx numbers are reserved for fiction; the 4-digit tail keeps them distinct enough.
    mobileDigits: `${place.area}555${String(rng.int(100, 199)).padStart(4, '0')}`,
    workDigits: rng.chance(0.6) ? `${rng.pick(CITIES).area}555${String(rng.int(100, 199)).padStart(4, '0')}` : '',
    birthdate: `19${rng.int(45, 99)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
  };
}

/** The same digits written the many ways paralegals type them (R5 compares digits only). */
function formatPhone(digits: string, style: number): string {
  if (digits === '') return '';
  const a = digits.slice(0, 3);
  const b = digits.slice(3, 6);
  const c = digits.slice(6);
  switch (style % 5) {
    case 0:
      return `(${a}) ${b}-${c}`;
    case 1:
      return `${a}-${b}-${c}`;
    case 2:
      return `${a}.${b}.${c}`;
    case 3:
      // No "+1" variant: R5 compares digits only, and a country code would add one.
      return `${a} ${b} ${c}`;
    default:
      return digits;
  }
}

function mcClient(p: BasePerson, style: number, address2: string, stamps: Stamps): McClient {
  return {
    id: 0,
    first_name: p.first,
    middle_name: p.middle || null,
    last_name: p.last,
    email: p.email || null,
    address: {
      address1: p.street,
      address2,
      city: p.city,
      state: p.state,
      zip_code: p.zip,
      country: 'United States',
    },
    cell_phone_number: formatPhone(p.mobileDigits, style) || null,
    work_phone_number: formatPhone(p.workDigits, style + 1) || null,
    home_phone_number: null,
    fax_phone_number: null,
    birthdate: p.birthdate,
    notes: null,
    archived: false,
    people_group: null,
    contact_group: null,
    cases: [],
    custom_field_values: [],
    created_at: stamps.created_at,
    updated_at: stamps.updated_at,
  };
}

function dwAddress(
  fields: { street: string | null; unitNumber: string; unitType: UnitType | null; city: string | null; state: string | null; zip: string | null },
  stamps: Stamps,
): DwContact['physical_address'] {
  return {
    id: 0,
    street_number_and_name: fields.street,
    apartment_number: fields.unitNumber || null,
    apartment_type: fields.unitNumber ? fields.unitType : null,
    city: fields.city,
    state: fields.state,
    county: null,
    province: null,
    zip_code: fields.zip,
    country: 'United States',
    date_from: null,
    date_to: null,
    in_care_of: null,
    created_at: stamps.created_at,
    updated_at: stamps.created_at,
  };
}

function dwContact(
  kind: { type: 'Person' | 'Institution'; first: string; middle: string; last: string; company: string; email: string; lead: boolean },
  address: DwContact['physical_address'],
  phones: DwPhone[],
  stamps: Stamps,
): DwContact {
  return {
    id: 0,
    first_name: kind.first || null,
    middle_name: kind.middle || null,
    last_name: kind.last || null,
    company_name: kind.company,
    email: kind.email || null,
    lead: kind.lead,
    lead_phone: kind.lead ? (phones[0]?.number ?? null) : null,
    type: kind.type,
    archived: false,
    discarded_at: null,
    firm_id: FIRM_ID,
    created_at: stamps.created_at,
    updated_at: stamps.updated_at,
    physical_address: address,
    phone_numbers: phones,
  };
}

/** Docketwise's firm id (also DW_FIRM.id in docketwise/store.ts, which imports nothing from here at run time). */
const FIRM_ID = 4242;

function dwPerson(p: BasePerson, style: number, stamps: Stamps, lead = false): DwContact {
  const phones: DwPhone[] = [];
  if (p.mobileDigits) phones.push({ id: 0, number: formatPhone(p.mobileDigits, style), daytime: true, kind: 'mobile' });
  if (p.workDigits) phones.push({ id: 0, number: formatPhone(p.workDigits, style + 2), daytime: true, kind: 'work' });
  return dwContact(
    { type: 'Person', first: p.first, middle: p.middle, last: p.last, company: '', email: p.email, lead },
    dwAddress({ street: p.street, unitNumber: p.unitNumber, unitType: p.unitType, city: p.city, state: p.state, zip: p.zip }, stamps),
    phones,
    stamps,
  );
}

interface Stamps {
  created_at: string;
  updated_at: string;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * `Date#toISOString` without the Date: a civil-from-days conversion. Seeding 20,000 people per
 * side writes ~130,000 timestamps, and the built-in costs ~2 µs each on Node 20.
 */
export function isoFromMs(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  const msText = millis < 10 ? `00${millis}` : millis < 100 ? `0${millis}` : String(millis);
  return `${year}-${pad2(month)}-${pad2(day)}T${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${msText}Z`;
}

/** Creation times spread over the last ~2 years, increasing with the record's position. */
function stampsFor(now: number, position: number, total: number, rng: Rng): Stamps {
  const span = 730 * 86_400_000;
  const created = now - span + Math.floor((span * (position + 1)) / (total + 1));
  const updated = Math.min(now - 60_000, created + rng.int(0, 90) * 86_400_000);
  return { created_at: isoFromMs(created), updated_at: isoFromMs(Math.max(created, updated)) };
}

/** Changes one synced field of the Docketwise copy of a shared person, four ways in turn. */
function makeDiffer(p: BasePerson, i: number, rng: Rng): { mc: BasePerson; dw: BasePerson } {
  const dw = { ...p };
  const mc = { ...p };
  switch (i % 4) {
    case 0:
      dw.mobileDigits = `${p.mobileDigits.slice(0, 6)}${String(rng.int(200, 299)).padStart(4, '0')}`;
      break;
    case 1:
      dw.street = `${rng.int(1, 9899)} ${rng.pick(STREETS)}`;
      break;
    case 2:
      // MyCase has no work phone but Docketwise does: R9 keeps the Docketwise value.
      dw.workDigits = dw.workDigits || `${p.mobileDigits.slice(0, 3)}5550142`;
      mc.workDigits = '';
      break;
    default:
      dw.unitNumber = p.unitNumber ? `${p.unitNumber}${rng.pick(['X', 'R'])}` : String(rng.int(2, 30));
      dw.unitType = dw.unitType ?? 'apt';
      break;
  }
  return { mc, dw };
}

export function generateFirm(input: SeedOptionsInput, now: number): FirmData {
  const o = resolveSeedOptions(input);
  const rng = createRng(o.seed);
  const mcClients: McClientSeed[] = [];
  const dwContacts: DwContactSeed[] = [];
  const onlyOne = o.contacts - o.shared;
  const dwTotal = o.contacts + o.duplicates + o.leads + o.companies;
  const mcTotal = o.contacts + o.companies;

  // Shared people first: the Docketwise copy equals the MyCase one after normalisation (R5),
  // but is written differently (phone formats, email case), except the `differing` ones.
  const sharedBase: BasePerson[] = [];
  for (let i = 0; i < o.shared; i += 1) {
    const base = makePerson(rng, i, true);
    sharedBase.push(base);
    const { mc, dw } = i < o.differing ? makeDiffer(base, i, rng) : { mc: base, dw: base };
    let address2 = mc.unitNumber;
    let dwPersonBase = dw;
    const descriptorSlot = i - o.differing;
    if (descriptorSlot >= 0 && descriptorSlot < o.address2Descriptors) {
      const descriptor = DESCRIPTORS[descriptorSlot % DESCRIPTORS.length] ?? DESCRIPTORS[0];
      const number = mc.unitNumber || String(rng.int(2, 30));
      if (descriptor) {
        address2 = descriptor.render(number);
        dwPersonBase = { ...dw, unitNumber: number, unitType: descriptor.type };
      }
    }
    mcClients.push(mcClient(mc, i, address2, stampsFor(now, mcClients.length, mcTotal, rng)));
    const dwCopy = dwPerson(dwPersonBase, i + 1, stampsFor(now, dwContacts.length, dwTotal, rng));
    // Same email, other capitalisation for some: still the same person (R5, R8).
    if (i % 7 === 3 && dwCopy.email) dwCopy.email = dwCopy.email.charAt(0).toUpperCase() + dwCopy.email.slice(1);
    dwContacts.push(dwCopy);
  }

  // MyCase-only people; the first `emailsTaken` are given the email of a Docketwise-only person.
  const mcOnly: BasePerson[] = [];
  for (let i = 0; i < onlyOne; i += 1) {
    const p = makePerson(rng, o.shared + i, i < o.emailsTaken || i % 20 !== 7);
    mcOnly.push(p);
    mcClients.push(mcClient(p, i, p.unitNumber, stampsFor(now, mcClients.length, mcTotal, rng)));
  }
  for (let i = 0; i < onlyOne; i += 1) {
    const p = makePerson(rng, o.shared + onlyOne + i, i % 20 !== 7);
    if (i < o.emailsTaken) p.email = mcOnly[i]?.email ?? p.email;
    dwContacts.push(dwPerson(p, i, stampsFor(now, dwContacts.length, dwTotal, rng)));
  }
  // Duplicates: a second Docketwise contact with a shared person's key (R11).
  for (let i = 0; i < o.duplicates; i += 1) {
    const original = sharedBase[o.shared - 1 - i];
    if (!original) break;
    const copy = dwPerson({ ...original, street: `${rng.int(1, 9899)} ${rng.pick(STREETS)}` }, i + 3, stampsFor(now, dwContacts.length, dwTotal, rng));
    dwContacts.push(copy);
  }
  for (let i = 0; i < o.leads; i += 1) {
    const p = makePerson(rng, o.shared + 2 * onlyOne + i, true);
    dwContacts.push(dwPerson(p, i, stampsFor(now, dwContacts.length, dwTotal, rng), true));
  }
  const mcCompanies: McCompanySeed[] = [];
  for (let i = 0; i < o.companies; i += 1) {
    const base = COMPANY_NAMES[i % COMPANY_NAMES.length] ?? 'Company';
    const name = i < COMPANY_NAMES.length ? base : `${base} ${Math.floor(i / COMPANY_NAMES.length) + 1}`;
    const place = rng.pick(CITIES);
    const phone = formatPhone(`${place.area}555${String(rng.int(100, 199)).padStart(4, '0')}`, i);
    const email = `hr${i}@${asciiFold(base).replace(/-/g, '').slice(0, 16)}.example.com`;
    const stamps = stampsFor(now, o.contacts + i, mcTotal, rng);
    mcCompanies.push({
      id: 0,
      name,
      email,
      website: `https://${asciiFold(base).slice(0, 16)}.example.com`,
      main_phone_number: phone,
      fax_phone_number: null,
      address: { address1: `${rng.int(1, 9899)} ${rng.pick(STREETS)}`, address2: rng.chance(0.5) ? `Suite ${rng.int(100, 900)}` : '', city: place.city, state: place.state, zip_code: place.zip, country: 'United States' },
      notes: null,
      archived: false,
      cases: [],
      clients: [],
      custom_field_values: [],
      created_at: stamps.created_at,
      updated_at: stamps.updated_at,
    });
    dwContacts.push(
      dwContact(
        { type: 'Institution', first: '', middle: '', last: '', company: name, email, lead: false },
        null,
        [{ id: 0, number: phone, daytime: true, kind: 'work' }],
        stampsFor(now, dwContacts.length, dwTotal, rng),
      ),
    );
  }

  // MyCase cases: unique names (MyCase refuses a taken name, R6).
  const caseNames = new Set<string>();
  const mcCases: McCaseSeed[] = [];
  for (let i = 0; i < o.cases; i += 1) {
    const clientIndex = rng.int(0, o.contacts - 1);
    const client = mcClients[clientIndex];
    const type = rng.pick(MATTER_TYPES);
    // "Last, First – Type" (the DW titles below are "First Last – Type"), so only the
    // deliberate clashes make a Docketwise title equal to a MyCase case name.
    let name = `${client?.last_name ?? ''}, ${client?.first_name ?? ''} – ${type.label}`;
    for (let n = 2; caseNames.has(name.toLowerCase()); n += 1) name = `${name.replace(/ \(\d+\)$/, '')} (${n})`;
    caseNames.add(name.toLowerCase());
    const clientIndexes = [clientIndex];
    if (rng.chance(0.2) && o.contacts > 1) {
      const second = rng.int(0, o.contacts - 1);
      if (second !== clientIndex) clientIndexes.push(second);
    }
    const stamps = stampsFor(now, i, o.cases, rng);
    mcCases.push({
      name,
      case_number: `MC-${String(2024000 + i)}`,
      description: `${type.label} for ${client?.first_name ?? ''} ${client?.last_name ?? ''}.`,
      practice_area: type.practice,
      status: rng.chance(0.85) ? 'open' : 'closed',
      opened_date: stamps.created_at.slice(0, 10),
      clientIndexes,
      ...stamps,
    });
  }

  // Docketwise matters: titles need not be unique; the first `caseNameClashes` reuse a MyCase
  // case name for a different person's matter.
  const dwPersons = dwContacts.map((c, index) => ({ c, index })).filter(({ c }) => c.type === 'Person' && !c.lead);
  const dwMatters: DwMatterSeed[] = [];
  for (let i = 0; i < o.matters; i += 1) {
    const picked = rng.pick(dwPersons);
    const type = rng.pick(MATTER_TYPES);
    const clash = i < o.caseNameClashes ? mcCases[i] : undefined;
    const title = clash ? clash.name : `${picked.c.first_name ?? ''} ${picked.c.last_name ?? ''} – ${type.label}`;
    const formCount = rng.int(Math.min(2, type.forms.length), type.forms.length);
    const forms: DwFormSeed[] = type.forms.slice(0, formCount).map((name) => ({ name, pageCount: FORM_PAGE_COUNTS[name] }));
    dwMatters.push({
      title,
      number: `DW-${String(1000 + i)}`,
      description: rng.chance(0.8) ? `${type.label}. Client: ${picked.c.first_name ?? ''} ${picked.c.last_name ?? ''}.` : '',
      clientIndex: picked.index,
      forms,
      ...stampsFor(now, i, o.matters, rng),
    });
  }

  return {
    mycase: { clients: mcClients, companies: mcCompanies, cases: mcCases },
    docketwise: { contacts: dwContacts, matters: dwMatters },
    options: o,
  };
}
