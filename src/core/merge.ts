/**
 * Field mapping for a linked pair: the three-way merge of (last-synced state per side, MC now,
 * DW now) into the patches each side needs. Pure. The rules it applies:
 * - R1: a patch carries only the fields that differ.
 * - R9: an MC blank never erases a DW value; the kept field is reported for the log.
 * - R20: a field changed on one side only flows to the other; a field changed on both takes
 *   MC's value and the replaced DW value is reported as a conflict.
 * - R23: in one-way mode nothing is planned for MC; DW-only changes are reported as ignored.
 * - R4 / R6: address and case-name mapping between the two shapes.
 */
import { formatAddress2, parseAddress2 } from './address';
import { stripMatterIdSuffix } from './case-name';
import { canonicalJson, comparableContactFields } from './hash';
import { normalizeMatterFields } from './normalize';
import type { ContactPatch, MatterPatch } from './sync-side';
import {
  CONTACT_FIELD_NAMES,
  type Address,
  type ContactFieldName,
  type ContactFields,
  type MatterFields,
  type RecordId,
  type SyncMode,
} from './types';

/** Which way each differing field goes. Field lists are in the order the field names are declared. */
export interface FieldDecisions<F extends string> {
  mcToDw: F[];
  dwToMc: F[];
  /** R20: changed on both sides; MC's value wins, DW's value is replaced (and recorded). */
  conflicts: F[];
  /** R9: MC is blank, DW's value is kept. */
  keptDw: F[];
  /** R23: changed on DW only, but one-way mode writes nothing to MC. */
  ignoredDw: F[];
}

interface Views<F extends string> {
  mc: Record<F, unknown>;
  dw: Record<F, unknown>;
  /** Last-synced state of each side; null for a pair met for the first time (initial match, R9). */
  base: { mc: Record<F, unknown>; dw: Record<F, unknown> } | null;
  /**
   * What the sync last sent to a side without learning whether it arrived (a lost answer, a
   * stop mid-write): only the fields it wrote. A value equal to it is the sync's own write, not
   * a user change (R19).
   */
  sent?: { mc?: Sent<F>; dw?: Sent<F> };
}

interface Sent<F extends string> {
  values: Record<F, unknown>;
  fields: ReadonlySet<F>;
}

/** The patches the sync sent to each side of a pair and never saw confirmed (see `Views.sent`). */
export interface PendingWrites<T> {
  mc?: Partial<T>;
  dw?: Partial<T>;
}

const same = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

/** The decision table for one pair, field by field. Values must already be comparable (R5). */
export function decideFields<F extends string>(
  fields: readonly F[],
  views: Views<F>,
  isBlank: (field: F, value: unknown) => boolean,
  mode: SyncMode,
): FieldDecisions<F> {
  const out: FieldDecisions<F> = { mcToDw: [], dwToMc: [], conflicts: [], keptDw: [], ignoredDw: [] };
  for (const f of fields) {
    const mc = views.mc[f];
    const dw = views.dw[f];
    // Equal after normalisation: formatting alone never causes a write (R5).
    if (same(mc, dw)) continue;
    // Without a base (first match at activation) MC counts as changed, so MC wins (R9). A value
    // the sync itself sent (answer lost) is not a change either, whether or not it arrived (R19).
    const ours = (sent: Sent<F> | undefined, value: unknown): boolean => sent !== undefined && sent.fields.has(f) && same(value, sent.values[f]);
    const mcChanged = views.base === null || (!same(mc, views.base.mc[f]) && !ours(views.sent?.mc, mc));
    const dwChanged = views.base !== null && !same(dw, views.base.dw[f]) && !ours(views.sent?.dw, dw);
    // A divergence that neither side changed since the last sync was settled then (R9 kept
    // value, R2 email not written, R23 ignored change): it is not re-decided every run.
    if (!mcChanged && !dwChanged) continue;
    if (isBlank(f, mc) && !isBlank(f, dw)) {
      // R9: an MC blank never erases a DW value; a DW edit still reaches MC in two-way mode.
      out.keptDw.push(f);
      if (dwChanged && mode === 'two-way') out.dwToMc.push(f);
      continue;
    }
    if (mcChanged && !dwChanged) {
      // Changed in MC only (or first match): MC → DW.
      out.mcToDw.push(f);
    } else if (dwChanged && !mcChanged) {
      // Changed in DW only: DW → MC in two-way mode; one-way mode leaves MC alone (R23).
      if (mode === 'two-way') out.dwToMc.push(f);
      else out.ignoredDw.push(f);
    } else {
      // Changed on both sides to different values: MC wins, DW's value is recorded (R20).
      out.mcToDw.push(f);
      out.conflicts.push(f);
    }
  }
  return out;
}

// ---------------------------------------------------------------- contacts

const isBlankContactValue = (field: ContactFieldName, value: unknown): boolean => {
  if (field === 'address') {
    const a = value as Address;
    return [a.street, a.unitNumber, a.city, a.state, a.zip, a.country].every((part) => part === '');
  }
  return value === '';
};

/** R4 pull: Address 2 goes into DW's number; a recognised descriptor sets DW's type. */
export function addressForDocketwise(mc: Address, dwBefore: Address | null): Address {
  const parsed = parseAddress2(mc.unitNumber);
  const keepType = parsed.unitNumber !== '' ? (dwBefore?.unitType ?? null) : null;
  return { ...mc, unitNumber: parsed.unitNumber, unitType: parsed.unitType ?? mc.unitType ?? keepType };
}

/** R4 push: MC's Address 2 gets the number alone; MC has no unit type. */
export function addressForMyCase(dw: Address): Address {
  return { ...dw, unitNumber: formatAddress2(dw.unitNumber), unitType: null };
}

/** Maps every synced field from MC's shape to DW's (used for creates in DW, R10/R14). */
export function contactForDocketwise(mc: ContactFields, dwBefore: ContactFields | null = null): ContactFields {
  return { ...mc, address: addressForDocketwise(mc.address, dwBefore?.address ?? null) };
}

/** Maps every synced field from DW's shape to MC's (used for creates in MC, R16). */
export function contactForMyCase(dw: ContactFields): ContactFields {
  return { ...dw, address: addressForMyCase(dw.address) };
}

export interface ContactMerge {
  toDw: ContactPatch;
  toMc: ContactPatch;
  decisions: FieldDecisions<ContactFieldName>;
}

const contactField = (key: string): ContactFieldName => key as ContactFieldName;

export function mergeContact(input: {
  mode: SyncMode;
  mc: ContactFields;
  dw: ContactFields;
  base: { mc: ContactFields; dw: ContactFields } | null;
  sent?: PendingWrites<ContactFields>;
}): ContactMerge {
  const views: Views<ContactFieldName> = {
    mc: comparableContactFields(input.mc),
    dw: comparableContactFields(input.dw),
    base: input.base && { mc: comparableContactFields(input.base.mc), dw: comparableContactFields(input.base.dw) },
    sent: {
      ...(input.sent?.mc ? { mc: sentView(input.sent.mc, (p) => ({ ...comparableContactFields({ ...input.mc, ...p }) }), contactField) } : {}),
      ...(input.sent?.dw ? { dw: sentView(input.sent.dw, (p) => ({ ...comparableContactFields({ ...input.dw, ...p }) }), contactField) } : {}),
    },
  };
  const decisions = decideFields(CONTACT_FIELD_NAMES, views, isBlankContactValue, input.mode);
  const mapped = contactForDocketwise(input.mc, input.dw);
  if (decisions.mcToDw.includes('address')) keepDocketwiseAddressParts(decisions, mapped, input.dw);
  const forMc = contactForMyCase(input.dw);
  const toDw: ContactPatch = {};
  const toMc: ContactPatch = {};
  for (const f of decisions.mcToDw) Object.assign(toDw, { [f]: mapped[f] });
  for (const f of decisions.dwToMc) Object.assign(toMc, { [f]: forMc[f] });
  return { toDw, toMc, decisions };
}

const ADDRESS_PARTS = ['street', 'unitNumber', 'city', 'state', 'zip', 'country'] as const;

/**
 * R9 inside the address: MyCase keeps Address 1, Address 2, city, state, zip and country as
 * separate fields, so a part MyCase leaves blank keeps Docketwise's value when the rest of the
 * address goes over (the Apt/Ste/Flr type stays with its number). When nothing else differs the
 * address is not written at all. Either way the kept value is noted (`keptDw`).
 */
function keepDocketwiseAddressParts(decisions: FieldDecisions<ContactFieldName>, mapped: ContactFields, dw: ContactFields): void {
  const address: Address = { ...mapped.address };
  let kept = false;
  for (const part of ADDRESS_PARTS) {
    if (address[part].trim() === '' && dw.address[part].trim() !== '') {
      address[part] = dw.address[part];
      if (part === 'unitNumber') address.unitType = dw.address.unitType;
      kept = true;
    }
  }
  if (!kept) return;
  if (!decisions.keptDw.includes('address')) {
    decisions.keptDw.push('address');
    decisions.keptDw.sort((a, b) => CONTACT_FIELD_NAMES.indexOf(a) - CONTACT_FIELD_NAMES.indexOf(b));
  }
  if (same(comparableContactFields({ ...dw, address }).address, comparableContactFields(dw).address)) {
    // MyCase differed only by blanks: Docketwise already holds the address to keep.
    decisions.mcToDw = decisions.mcToDw.filter((f) => f !== 'address');
    decisions.conflicts = decisions.conflicts.filter((f) => f !== 'address');
    return;
  }
  mapped.address = address;
}

/** The view of a pending patch: the record with the patch applied, and which view fields it wrote. */
function sentView<T extends object, F extends string>(
  patch: Partial<T>,
  view: (patch: Partial<T>) => Record<F, unknown>,
  field: (key: string) => F,
): Sent<F> {
  return { values: view(patch), fields: new Set(Object.keys(patch).map(field)) };
}

/** R1: the fields of `target` that differ from `source` after normalisation, with source's values. */
export function contactPatch(target: ContactFields, source: ContactFields): ContactPatch {
  const t = comparableContactFields(target);
  const s = comparableContactFields(source);
  const patch: ContactPatch = {};
  for (const f of CONTACT_FIELD_NAMES) {
    if (!same(t[f], s[f])) Object.assign(patch, { [f]: source[f] });
  }
  return patch;
}

// ---------------------------------------------------------------- matters

export const MATTER_VIEW_FIELDS = ['name', 'description', 'client'] as const;
export type MatterViewField = (typeof MATTER_VIEW_FIELDS)[number];

/** A matter as compared across sides: the client is a DW contact id (R15: one client in DW). */
export interface MatterView {
  name: string;
  description: string;
  client: RecordId | null;
}

/** MC's case seen from DW: suffix stripped (R6), first client that is a linked person (R15). */
export function mcMatterView(
  fields: MatterFields,
  dwMatterId: RecordId | null,
  dwContactOf: (mcContactId: RecordId) => RecordId | undefined,
): MatterView {
  const normal = normalizeMatterFields(fields);
  let client: RecordId | null = null;
  for (const id of normal.clientIds) {
    const dwId = dwContactOf(id);
    if (dwId !== undefined) {
      client = dwId;
      break;
    }
  }
  const name = dwMatterId === null ? normal.name : stripMatterIdSuffix(normal.name, dwMatterId);
  return { name, description: normal.description, client };
}

export function dwMatterView(fields: MatterFields): MatterView {
  const normal = normalizeMatterFields(fields);
  return { name: normal.name, description: normal.description, client: normal.clientIds[0] ?? null };
}

const isBlankMatterValue = (_field: MatterViewField, value: unknown): boolean => value === '' || value === null;

export interface MatterMerge {
  toDw: MatterPatch;
  /** `clientIds` here are MC contact ids to add (MC cannot remove one, R17). */
  toMc: MatterPatch;
  decisions: FieldDecisions<MatterViewField>;
}

const matterViewField = (key: string): MatterViewField => (key === 'clientIds' ? 'client' : (key as MatterViewField));

export function mergeMatter(input: {
  mode: SyncMode;
  dwMatterId: RecordId;
  mc: MatterFields;
  dw: MatterFields;
  base: { mc: MatterFields; dw: MatterFields } | null;
  sent?: PendingWrites<MatterFields>;
  dwContactOf: (mcContactId: RecordId) => RecordId | undefined;
  mcContactOf: (dwContactId: RecordId) => RecordId | undefined;
}): MatterMerge {
  const mcView = (f: MatterFields): MatterView => mcMatterView(f, input.dwMatterId, input.dwContactOf);
  const views: Views<MatterViewField> = {
    mc: { ...mcView(input.mc) },
    dw: { ...dwMatterView(input.dw) },
    base: input.base && { mc: { ...mcView(input.base.mc) }, dw: { ...dwMatterView(input.base.dw) } },
    sent: {
      ...(input.sent?.mc ? { mc: sentView(input.sent.mc, (p) => ({ ...mcView({ ...input.mc, ...p }) }), matterViewField) } : {}),
      ...(input.sent?.dw ? { dw: sentView(input.sent.dw, (p) => ({ ...dwMatterView({ ...input.dw, ...p }) }), matterViewField) } : {}),
    },
  };
  const decisions = decideFields(MATTER_VIEW_FIELDS, views, isBlankMatterValue, input.mode);
  const mc = mcView(input.mc);
  const dw = dwMatterView(input.dw);
  const toDw: MatterPatch = {};
  const toMc: MatterPatch = {};
  for (const f of decisions.mcToDw) {
    if (f === 'name') toDw.name = mc.name;
    else if (f === 'description') toDw.description = input.mc.description;
    else if (mc.client !== null) toDw.clientIds = [mc.client];
  }
  for (const f of decisions.dwToMc) {
    if (f === 'name') toMc.name = input.dw.name;
    else if (f === 'description') toMc.description = input.dw.description;
    else if (dw.client !== null) {
      const mcClient = input.mcContactOf(dw.client);
      // A DW client that is not linked cannot be named in MC; the engine links it first (R17).
      // One the case already has needs no write (R1): MC only adds clients.
      if (mcClient !== undefined && !input.mc.clientIds.includes(mcClient)) toMc.clientIds = [mcClient];
    }
  }
  return { toDw, toMc, decisions };
}
