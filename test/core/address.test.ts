import { describe, expect, it } from 'vitest';
import { formatAddress2, parseAddress2 } from '../../src/core/address';

describe('Address 2 ↔ Apt/Ste/Flr (R4)', () => {
  it.each([
    ['Apt 4B', 'apt', '4B'],
    ['apt. 4B', 'apt', '4B'],
    ['Apartment 12', 'apt', '12'],
    ['Suite 200', 'ste', '200'],
    ['Ste. 12', 'ste', '12'],
    ['STE 12', 'ste', '12'],
    ['Fl 3', 'flr', '3'],
    ['Flr 3', 'flr', '3'],
    ['Floor 3', 'flr', '3'],
    ['Unit 7', null, '7'],
    ['#9', null, '9'],
    ['# 9', null, '9'],
    ['Apt #4', 'apt', '4'],
    ['Apt4', 'apt', '4'],
  ] as const)('R4 recognises the descriptor in %j', (input, type, number) => {
    expect(parseAddress2(input)).toEqual({ unitType: type, unitNumber: number });
  });

  it.each(['4B', '200', 'Flat 2', 'Stealth 2', 'Fla', 'Apt', ''])('R4 leaves %j without a descriptor as the number', (input) => {
    expect(parseAddress2(input)).toEqual({ unitType: null, unitNumber: input.trim() });
  });

  it('R4 push writes the number alone, never the descriptor', () => {
    expect(formatAddress2('4B')).toBe('4B');
    expect(formatAddress2(' Suite 200 ')).toBe('200');
    expect(formatAddress2('')).toBe('');
  });
});
