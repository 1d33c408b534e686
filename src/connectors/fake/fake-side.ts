/**
 * An in-memory `SyncSide` for tests and benchmarks, faithful to the interface's documented
 * semantics (it runs the same contract suite as the real clients). On top of the interface it
 * offers what tests need: request and write counters, a controllable clock, "user edit" helpers
 * that change records without going through the sync, and fault injection.
 *
 * Product rules it reproduces:
 * - MyCase: email unique among contacts (case-insensitive) → ValidationError('email','taken');
 *   case name unique → ValidationError('name','taken'); `updatedAfter` is an inclusive filter;
 *   a matter patch's `clientIds` adds clients and never removes one; MyCase has no apt/ste/flr type.
 * - Docketwise: no `updatedAfter`; a matter has one client (`client_id`, required on create).
 * - Both: pages in id order with resumable `next` tokens; companies and leads appear in listings.
 */
import {
  BadPayloadError,
  NotFoundError,
  TransientError,
  ValidationError,
  type SyncError,
} from '../../core/errors';
import type { ContactPatch, ListOptions, MatterPatch, Page, SyncSide } from '../../core/sync-side';
import type {
  ContactFields,
  ContactKind,
  MatterFields,
  RecordId,
  Side,
  SideContact,
  SideMatter,
} from '../../core/types';

export type FakeMethod =
  | 'listContacts'
  | 'getContact'
  | 'findContactsByEmail'
  | 'createContact'
  | 'updateContact'
  | 'listMatters'
  | 'getMatter'
  | 'createMatter'
  | 'updateMatter';

const WRITE_METHODS: ReadonlySet<FakeMethod> = new Set(['createContact', 'updateContact', 'createMatter', 'updateMatter']);

export interface FakeCall {
  method: FakeMethod;
  /** 1-based index of this request among all requests the side has received. */
  index: number;
  write: boolean;
}

/**
 * What a write fault does: `fail` throws before anything is stored; `lose` stores the write and
 * then throws a TransientError, as when the server committed but the response never arrived.
 */
export type WriteFault = 'fail' | 'lose';

export interface FakeClock {
  now(): number;
  advance(ms: number): void;
  set(ms: number): void;
}

export function createFakeClock(start = Date.parse('2026-01-05T09:00:00Z')): FakeClock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
    set: (ms) => {
      current = ms;
    },
  };
}

export interface FakeSideOptions {
  /** Records per page (MyCase allows up to 1000, Docketwise serves 200). Default 100. */
  pageSize?: number;
  /** Shared by both fakes in a test so that timestamps are comparable. */
  clock?: FakeClock;
  /** Every stored change moves the clock forward this much, so updates get distinct times. Default 1 ms. */
  tickMs?: number;
  /** First id handed out. Default 1000 for MyCase, 5000 for Docketwise, so ids never collide by accident. */
  firstId?: number;
}

export interface FakeStats {
  requests: number;
  writes: number;
  byMethod: Record<FakeMethod, number>;
}

export interface FakeSide extends SyncSide {
  readonly clock: FakeClock;
  readonly stats: FakeStats;
  resetStats(): void;

  /** Every contact and matter currently stored (deleted ones are gone), as copies. */
  allContacts(): SideContact[];
  allMatters(): SideMatter[];

  /** "User edits": change data as a person would in the product, bypassing the counters and faults. */
  userCreateContact(fields: ContactFields, options?: { kind?: ContactKind; lead?: boolean }): SideContact;
  userUpdateContact(id: RecordId, patch: ContactPatch): SideContact;
  userArchiveContact(id: RecordId): void;
  userDeleteContact(id: RecordId): void;
  userCreateMatter(fields: MatterFields): SideMatter;
  userUpdateMatter(id: RecordId, patch: Partial<MatterFields>): SideMatter;
  userArchiveMatter(id: RecordId): void;
  userDeleteMatter(id: RecordId): void;

  /** The next `count` writes throw (`fail`, default TransientError) or commit then throw (`lose`). */
  failNextWrites(count: number, fault?: WriteFault, error?: () => SyncError): void;
  /** Decides per write whether it faults; consulted after `failNextWrites` is used up. */
  setWriteFault(decide: ((call: FakeCall) => WriteFault | null) | null): void;
  /** Called before every request (after counting it); throw from it to fail that call. */
  setBeforeCall(hook: ((call: FakeCall) => void) | null): void;
  /** Listings report this record as rejected and `get` throws BadPayloadError, as for a payload that fails its schema. */
  poisonContact(id: RecordId, field: string): void;
}

interface StoredContact {
  record: SideContact;
}

const clone = <T>(value: T): T => structuredClone(value);
const lowerEmail = (email: string): string => email.trim().toLowerCase();
const caseNameKey = (name: string): string => name.normalize('NFC').trim().toLowerCase();

export function createFakeSide(side: Side, options: FakeSideOptions = {}): FakeSide {
  const pageSize = options.pageSize ?? 100;
  const clock = options.clock ?? createFakeClock();
  const tickMs = options.tickMs ?? 1;
  let nextId = options.firstId ?? (side === 'mycase' ? 1000 : 5000);
  const isMyCase = side === 'mycase';

  const contacts = new Map<RecordId, StoredContact>();
  const matters = new Map<RecordId, SideMatter>();
  const poisoned = new Map<RecordId, string>();

  const emptyByMethod = (): Record<FakeMethod, number> => ({
    listContacts: 0,
    getContact: 0,
    findContactsByEmail: 0,
    createContact: 0,
    updateContact: 0,
    listMatters: 0,
    getMatter: 0,
    createMatter: 0,
    updateMatter: 0,
  });
  const stats: FakeStats = { requests: 0, writes: 0, byMethod: emptyByMethod() };

  let queuedFaults: { fault: WriteFault; error: () => SyncError }[] = [];
  let decideFault: ((call: FakeCall) => WriteFault | null) | null = null;
  let beforeCall: ((call: FakeCall) => void) | null = null;

  const stamp = (): string => {
    clock.advance(tickMs);
    return new Date(clock.now()).toISOString();
  };

  /** Counts the request, runs the hook and returns the fault to apply to a write. */
  const enter = (method: FakeMethod): { fault: WriteFault | null; error: () => SyncError } => {
    stats.requests += 1;
    stats.byMethod[method] += 1;
    const write = WRITE_METHODS.has(method);
    if (write) stats.writes += 1;
    const call: FakeCall = { method, index: stats.requests, write };
    beforeCall?.(call);
    const defaultError = (): SyncError => new TransientError(`${side} ${method}: simulated failure`, side);
    if (!write) return { fault: null, error: defaultError };
    const queued = queuedFaults.shift();
    if (queued) return queued;
    return { fault: decideFault?.(call) ?? null, error: defaultError };
  };

  /** Applies a write with its fault: `fail` before the change, `lose` after it. */
  const write = async <T>(method: FakeMethod, apply: () => T): Promise<T> => {
    await Promise.resolve();
    const { fault, error } = enter(method);
    if (fault === 'fail') throw error();
    const result = apply();
    if (fault === 'lose') throw new TransientError(`${side} ${method}: response lost after commit`, side);
    return result;
  };

  const read = async <T>(method: FakeMethod, apply: () => T): Promise<T> => {
    await Promise.resolve();
    enter(method);
    return apply();
  };

  const ensureEmailFree = (email: string, exceptId: RecordId | null): void => {
    if (!isMyCase || email.trim() === '') return;
    const key = lowerEmail(email);
    for (const { record } of contacts.values()) {
      if (record.id !== exceptId && lowerEmail(record.fields.email) === key) {
        throw new ValidationError(`Email ${email} is already used by another contact`, side, 'email', 'taken');
      }
    }
  };

  const ensureCaseNameFree = (name: string, exceptId: RecordId | null): void => {
    if (!isMyCase) return;
    const key = caseNameKey(name);
    for (const matter of matters.values()) {
      if (matter.id !== exceptId && caseNameKey(matter.fields.name) === key) {
        throw new ValidationError(`Case name "${name}" is already taken`, side, 'name', 'taken');
      }
    }
  };

  /** MyCase has no apt/ste/flr selector: whatever is sent, it stores Address 2 only. */
  const storeContactFields = (fields: ContactFields): ContactFields => {
    const copy = clone(fields);
    if (isMyCase) copy.address.unitType = null;
    return copy;
  };

  const ensureClientsExist = (clientIds: readonly RecordId[]): void => {
    for (const id of clientIds) {
      if (!contacts.has(id)) throw new ValidationError(`Client ${id} does not exist`, side, 'clientIds', 'invalid');
    }
  };

  /** Docketwise keeps one `client_id`; MyCase keeps the list. */
  const storeClientIds = (clientIds: readonly RecordId[]): RecordId[] =>
    isMyCase ? [...new Set(clientIds)] : clientIds.slice(0, 1);

  const insertContact = (fields: ContactFields, kind: ContactKind, lead: boolean): SideContact => {
    const id = nextId++;
    const record: SideContact = {
      side,
      id,
      kind,
      lead: isMyCase ? false : lead,
      archived: false,
      updatedAt: stamp(),
      fields: storeContactFields(fields),
    };
    contacts.set(id, { record });
    return clone(record);
  };

  const patchContact = (id: RecordId, patch: ContactPatch): SideContact => {
    const stored = contacts.get(id);
    if (!stored) throw new NotFoundError(`${side} contact ${id} not found`, side);
    const fields = storeContactFields({ ...stored.record.fields, ...clone(patch) });
    stored.record = { ...stored.record, fields, updatedAt: stamp() };
    return clone(stored.record);
  };

  const insertMatter = (fields: MatterFields): SideMatter => {
    const id = nextId++;
    const now = stamp();
    const matter: SideMatter = {
      side,
      id,
      archived: false,
      updatedAt: now,
      createdAt: now,
      fields: { ...clone(fields), clientIds: storeClientIds(fields.clientIds) },
    };
    matters.set(id, matter);
    return clone(matter);
  };

  const patchMatter = (id: RecordId, patch: MatterPatch, addOnlyClients: boolean): SideMatter => {
    const matter = matters.get(id);
    if (!matter) throw new NotFoundError(`${side} matter ${id} not found`, side);
    const fields: MatterFields = { ...matter.fields };
    if (patch.name !== undefined) fields.name = patch.name;
    if (patch.description !== undefined) fields.description = patch.description;
    if (patch.clientIds !== undefined) {
      fields.clientIds =
        isMyCase && addOnlyClients
          ? [...fields.clientIds, ...patch.clientIds.filter((c) => !fields.clientIds.includes(c))]
          : storeClientIds(patch.clientIds);
    }
    const updated: SideMatter = { ...matter, fields, updatedAt: stamp() };
    matters.set(id, updated);
    return clone(updated);
  };

  /** Pages in id order; the token is the last id served, so a listing resumes even after edits. */
  async function* paginate<T extends { id: RecordId; updatedAt: string }>(
    method: 'listContacts' | 'listMatters',
    all: () => T[],
    listOptions: ListOptions,
    reject: (record: T) => BadPayloadError | null,
  ): AsyncIterable<Page<T>> {
    if (listOptions.updatedAfter !== undefined && !isMyCase) {
      throw new Error('Docketwise has no updated-after filter (supportsUpdatedAfter is false)');
    }
    const after = listOptions.updatedAfter === undefined ? null : Date.parse(listOptions.updatedAfter);
    let cursor = listOptions.resumeFrom === undefined ? -Infinity : Number(listOptions.resumeFrom);
    for (;;) {
      const page = await read(method, () => {
        const matching = all()
          .filter((r) => after === null || Date.parse(r.updatedAt) >= after)
          .sort((a, b) => a.id - b.id);
        const rest = matching.filter((r) => r.id > cursor);
        const slice = rest.slice(0, pageSize);
        const last = slice[slice.length - 1];
        const records: T[] = [];
        const rejected: BadPayloadError[] = [];
        for (const record of slice) {
          const problem = reject(record);
          if (problem) rejected.push(problem);
          else records.push(clone(record));
        }
        const next = rest.length > pageSize && last ? String(last.id) : null;
        return { records, rejected, next, total: matching.length } satisfies Page<T>;
      });
      yield page;
      if (page.next === null) return;
      cursor = Number(page.next);
    }
  }

  const poisonError = (id: RecordId): BadPayloadError | null => {
    const field = poisoned.get(id);
    return field === undefined
      ? null
      : new BadPayloadError(`${side} contact ${id}: field ${field} does not fit the schema`, side, id, field);
  };

  const fake: FakeSide = {
    side,
    supportsUpdatedAfter: isMyCase,
    clock,
    stats,
    resetStats() {
      stats.requests = 0;
      stats.writes = 0;
      stats.byMethod = emptyByMethod();
    },

    listContacts(listOptions = {}) {
      return paginate('listContacts', () => [...contacts.values()].map((c) => c.record), listOptions, (r) =>
        poisonError(r.id),
      );
    },
    getContact(id) {
      return read('getContact', () => {
        const problem = poisonError(id);
        if (problem) throw problem;
        const stored = contacts.get(id);
        return stored ? clone(stored.record) : null;
      });
    },
    findContactsByEmail(email) {
      return read('findContactsByEmail', () => {
        const key = lowerEmail(email);
        if (key === '') return [];
        return [...contacts.values()]
          .filter(({ record }) => lowerEmail(record.fields.email) === key && !poisoned.has(record.id))
          .map(({ record }) => clone(record));
      });
    },
    createContact(fields) {
      return write('createContact', () => {
        ensureEmailFree(fields.email, null);
        return insertContact(fields, 'person', false);
      });
    },
    updateContact(id, patch) {
      return write('updateContact', () => {
        if (!contacts.has(id)) throw new NotFoundError(`${side} contact ${id} not found`, side);
        if (patch.email !== undefined) ensureEmailFree(patch.email, id);
        return patchContact(id, patch);
      });
    },

    listMatters(listOptions = {}) {
      return paginate('listMatters', () => [...matters.values()], listOptions, () => null);
    },
    getMatter(id) {
      return read('getMatter', () => {
        const matter = matters.get(id);
        return matter ? clone(matter) : null;
      });
    },
    createMatter(fields) {
      return write('createMatter', () => {
        if (!isMyCase && fields.clientIds.length === 0) {
          throw new ValidationError('A Docketwise matter needs a client_id', side, 'clientIds', 'required');
        }
        ensureClientsExist(fields.clientIds);
        ensureCaseNameFree(fields.name, null);
        return insertMatter(fields);
      });
    },
    updateMatter(id, patch) {
      return write('updateMatter', () => {
        if (!matters.has(id)) throw new NotFoundError(`${side} matter ${id} not found`, side);
        if (patch.clientIds !== undefined) ensureClientsExist(patch.clientIds);
        if (patch.name !== undefined) ensureCaseNameFree(patch.name, id);
        return patchMatter(id, patch, true);
      });
    },

    allContacts: () => [...contacts.values()].map((c) => clone(c.record)),
    allMatters: () => [...matters.values()].map(clone),

    userCreateContact(fields, createOptions = {}) {
      ensureEmailFree(fields.email, null);
      return insertContact(fields, createOptions.kind ?? 'person', createOptions.lead ?? false);
    },
    userUpdateContact(id, patch) {
      if (patch.email !== undefined) ensureEmailFree(patch.email, id);
      return patchContact(id, patch);
    },
    userArchiveContact(id) {
      const stored = contacts.get(id);
      if (!stored) throw new NotFoundError(`${side} contact ${id} not found`, side);
      stored.record = { ...stored.record, archived: true, updatedAt: stamp() };
    },
    userDeleteContact(id) {
      contacts.delete(id);
    },
    userCreateMatter(fields) {
      ensureCaseNameFree(fields.name, null);
      return insertMatter(fields);
    },
    userUpdateMatter(id, patch) {
      if (patch.name !== undefined) ensureCaseNameFree(patch.name, id);
      // A user in MyCase can remove a client; only the API cannot.
      return patchMatter(id, patch, false);
    },
    userArchiveMatter(id) {
      const matter = matters.get(id);
      if (!matter) throw new NotFoundError(`${side} matter ${id} not found`, side);
      matters.set(id, { ...matter, archived: true, updatedAt: stamp() });
    },
    userDeleteMatter(id) {
      matters.delete(id);
    },

    failNextWrites(count, fault = 'fail', error) {
      const make = error ?? ((): SyncError => new TransientError(`${side}: simulated failure`, side));
      for (let i = 0; i < count; i += 1) queuedFaults.push({ fault, error: make });
    },
    setWriteFault(decide) {
      decideFault = decide;
      if (decide === null) queuedFaults = [];
    },
    setBeforeCall(hook) {
      beforeCall = hook;
    },
    poisonContact(id, field) {
      poisoned.set(id, field);
    },
  };
  return fake;
}
