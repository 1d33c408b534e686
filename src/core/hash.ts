/**
 * A stable content hash of the normalised synced fields (R19: a record whose hash equals the
 * last-synced hash is not a change). Synchronous and pure: FNV-1a (64-bit, as two 32-bit
 * lanes) over a canonical JSON with sorted keys. It detects change; it is not a security hash.
 */
import { normalizeContactFields, normalizeMatterFields } from './normalize';
import type { ContactFields, MatterFields } from './types';

/** JSON with object keys sorted, so that property order never changes the hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** FNV-1a over UTF-16 code units, two independent 32-bit lanes for a 64-bit result. */
export function fnv1a64(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x01000193 ^ 0x5bd1e995) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

/** Contact fields as compared: normalised (R5), without the DW-only unit type (R4). */
export function comparableContactFields(fields: ContactFields): ContactFields {
  const normal = normalizeContactFields(fields);
  return { ...normal, address: { ...normal.address, unitType: null } };
}

export function hashContactFields(fields: ContactFields): string {
  return fnv1a64(canonicalJson(comparableContactFields(fields)));
}

/** Matter hashes are per side: client ids are that side's own ids. */
export function hashMatterFields(fields: MatterFields): string {
  return fnv1a64(canonicalJson(normalizeMatterFields(fields)));
}
