/**
 * R6: MyCase case names are unique. A pushed matter whose name is taken gets the Docketwise
 * matter id appended; on pull the suffix is removed so it never leaks back into Docketwise.
 */
import type { RecordId } from './types';

const suffixOf = (dwMatterId: RecordId): string => ` (${dwMatterId})`;

export function withMatterIdSuffix(name: string, dwMatterId: RecordId): string {
  const trimmed = name.trim();
  // Idempotent: a retried push must not append the id twice.
  if (trimmed.endsWith(suffixOf(dwMatterId))) return trimmed;
  return `${trimmed}${suffixOf(dwMatterId)}`;
}

/** Removes only this matter's own suffix: "(123)" in a name that belongs to matter 456 is kept. */
export function stripMatterIdSuffix(name: string, dwMatterId: RecordId): string {
  const trimmed = name.trim();
  const suffix = suffixOf(dwMatterId);
  if (trimmed.endsWith(suffix) && trimmed.length > suffix.length) {
    return trimmed.slice(0, -suffix.length).trimEnd();
  }
  return trimmed;
}
