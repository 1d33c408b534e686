import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  normalizeContactFields,
  normalizeEmail,
  normalizeMatterFields,
  normalizePhone,
  normalizeText,
} from '../../src/core/normalize';
import { emptyAddress, type ContactFields } from '../../src/core/types';

const contact = (over: Partial<ContactFields> = {}): ContactFields => ({
  firstName: 'Ana',
  lastName: 'Lopez',
  email: 'ana@example.com',
  address: { ...emptyAddress(), street: '1 Main St', unitNumber: '4B', city: 'Austin', state: 'TX', zip: '78701' },
  mobilePhone: '512-555-0100',
  workPhone: '',
  ...over,
});

describe('normalize (R5)', () => {
  it('R5 trims, collapses inner whitespace and applies Unicode NFC', () => {
    expect(normalizeText('  Jose\u0301   Maria ')).toBe('Jos\u00e9 Maria');
    expect(normalizeText('\tAna\n')).toBe('Ana');
  });

  it('R5 lower-cases emails after trimming', () => {
    expect(normalizeEmail('  Ana.Lopez@Example.COM ')).toBe('ana.lopez@example.com');
  });

  it('R5 compares phone numbers by their digits', () => {
    expect(normalizePhone('(512) 555-0100')).toBe('5125550100');
    expect(normalizePhone('512.555.0100')).toBe(normalizePhone('512 555 0100'));
    expect(normalizePhone('')).toBe('');
  });

  it('R5 formatting-only differences normalise to equal contact fields', () => {
    const a = contact();
    const b = contact({
      firstName: ' Ana ',
      email: 'ANA@example.com',
      mobilePhone: '(512) 555 0100',
      address: { ...a.address, street: '1  Main St ', unitNumber: 'Apt 4B' },
    });
    expect(normalizeContactFields(b)).toEqual(normalizeContactFields(a));
  });

  it('R5 a real change still differs after normalisation', () => {
    expect(normalizeContactFields(contact({ lastName: 'Lopes' }))).not.toEqual(normalizeContactFields(contact()));
    expect(normalizeContactFields(contact({ mobilePhone: '512-555-0101' }))).not.toEqual(
      normalizeContactFields(contact()),
    );
  });

  it('R5 matter fields: text normalised, client ids deduplicated in order', () => {
    expect(normalizeMatterFields({ name: ' I-130  Ana ', description: 'x ', clientIds: [3, 1, 3] })).toEqual({
      name: 'I-130 Ana',
      description: 'x',
      clientIds: [3, 1],
    });
  });

  it('R5 normalisation is idempotent (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (text, email, phone) => {
        expect(normalizeText(normalizeText(text))).toBe(normalizeText(text));
        expect(normalizeEmail(normalizeEmail(email))).toBe(normalizeEmail(email));
        expect(normalizePhone(normalizePhone(phone))).toBe(normalizePhone(phone));
      }),
      { numRuns: 300 },
    );
  });
});
