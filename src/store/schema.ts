/**
 * The one IndexedDB schema of the sync engine. Bump `DB_VERSION` and add a step to `upgrade`
 * in sync-store.ts for every change; old steps stay so that any old database upgrades in order.
 */
import type { DBSchema } from 'idb';
import type { Link, LinkState } from '../core/planner';
import type { ContactPatch, MatterPatch } from '../core/sync-side';
import type {
  ContactFields,
  ContactKind,
  Entity,
  MatterFields,
  RecordId,
  Side,
  SyncMode,
} from '../core/types';

export const DB_NAME = 'dw-mc-sync';
export const DB_VERSION = 1;

export type Direction = 'pull' | 'push';
export type Outcome = 'created' | 'updated' | 'linked' | 'skipped' | 'failed';
export type RunKind = 'initial' | 'pull' | 'push' | 'docketwise-check';

export type OutcomeCounts = Record<Outcome, number>;
export type RunCounts = Record<Entity, Record<Direction, OutcomeCounts>>;

export const emptyOutcomeCounts = (): OutcomeCounts => ({ created: 0, updated: 0, linked: 0, skipped: 0, failed: 0 });
export const emptyRunCounts = (): RunCounts => ({
  contact: { pull: emptyOutcomeCounts(), push: emptyOutcomeCounts() },
  matter: { pull: emptyOutcomeCounts(), push: emptyOutcomeCounts() },
});

export interface StoredLink extends Link {
  /** `${entity}:${dwId}` */
  key: string;
  /** `${entity}:${mcId}` */
  mcKey: string;
  /** When the state last changed (R29 marks carry the time they were noticed). */
  stateAt: string;
  /**
   * Fields the sync is writing to each side, saved just before the writes and dropped with the
   * commit after them: if the answer is lost or the worker stops in between, the next merge knows
   * these values are the sync's own (R19) and does not take them for a user's edit (R20).
   */
  pending?: { mc?: Partial<ContactFields> | Partial<MatterFields>; dw?: Partial<ContactFields> | Partial<MatterFields> };
}

/**
 * The local index: the last-seen synced fields of every record the sync has read. For DW it is
 * the only change detector (DW has no updated-since filter); for MC it stages the initial sync.
 */
export interface IndexRecord {
  /** `${side}:${entity}:${id}` */
  key: string;
  side: Side;
  entity: Entity;
  id: RecordId;
  /** `${side}:${matchKey}` for persons (R8); null for companies and matters. */
  sideMatchKey: string | null;
  hash: string;
  updatedAt: string;
  createdAt: string | null;
  kind: ContactKind | null;
  lead: boolean;
  archived: boolean;
  /** Existed when the integration was activated (R10, R12). */
  preActivation: boolean;
  /** The DW scan that last listed it: a linked record missing from a full scan was deleted (R29). */
  scanId: string | null;
  contact: ContactFields | null;
  matter: MatterFields | null;
}

export interface OutboxEntry {
  /** `${entity}:${dwId}`: one entry per record, however many saves (dedup). */
  key: string;
  entity: Entity;
  dwId: RecordId;
  attempts: number;
  nextAttemptAt: number;
  enqueuedAt: number;
  lastError: string | null;
}

/** Journal of creates, written before the create is sent (R21). */
export interface CreateIntent {
  opId: string;
  runId: string;
  entity: Entity;
  target: Side;
  sourceId: RecordId;
  /** Contact match key of what is being created. */
  matchKey: string | null;
  /** Matter name as sent (with the R6 suffix when retried with it). */
  name: string | null;
  /** R2: the contact is being created without its email. */
  withoutEmail: boolean;
  /**
   * The fields as sent. A recovered link uses them as its base, so an edit made to the created
   * record after the interrupted create is still seen as a change (not absorbed as synced).
   */
  fields: ContactFields | MatterFields;
  /**
   * The source record's fields when the create was sent (absent in intents journaled before this
   * was kept): the recovered link's base on the source side, for the same reason as `fields`.
   */
  sourceFields?: ContactFields | MatterFields;
  startedAt: number;
}

export interface RunState {
  runId: string;
  kind: RunKind;
  trigger: string;
  startedAt: number;
  phase: string;
  /** Resume token of the listing in progress, or the last id processed in a staged phase. */
  cursor: string | null;
  /** `updatedAfter` of a pull, fixed at the run's start so a resumed run asks the same thing. */
  since: string | null;
  scanId: string | null;
  /** Ids a full DW scan listed so far, per entity: what is missing at its end was deleted (R29). */
  seen: Record<Entity, RecordId[]>;
  done: number;
  total: number | null;
  counts: RunCounts;
  /** Consecutive step failures without progress (transient errors), for backoff. */
  failures: number;
  lastError: string | null;
}

export interface RunRecord {
  runId: string;
  kind: RunKind;
  trigger: string;
  startedAt: number;
  finishedAt: number | null;
  status: 'running' | 'done' | 'failed' | 'interrupted';
  counts: RunCounts;
  error: string | null;
}

export interface LogEntry {
  id?: number;
  runId: string;
  at: number;
  entity: Entity;
  direction: Direction;
  outcome: Outcome;
  dwId: RecordId | null;
  mcId: RecordId | null;
  /** Human reason; with a rule id when a SPEC rule decided it. */
  reason: string;
  rule: string | null;
}

export interface ConflictEntry {
  id?: number;
  runId: string;
  at: number;
  entity: Entity;
  dwId: RecordId;
  mcId: RecordId;
  field: string;
  /** R20: the DW value MC's value replaced. */
  replacedDwValue: unknown;
  mcValue: unknown;
  /** What "restore" writes to DW to bring the replaced value back. */
  restore: { side: 'docketwise'; entity: Entity; id: RecordId; patch: ContactPatch | MatterPatch };
  restoredAt: number | null;
}

export type ReviewKind = 'ambiguous' | 'email-taken' | 'link-marked' | 'no-client' | 'name-taken' | 'run-failed';

export interface ReviewItem {
  key: string;
  kind: ReviewKind;
  entity: Entity;
  dwIds: RecordId[];
  mcIds: RecordId[];
  detail: string;
  /** What the user can do about it. */
  nextStep: string;
  at: number;
}

export interface EngineSettings {
  active: boolean;
  mode: SyncMode;
  activatedAt: string | null;
  /** Start of the last successful pull: the next pull asks for changes since it − overlap (R13). */
  lastPullStartedAt: number | null;
  lastSuccessfulPullAt: number | null;
  lastCheckAt: number | null;
  lastRunAt: number | null;
}

export interface RunLock {
  runId: string;
  owner: string;
  heartbeatAt: number;
}

export interface MetaValues {
  settings: EngineSettings;
  lock: RunLock;
  run: RunState;
}
export type MetaKey = keyof MetaValues;

export interface SyncDB extends DBSchema {
  links: { key: string; value: StoredLink; indexes: { 'by-mc': string } };
  records: { key: string; value: IndexRecord; indexes: { 'by-match': string; 'by-side-entity': [Side, Entity] } };
  outbox: { key: string; value: OutboxEntry; indexes: { 'by-next': number } };
  intents: { key: string; value: CreateIntent };
  meta: { key: MetaKey; value: MetaValues[MetaKey] };
  runs: { key: string; value: RunRecord; indexes: { 'by-start': number } };
  log: { key: number; value: LogEntry; indexes: { 'by-run': string; 'by-at': number } };
  conflicts: { key: number; value: ConflictEntry; indexes: { 'by-at': number } };
  review: { key: string; value: ReviewItem };
}

export type { LinkState };
