/**
 * R4: MyCase's Address 2 syncs with Docketwise's Apt/Ste/Flr number. Push writes the number
 * alone; pull recognises a leading descriptor and maps it to Docketwise's type where one exists.
 */
import type { UnitType } from './types';

export interface ParsedAddress2 {
  /** The Docketwise type the descriptor names; null for none, `Unit` and `#` (DW has no such type). */
  unitType: UnitType | null;
  /** The rest of Address 2 after the descriptor, trimmed. */
  unitNumber: string;
}

/** Longest spellings first so that "Floor" is not read as "Fl" + "oor". */
const DESCRIPTORS: readonly { pattern: string; type: UnitType | null }[] = [
  { pattern: 'apartment', type: 'apt' },
  { pattern: 'apt', type: 'apt' },
  { pattern: 'suite', type: 'ste' },
  { pattern: 'ste', type: 'ste' },
  { pattern: 'floor', type: 'flr' },
  { pattern: 'flr', type: 'flr' },
  { pattern: 'fl', type: 'flr' },
  { pattern: 'unit', type: null },
];

/**
 * A descriptor counts only when a separator (dot, space, '#') or a digit follows it, so that a
 * number such as "Flat" or "Stealth 2" is never cut apart.
 */
const DESCRIPTOR_RE = new RegExp(
  `^(${DESCRIPTORS.map((d) => d.pattern).join('|')})(?:\\.|\\s|#|(?=\\d))[\\s.#]*(\\S.*)$`,
  'iu',
);
const HASH_RE = /^#\s*(\S.*)$/u;

export function parseAddress2(address2: string): ParsedAddress2 {
  const text = address2.normalize('NFC').trim();
  const hash = HASH_RE.exec(text);
  if (hash?.[1] !== undefined) return { unitType: null, unitNumber: hash[1].trim() };
  const match = DESCRIPTOR_RE.exec(text);
  const word = match?.[1];
  const rest = match?.[2];
  if (word !== undefined && rest !== undefined) {
    const descriptor = DESCRIPTORS.find((d) => d.pattern === word.toLowerCase());
    return { unitType: descriptor?.type ?? null, unitNumber: rest.trim() };
  }
  return { unitType: null, unitNumber: text };
}

/**
 * What push writes into MyCase's Address 2: the number alone. A descriptor a user typed into
 * Docketwise's number field is dropped too, as the help article recommends.
 */
export function formatAddress2(unitNumber: string): string {
  return parseAddress2(unitNumber).unitNumber;
}
