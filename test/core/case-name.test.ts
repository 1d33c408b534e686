import { describe, expect, it } from 'vitest';
import { stripMatterIdSuffix, withMatterIdSuffix } from '../../src/core/case-name';

describe('case-name suffix (R6)', () => {
  it('R6 appends the Docketwise matter id', () => {
    expect(withMatterIdSuffix('Lopez I-130', 4321)).toBe('Lopez I-130 (4321)');
  });

  it('R6 appending twice does not double the suffix', () => {
    expect(withMatterIdSuffix(withMatterIdSuffix('Lopez I-130', 4321), 4321)).toBe('Lopez I-130 (4321)');
  });

  it('R6 pull strips the suffix of this matter only', () => {
    expect(stripMatterIdSuffix('Lopez I-130 (4321)', 4321)).toBe('Lopez I-130');
    expect(stripMatterIdSuffix('Lopez I-130 (999)', 4321)).toBe('Lopez I-130 (999)');
    expect(stripMatterIdSuffix('Lopez I-130', 4321)).toBe('Lopez I-130');
  });

  it('R6 round trip: strip(with(name)) gives the name back', () => {
    for (const name of ['A', 'Smith (2019)', ' padded ']) {
      expect(stripMatterIdSuffix(withMatterIdSuffix(name, 7), 7)).toBe(name.trim());
    }
  });
});
