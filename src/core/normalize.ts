/**
 * R5: values are compared after normalisation, so formatting alone never causes an update or a
 * conflict. These functions are for comparison and hashing only: what is written to a side is
 * always the source's own value, never the normalised one.
 */
import { parseAddress2 } from './address';
import type { Address, ContactFields, MatterFields, RecordId } from './types';

/** Unicode NFC, trimmed, inner runs of whitespace collapsed (a double space is formatting too). */
export function normalizeText(value: string): string {
  return value.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** Emails compare case-insensitively: MyCase treats them that way for uniqueness (R2). */
export function normalizeEmail(value: string): string {
  return normalizeText(value).toLowerCase();
}

/** Phone numbers compare by their digits only: "(555) 010-2000" equals "555.010.2000". */
export function normalizePhone(value: string): string {
  return value.replace(/\D/gu, '');
}

/**
 * The unit number is compared without a descriptor ("Apt 4B" and "4B" are the same unit, R4).
 * `unitType` is kept as reported: it exists only in Docketwise and is never compared.
 */
export function normalizeAddress(address: Address): Address {
  return {
    street: normalizeText(address.street),
    unitNumber: normalizeText(parseAddress2(address.unitNumber).unitNumber),
    unitType: address.unitType,
    city: normalizeText(address.city),
    state: normalizeText(address.state),
    zip: normalizeText(address.zip),
    country: normalizeText(address.country),
  };
}

export function normalizeContactFields(fields: ContactFields): ContactFields {
  return {
    firstName: normalizeText(fields.firstName),
    lastName: normalizeText(fields.lastName),
    email: normalizeEmail(fields.email),
    address: normalizeAddress(fields.address),
    mobilePhone: normalizePhone(fields.mobilePhone),
    workPhone: normalizePhone(fields.workPhone),
  };
}

/** Client ids keep their order (the first linked person is the DW client, R15); repeats are dropped. */
export function normalizeMatterFields(fields: MatterFields): MatterFields {
  const seen = new Set<RecordId>();
  const clientIds: RecordId[] = [];
  for (const id of fields.clientIds) {
    if (!seen.has(id)) {
      seen.add(id);
      clientIds.push(id);
    }
  }
  return {
    name: normalizeText(fields.name),
    description: normalizeText(fields.description),
    clientIds,
  };
}
