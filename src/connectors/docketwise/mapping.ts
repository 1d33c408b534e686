/**
 * Docketwise records ↔ the core's SideContact / SideMatter. The Apt/Ste/Flr number is the
 * core's `unitNumber` and its type `unitType` (R4); phones are read by `kind` (mobile, work).
 * Writes use the documented `addresses_attributes[].data` / `phone_numbers_attributes[].data`
 * shape, updating the existing address or phone by its `id` inside `data`.
 */
import type { ContactPatch, MatterPatch } from '../../core/sync-side';
import { emptyAddress, type Address, type ContactFields, type RecordId, type SideContact, type SideMatter, type UnitType } from '../../core/types';
import type { DocketwiseAddress, DocketwiseContact, DocketwiseMatter, DocketwisePhone } from './schemas';

export type PhoneKind = 'mobile' | 'work';

export function addressFromDocketwise(address: DocketwiseAddress | null | undefined): Address {
  if (!address) return emptyAddress();
  return {
    street: address.street_number_and_name,
    unitNumber: address.apartment_number,
    unitType: address.apartment_type ?? null,
    city: address.city,
    state: address.state,
    zip: address.zip_code,
    country: address.country,
  };
}

/** The first phone of that kind; Docketwise may hold several. */
export function phoneOfKind(phones: readonly DocketwisePhone[] | null | undefined, kind: PhoneKind): DocketwisePhone | undefined {
  return (phones ?? []).find((phone) => phone.kind === kind);
}

export function contactFromDocketwise(contact: DocketwiseContact): SideContact {
  return {
    side: 'docketwise',
    id: contact.id,
    kind: contact.type === 'Institution' ? 'company' : 'person',
    lead: contact.lead ?? false,
    archived: (contact.archived ?? false) || Boolean(contact.discarded_at),
    updatedAt: contact.updated_at,
    fields: {
      firstName: contact.first_name,
      lastName: contact.last_name,
      email: contact.email,
      address: addressFromDocketwise(contact.physical_address),
      mobilePhone: phoneOfKind(contact.phone_numbers, 'mobile')?.number ?? '',
      workPhone: phoneOfKind(contact.phone_numbers, 'work')?.number ?? '',
    },
  };
}

export function matterFromDocketwise(matter: DocketwiseMatter): SideMatter {
  return {
    side: 'docketwise',
    id: matter.id,
    archived: (matter.archived ?? false) || Boolean(matter.discarded_at),
    updatedAt: matter.updated_at,
    createdAt: matter.created_at,
    fields: {
      name: matter.title,
      description: matter.description,
      clientIds: matter.client_id != null ? [matter.client_id] : [],
    },
  };
}

/** What an update needs to know about the stored record to address its nested rows by id. */
export interface DocketwiseExisting {
  address: DocketwiseAddress | null;
  phones: readonly DocketwisePhone[];
}

function addressData(address: Address, existing: DocketwiseAddress | null): Record<string, unknown> {
  // MyCase cannot hold the Apt/Ste/Flr type, so a pulled address arrives with type null when
  // Address 2 had no descriptor; that means "unknown", so the type the user chose is kept.
  const unitType: UnitType | null =
    address.unitNumber.trim() === '' ? null : (address.unitType ?? existing?.apartment_type ?? null);
  return {
    ...(existing?.id != null ? { id: existing.id } : {}),
    street_number_and_name: address.street,
    apartment_number: address.unitNumber,
    apartment_type: unitType,
    city: address.city,
    state: address.state,
    zip_code: address.zip,
    country: address.country,
    physical: true,
  };
}

/**
 * USCIS forms ask for a "daytime" number, which for a paralegal is the work number; a mobile
 * is not marked daytime.
 */
function phoneData(kind: PhoneKind, number: string, existing: DocketwisePhone | undefined): Record<string, unknown> {
  return {
    ...(existing ? { id: existing.id } : {}),
    number,
    daytime: kind === 'work',
    kind,
  };
}

function isEmptyAddress(address: Address): boolean {
  return [address.street, address.unitNumber, address.city, address.state, address.zip, address.country].every(
    (part) => part.trim() === '',
  );
}

/**
 * The `contact` body for the fields present in `patch` (R1). A new empty phone or address is
 * not sent; an existing address that must become empty is sent with empty values under its id,
 * an existing phone that must become empty is removed.
 */
export function contactBody(
  patch: ContactPatch,
  existing: DocketwiseExisting | null,
  create: boolean,
): { contact: Record<string, unknown> } {
  const contact: Record<string, unknown> = {};
  if (create) {
    contact.type = 'Person';
    contact.lead = false;
  }
  if (patch.firstName !== undefined) contact.first_name = patch.firstName;
  if (patch.lastName !== undefined) contact.last_name = patch.lastName;
  if (patch.email !== undefined) contact.email = patch.email;
  if (patch.address !== undefined && (existing?.address?.id != null || !isEmptyAddress(patch.address))) {
    contact.addresses_attributes = [{ data: addressData(patch.address, existing?.address ?? null) }];
  }
  const phones: { data: Record<string, unknown> }[] = [];
  const wanted: [PhoneKind, string | undefined][] = [
    ['mobile', patch.mobilePhone],
    ['work', patch.workPhone],
  ];
  for (const [kind, number] of wanted) {
    if (number === undefined) continue;
    const current = phoneOfKind(existing?.phones, kind);
    if (number.trim() !== '') phones.push({ data: phoneData(kind, number, current) });
    // Emptying a phone removes that row: Rails' nested-attributes `_destroy` ([I], not in the
    // documented write shape), rather than leaving a blank number behind.
    else if (current) phones.push({ data: { id: current.id, _destroy: true } });
  }
  if (phones.length > 0) contact.phone_numbers_attributes = phones;
  return { contact };
}

export function contactBodyForCreate(fields: ContactFields): { contact: Record<string, unknown> } {
  return contactBody(fields, null, true);
}

/** Whether an update must first read the stored record (to address nested rows by id). */
export function patchTouchesNestedRows(patch: ContactPatch): boolean {
  return patch.address !== undefined || patch.mobilePhone !== undefined || patch.workPhone !== undefined;
}

export function matterBody(patch: MatterPatch, clientId: RecordId | undefined): { matter: Record<string, unknown> } {
  const matter: Record<string, unknown> = {};
  if (patch.name !== undefined) matter.title = patch.name;
  if (patch.description !== undefined) matter.description = patch.description;
  if (clientId !== undefined) matter.client_id = clientId;
  return { matter };
}
