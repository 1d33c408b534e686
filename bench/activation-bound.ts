/**
 * The fewest Docketwise writes an initial sync of the seeded sandbox firm can make, computed from
 * the raw records of both products, independently of `src/core` (so the benchmark does not grade
 * the engine with the engine's own rules). From SPEC:
 * - R8/R11: people match on first name, last name and email (trimmed, NFC, case-insensitive); a key
 *   held by two people on one side matches nothing;
 * - R10: a MyCase person with no match is created in Docketwise (one POST);
 * - R9/R5: a matched pair needs one PUT when a non-empty MyCase value differs from Docketwise's
 *   after normalisation (text trimmed and NFC, phones by digits); an empty MyCase value erases nothing.
 */

interface RawMyCaseClient {
  first_name?: string | null;
  last_name?: string | null;
  email?: string | null;
  archived?: boolean | null;
  address?: { address1?: string | null; address2?: string | null; city?: string | null; state?: string | null; zip_code?: string | null; country?: string | null } | null;
  cell_phone_number?: string | null;
  work_phone_number?: string | null;
}

interface RawDocketwiseContact {
  first_name?: string | null;
  last_name?: string | null;
  email?: string | null;
  type?: string;
  lead?: boolean | null;
  archived?: boolean | null;
  physical_address?: { street_number_and_name?: string | null; apartment_number?: string | null; city?: string | null; state?: string | null; zip_code?: string | null; country?: string | null } | null;
  phone_numbers?: { number?: string | null; kind?: string | null }[] | null;
}

const text = (value: string | null | undefined): string => (value ?? '').trim().normalize('NFC');
const digits = (value: string | null | undefined): string => (value ?? '').replace(/\D/g, '');
const keyOf = (p: { first_name?: string | null; last_name?: string | null; email?: string | null }): string =>
  [p.first_name, p.last_name, p.email].map((v) => text(v).toLowerCase()).join('\u0000');

/** R4 without descriptors: the benchmark seeds Address 2 as the bare number. */
function myCaseValues(c: RawMyCaseClient): string[] {
  const a = c.address ?? {};
  return [text(a.address1), text(a.address2), text(a.city), text(a.state), text(a.zip_code), text(a.country), digits(c.cell_phone_number), digits(c.work_phone_number)];
}

function docketwiseValues(c: RawDocketwiseContact): string[] {
  const a = c.physical_address ?? {};
  const phone = (kind: string) => digits(c.phone_numbers?.find((p) => p.kind === kind)?.number);
  return [text(a.street_number_and_name), text(a.apartment_number), text(a.city), text(a.state), text(a.zip_code), text(a.country), phone('mobile'), phone('work')];
}

export interface ActivationBound {
  creates: number;
  updates: number;
  ambiguousKeys: number;
}

export function activationBound(myCase: readonly RawMyCaseClient[], docketwise: readonly RawDocketwiseContact[]): ActivationBound {
  const group = <T>(items: readonly T[], key: (item: T) => string) => {
    const map = new Map<string, T[]>();
    for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
    return map;
  };
  const mc = group(myCase.filter((c) => c.archived !== true), keyOf);
  const dw = group(
    docketwise.filter((c) => c.type !== 'Institution' && c.archived !== true),
    keyOf,
  );
  let creates = 0;
  let updates = 0;
  let ambiguousKeys = 0;
  for (const [key, mcPeople] of mc) {
    const dwPeople = dw.get(key) ?? [];
    if (mcPeople.length > 1 || dwPeople.length > 1) {
      ambiguousKeys += 1;
      continue;
    }
    const [mcPerson] = mcPeople;
    const [dwPerson] = dwPeople;
    if (mcPerson === undefined) continue;
    if (dwPerson === undefined) {
      creates += 1;
      continue;
    }
    const want = myCaseValues(mcPerson);
    const have = docketwiseValues(dwPerson);
    if (want.some((value, i) => value !== '' && value !== have[i])) updates += 1;
  }
  return { creates, updates, ambiguousKeys };
}
