/**
 * The product's own record types, shared by the planner, the connectors and the store.
 * Both APIs use integer ids; a record is always named with its side, so ids never mix.
 */

export type Side = 'mycase' | 'docketwise';
export type RecordId = number;
export type Entity = 'contact' | 'matter';

/** Docketwise's Apt/Ste/Flr selector (R4). MyCase has no such field. */
export type UnitType = 'apt' | 'ste' | 'flr';

/**
 * A physical address in the shape both sides can express. Empty parts are ''.
 * `unitNumber` is MyCase's Address 2 and Docketwise's Apt/Ste/Flr number (R4);
 * `unitType` exists only in Docketwise and is never compared (MyCase cannot hold it).
 */
export interface Address {
  street: string;
  unitNumber: string;
  unitType: UnitType | null;
  city: string;
  state: string;
  zip: string;
  country: string;
}

/** The synced contact fields (SPEC "Words"): nothing else is read for comparison or written (R1). */
export interface ContactFields {
  firstName: string;
  lastName: string;
  /** '' when the contact has none. */
  email: string;
  address: Address;
  mobilePhone: string;
  workPhone: string;
}

export const CONTACT_FIELD_NAMES = [
  'firstName',
  'lastName',
  'email',
  'address',
  'mobilePhone',
  'workPhone',
] as const satisfies readonly (keyof ContactFields)[];

export type ContactFieldName = (typeof CONTACT_FIELD_NAMES)[number];

/** What kind of contact a side reports: companies are never synced (R3), leads are never pushed (R16). */
export type ContactKind = 'person' | 'company';

export interface SideContact {
  side: Side;
  id: RecordId;
  kind: ContactKind;
  /** Docketwise leads (prospects); always false for MyCase. */
  lead: boolean;
  archived: boolean;
  /** ISO-8601 as the side reported it. */
  updatedAt: string;
  fields: ContactFields;
}

/** The synced matter/case fields. `clientIds` are contact ids on the same side as the matter. */
export interface MatterFields {
  name: string;
  description: string;
  /** MyCase: every client of the case. Docketwise: the matter's one `client_id` (R15). */
  clientIds: RecordId[];
}

export const MATTER_FIELD_NAMES = ['name', 'description', 'clientIds'] as const satisfies readonly (keyof MatterFields)[];
export type MatterFieldName = (typeof MATTER_FIELD_NAMES)[number];

export interface SideMatter {
  side: Side;
  id: RecordId;
  archived: boolean;
  updatedAt: string;
  /** ISO-8601 creation time: decides whether a case existed before activation (R12, R15). */
  createdAt: string;
  fields: MatterFields;
}

export type SyncMode = 'two-way' | 'one-way';

export const emptyAddress = (): Address => ({
  street: '',
  unitNumber: '',
  unitType: null,
  city: '',
  state: '',
  zip: '',
  country: '',
});
