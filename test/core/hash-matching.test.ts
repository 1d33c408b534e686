import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, hashContactFields, hashMatterFields } from '../../src/core/hash';
import { contactMatchKey, matchContacts } from '../../src/core/matching';
import { emptyAddress, type ContactFields } from '../../src/core/types';

const c = (over: Partial<ContactFields> = {}): ContactFields => ({
  firstName: 'Ana',
  lastName: 'Lopez',
  email: 'ana@example.com',
  address: { ...emptyAddress(), street: '1 Main St', unitNumber: '4B', unitType: 'apt' },
  mobilePhone: '5125550100',
  workPhone: '',
  ...over,
});

describe('content hash (R19, R5)', () => {
  it('R19 canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe(canonicalJson({ a: [1, { c: 3, d: 2 }], b: 1 }));
  });

  it('R5 formatting does not change the hash; the DW-only unit type is not hashed (R4)', () => {
    const base = hashContactFields(c());
    expect(hashContactFields(c({ email: ' ANA@example.com', mobilePhone: '(512) 555-0100' }))).toBe(base);
    expect(hashContactFields(c({ address: { ...c().address, unitType: null, unitNumber: 'Apt 4B' } }))).toBe(base);
  });

  it('R19 any real change of a synced field changes the hash', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }).filter((s) => s.trim() !== '' && s.trim() !== 'Ana'), (first) => {
        expect(hashContactFields(c({ firstName: first }))).not.toBe(hashContactFields(c()));
      }),
      { numRuns: 200 },
    );
    expect(hashMatterFields({ name: 'A', description: '', clientIds: [1] })).not.toBe(
      hashMatterFields({ name: 'A', description: '', clientIds: [2] }),
    );
  });
});

describe('matching (R8, R11)', () => {
  it('R8 names compare case-insensitively, emails after R5', () => {
    expect(contactMatchKey(c({ firstName: 'ANA', email: 'Ana@Example.com ' }))).toBe(contactMatchKey(c()));
    expect(contactMatchKey(c({ lastName: 'Lopes' }))).not.toBe(contactMatchKey(c()));
  });

  it('R8 one MC and one DW with the same key are paired; R10 the rest is unmatched', () => {
    const k = (n: string): string => contactMatchKey(c({ firstName: n }));
    const result = matchContacts(
      [
        { id: 1, key: k('A') },
        { id: 2, key: k('B') },
      ],
      [
        { id: 10, key: k('A') },
        { id: 11, key: k('C') },
      ],
    );
    expect(result.pairs).toEqual([{ mcId: 1, dwId: 10 }]);
    expect(result.unmatchedMc).toEqual([2]);
    expect(result.unmatchedDw).toEqual([11]);
    expect(result.ambiguous).toEqual([]);
  });

  it('R11 a key shared on either side links nothing and is reported', () => {
    const key = contactMatchKey(c());
    const twoDw = matchContacts([{ id: 1, key }], [{ id: 10, key }, { id: 11, key }]);
    expect(twoDw.pairs).toEqual([]);
    expect(twoDw.ambiguous).toEqual([{ key, mcIds: [1], dwIds: [10, 11] }]);
    const twoMc = matchContacts([{ id: 1, key }, { id: 2, key }], [{ id: 10, key }]);
    expect(twoMc.pairs).toEqual([]);
    expect(twoMc.ambiguous[0]?.mcIds).toEqual([1, 2]);
  });
});
