/**
 * MyCase records ↔ the core's SideContact / SideMatter. Values are carried as MyCase stores
 * them (no normalisation here: R5 comparison is the core's job). Address 2 is read with
 * parseAddress2 and written with formatAddress2 (R4).
 */
import { formatAddress2, parseAddress2 } from '../../core/address';
import type { ContactPatch, MatterPatch } from '../../core/sync-side';
import { emptyAddress, type Address, type ContactFields, type MatterFields, type SideContact, type SideMatter } from '../../core/types';
import type { MyCaseCase, MyCaseClient, MyCaseCompany } from './schemas';

type MyCaseAddress = NonNullable<MyCaseClient['address']>;

export function addressFromMyCase(address: MyCaseAddress | null | undefined): Address {
  if (!address) return emptyAddress();
  const unit = parseAddress2(address.address2);
  return {
    street: address.address1,
    unitNumber: unit.unitNumber,
    unitType: unit.unitType,
    city: address.city,
    state: address.state,
    zip: address.zip_code,
    country: address.country,
  };
}

export function contactFromMyCaseClient(client: MyCaseClient): SideContact {
  return {
    side: 'mycase',
    id: client.id,
    kind: 'person',
    lead: false,
    archived: client.archived ?? false,
    updatedAt: client.updated_at,
    fields: {
      firstName: client.first_name,
      lastName: client.last_name,
      email: client.email,
      address: addressFromMyCase(client.address),
      mobilePhone: client.cell_phone_number,
      workPhone: client.work_phone_number,
    },
  };
}

/**
 * Companies are reported only so the engine can count them as skipped (R3). The company name
 * is carried in `lastName` so a log line can name it; nothing is ever written from it.
 */
export function contactFromMyCaseCompany(company: MyCaseCompany): SideContact {
  return {
    side: 'mycase',
    id: company.id,
    kind: 'company',
    lead: false,
    archived: company.archived ?? false,
    updatedAt: company.updated_at,
    fields: {
      firstName: '',
      lastName: company.name,
      email: company.email,
      address: addressFromMyCase(company.address),
      mobilePhone: '',
      workPhone: company.main_phone_number,
    },
  };
}

export function matterFromMyCaseCase(record: MyCaseCase): SideMatter {
  return {
    side: 'mycase',
    id: record.id,
    archived: record.archived ?? false,
    updatedAt: record.updated_at,
    createdAt: record.created_at,
    fields: {
      name: record.name,
      description: record.description,
      clientIds: (record.clients ?? []).map((client) => client.id),
    },
  };
}

/** MyCase wants the whole address object whenever any part is sent (reference §2.1). */
export function addressToMyCase(address: Address): Record<string, string> {
  return {
    address1: address.street,
    address2: formatAddress2(address.unitNumber),
    city: address.city,
    state: address.state,
    zip_code: address.zip,
    country: address.country,
  };
}

function isEmptyAddress(address: Address): boolean {
  return [address.street, address.unitNumber, address.city, address.state, address.zip, address.country].every(
    (part) => part.trim() === '',
  );
}

/**
 * The ClientRequest body for the fields present in `patch` (R1: only those are sent). On a
 * create an empty email and an empty address are left out rather than sent as blanks.
 */
export function clientBodyFromFields(patch: ContactPatch, mode: 'create' | 'update'): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (patch.firstName !== undefined) body.first_name = patch.firstName;
  if (patch.lastName !== undefined) body.last_name = patch.lastName;
  if (patch.email !== undefined && !(mode === 'create' && patch.email.trim() === '')) body.email = patch.email;
  if (patch.address !== undefined && !(mode === 'create' && isEmptyAddress(patch.address))) {
    body.address = addressToMyCase(patch.address);
  }
  if (patch.mobilePhone !== undefined) body.cell_phone_number = patch.mobilePhone;
  if (patch.workPhone !== undefined) body.work_phone_number = patch.workPhone;
  return body;
}

export function clientBodyForCreate(fields: ContactFields): Record<string, unknown> {
  return clientBodyFromFields(fields, 'create');
}

/** CaseRequest for a create; clients go in the body (`clients`, never the deprecated `contacts`). */
export function caseBodyForCreate(fields: MatterFields): Record<string, unknown> {
  return {
    name: fields.name,
    description: fields.description,
    clients: fields.clientIds.map((id) => ({ id })),
  };
}

/** The PUT part of a matter patch; clients are added through the relationships endpoint. */
export function caseBodyForUpdate(patch: MatterPatch): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (patch.name !== undefined) body.name = patch.name;
  if (patch.description !== undefined) body.description = patch.description;
  return body;
}
