/**
 * R8 initial matching and R11 ambiguity. A DW person and an MC person match when first name,
 * last name and email are equal after R5, names compared case-insensitively.
 */
import { normalizeEmail, normalizeText } from './normalize';
import type { ContactFields, RecordId } from './types';

/**
 * The match key. Blank emails are part of the key like any value: two contacts with the same
 * name and no email on either side match (the article asks for equal values, and a blank on both
 * sides is equal); R11 still stops it when several contacts share that key.
 */
export function contactMatchKey(fields: Pick<ContactFields, 'firstName' | 'lastName' | 'email'>): string {
  return JSON.stringify([
    normalizeText(fields.firstName).toLowerCase(),
    normalizeText(fields.lastName).toLowerCase(),
    normalizeEmail(fields.email),
  ]);
}

export interface MatchCandidate {
  id: RecordId;
  key: string;
}

export interface AmbiguousKey {
  key: string;
  mcIds: RecordId[];
  dwIds: RecordId[];
}

export interface MatchResult {
  pairs: { mcId: RecordId; dwId: RecordId }[];
  ambiguous: AmbiguousKey[];
  /** MC persons with no DW counterpart: created in DW (R10). */
  unmatchedMc: RecordId[];
  /** DW persons with no MC counterpart: not synced (R10). */
  unmatchedDw: RecordId[];
}

function groupByKey(candidates: readonly MatchCandidate[]): Map<string, RecordId[]> {
  const groups = new Map<string, RecordId[]>();
  for (const c of candidates) {
    const ids = groups.get(c.key);
    if (ids) ids.push(c.id);
    else groups.set(c.key, [c.id]);
  }
  return groups;
}

/** Pure R8/R11 matching over persons only (companies are filtered out before, R3). */
export function matchContacts(mc: readonly MatchCandidate[], dw: readonly MatchCandidate[]): MatchResult {
  const mcGroups = groupByKey(mc);
  const dwGroups = groupByKey(dw);
  const result: MatchResult = { pairs: [], ambiguous: [], unmatchedMc: [], unmatchedDw: [] };
  for (const [key, mcIds] of mcGroups) {
    const dwIds = dwGroups.get(key) ?? [];
    if (mcIds.length > 1 || dwIds.length > 1) {
      // R11: a key shared by two contacts on either side links nothing; the user decides.
      result.ambiguous.push({ key, mcIds, dwIds });
    } else if (dwIds.length === 1 && mcIds[0] !== undefined && dwIds[0] !== undefined) {
      result.pairs.push({ mcId: mcIds[0], dwId: dwIds[0] });
    } else {
      result.unmatchedMc.push(...mcIds);
    }
  }
  for (const [key, dwIds] of dwGroups) {
    if (!mcGroups.has(key)) result.unmatchedDw.push(...dwIds);
  }
  return result;
}
