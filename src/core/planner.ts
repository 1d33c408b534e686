/**
 * The planner: a pure decision table from (stored links with each side's last-synced state,
 * what a side reports, mode, activation time) to actions. No I/O: the engine lists, asks the
 * planner, executes. Reading the other side of a pair just before writing (so that a change made
 * after planning is never clobbered) is the engine's job; the field-level decisions for a pair
 * are `mergeContact` / `mergeMatter` in merge.ts.
 */
import type { BadPayloadError } from './errors';
import { hashContactFields, hashMatterFields } from './hash';
import { contactMatchKey } from './matching';
import type { ContactFields, Entity, MatterFields, RecordId, Side, SideContact, SideMatter, SyncMode } from './types';

/** R29: deletions and archival are never propagated; the link only records what happened. */
export type LinkState = 'ok' | 'deleted-on-mc' | 'deleted-on-dw' | 'archived-on-mc' | 'archived-on-dw';

export interface LinkSide<F> {
  id: RecordId;
  /** Hash of the side's synced fields as last written or read by the sync (R19). */
  hash: string;
  /** The side's synced fields at that moment: the base of the three-way merge (R20). */
  fields: F;
}

export interface Link<F = ContactFields | MatterFields> {
  entity: Entity;
  state: LinkState;
  dw: LinkSide<F>;
  mc: LinkSide<F>;
  linkedAt: string;
}

export type ContactLink = Link<ContactFields> & { entity: 'contact' };
export type MatterLink = Link<MatterFields> & { entity: 'matter' };

export type SkipReason =
  | 'company' // R3
  | 'lead' // R16
  | 'one-way' // R23
  | 'pre-activation' // R10 (DW contacts), R12 (matters)
  | 'archived' // never created from an archived record
  | 'link-marked'; // R29: waits for the user to unlink or re-create

export type PlanAction =
  /** R22: the side sent a record that failed its schema; logged and skipped. */
  | { kind: 'reject'; entity: Entity; side: Side; id: RecordId | null; error: BadPayloadError }
  | { kind: 'skip'; entity: Entity; side: Side; id: RecordId; reason: SkipReason }
  /** R19: the record's hash equals the last-synced hash: an echo or an overlap re-read. */
  | { kind: 'unchanged'; entity: Entity; side: Side; id: RecordId }
  | { kind: 'mark-link'; entity: Entity; dwId: RecordId; mcId: RecordId; state: Exclude<LinkState, 'ok'> }
  /** A linked record changed: read the other side, merge, write (R14–R17, R20). */
  | { kind: 'sync-pair'; entity: Entity; source: Side; dwId: RecordId; mcId: RecordId }
  /** R8 / R14: an unlinked MC person matches exactly one unlinked DW person. */
  | { kind: 'link'; entity: 'contact'; mcId: RecordId; dwId: RecordId }
  /** R10 / R14 / R15 / R16 / R17: create the record on `target` and link it. */
  | { kind: 'create'; entity: Entity; target: Side; sourceId: RecordId }
  /** R11: the match key is not unique; nothing is linked. */
  | { kind: 'ambiguous'; entity: 'contact'; key: string; mcIds: RecordId[]; dwIds: RecordId[] };

export interface Candidate {
  id: RecordId;
  linked: boolean;
}

export interface ContactPlanInput {
  mode: SyncMode;
  source: Side;
  records: readonly SideContact[];
  rejected?: readonly BadPayloadError[];
  /** Ids the source no longer has (a re-read returned nothing): deleted there. */
  missing?: readonly RecordId[];
  linkOf: (sourceId: RecordId) => Link | undefined;
  /** DW persons with this match key (from the local index); used when the source is MC. */
  dwCandidates: (key: string) => readonly Candidate[];
  /** Keys already known to be ambiguous (R11), e.g. shared by two MC persons. */
  ambiguousKeys: ReadonlySet<string>;
  /** DW contacts that existed at activation (R10: never pushed unless linked). */
  isPreActivation: (dwId: RecordId) => boolean;
}

const linkSideOf = <F>(link: Link<F>, side: Side): LinkSide<F> => (side === 'mycase' ? link.mc : link.dw);
const markFor = (source: Side, what: 'deleted' | 'archived'): Exclude<LinkState, 'ok'> =>
  `${what}-on-${source === 'mycase' ? 'mc' : 'dw'}`;

function planLinked(
  entity: Entity,
  source: Side,
  id: RecordId,
  archived: boolean,
  hash: string,
  link: Link<unknown>,
): PlanAction {
  if (link.state !== 'ok') {
    // Link already marked deleted/archived (R29): nothing moves until the user decides.
    return { kind: 'skip', entity, side: source, id, reason: 'link-marked' };
  }
  if (archived) {
    // Archived on the source: mark the link, leave the other side alone (R29).
    return { kind: 'mark-link', entity, dwId: link.dw.id, mcId: link.mc.id, state: markFor(source, 'archived') };
  }
  if (hash === linkSideOf(link, source).hash) {
    // Same content as last synced: our own write read back, or an overlap re-read (R19).
    return { kind: 'unchanged', entity, side: source, id };
  }
  // Changed since the last sync: merge with the other side (R14, R15, R16, R17, R20).
  return { kind: 'sync-pair', entity, source, dwId: link.dw.id, mcId: link.mc.id };
}

export function planContacts(input: ContactPlanInput): PlanAction[] {
  const actions: PlanAction[] = [];
  const { source } = input;
  for (const error of input.rejected ?? []) {
    // A record that failed its schema is logged and skipped (R22).
    actions.push({ kind: 'reject', entity: 'contact', side: source, id: error.recordId, error });
  }
  for (const id of input.missing ?? []) {
    const link = input.linkOf(id);
    // Deleted on the source while linked: mark, never delete the other side (R29).
    if (link && link.state === 'ok') {
      actions.push({ kind: 'mark-link', entity: 'contact', dwId: link.dw.id, mcId: link.mc.id, state: markFor(source, 'deleted') });
    }
    // Deleted and never linked: nothing to do.
  }
  for (const record of input.records) {
    const base = { entity: 'contact' as const, side: source, id: record.id };
    if (record.kind === 'company') {
      // Company contacts are never synced, either way (R3).
      actions.push({ ...base, kind: 'skip', reason: 'company' });
      continue;
    }
    const link = input.linkOf(record.id);
    if (link) {
      actions.push(planLinked('contact', source, record.id, record.archived, hashContactFields(record.fields), link));
      continue;
    }
    if (record.archived) {
      // An archived, unlinked record is not brought to life on the other side.
      actions.push({ ...base, kind: 'skip', reason: 'archived' });
      continue;
    }
    if (source === 'docketwise') {
      if (record.lead) {
        // Leads are not primary contacts and are never pushed (R16).
        actions.push({ ...base, kind: 'skip', reason: 'lead' });
      } else if (input.mode === 'one-way') {
        // One-way mode writes nothing to MC (R23).
        actions.push({ ...base, kind: 'skip', reason: 'one-way' });
      } else if (input.isPreActivation(record.id)) {
        // A DW contact that had no match at activation stays unlinked (R10).
        actions.push({ ...base, kind: 'skip', reason: 'pre-activation' });
      } else {
        // A new primary contact in DW: created in MC (R16); the engine looks MC up first (R2, R21).
        actions.push({ kind: 'create', entity: 'contact', target: 'mycase', sourceId: record.id });
      }
      continue;
    }
    const key = contactMatchKey(record.fields);
    const candidates = input.dwCandidates(key);
    if (input.ambiguousKeys.has(key) || candidates.length > 1 || candidates.some((c) => c.linked)) {
      // R11: the key is shared (two MC persons, two DW persons, or the DW one is already taken).
      actions.push({
        kind: 'ambiguous',
        entity: 'contact',
        key,
        mcIds: [record.id],
        dwIds: candidates.map((c) => c.id),
      });
    } else if (candidates[0] !== undefined) {
      // R8 / R14: exactly one unlinked DW person matches: link, then MC values win (R9).
      actions.push({ kind: 'link', entity: 'contact', mcId: record.id, dwId: candidates[0].id });
    } else {
      // R10 / R14: no match: create the MC person in DW and link it.
      actions.push({ kind: 'create', entity: 'contact', target: 'docketwise', sourceId: record.id });
    }
  }
  return actions;
}

export interface MatterPlanInput {
  mode: SyncMode;
  source: Side;
  records: readonly SideMatter[];
  rejected?: readonly BadPayloadError[];
  missing?: readonly RecordId[];
  linkOf: (sourceId: RecordId) => Link | undefined;
  /** ISO time of activation: matters created before it are never synced unless linked (R12). */
  activatedAt: string;
}

export function planMatters(input: MatterPlanInput): PlanAction[] {
  const actions: PlanAction[] = [];
  const { source } = input;
  const activated = Date.parse(input.activatedAt);
  for (const error of input.rejected ?? []) {
    // A record that failed its schema is logged and skipped (R22).
    actions.push({ kind: 'reject', entity: 'matter', side: source, id: error.recordId, error });
  }
  for (const id of input.missing ?? []) {
    const link = input.linkOf(id);
    // Deleted on the source while linked: mark, never delete the other side (R29).
    if (link && link.state === 'ok') {
      actions.push({ kind: 'mark-link', entity: 'matter', dwId: link.dw.id, mcId: link.mc.id, state: markFor(source, 'deleted') });
    }
  }
  for (const record of input.records) {
    const base = { entity: 'matter' as const, side: source, id: record.id };
    const link = input.linkOf(record.id);
    if (link) {
      actions.push(planLinked('matter', source, record.id, record.archived, hashMatterFields(record.fields), link));
    } else if (Date.parse(record.createdAt) <= activated) {
      // Existed at activation and not linked by the user: never synced (R12).
      actions.push({ ...base, kind: 'skip', reason: 'pre-activation' });
    } else if (record.archived) {
      // An archived, unlinked matter is not created on the other side.
      actions.push({ ...base, kind: 'skip', reason: 'archived' });
    } else if (source === 'docketwise' && input.mode === 'one-way') {
      // One-way mode writes nothing to MC (R23).
      actions.push({ ...base, kind: 'skip', reason: 'one-way' });
    } else {
      // A case/matter created after activation: created on the other side and linked (R15, R17).
      actions.push({ kind: 'create', entity: 'matter', target: source === 'mycase' ? 'docketwise' : 'mycase', sourceId: record.id });
    }
  }
  return actions;
}
