/**
 * The sync engine: drives runs (`initial`, `pull`, `push`, `docketwise-check`) over two
 * `SyncSide`s and the store, one at a time under a persisted lock.
 *
 * A run is a sequence of short steps (one listing page, or one batch of records), each followed
 * by a checkpoint, because an MV3 worker may stop at any moment. `resume()` continues an
 * unfinished run from its last checkpoint. Every create is journaled before it is sent and an
 * unfinished create is looked up again before anything is created twice (R21).
 */
import { withMatterIdSuffix } from '../core/case-name';
import { ValidationError } from '../core/errors';
import { hashContactFields, hashMatterFields } from '../core/hash';
import { contactMatchKey } from '../core/matching';
import {
  contactForDocketwise,
  contactForMyCase,
  mergeContact,
  mergeMatter,
  type FieldDecisions,
  type PendingWrites,
} from '../core/merge';
import { normalizeText } from '../core/normalize';
import { planContacts, planMatters, type LinkState, type PlanAction } from '../core/planner';
import type { ContactPatch, ListOptions, MatterPatch, Page, SyncSide } from '../core/sync-side';
import type {
  ContactFields,
  Entity,
  MatterFields,
  RecordId,
  Side,
  SideContact,
  SideMatter,
  SyncMode,
} from '../core/types';
import {
  emptyRunCounts,
  type ConflictEntry,
  type CreateIntent,
  type Direction,
  type EngineSettings,
  type IndexRecord,
  type LogEntry,
  type Outcome,
  type ReviewItem,
  type RunCounts,
  type RunKind,
  type RunRecord,
  type RunState,
  type StoredLink,
} from '../store/schema';
import { indexKey, linkKey, mcLinkKey, outboxKey, type CommitBatch, type SyncStore } from '../store/sync-store';
import { describeError, isFatal, isRecordError, isTransient, nextStepFor } from './errors';

export interface Clock {
  now(): number;
}

export interface SyncEngineDeps {
  store: SyncStore;
  mycase: SyncSide;
  docketwise: SyncSide;
  clock?: Clock;
  /** Identifies this worker instance; a lock held by another owner is taken over once stale. */
  owner?: string;
  /** A lock whose heartbeat is older than this belongs to a stopped worker. Default 60 s. */
  staleLockMs?: number;
  /** Pull asks for changes since the last successful pull's start minus this (R13). Default 10 min. */
  overlapMs?: number;
  /** Records per step in staged phases and per outbox batch. Default 100. */
  batchSize?: number;
  /** Transient step failures retried in-process before the run waits for `resume()`. Default 3. */
  maxStepRetries?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Called before every remote call with its label; tests throw from it to simulate a crash. */
  beforeRemote?: (label: string) => void;
  /** Outbox retry backoff: attempt n waits min(base·2^(n−1), max). */
  retryBaseMs?: number;
  retryMaxMs?: number;
}

export type RunOutcomeStatus = 'done' | 'interrupted' | 'failed' | 'busy' | 'inactive';

export interface RunOutcome {
  status: RunOutcomeStatus;
  runId: string | null;
  kind: RunKind | null;
  counts: RunCounts;
  error: string | null;
}

export interface Progress {
  runId: string;
  kind: RunKind;
  trigger: string;
  phase: string;
  done: number;
  total: number | null;
  /** Estimated milliseconds left (R7), null until there is a rate to go by. */
  etaMs: number | null;
}

export interface ScheduleInfo {
  active: boolean;
  mode: SyncMode;
  lastSuccessfulPullAt: number | null;
  lastCheckAt: number | null;
  unfinishedRun: boolean;
  nextOutboxAttemptAt: number | null;
}

export interface EngineStatus {
  active: boolean;
  mode: SyncMode;
  activatedAt: string | null;
  running: Progress | null;
  lastRun: RunRecord | null;
  lastSuccessfulPullAt: number | null;
  outboxSize: number;
  unrestoredConflicts: number;
  /** `reviewKey`: the review-queue item behind a problem, where the user can act on it. */
  problems: { at: number; text: string; nextStep: string; reviewKey: string | null }[];
}

const DEFAULTS = {
  staleLockMs: 60_000,
  overlapMs: 10 * 60_000,
  batchSize: 100,
  maxStepRetries: 3,
  retryBaseMs: 30_000,
  retryMaxMs: 60 * 60_000,
};

const randomId = (): string => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

const emptyPage = <T>(): Page<T> => ({ records: [], rejected: [], next: null, total: 0 });

/** The first page of a listing; the iterator is closed after it (one page per step). */
async function firstPage<T>(pages: AsyncIterable<Page<T>>): Promise<Page<T>> {
  for await (const page of pages) return page;
  return emptyPage<T>();
}

const otherSide = (side: Side): Side => (side === 'mycase' ? 'docketwise' : 'mycase');
const directionTo = (target: Side): Direction => (target === 'docketwise' ? 'pull' : 'push');

/** A run step hit something that stops the whole run (fatal error). */
class RunStopped extends Error {
  constructor(readonly reason: unknown) {
    super(describeError(reason));
  }
}

const productName = (side: Side): string => (side === 'mycase' ? 'MyCase' : 'Docketwise');

/** The log note of a create or link that replaces a marked pair at the user's choice (R29). */
const RECREATED = (state: Exclude<LinkState, 'ok'>): string =>
  `At the user's choice, in place of the pair whose ${productName(markParts(state).side)} record was ${markParts(state).what} (R29).`;

/** R29: what the user may do about a link marked deleted or archived. */
export type MarkedLinkChoice = 'unlink' | 'recreate' | 'resume';

export type ReviewActionRefusal = 'busy' | 'gone' | 'inactive' | 'not-offered' | 'one-way' | 'still-archived' | 'not-created';

/** A review-queue choice the engine would not or could not carry out; the message is for the user. */
export class ReviewActionError extends Error {
  constructor(
    readonly reason: ReviewActionRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'ReviewActionError';
  }
}

export type MarkedState = Exclude<LinkState, 'ok'>;

/** R29: what happened, and on which side, read from a mark. */
export function markParts(state: MarkedState): { what: 'deleted' | 'archived'; side: Side } {
  return { what: state.startsWith('deleted') ? 'deleted' : 'archived', side: state.endsWith('-mc') ? 'mycase' : 'docketwise' };
}

/**
 * R29: a deleted record can be made again from the surviving one; an archived record still
 * exists, so re-creating it would make a second copy: it can be synced again instead.
 */
export function markedLinkChoices(state: MarkedState): MarkedLinkChoice[] {
  return markParts(state).what === 'deleted' ? ['recreate', 'unlink'] : ['resume', 'unlink'];
}

export class SyncEngine {
  private readonly store: SyncStore;
  private readonly mc: SyncSide;
  private readonly dw: SyncSide;
  private readonly clock: Clock;
  private readonly owner: string;
  private readonly opts: typeof DEFAULTS;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly beforeRemote: (label: string) => void;
  /** One run at a time within this worker; the persisted lock covers other instances. */
  private running: Promise<RunOutcome> | null = null;
  private progress: Progress | null = null;
  private settingsCache: EngineSettings | null = null;
  /** Records finished by this instance; a failed step that still made progress is not "stuck". */
  private finishedRecords = 0;
  private pushRequested = false;

  constructor(deps: SyncEngineDeps) {
    this.store = deps.store;
    this.mc = deps.mycase;
    this.dw = deps.docketwise;
    this.clock = deps.clock ?? { now: () => Date.now() };
    this.owner = deps.owner ?? randomId();
    this.opts = {
      staleLockMs: deps.staleLockMs ?? DEFAULTS.staleLockMs,
      overlapMs: deps.overlapMs ?? DEFAULTS.overlapMs,
      batchSize: deps.batchSize ?? DEFAULTS.batchSize,
      maxStepRetries: deps.maxStepRetries ?? DEFAULTS.maxStepRetries,
      retryBaseMs: deps.retryBaseMs ?? DEFAULTS.retryBaseMs,
      retryMaxMs: deps.retryMaxMs ?? DEFAULTS.retryMaxMs,
    };
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.beforeRemote = deps.beforeRemote ?? (() => undefined);
  }

  // ================================================================== public API

  /** R7: turn syncing on with a mode and run the initial sync. Reactivation reuses links (R26). */
  async activate(mode: SyncMode, trigger = 'activation'): Promise<RunOutcome> {
    await this.store.updateSettings({ active: true, mode, activatedAt: new Date(this.clock.now()).toISOString() });
    this.settingsCache = null;
    return this.startRun('initial', trigger);
  }

  /** R26: stop syncing; links, the log and the outbox are kept. The auth part forgets the tokens. */
  async deactivate(): Promise<void> {
    await this.store.updateSettings({ active: false });
    this.settingsCache = null;
    const run = await this.store.getMeta('run');
    if (run) {
      await this.store.putRunRecord(await this.runRecord(run, 'interrupted', 'Deactivated'));
      await this.store.deleteMeta('run');
      await this.store.releaseLock(run.runId);
    }
  }

  async setMode(mode: SyncMode): Promise<void> {
    await this.store.updateSettings({ mode });
    this.settingsCache = null;
  }

  /** R18: remember a Docketwise record to push; deduplicated per record, survives restarts. */
  async enqueuePush(entity: Entity, dwId: RecordId): Promise<void> {
    await this.store.enqueue(entity, dwId, this.clock.now());
  }

  /**
   * Starts a run of `kind` unless one is unfinished (then that one is resumed first and this
   * returns its outcome with status 'busy' for the new kind).
   */
  /**
   * `runId` names the run (a UI that asked for it follows exactly that one, never an older run's
   * result); by default the engine names it.
   */
  async startRun(kind: RunKind, trigger: string = kind, runId?: string): Promise<RunOutcome> {
    if (this.running) {
      // R18: a save noticed during another run is pushed as soon as that run ends.
      if (kind === 'push') this.pushRequested = true;
      return this.outcome('busy', null, kind);
    }
    const task = this.startRunNow(kind, trigger, runId);
    this.running = task;
    let outcome: RunOutcome;
    try {
      outcome = await task;
    } finally {
      this.running = null;
    }
    if (this.pushRequested && kind !== 'push') {
      this.pushRequested = false;
      await this.startRun('push', 'queued-save');
    }
    return outcome;
  }

  /** Continues an unfinished run (called by the scheduler's resume alarm and at worker start). */
  async resume(): Promise<RunOutcome | null> {
    if (this.running) return this.outcome('busy', null, null);
    const run = await this.store.getMeta('run');
    if (!run) return null;
    const task = this.driveLocked(run);
    this.running = task;
    try {
      return await task;
    } finally {
      this.running = null;
    }
  }

  /** What the scheduler needs to place its alarms (see scheduler.ts). */
  async scheduleInfo(): Promise<ScheduleInfo> {
    const settings = await this.store.settings();
    const outbox = await this.store.allOutbox();
    const next = outbox.reduce<number | null>((min, e) => (min === null || e.nextAttemptAt < min ? e.nextAttemptAt : min), null);
    return {
      active: settings.active,
      mode: settings.mode,
      lastSuccessfulPullAt: settings.lastSuccessfulPullAt,
      lastCheckAt: settings.lastCheckAt,
      unfinishedRun: (await this.store.getMeta('run')) !== undefined,
      nextOutboxAttemptAt: next,
    };
  }

  /** Whether a run is persisted as unfinished (the scheduler keeps a resume alarm while true). */
  async hasUnfinishedRun(): Promise<boolean> {
    return (await this.store.getMeta('run')) !== undefined;
  }

  async status(): Promise<EngineStatus> {
    const settings = await this.store.settings();
    const run = await this.store.getMeta('run');
    const [lastRun] = await this.store.recentRuns(1);
    const review = await this.store.reviewItems();
    const failed = await this.store.readLog({ outcome: 'failed', limit: 5 });
    const conflicts = await this.store.conflicts();
    const problems = [
      ...review.map((r) => ({ at: r.at, text: r.detail, nextStep: r.nextStep, reviewKey: r.key })),
      ...failed.map((e) => ({ at: e.at, text: e.reason, nextStep: 'Fix the record named here, then sync again.', reviewKey: null })),
    ]
      .sort((a, b) => b.at - a.at)
      .slice(0, 5);
    return {
      active: settings.active,
      mode: settings.mode,
      activatedAt: settings.activatedAt,
      running: run ? (this.progress?.runId === run.runId ? this.progress : this.progressOf(run)) : null,
      lastRun: lastRun ?? null,
      lastSuccessfulPullAt: settings.lastSuccessfulPullAt,
      outboxSize: await this.store.outboxSize(),
      unrestoredConflicts: conflicts.filter((c) => c.restoredAt === null).length,
      problems,
    };
  }

  /**
   * The user links two records by hand (R11 ambiguous keys, R12 matters that existed at
   * activation, R29 re-linking). MC values win as at activation (R9); the pair then syncs.
   */
  async linkManually(entity: Entity, dwId: RecordId, mcId: RecordId): Promise<{ linked: boolean; message: string }> {
    const existingDw = await this.store.getLink(entity, dwId);
    const existingMc = await this.store.getLinkByMc(entity, mcId);
    if (existingDw?.state === 'ok' && existingDw.mc.id === mcId) return { linked: true, message: 'These two records are already linked.' };
    if (existingDw?.state === 'ok') return { linked: false, message: `Docketwise ${entity} ${dwId} is already linked to MyCase ${existingDw.mc.id}.` };
    if (existingMc?.state === 'ok') return { linked: false, message: `MyCase ${entity} ${mcId} is already linked to Docketwise ${existingMc.dw.id}.` };
    const run = this.manualRun();
    const settings = await this.settings();
    if (entity === 'contact') {
      const [dw, mc] = [await this.dw.getContact(dwId), await this.mc.getContact(mcId)];
      if (!dw || !mc) return { linked: false, message: 'One of the two contacts no longer exists.' };
      if (dw.kind === 'company' || mc.kind === 'company') return { linked: false, message: 'Company contacts are never synced (R3).' };
      const merge = mergeContact({ mode: settings.mode, mc: mc.fields, dw: dw.fields, base: null });
      const dwAfter = Object.keys(merge.toDw).length > 0 ? await this.dw.updateContact(dwId, merge.toDw) : dw;
      const batch: CommitBatch = {
        links: [this.newLink('contact', dwAfter, mc)],
        index: [this.indexRow(dwAfter, 'contact', null, false)],
        log: [this.log(run, 'contact', 'pull', 'linked', dwId, mcId, `Linked by the user; MyCase values kept${decisionNotes(merge.decisions)}`, 'R9')],
      };
      // R29: a record whose pair was marked is linked anew: the marked pair goes in the same commit.
      await this.store.commit(this.replaceMarked(this.replaceMarked(batch, existingDw, null), existingMc, null), 'manual-link');
      return { linked: true, message: 'Linked. MyCase values were copied to Docketwise where they differed.' };
    }
    const [dw, mc] = [await this.dw.getMatter(dwId), await this.mc.getMatter(mcId)];
    if (!dw || !mc) return { linked: false, message: 'One of the two matters no longer exists.' };
    const maps = await this.contactMaps({ mc: mc.fields.clientIds, dw: dw.fields.clientIds });
    const merge = mergeMatter({ mode: settings.mode, dwMatterId: dwId, mc: mc.fields, dw: dw.fields, base: null, dwContactOf: maps.dwOf, mcContactOf: maps.mcOf });
    const dwAfter = Object.keys(merge.toDw).length > 0 ? await this.dw.updateMatter(dwId, merge.toDw) : dw;
    const batch: CommitBatch = {
      links: [this.newLink('matter', dwAfter, mc)],
      index: [this.indexRow(dwAfter, 'matter', null, false)],
      log: [this.log(run, 'matter', 'pull', 'linked', dwId, mcId, `Linked by the user; MyCase values kept${decisionNotes(merge.decisions)}`, 'R12')],
    };
    await this.store.commit(this.replaceMarked(this.replaceMarked(batch, existingDw, null), existingMc, null), 'manual-link');
    return { linked: true, message: 'Linked. The matter and the case now sync.' };
  }

  /** Removes a problem from the review queue (the user dealt with it or chose to ignore it). */
  async dismissReview(key: string): Promise<void> {
    await this.store.commit({ reviewDone: [key] }, 'review-dismiss');
  }

  // ================================================================== R29: the user's choice on a marked link

  /**
   * R29 "Unlink": forgets the marked pair. Nothing is written to either side; from then on each
   * record is treated like any unlinked one (R10, R14, R16).
   */
  async unlinkMarked(reviewKey: string): Promise<string> {
    return this.asUserAction(async (run) => {
      const { link, state } = await this.markedLink(reviewKey);
      const { what, side } = markParts(state);
      await this.store.commit(
        {
          linksRemove: [link.key],
          reviewDone: [reviewKey],
          log: [
            this.log(run, link.entity, side === 'docketwise' ? 'push' : 'pull', 'skipped', link.dw.id, link.mc.id, `Unlinked by the user after it was ${what} in ${productName(side)}; nothing was changed on either side (R29)`, 'R29'),
          ],
        },
        'unlink-marked',
      );
      return 'Unlinked. Nothing was changed in Docketwise or MyCase; the two records are no longer kept in step.';
    });
  }

  /**
   * R29 "Re-create": makes the deleted record again on its side from the surviving record's
   * current values and links the new pair. It goes through the sync's own creates: journaled
   * first, and an interrupted earlier attempt is found again instead of sent twice (R21).
   */
  async recreateMarked(reviewKey: string): Promise<string> {
    return this.asUserAction(async (run) => {
      const { link, state } = await this.markedLink(reviewKey);
      const { what, side: target } = markParts(state);
      const where = productName(target);
      const source = otherSide(target);
      if (what !== 'deleted') {
        throw new ReviewActionError('not-offered', `It was archived in ${where}, not deleted, so there is nothing to re-create. Unarchive it there and choose Keep syncing, or choose Unlink.`);
      }
      const settings = await this.settings();
      if (!settings.active) throw new ReviewActionError('inactive', 'Syncing is turned off. Activate it in Setup first, then re-create.');
      if (target === 'mycase' && settings.mode === 'one-way') {
        throw new ReviewActionError('one-way', 'One-way sync writes nothing to MyCase (R23), so it cannot be re-created there. Choose Unlink, or switch to two-way sync in Sync settings and try again.');
      }
      await this.recoverIntents(run);
      const sourceId = source === 'mycase' ? link.mc.id : link.dw.id;
      const held = async (): Promise<StoredLink | undefined> =>
        source === 'mycase' ? this.store.getLinkByMc(link.entity, sourceId) : this.store.getLink(link.entity, sourceId);
      const done = (l: StoredLink): string => `Re-created in ${where} (${where} id ${target === 'mycase' ? l.mc.id : l.dw.id}) from the ${productName(source)} record, and linked again.`;
      const recovered = await held();
      // An attempt interrupted after it was sent: recovery has just found and linked it.
      if (recovered?.state === 'ok') return done(recovered);
      const side = source === 'mycase' ? this.mc : this.dw;
      const prefix = source === 'mycase' ? 'mc' : 'dw';
      const record =
        link.entity === 'contact'
          ? await this.remote(`${prefix}.getContact`, () => side.getContact(sourceId))
          : await this.remote(`${prefix}.getMatter`, () => side.getMatter(sourceId));
      if (!record) throw new ReviewActionError('gone', `It is gone from ${productName(source)} too, so there is nothing to copy. Choose Unlink.`);
      if (record.archived) {
        throw new ReviewActionError('not-offered', `The ${productName(source)} record is archived, so it is not copied back. Unarchive it there first, or choose Unlink.`);
      }
      if (link.entity === 'contact') {
        if (target === 'docketwise') await this.recreateContactInDocketwise(run, record as SideContact, link);
        else await this.createContactInMyCase(run, record as SideContact, link);
      } else {
        const matter = record as SideMatter;
        if (target === 'docketwise' && (await this.dwClientsFor(run, matter)).length === 0) {
          throw new ReviewActionError('not-created', 'A Docketwise matter needs a client, and none of the case\'s people is in Docketwise. Re-create the client first (it has its own item here), then the matter.');
        }
        await this.createMatter(run, matter, target, link);
      }
      const after = await held();
      if (after?.state !== 'ok') throw new ReviewActionError('not-created', `It could not be re-created in ${where}; the sync log says why.`);
      return done(after);
    });
  }

  /**
   * R29 "Keep syncing" for an archived record, once it is active again: the mark is cleared and
   * the pair is brought up to date from its last synced values (changes made on either side
   * meanwhile were skipped; the three-way merge of R20 takes them now).
   */
  async resumeMarked(reviewKey: string): Promise<string> {
    return this.asUserAction(async (run) => {
      const { link, state } = await this.markedLink(reviewKey);
      const { what, side } = markParts(state);
      const where = productName(side);
      if (what !== 'archived') throw new ReviewActionError('not-offered', `It was deleted in ${where}, so it cannot sync as it is. Choose Re-create in ${where}, or Unlink.`);
      if (!(await this.settings()).active) throw new ReviewActionError('inactive', 'Syncing is turned off. Activate it in Setup first.');
      const [dw, mc] =
        link.entity === 'contact'
          ? [await this.remote('dw.getContact', () => this.dw.getContact(link.dw.id)), await this.remote('mc.getContact', () => this.mc.getContact(link.mc.id))]
          : [await this.remote('dw.getMatter', () => this.dw.getMatter(link.dw.id)), await this.remote('mc.getMatter', () => this.mc.getMatter(link.mc.id))];
      if (!dw || !mc) {
        // Deleted since it was archived: the mark says so now, and so do the choices offered.
        const gone: Side = dw ? 'mycase' : 'docketwise';
        const batch: CommitBatch = { links: [], log: [], review: [] };
        this.markLink(run, batch, link, gone === 'mycase' ? 'deleted-on-mc' : 'deleted-on-dw', gone === 'docketwise' ? 'push' : 'pull');
        await this.store.commit(batch, 'mark-link');
        throw new ReviewActionError('gone', `It has since been deleted in ${productName(gone)}. Reload the page: you can re-create it or unlink it.`);
      }
      const marked = side === 'mycase' ? mc : dw;
      if (marked.archived) {
        throw new ReviewActionError('still-archived', `It is still archived in ${where}. Unarchive it there first, then choose Keep syncing; or choose Unlink.`);
      }
      const resumed: StoredLink = { ...link, state: 'ok', stateAt: new Date(this.clock.now()).toISOString() };
      await this.store.commit(
        {
          links: [resumed],
          reviewDone: [reviewKey],
          log: [this.log(run, link.entity, side === 'docketwise' ? 'push' : 'pull', 'linked', link.dw.id, link.mc.id, `Kept linked by the user after it was archived in ${where}; the two sync again (R29)`, 'R29')],
        },
        'resume-marked',
      );
      try {
        if (link.entity === 'contact') await this.syncContactPair(run, resumed, side, marked as SideContact);
        else await this.syncMatterPair(run, resumed, side, marked as SideMatter);
      } catch (error) {
        if (!isTransient(error) && !isRecordError(error)) throw error;
        // The choice is saved; the pair catches up with the next change to either record.
        await this.store.commit({ log: [this.log(run, link.entity, side === 'docketwise' ? 'push' : 'pull', 'failed', link.dw.id, link.mc.id, `${describeError(error)} (R22)`, 'R22')] }, 'log-failed');
        return `Syncing again, but the first update did not go through (${describeError(error)}). It is sent with the next change to either record.`;
      }
      const after = await this.store.getLink(link.entity, link.dw.id);
      if (after && after.state !== 'ok') return `Not synced: it is ${markParts(after.state).what} in ${productName(markParts(after.state).side)} now. See the review queue.`;
      return 'Syncing again. Changes made on either side while it was archived were brought across.';
    });
  }

  /**
   * A user's choice runs alone, as a run does: in this instance's run slot (runs asked for
   * meanwhile answer 'busy', as during any run) and under the persisted lock (another worker).
   */
  private async asUserAction<T>(work: (run: RunState) => Promise<T>): Promise<T> {
    const busy = (): ReviewActionError => new ReviewActionError('busy', 'A sync is running. Try again when it has finished (the popup shows its progress).');
    if (this.running) throw busy();
    const run = this.manualRun();
    const task = (async (): Promise<T> => {
      if (!(await this.store.acquireLock(run.runId, this.owner, this.clock.now(), this.opts.staleLockMs))) throw busy();
      try {
        this.settingsCache = null;
        return await work(run);
      } finally {
        await this.store.releaseLock(run.runId);
      }
    })();
    // Taken before the first await, so a run started meanwhile cannot slip in.
    this.running = task.then(
      () => this.outcome('done', run, run.kind),
      () => this.outcome('failed', run, run.kind),
    );
    try {
      return await task;
    } finally {
      this.running = null;
    }
  }

  /** The marked link behind a review item (R29), or a typed refusal when either is gone. */
  private async markedLink(reviewKey: string): Promise<{ link: StoredLink; state: MarkedState }> {
    const item = (await this.store.reviewItems()).find((r) => r.key === reviewKey);
    const dwId = item?.dwIds[0];
    const link = item?.kind === 'link-marked' && dwId !== undefined ? await this.store.getLink(item.entity, dwId) : undefined;
    if (!item || !link || link.state === 'ok' || reviewKey !== `link-marked:${link.key}` || link.mc.id !== item.mcIds[0]) {
      throw new ReviewActionError('gone', 'This was already dealt with (the records were unlinked, re-created or linked again). Reload the page to see the queue as it is now.');
    }
    return { link, state: link.state };
  }

  /** R29 re-create in DW: an unlinked DW person with the same key (entered again by hand) is linked instead (R8). */
  private async recreateContactInDocketwise(run: RunState, mc: SideContact, replacing: StoredLink): Promise<void> {
    const rows = (await this.store.indexByMatchKey('docketwise', contactMatchKey(mc.fields))).filter((r) => r.kind === 'person' && !r.archived);
    const free: RecordId[] = [];
    for (const row of rows) if (!(await this.store.getLink('contact', row.id))) free.push(row.id);
    if (free.length > 1) {
      throw new ReviewActionError('not-created', 'Docketwise already has several contacts with this name and email. Link the right one by id below instead of making another.');
    }
    const [match] = free;
    if (match !== undefined) {
      await this.linkContacts(run, mc, match, 'linked', 'R8', replacing);
      // The index may name a contact deleted since its last scan: then it is created after all.
      if ((await this.store.getLink('contact', match))?.state === 'ok') return;
    }
    await this.createContactInDocketwise(run, mc, replacing);
  }

  private manualRun(): RunState {
    const now = this.clock.now();
    return {
      runId: `manual-${now}`,
      kind: 'push',
      trigger: 'manual',
      startedAt: now,
      phase: 'done',
      cursor: null,
      since: null,
      scanId: null,
      seen: { contact: [], matter: [] },
      done: 0,
      total: null,
      counts: emptyRunCounts(),
      failures: 0,
      lastError: null,
    };
  }

  /** R20: writes the DW value a conflict replaced back to DW (it then flows to MC as a DW edit). */
  async restoreConflict(id: number): Promise<void> {
    const conflict = (await this.store.conflicts()).find((c) => c.id === id);
    if (!conflict || conflict.restoredAt !== null) return;
    const { restore } = conflict;
    if (restore.entity === 'contact') await this.dw.updateContact(restore.id, restore.patch as ContactPatch);
    else await this.dw.updateMatter(restore.id, restore.patch as MatterPatch);
    await this.store.markConflictRestored(id, this.clock.now());
    await this.store.enqueue(restore.entity, restore.id, this.clock.now());
  }

  // ================================================================== run driver

  private outcome(status: RunOutcomeStatus, run: RunState | null, kind: RunKind | null, error: string | null = null): RunOutcome {
    return { status, runId: run?.runId ?? null, kind: run?.kind ?? kind, counts: run?.counts ?? emptyRunCounts(), error };
  }

  private async settings(): Promise<EngineSettings> {
    this.settingsCache ??= await this.store.settings();
    return this.settingsCache;
  }

  private async startRunNow(kind: RunKind, trigger: string, runId?: string): Promise<RunOutcome> {
    this.settingsCache = null;
    const settings = await this.settings();
    if (!settings.active) return this.outcome('inactive', null, kind);
    const existing = await this.store.getMeta('run');
    if (existing) {
      // An unfinished run goes first: finishing it is what the user asked for earlier.
      const resumed = await this.driveLocked(existing);
      return resumed.status === 'done' && resumed.kind !== kind ? this.startRunNow(kind, trigger, runId) : resumed;
    }
    const now = this.clock.now();
    const since = new Date((settings.lastPullStartedAt ?? Date.parse(settings.activatedAt ?? new Date(now).toISOString())) - this.opts.overlapMs).toISOString();
    const run: RunState = {
      runId: runId ?? `${kind}-${now}-${randomId()}`,
      kind,
      trigger,
      startedAt: now,
      phase: firstPhase(kind),
      cursor: null,
      since: kind === 'pull' ? since : null,
      scanId: randomId(),
      seen: { contact: [], matter: [] },
      done: 0,
      total: null,
      counts: emptyRunCounts(),
      failures: 0,
      lastError: null,
    };
    if (!(await this.store.acquireLock(run.runId, this.owner, now, this.opts.staleLockMs))) {
      return this.outcome('busy', null, kind);
    }
    await this.store.commit({ meta: { run }, runs: [this.runRecordSync(run, 'running', null, emptyRunCounts())] }, 'run-start');
    return this.drive(run);
  }

  private async driveLocked(run: RunState): Promise<RunOutcome> {
    this.settingsCache = null;
    if (!(await this.settings()).active) return this.outcome('inactive', run, run.kind);
    if (!(await this.store.acquireLock(run.runId, this.owner, this.clock.now(), this.opts.staleLockMs))) {
      return this.outcome('busy', run, run.kind);
    }
    return this.drive(run);
  }

  /** Runs steps until the run is done, a fatal error stops it, or transient errors persist. */
  private async drive(initial: RunState): Promise<RunOutcome> {
    let run = initial;
    await this.recoverIntents(run);
    let finishedAtLastFailure = this.finishedRecords;
    while (run.phase !== 'done') {
      // R26: deactivation stops a run between steps; its checkpoint was already cleared.
      if (!(await this.settings()).active) return this.outcome('inactive', run, run.kind);
      try {
        run = await this.step(run);
        run.failures = 0;
        this.progress = this.progressOf(run);
        await this.store.commit({ meta: { run, lock: { runId: run.runId, owner: this.owner, heartbeatAt: this.clock.now() } } }, 'checkpoint');
      } catch (error) {
        if (isTransient(error)) {
          // R21: stop here, keep the checkpoint; retry a few times now, then wait for resume().
          // A step that failed after finishing some records made progress: only consecutive
          // failures without progress count towards giving up.
          const progressed = this.finishedRecords > finishedAtLastFailure;
          finishedAtLastFailure = this.finishedRecords;
          run = { ...run, failures: progressed ? 1 : run.failures + 1, lastError: describeError(error) };
          await this.store.commit({ meta: { run } }, 'step-failed');
          if (run.failures > this.opts.maxStepRetries) {
            await this.store.putRunRecord(await this.runRecord(run, 'interrupted', run.lastError));
            return this.outcome('interrupted', run, run.kind, run.lastError);
          }
          await this.sleep(Math.min(1000 * 2 ** run.failures, 30_000));
          await this.recoverIntents(run);
          continue;
        }
        if (error instanceof RunStopped || isFatal(error)) {
          const cause = error instanceof RunStopped ? error.reason : error;
          return this.failRun(run, cause);
        }
        // Anything else (a bug, or a simulated crash) leaves the run as checkpointed for resume().
        throw error;
      }
    }
    return this.finishRun(run);
  }

  private async failRun(run: RunState, cause: unknown): Promise<RunOutcome> {
    const message = describeError(cause);
    const counts = await this.countsOf(run.runId);
    await this.store.putRunRecord({ ...(await this.runRecord(run, 'failed', message)), counts });
    await this.store.commit(
      {
        review: [
          {
            key: `run-failed:${run.kind}`,
            kind: 'run-failed',
            entity: 'contact',
            dwIds: [],
            mcIds: [],
            detail: `The ${run.kind} sync stopped: ${message}`,
            nextStep: nextStepFor(cause),
            at: this.clock.now(),
          },
        ],
      },
      'run-failed',
    );
    await this.store.deleteMeta('run');
    await this.store.releaseLock(run.runId);
    this.progress = null;
    return { ...this.outcome('failed', run, run.kind, message), counts };
  }

  /** Settings, run record, review cleanup, run state and lock: one transaction. */
  private async finishRun(run: RunState): Promise<RunOutcome> {
    const now = this.clock.now();
    const counts = await this.countsOf(run.runId);
    const settings: EngineSettings = { ...(await this.store.settings()), lastRunAt: now };
    if (run.kind === 'initial' || run.kind === 'pull') {
      // The next pull asks from this run's start (minus the overlap): nothing changed during
      // the run is missed (R13).
      settings.lastPullStartedAt = run.startedAt;
      settings.lastSuccessfulPullAt = now;
    }
    if (run.kind === 'docketwise-check') settings.lastCheckAt = now;
    await this.store.commit(
      {
        meta: { settings },
        metaDelete: ['run', 'lock'],
        runs: [{ ...this.runRecordSync(run, 'done', null, counts), finishedAt: now }],
        reviewDone: [`run-failed:${run.kind}`],
      },
      'run-finish',
    );
    this.settingsCache = null;
    this.progress = null;
    return { ...this.outcome('done', run, run.kind), counts };
  }

  private runRecordSync(run: RunState, status: RunRecord['status'], error: string | null, counts: RunCounts): RunRecord {
    return {
      runId: run.runId,
      kind: run.kind,
      trigger: run.trigger,
      startedAt: run.startedAt,
      finishedAt: status === 'running' ? null : this.clock.now(),
      status,
      counts,
      error,
    };
  }

  private async runRecord(run: RunState, status: RunRecord['status'], error: string | null): Promise<RunRecord> {
    return {
      runId: run.runId,
      kind: run.kind,
      trigger: run.trigger,
      startedAt: run.startedAt,
      finishedAt: status === 'running' ? null : this.clock.now(),
      status,
      counts: status === 'running' ? emptyRunCounts() : await this.countsOf(run.runId),
      error,
    };
  }

  /** Counts come from the log, which is written atomically with each record's effects. */
  private async countsOf(runId: string): Promise<RunCounts> {
    const counts = emptyRunCounts();
    for (const entry of await this.store.readLog({ runId })) counts[entry.entity][entry.direction][entry.outcome] += 1;
    return counts;
  }

  private progressOf(run: RunState): Progress {
    const elapsed = this.clock.now() - run.startedAt;
    const etaMs =
      run.total !== null && run.done > 0 ? Math.max(0, Math.round((elapsed / run.done) * (run.total - run.done))) : null;
    return { runId: run.runId, kind: run.kind, trigger: run.trigger, phase: run.phase, done: run.done, total: run.total, etaMs };
  }

  private remote<T>(label: string, call: () => Promise<T>): Promise<T> {
    this.beforeRemote(label);
    return call();
  }

  // ================================================================== steps

  private async step(run: RunState): Promise<RunState> {
    switch (run.phase) {
      case 'index-dw-contacts':
        return this.stepScanDocketwise(run, 'contact', 'stage-mc-contacts');
      case 'stage-mc-contacts':
        return this.stepStageMyCase(run);
      case 'apply-mc-contacts':
        return this.stepApplyStaged(run);
      case 'pull-contacts':
        return this.stepPullPage(run, 'contact', 'pull-matters');
      case 'pull-matters':
        return this.stepPullPage(run, 'matter', 'done');
      case 'scan-dw-contacts':
        return this.stepScanDocketwise(run, 'contact', 'scan-dw-matters');
      case 'scan-dw-matters':
        return this.stepScanDocketwise(run, 'matter', 'dw-deletions');
      case 'dw-deletions':
        return this.stepDocketwiseDeletions(run);
      case 'drain-outbox':
        return this.stepDrainOutbox(run);
      default:
        return { ...run, phase: 'done' };
    }
  }

  /**
   * One page of a full DW listing compared with the local index (DW has no updated-since
   * filter). During the initial sync it builds the index; during a check it enqueues what
   * changed (R18) for the push phase.
   */
  private async stepScanDocketwise(run: RunState, entity: Entity, nextPhase: string): Promise<RunState> {
    const options = run.cursor === null ? {} : { resumeFrom: run.cursor };
    const page =
      entity === 'contact'
        ? await this.remote('dw.listContacts', () => firstPage(this.dw.listContacts(options)))
        : await this.remote('dw.listMatters', () => firstPage(this.dw.listMatters(options)));
    const settings = await this.settings();
    const now = this.clock.now();
    const batch: CommitBatch = { index: [], outbox: [], log: [] };
    const initial = run.kind === 'initial';
    for (const record of page.records as (SideContact | SideMatter)[]) {
      const before = await this.store.getIndex('docketwise', entity, record.id);
      const row = this.indexRow(record, entity, run.scanId, initial ? true : (before?.preActivation ?? false));
      const unchanged = before !== undefined && before.hash === row.hash && before.archived === row.archived && before.lead === row.lead && before.kind === row.kind;
      // Only changed rows are written: a scan of 10,000 unchanged contacts writes nothing.
      if (initial || !unchanged) batch.index?.push(row);
      if (initial || unchanged) continue;
      const link = await this.store.getLink(entity, record.id);
      const matterIsNew = entity === 'matter' && settings.activatedAt !== null && (row.createdAt ?? '') > settings.activatedAt;
      const contactIsNew = entity === 'contact' && row.kind === 'person' && !row.lead && !row.preActivation;
      if (link || matterIsNew || contactIsNew) {
        const key = outboxKey(entity, record.id);
        batch.outbox?.push({ key, entity, dwId: record.id, attempts: 0, nextAttemptAt: now, enqueuedAt: now, lastError: null });
      }
    }
    for (const error of page.rejected) batch.log?.push(this.rejectLog(run, entity, 'push', 'docketwise', error.recordId, describeError(error)));
    await this.store.commit(batch, 'scan-page');
    const done = run.done + page.records.length + page.rejected.length;
    const listed = [...page.records.map((r) => r.id), ...page.rejected.flatMap((e) => (e.recordId === null ? [] : [e.recordId]))];
    const seen = { ...run.seen, [entity]: [...run.seen[entity], ...listed] };
    if (page.next !== null) return { ...run, cursor: page.next, done, seen, total: initial ? null : page.total };
    return { ...run, phase: nextPhase, cursor: null, seen, done: initial ? 0 : done, total: null };
  }

  /** Initial sync, part 2: every MC contact is staged so R11 can see every key first. */
  private async stepStageMyCase(run: RunState): Promise<RunState> {
    const options = run.cursor === null ? {} : { resumeFrom: run.cursor };
    const page = await this.remote('mc.listContacts', () => firstPage(this.mc.listContacts(options)));
    const batch: CommitBatch = {
      index: page.records.map((r) => this.indexRow(r, 'contact', run.scanId, true)),
      log: page.rejected.map((e) => this.rejectLog(run, 'contact', 'pull', 'mycase', e.recordId, describeError(e))),
    };
    await this.store.commit(batch, 'stage-page');
    const total = page.total ?? run.total;
    if (page.next !== null) return { ...run, cursor: page.next, total };
    // All MC persons are known: keys shared by two of them are ambiguous (R11).
    const staged = (await this.store.indexOf('mycase', 'contact')).filter((r) => r.scanId === run.scanId && r.sideMatchKey !== null);
    const byKey = new Map<string, RecordId[]>();
    for (const row of staged) {
      const ids = byKey.get(row.sideMatchKey ?? '') ?? [];
      ids.push(row.id);
      byKey.set(row.sideMatchKey ?? '', ids);
    }
    const review: ReviewItem[] = [];
    for (const [sideKey, ids] of byKey) {
      if (ids.length > 1) review.push(this.ambiguousItem(sideKey.slice('mycase:'.length), ids, []));
    }
    await this.store.commit({ review }, 'ambiguous-keys');
    return { ...run, phase: 'apply-mc-contacts', cursor: null, total: staged.length, done: 0 };
  }

  /** Initial sync, part 3: the staged MC persons in id order, one batch per step (R8–R11). */
  private async stepApplyStaged(run: RunState): Promise<RunState> {
    const after = run.cursor === null ? -Infinity : Number(run.cursor);
    const staged = (await this.store.indexOf('mycase', 'contact'))
      .filter((r) => r.scanId === run.scanId && r.id > after)
      .sort((a, b) => a.id - b.id)
      .slice(0, this.opts.batchSize);
    if (staged.length === 0) return { ...run, phase: 'done', cursor: null };
    const records = staged.map((row) => this.contactFromIndex(row));
    await this.applyContacts(run, 'mycase', records, [], []);
    const last = staged[staged.length - 1];
    return { ...run, cursor: String(last?.id ?? after), done: run.done + staged.length };
  }

  /** Pull: one page of MC changes since the cursor (R13–R15). */
  private async stepPullPage(run: RunState, entity: Entity, nextPhase: string): Promise<RunState> {
    const options = { updatedAfter: run.since ?? undefined, ...(run.cursor === null ? {} : { resumeFrom: run.cursor }) };
    if (entity === 'contact') {
      const page = await this.remote('mc.listContacts', () => firstPage(this.mc.listContacts(options)));
      await this.applyContacts(run, 'mycase', page.records, page.rejected, []);
      return this.advance(run, page, nextPhase);
    }
    const page = await this.remote('mc.listMatters', () => firstPage(this.mc.listMatters(options)));
    await this.applyMatters(run, 'mycase', page.records, page.rejected, []);
    return this.advance(run, page, nextPhase);
  }

  private advance<T>(run: RunState, page: Page<T>, nextPhase: string): RunState {
    const done = run.done + page.records.length + page.rejected.length;
    if (page.next !== null) return { ...run, cursor: page.next, done, total: page.total ?? run.total };
    return { ...run, phase: nextPhase, cursor: null, done, total: null };
  }

  /** After a complete DW scan: linked records no longer listed were deleted in DW (R29). */
  private async stepDocketwiseDeletions(run: RunState): Promise<RunState> {
    const batch: CommitBatch = { links: [], log: [], review: [] };
    const gone: string[] = [];
    for (const entity of ['contact', 'matter'] as const) {
      const rows = await this.store.indexOf('docketwise', entity);
      const seen = new Set(run.seen[entity]);
      // Guard in the spirit of vdirsyncer's StorageEmpty: an empty listing proves nothing.
      if (seen.size === 0) continue;
      for (const row of rows) {
        if (seen.has(row.id)) continue;
        gone.push(row.key);
        const link = await this.store.getLink(entity, row.id);
        if (link && link.state === 'ok') this.markLink(run, batch, link, 'deleted-on-dw', 'push');
      }
    }
    await this.store.commit(batch, 'dw-deletions');
    if (gone.length > 0) {
      const tx = this.store.db.transaction('records', 'readwrite');
      await Promise.all([...gone.map((key) => tx.store.delete(key)), tx.done]);
    }
    const settings = await this.settings();
    return { ...run, phase: settings.mode === 'two-way' ? 'drain-outbox' : 'done', cursor: null };
  }

  /** Push: one batch of due outbox entries (R16–R18). Failures back off per entry. */
  private async stepDrainOutbox(run: RunState): Promise<RunState> {
    const settings = await this.settings();
    if (settings.mode === 'one-way') return { ...run, phase: 'done' };
    const now = this.clock.now();
    const due = await this.store.dueOutbox(now, this.opts.batchSize);
    if (due.length === 0) return { ...run, phase: 'done' };
    for (const entry of due) {
      try {
        if (entry.entity === 'contact') {
          const record = await this.remote('dw.getContact', () => this.dw.getContact(entry.dwId));
          await this.applyContacts(run, 'docketwise', record ? [record] : [], [], record ? [] : [entry.dwId]);
        } else {
          const record = await this.remote('dw.getMatter', () => this.dw.getMatter(entry.dwId));
          await this.applyMatters(run, 'docketwise', record ? [record] : [], [], record ? [] : [entry.dwId]);
        }
        await this.store.commit({ outboxRemove: [entry.key] }, 'outbox-done');
      } catch (error) {
        if (!isTransient(error)) throw error;
        // R21: a create whose answer was lost is looked up now, while it still has the name it
        // was sent with (a rename in MyCase before the next run would hide it from recovery).
        await this.recoverIntents(run).catch((recovery: unknown) => {
          if (!isTransient(recovery)) throw recovery;
        });
        // R18: an MC outage delays the push and loses nothing: the entry waits with backoff.
        const attempts = entry.attempts + 1;
        const wait = Math.min(this.opts.retryBaseMs * 2 ** (attempts - 1), this.opts.retryMaxMs);
        await this.store.commit(
          { outbox: [{ ...entry, attempts, nextAttemptAt: this.clock.now() + wait, lastError: describeError(error) }] },
          'outbox-retry',
        );
      }
    }
    return { ...run, done: run.done + due.length };
  }

  // ================================================================== contacts

  private async applyContacts(
    run: RunState,
    source: Side,
    records: readonly SideContact[],
    rejected: Page<SideContact>['rejected'],
    missing: readonly RecordId[],
  ): Promise<void> {
    const settings = await this.settings();
    const links = new Map<RecordId, StoredLink>();
    for (const id of [...records.map((r) => r.id), ...missing]) {
      const link = source === 'mycase' ? await this.store.getLinkByMc('contact', id) : await this.store.getLink('contact', id);
      if (link) links.set(id, link);
    }
    const candidates = new Map<string, { id: RecordId; linked: boolean }[]>();
    if (source === 'mycase') {
      for (const record of records) {
        const key = contactMatchKey(record.fields);
        if (candidates.has(key)) continue;
        const rows = (await this.store.indexByMatchKey('docketwise', key)).filter((r) => r.kind === 'person' && !r.archived);
        const list: { id: RecordId; linked: boolean }[] = [];
        for (const row of rows) list.push({ id: row.id, linked: (await this.store.getLink('contact', row.id)) !== undefined });
        candidates.set(key, list);
      }
    }
    const ambiguousKeys = new Set(
      (await this.store.reviewItems()).filter((r) => r.kind === 'ambiguous').map((r) => r.key.slice('ambiguous:'.length)),
    );
    const preActivation = new Map<RecordId, boolean>();
    if (source === 'docketwise') {
      for (const record of records) {
        preActivation.set(record.id, (await this.store.getIndex('docketwise', 'contact', record.id))?.preActivation ?? false);
      }
    }
    const actions = planContacts({
      mode: settings.mode,
      source,
      records,
      rejected,
      missing,
      linkOf: (id) => links.get(id),
      dwCandidates: (key) => candidates.get(key) ?? [],
      ambiguousKeys,
      isPreActivation: (id) => preActivation.get(id) ?? false,
    });
    const byId = new Map(records.map((r) => [r.id, r]));
    for (const action of actions) {
      await this.execute(run, action, source, (id) => byId.get(id), links);
    }
  }

  /** Runs one planned action; a per-record failure is logged and skipped (R22). */
  private async execute(
    run: RunState,
    action: PlanAction,
    source: Side,
    recordOf: (id: RecordId) => SideContact | SideMatter | undefined,
    links: ReadonlyMap<RecordId, StoredLink>,
  ): Promise<void> {
    const direction: Direction = source === 'mycase' ? 'pull' : 'push';
    try {
      await this.executeAction(run, action, source, recordOf, links, direction);
      this.finishedRecords += 1;
    } catch (error) {
      if (isFatal(error)) throw new RunStopped(error);
      if (!isRecordError(error)) throw error;
      const { dwId, mcId } = idsOf(action, source);
      await this.store.commit(
        { log: [this.log(run, action.entity, direction, 'failed', dwId, mcId, `${describeError(error)} (R22)`, 'R22')] },
        'log-failed',
      );
      this.finishedRecords += 1;
    }
  }

  private async executeAction(
    run: RunState,
    action: PlanAction,
    source: Side,
    recordOf: (id: RecordId) => SideContact | SideMatter | undefined,
    links: ReadonlyMap<RecordId, StoredLink>,
    direction: Direction,
  ): Promise<void> {
    {
      switch (action.kind) {
        case 'reject':
          await this.store.commit({ log: [this.rejectLog(run, action.entity, direction, action.side, action.id, describeError(action.error))] }, 'log');
          return;
        case 'skip':
          await this.store.commit({ log: [this.skipLog(run, action, direction)] }, 'log');
          return;
        case 'unchanged':
          // R19: nothing to write; the index still learns the record's current hash.
          if (source === 'docketwise') await this.refreshIndex(run, action.entity, recordOf(action.id));
          return;
        case 'ambiguous': {
          const item = this.ambiguousItem(action.key, action.mcIds, action.dwIds);
          await this.store.commit(
            { review: [item], log: [this.log(run, 'contact', 'pull', 'skipped', null, action.mcIds[0] ?? null, `${item.detail} (R11)`, 'R11')] },
            'ambiguous',
          );
          return;
        }
        case 'mark-link': {
          const link = [...links.values()].find((l) => l.dw.id === action.dwId && l.entity === action.entity);
          if (!link) return;
          const batch: CommitBatch = { links: [], log: [], review: [] };
          this.markLink(run, batch, link, action.state, direction);
          await this.store.commit(batch, 'mark-link');
          return;
        }
        case 'link': {
          const mc = recordOf(action.mcId) as SideContact | undefined;
          if (mc) await this.linkContacts(run, mc, action.dwId, 'linked', 'R8');
          return;
        }
        case 'create': {
          const record = recordOf(action.sourceId);
          if (!record) return;
          if (action.entity === 'contact') {
            if (action.target === 'docketwise') await this.createContactInDocketwise(run, record as SideContact);
            else await this.createContactInMyCase(run, record as SideContact);
          } else {
            await this.createMatter(run, record as SideMatter, action.target);
          }
          return;
        }
        case 'sync-pair': {
          const link = [...links.values()].find((l) => l.dw.id === action.dwId);
          const record = recordOf(source === 'mycase' ? action.mcId : action.dwId);
          if (!link || !record) return;
          if (action.entity === 'contact') await this.syncContactPair(run, link, source, record as SideContact);
          else await this.syncMatterPair(run, link, source, record as SideMatter);
          return;
        }
      }
    }
  }

  /** R8 / R14: link an MC person with a DW person; MC values win, MC blanks never erase (R9). */
  private async linkContacts(run: RunState, mc: SideContact, dwId: RecordId, outcome: Outcome, rule: string, replacing?: StoredLink): Promise<void> {
    const settings = await this.settings();
    const indexed = run.kind === 'initial' ? await this.store.getIndex('docketwise', 'contact', dwId) : undefined;
    const dw = indexed?.contact
      ? this.contactFromIndex(indexed)
      : await this.remote('dw.getContact', () => this.dw.getContact(dwId));
    if (!dw) return;
    const merge = mergeContact({ mode: settings.mode, mc: mc.fields, dw: dw.fields, base: null });
    const dwAfter = Object.keys(merge.toDw).length > 0 ? await this.remote('dw.updateContact', () => this.dw.updateContact(dwId, merge.toDw)) : dw;
    const notes = decisionNotes(merge.decisions);
    await this.store.commit(
      this.replaceMarked(
        {
          links: [this.newLink('contact', dwAfter, mc)],
          index: [this.indexRow(dwAfter, 'contact', run.scanId, indexed?.preActivation ?? false)],
          log: [this.log(run, 'contact', 'pull', outcome, dwId, mc.id, `Matched on first name, last name and email (${rule})${notes}`, rule)],
        },
        replacing,
        RECREATED,
      ),
      'link',
    );
  }

  private async createContactInDocketwise(run: RunState, mc: SideContact, replacing?: StoredLink): Promise<void> {
    const fields = contactForDocketwise(mc.fields);
    const intent = this.intent(run, 'contact', 'docketwise', mc, contactMatchKey(fields), null, false, fields);
    await this.store.commit({ intents: [intent] }, 'intent');
    try {
      const created = await this.remote('dw.createContact', () => this.dw.createContact(fields));
      await this.store.commit(
        this.replaceMarked(
          {
            links: [this.newLink('contact', created, mc)],
            index: [this.indexRow(created, 'contact', run.scanId, false)],
            intentsDone: [intent.opId],
            log: [this.log(run, 'contact', 'pull', 'created', created.id, mc.id, 'Created in Docketwise from MyCase (R10, R14)', 'R10')],
          },
          replacing,
          RECREATED,
        ),
        'created',
      );
    } catch (error) {
      // A refused create wrote nothing: the intent is closed; a transient one stays for recovery.
      if (isRecordError(error)) await this.store.commit({ intentsDone: [intent.opId] }, 'intent-closed');
      throw error;
    }
  }

  /**
   * R16: a new DW primary contact goes to MC. MC is asked by email first: the same person there
   * is linked instead of duplicated, and an email used by someone else is left out (R2).
   */
  private async createContactInMyCase(run: RunState, dw: SideContact, replacing?: StoredLink): Promise<void> {
    const fields = contactForMyCase(dw.fields);
    const key = contactMatchKey(fields);
    let withoutEmail = false;
    if (fields.email.trim() !== '') {
      const found = await this.remote('mc.findContactsByEmail', () => this.mc.findContactsByEmail(fields.email));
      for (const candidate of found) {
        if (candidate.kind === 'person' && contactMatchKey(candidate.fields) === key && !(await this.store.getLinkByMc('contact', candidate.id))) {
          await this.linkContacts(run, candidate, dw.id, 'linked', 'R14', replacing);
          return;
        }
      }
      withoutEmail = found.length > 0;
    }
    await this.createInMyCaseWithIntent(run, dw, fields, withoutEmail, replacing);
  }

  private async createInMyCaseWithIntent(run: RunState, dw: SideContact, fields: ContactFields, withoutEmail: boolean, replacing?: StoredLink): Promise<void> {
    const sent = withoutEmail ? { ...fields, email: '' } : fields;
    const intent = this.intent(run, 'contact', 'mycase', dw, contactMatchKey(sent), null, withoutEmail, sent);
    await this.store.commit({ intents: [intent] }, 'intent');
    let created: SideContact;
    try {
      created = await this.remote('mc.createContact', () => this.mc.createContact(sent));
    } catch (error) {
      if (isRecordError(error)) await this.store.commit({ intentsDone: [intent.opId] }, 'intent-closed');
      if (error instanceof ValidationError && error.field === 'email' && error.code === 'taken' && !withoutEmail) {
        // R2: the email was taken between the lookup and the create.
        return this.createInMyCaseWithIntent(run, dw, fields, true, replacing);
      }
      throw error;
    }
    const batch: CommitBatch = {
      links: [this.newLink('contact', dw, created)],
      intentsDone: [intent.opId],
      log: [this.log(run, 'contact', 'push', 'created', dw.id, created.id, 'Created in MyCase from Docketwise (R16)', 'R16')],
    };
    if (withoutEmail) this.emailTaken(run, batch, dw.id, created.id, fields.email);
    await this.store.commit(this.replaceMarked(batch, replacing, RECREATED), 'created');
  }

  /** R2: logged for that contact and put in the review queue; not an error that stops the run. */
  private emailTaken(run: RunState, batch: CommitBatch, dwId: RecordId, mcId: RecordId, email: string): void {
    batch.log?.push(
      this.log(run, 'contact', 'push', 'skipped', dwId, mcId, `Email ${email} is already used by another MyCase contact; written without it (R2)`, 'R2'),
    );
    batch.review = [
      ...(batch.review ?? []),
      {
        key: `email-taken:${dwId}`,
        kind: 'email-taken',
        entity: 'contact',
        dwIds: [dwId],
        mcIds: [mcId],
        detail: `Email ${email} of Docketwise contact ${dwId} is used by another MyCase contact, so MyCase contact ${mcId} has no email.`,
        nextStep: 'Merge the two MyCase contacts or give one of them another email; the next sync fills it in.',
        at: this.clock.now(),
      },
    ];
  }

  /**
   * Read-before-write (Unison): the other side of a linked pair, fresh. When it was deleted or
   * archived there, the link is marked and nothing is propagated (R29); returns null then.
   */
  private async readOtherOrMark<T extends SideContact | SideMatter>(
    run: RunState,
    link: StoredLink,
    other: Side,
    read: (side: SyncSide, id: RecordId) => Promise<T | null>,
    what: 'getContact' | 'getMatter',
  ): Promise<T | null> {
    const otherId = other === 'mycase' ? link.mc.id : link.dw.id;
    const side = other === 'mycase' ? this.mc : this.dw;
    const fresh = await this.remote(`${other === 'mycase' ? 'mc' : 'dw'}.${what}`, () => read(side, otherId));
    if (fresh && !fresh.archived) return fresh;
    const batch: CommitBatch = { links: [], log: [], review: [] };
    this.markLink(run, batch, link, `${fresh ? 'archived' : 'deleted'}-on-${other === 'mycase' ? 'mc' : 'dw'}`, directionTo(other));
    await this.store.commit(batch, 'mark-link');
    return null;
  }

  /** A linked contact changed on `source`: read the other side, merge (R20), write both. */
  private async syncContactPair(run: RunState, link: StoredLink, source: Side, record: SideContact): Promise<void> {
    const settings = await this.settings();
    const other = otherSide(source);
    const direction = directionTo(other);
    const fresh = await this.readOtherOrMark(run, link, other, (side, id) => side.getContact(id), 'getContact');
    if (!fresh) return;
    const mc = source === 'mycase' ? record : fresh;
    const dw = source === 'mycase' ? fresh : record;
    const merge = mergeContact({
      mode: settings.mode,
      mc: mc.fields,
      dw: dw.fields,
      base: { mc: link.mc.fields as ContactFields, dw: link.dw.fields as ContactFields },
      sent: link.pending as PendingWrites<ContactFields> | undefined,
    });
    // Conflicts are recorded before DW is written, so a replaced value is never lost (R20); what
    // is about to be written is saved with them (see StoredLink.pending).
    await this.commitBeforeWrites(
      merge.decisions.conflicts.map((f) => this.conflict(run, 'contact', link, f, dw.fields[f], mc.fields[f])),
      this.pendingLink<ContactFields>(link, merge.toMc, merge.toDw),
    );
    const batch: CommitBatch = { log: [], review: [] };
    let dwAfter = dw;
    if (Object.keys(merge.toDw).length > 0) {
      dwAfter = await this.remote('dw.updateContact', () => this.dw.updateContact(dw.id, merge.toDw));
      batch.log?.push(this.log(run, 'contact', 'pull', 'updated', dw.id, mc.id, `Updated in Docketwise: ${Object.keys(merge.toDw).join(', ')}${decisionNotes(merge.decisions)}`, 'R14'));
    }
    let mcAfter = mc;
    if (Object.keys(merge.toMc).length > 0) {
      mcAfter = await this.updateMyCaseContact(run, batch, dw.id, mc, merge.toMc);
    } else if (merge.decisions.keptDw.length > 0 || merge.decisions.ignoredDw.length > 0) {
      batch.log?.push(this.log(run, 'contact', direction, 'skipped', dw.id, mc.id, `Nothing written${decisionNotes(merge.decisions)}`, 'R9'));
    }
    batch.links = [{ ...this.newLink('contact', dwAfter, mcAfter), linkedAt: link.linkedAt }];
    batch.index = [this.indexRow(dwAfter, 'contact', run.scanId, false)];
    await this.store.commit(batch, 'pair-synced');
  }

  /** Writes a patch to MC; an email taken by another MC contact is left out (R2). */
  private async updateMyCaseContact(run: RunState, batch: CommitBatch, dwId: RecordId, mc: SideContact, patch: ContactPatch): Promise<SideContact> {
    try {
      const updated = await this.remote('mc.updateContact', () => this.mc.updateContact(mc.id, patch));
      batch.log?.push(this.log(run, 'contact', 'push', 'updated', dwId, mc.id, `Updated in MyCase: ${Object.keys(patch).join(', ')}`, 'R16'));
      return updated;
    } catch (error) {
      if (!(error instanceof ValidationError && error.field === 'email' && error.code === 'taken')) throw error;
      const { email, ...rest } = patch;
      this.emailTaken(run, batch, dwId, mc.id, email ?? '');
      if (Object.keys(rest).length === 0) return mc;
      return this.updateMyCaseContact(run, batch, dwId, mc, rest);
    }
  }

  // ================================================================== matters

  private async applyMatters(
    run: RunState,
    source: Side,
    records: readonly SideMatter[],
    rejected: Page<SideMatter>['rejected'],
    missing: readonly RecordId[],
  ): Promise<void> {
    const settings = await this.settings();
    const links = new Map<RecordId, StoredLink>();
    for (const id of [...records.map((r) => r.id), ...missing]) {
      const link = source === 'mycase' ? await this.store.getLinkByMc('matter', id) : await this.store.getLink('matter', id);
      if (link) links.set(id, link);
    }
    const actions = planMatters({
      mode: settings.mode,
      source,
      records,
      rejected,
      missing,
      linkOf: (id) => links.get(id),
      activatedAt: settings.activatedAt ?? new Date(0).toISOString(),
    });
    const byId = new Map(records.map((r) => [r.id, r]));
    for (const action of actions) await this.execute(run, action, source, (id) => byId.get(id), links);
  }

  private async dwContactOf(mcId: RecordId): Promise<RecordId | undefined> {
    const link = await this.store.getLinkByMc('contact', mcId);
    return link?.state === 'ok' ? link.dw.id : undefined;
  }

  private async mcContactOf(dwId: RecordId): Promise<RecordId | undefined> {
    const link = await this.store.getLink('contact', dwId);
    return link?.state === 'ok' ? link.mc.id : undefined;
  }

  /** Loads every contact link a matter merge may need, so the merge itself stays pure. */
  private async contactMaps(ids: { mc: RecordId[]; dw: RecordId[] }): Promise<{
    dwOf: (mcId: RecordId) => RecordId | undefined;
    mcOf: (dwId: RecordId) => RecordId | undefined;
  }> {
    const dwOf = new Map<RecordId, RecordId>();
    const mcOf = new Map<RecordId, RecordId>();
    for (const id of ids.mc) {
      const dwId = await this.dwContactOf(id);
      if (dwId !== undefined) dwOf.set(id, dwId);
    }
    for (const id of ids.dw) {
      const mcId = await this.mcContactOf(id);
      if (mcId !== undefined) mcOf.set(id, mcId);
    }
    return { dwOf: (id) => dwOf.get(id), mcOf: (id) => mcOf.get(id) };
  }

  /** R15 / R17: a matter created after activation goes to the other side, clients first. */
  private async createMatter(run: RunState, source: SideMatter, target: Side, replacing?: StoredLink): Promise<void> {
    const direction = directionTo(target);
    const clientIds = target === 'docketwise' ? await this.dwClientsFor(run, source) : await this.mcClientsFor(run, source);
    if (target === 'docketwise' && clientIds.length === 0) {
      // R15: a DW matter needs a client; the case waits until it has a person client.
      await this.store.commit(
        {
          log: [this.log(run, 'matter', direction, 'skipped', null, source.id, 'The case has no person client yet, so it cannot become a Docketwise matter (R15)', 'R15')],
          review: [
            {
              key: `no-client:${source.id}`,
              kind: 'no-client',
              entity: 'matter',
              dwIds: [],
              mcIds: [source.id],
              detail: `MyCase case "${source.fields.name}" has no person client.`,
              nextStep: 'Add a client (a person) to the case in MyCase; the next sync creates the matter.',
              at: this.clock.now(),
            },
          ],
        },
        'no-client',
      );
      return;
    }
    const fields: MatterFields = { name: source.fields.name, description: source.fields.description, clientIds };
    let name = fields.name;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const intent = this.intent(run, 'matter', target, source, null, name, false, { ...fields, name });
      await this.store.commit({ intents: [intent] }, 'intent');
      try {
        const created =
          target === 'docketwise'
            ? await this.remote('dw.createMatter', () => this.dw.createMatter({ ...fields, name }))
            : await this.remote('mc.createMatter', () => this.mc.createMatter({ ...fields, name }));
        const [dwMatter, mcMatter] = target === 'docketwise' ? [created, source] : [source, created];
        const suffixed = name !== fields.name ? ` as "${name}" because the name was taken (R6)` : '';
        await this.store.commit(
          this.replaceMarked(
            {
              links: [this.newLink('matter', dwMatter, mcMatter)],
              index: [this.indexRow(dwMatter, 'matter', run.scanId, false)],
              intentsDone: [intent.opId],
              log: [this.log(run, 'matter', direction, 'created', dwMatter.id, mcMatter.id, `Created in ${target === 'mycase' ? 'MyCase' : 'Docketwise'}${suffixed} (${target === 'mycase' ? 'R17' : 'R15'})`, target === 'mycase' ? 'R17' : 'R15')],
              reviewDone: [`no-client:${source.id}`],
            },
            replacing,
            RECREATED,
          ),
          'created',
        );
        return;
      } catch (error) {
        if (isRecordError(error)) await this.store.commit({ intentsDone: [intent.opId] }, 'intent-closed');
        const taken = error instanceof ValidationError && error.field === 'name' && error.code === 'taken';
        if (taken && target === 'mycase' && attempt === 0) {
          // R6: the case name is taken in MC: append the DW matter id and try once more.
          name = withMatterIdSuffix(fields.name, source.id);
          continue;
        }
        throw error;
      }
    }
  }

  /** R15: the case's clients synced first (R14); the DW client is the first linked person. */
  private async dwClientsFor(run: RunState, mcCase: SideMatter): Promise<RecordId[]> {
    for (const mcId of mcCase.fields.clientIds) {
      let dwId = await this.dwContactOf(mcId);
      if (dwId === undefined) {
        const contact = await this.remote('mc.getContact', () => this.mc.getContact(mcId));
        if (contact && contact.kind === 'person') {
          await this.applyContacts(run, 'mycase', [contact], [], []);
          dwId = await this.dwContactOf(mcId);
        }
      }
      if (dwId !== undefined) return [dwId];
    }
    return [];
  }

  /** R17: the matter's client is pushed first when it is not linked yet. */
  private async mcClientsFor(run: RunState, dwMatter: SideMatter): Promise<RecordId[]> {
    const dwClient = dwMatter.fields.clientIds[0];
    if (dwClient === undefined) return [];
    let mcId = await this.mcContactOf(dwClient);
    // A client the index knows is a company is never pushed (R3): no read needed, on every sync
    // of a matter whose client is an employer or another institution.
    const known = mcId === undefined ? await this.store.getIndex('docketwise', 'contact', dwClient) : undefined;
    if (mcId === undefined && known?.kind !== 'company') {
      const contact = await this.remote('dw.getContact', () => this.dw.getContact(dwClient));
      if (contact && contact.kind === 'person' && !(await this.store.getLink('contact', dwClient))) {
        await this.createContactInMyCase(run, contact);
        mcId = await this.mcContactOf(dwClient);
      }
    }
    return mcId === undefined ? [] : [mcId];
  }

  private async syncMatterPair(run: RunState, link: StoredLink, source: Side, record: SideMatter): Promise<void> {
    const settings = await this.settings();
    const other = otherSide(source);
    const fresh = await this.readOtherOrMark(run, link, other, (side, id) => side.getMatter(id), 'getMatter');
    if (!fresh) return;
    const mc = source === 'mycase' ? record : fresh;
    const dw = source === 'mycase' ? fresh : record;
    const base = { mc: link.mc.fields as MatterFields, dw: link.dw.fields as MatterFields };
    // R17: a changed DW client is pushed first when it is not linked yet, as for a new matter;
    // otherwise the case could not get it and the change would be absorbed as synced.
    if (settings.mode === 'two-way') await this.mcClientsFor(run, dw);
    // The first MC client that is a linked person may need pulling first (R15).
    for (const mcClient of mc.fields.clientIds) {
      if ((await this.dwContactOf(mcClient)) !== undefined) break;
      const contact = await this.remote('mc.getContact', () => this.mc.getContact(mcClient));
      if (contact?.kind === 'person') {
        await this.applyContacts(run, 'mycase', [contact], [], []);
        if ((await this.dwContactOf(mcClient)) !== undefined) break;
      }
    }
    const maps = await this.contactMaps({
      mc: [...mc.fields.clientIds, ...base.mc.clientIds],
      dw: [...dw.fields.clientIds, ...base.dw.clientIds],
    });
    const merge = mergeMatter({
      mode: settings.mode,
      dwMatterId: dw.id,
      mc: mc.fields,
      dw: dw.fields,
      base,
      sent: link.pending as PendingWrites<MatterFields> | undefined,
      dwContactOf: maps.dwOf,
      mcContactOf: maps.mcOf,
    });
    const dwView = { name: dw.fields.name, description: dw.fields.description, client: dw.fields.clientIds };
    const mcView = { name: mc.fields.name, description: mc.fields.description, client: mc.fields.clientIds };
    // MC adds a patched client to the case's clients (R17): what MC holds after the write.
    const toMcFields = merge.toMc.clientIds === undefined ? merge.toMc : { ...merge.toMc, clientIds: [...new Set([...mc.fields.clientIds, ...merge.toMc.clientIds])] };
    await this.commitBeforeWrites(
      merge.decisions.conflicts.map((f) => this.conflict(run, 'matter', link, f, dwView[f], mcView[f])),
      this.pendingLink<MatterFields>(link, toMcFields, merge.toDw),
    );
    const batch: CommitBatch = { log: [], review: [] };
    let dwAfter = dw;
    if (Object.keys(merge.toDw).length > 0) {
      dwAfter = await this.remote('dw.updateMatter', () => this.dw.updateMatter(dw.id, merge.toDw));
      batch.log?.push(this.log(run, 'matter', 'pull', 'updated', dw.id, mc.id, `Updated in Docketwise: ${Object.keys(merge.toDw).join(', ')}${decisionNotes(merge.decisions)}`, 'R15'));
    }
    let mcAfter = mc;
    if (Object.keys(merge.toMc).length > 0) {
      try {
        mcAfter = await this.remote('mc.updateMatter', () => this.mc.updateMatter(mc.id, merge.toMc));
      } catch (error) {
        if (!(error instanceof ValidationError && error.field === 'name' && error.code === 'taken' && merge.toMc.name !== undefined)) throw error;
        // R6: the new name is taken in MC: append the DW matter id.
        const patch = { ...merge.toMc, name: withMatterIdSuffix(merge.toMc.name, dw.id) };
        mcAfter = await this.remote('mc.updateMatter', () => this.mc.updateMatter(mc.id, patch));
      }
      batch.log?.push(this.log(run, 'matter', 'push', 'updated', dw.id, mc.id, `Updated in MyCase: ${Object.keys(merge.toMc).join(', ')}`, 'R17'));
    }
    batch.links = [{ ...this.newLink('matter', dwAfter, mcAfter), linkedAt: link.linkedAt }];
    batch.index = [this.indexRow(dwAfter, 'matter', run.scanId, false)];
    await this.store.commit(batch, 'pair-synced');
  }

  // ================================================================== crash recovery

  /**
   * R21: every create journaled but not finished is looked up on its target before anything is
   * created again. Found → linked. Not found → the intent is closed and the record is planned
   * again when its page or outbox entry is processed again.
   */
  private async recoverIntents(run: RunState): Promise<void> {
    const intents = await this.store.pendingIntents();
    if (intents.length === 0) return;
    let dwContacts: SideContact[] | null = null;
    let dwMatters: SideMatter[] | null = null;
    for (const intent of intents) {
      let found: SideContact | SideMatter | null = null;
      if (intent.entity === 'contact' && intent.target === 'docketwise') {
        dwContacts ??= await this.listAll('dw.listContacts', (o) => this.dw.listContacts(o));
        found = await this.unlinked('contact', 'docketwise', dwContacts.filter((c) => c.kind === 'person' && contactMatchKey(c.fields) === intent.matchKey));
      } else if (intent.entity === 'contact') {
        found = await this.findMyCaseContact(intent);
      } else if (intent.target === 'docketwise') {
        dwMatters ??= await this.listAll('dw.listMatters', (o) => this.dw.listMatters(o));
        found = await this.unlinked('matter', 'docketwise', await this.createdBy(intent, dwMatters));
      } else {
        const since = new Date(intent.startedAt - this.opts.overlapMs).toISOString();
        const recent = await this.listAll('mc.listMatters', (o) => this.mc.listMatters({ ...o, updatedAfter: since }));
        found = await this.unlinked('matter', 'mycase', await this.createdBy(intent, recent));
      }
      const batch: CommitBatch = { intentsDone: [intent.opId], log: [] };
      let replacing: StoredLink | undefined;
      if (found) {
        const source = await this.readSource(intent);
        if (source) {
          // R29: only a re-create journals a create for a record whose pair is marked; the new
          // pair takes the marked one's place.
          replacing = intent.target === 'docketwise' ? await this.store.getLinkByMc(intent.entity, source.id) : await this.store.getLink(intent.entity, source.id);
          const [dwRecord, mcRecord] = intent.target === 'docketwise' ? [found, source] : [source, found];
          const link = this.newLink(intent.entity, dwRecord, mcRecord);
          // The base is what was sent and what it was sent from, not the records as they are now:
          // an edit made on either one after the interrupted create still counts as a change (R19).
          const hash = (fields: ContactFields | MatterFields): string =>
            intent.entity === 'contact' ? hashContactFields(fields as ContactFields) : hashMatterFields(fields as MatterFields);
          const sourceFields = intent.sourceFields ?? source.fields;
          const sent = { id: found.id, hash: hash(intent.fields), fields: intent.fields };
          const from = { id: source.id, hash: hash(sourceFields), fields: sourceFields };
          if (intent.target === 'docketwise') {
            link.dw = sent;
            link.mc = from;
          } else {
            link.mc = sent;
            link.dw = from;
          }
          batch.links = [link];
          batch.index = [this.indexRow(dwRecord, intent.entity, run.scanId, false)];
          batch.log?.push(
            this.log(run, intent.entity, directionTo(intent.target), 'created', dwRecord.id, mcRecord.id, 'Created before an interruption; found again and linked (R21)', 'R21'),
          );
          if (intent.withoutEmail && intent.entity === 'contact') {
            this.emailTaken(run, batch, dwRecord.id, mcRecord.id, (dwRecord as SideContact).fields.email);
          }
        }
      }
      await this.store.commit(this.replaceMarked(batch, replacing, RECREATED), 'intent-recovered');
    }
  }

  /**
   * R21 for matters: a name is not a key (an older matter, or one a user adds later, may carry
   * it), so only a matter the create could have made qualifies: created after activation (R12)
   * and within the overlap around the intent (clock skew between browser and server), with the
   * name, the description and the clients that were sent. `unlinked` then takes the newest of
   * them not linked yet. What is left is a user's own matter identical in all of these, made
   * within minutes of ours: indistinguishable from it through the API (docs/decisions.md).
   */
  private async createdBy(intent: CreateIntent, matters: readonly SideMatter[]): Promise<SideMatter[]> {
    const sent = intent.fields as MatterFields;
    const activatedAt = (await this.settings()).activatedAt;
    return matters.filter(
      (m) =>
        (activatedAt === null || Date.parse(m.createdAt) > Date.parse(activatedAt)) &&
        Math.abs(Date.parse(m.createdAt) - intent.startedAt) <= this.opts.overlapMs &&
        sameName(m.fields.name, intent.name) &&
        normalizeText(m.fields.description) === normalizeText(sent.description) &&
        sent.clientIds.every((id) => m.fields.clientIds.includes(id)),
    );
  }

  private async readSource(intent: CreateIntent): Promise<SideContact | SideMatter | null> {
    const side = intent.target === 'docketwise' ? this.mc : this.dw;
    const prefix = intent.target === 'docketwise' ? 'mc' : 'dw';
    return intent.entity === 'contact'
      ? this.remote(`${prefix}.getContact`, () => side.getContact(intent.sourceId))
      : this.remote(`${prefix}.getMatter`, () => side.getMatter(intent.sourceId));
  }

  private async findMyCaseContact(intent: CreateIntent): Promise<SideContact | null> {
    const email = intent.matchKey === null ? '' : ((JSON.parse(intent.matchKey) as string[])[2] ?? '');
    if (email !== '') {
      // Email is unique in MyCase (R2): the unlinked person holding it is the one we created, even
      // if a user has edited its name since (matching the whole key would miss it and create a
      // second copy without the email).
      const found = await this.remote('mc.findContactsByEmail', () => this.mc.findContactsByEmail(email));
      return this.unlinked('contact', 'mycase', found.filter((c) => c.kind === 'person'));
    }
    // Created without an email (R2 or none): look among MC contacts changed since the intent.
    const since = new Date(intent.startedAt - this.opts.overlapMs).toISOString();
    const recent = await this.listAll('mc.listContacts', (o) => this.mc.listContacts({ ...o, updatedAfter: since }));
    return this.unlinked('contact', 'mycase', recent.filter((c) => contactMatchKey(c.fields) === intent.matchKey));
  }

  /** The newest candidate not linked yet (our create is the newest record with that key). */
  private async unlinked<T extends SideContact | SideMatter>(entity: Entity, side: Side, candidates: T[]): Promise<T | null> {
    const sorted = [...candidates].sort((a, b) => b.id - a.id);
    for (const candidate of sorted) {
      const link = side === 'docketwise' ? await this.store.getLink(entity, candidate.id) : await this.store.getLinkByMc(entity, candidate.id);
      if (!link) return candidate;
    }
    return null;
  }

  /** Every page of a listing, each page one instrumented request (used by crash recovery). */
  private async listAll<T>(label: string, list: (options: ListOptions) => AsyncIterable<Page<T>>): Promise<T[]> {
    const out: T[] = [];
    let cursor: string | null = null;
    // Bounded by the listing's end; the cap only guards against a side that never ends.
    for (let pages = 0; pages < 100_000; pages += 1) {
      const options: ListOptions = cursor === null ? {} : { resumeFrom: cursor };
      const page: Page<T> = await this.remote(label, () => firstPage(list(options)));
      out.push(...page.records);
      if (page.next === null) break;
      cursor = page.next;
    }
    return out;
  }

  // ================================================================== helpers

  private async refreshIndex(run: RunState, entity: Entity, record: SideContact | SideMatter | undefined): Promise<void> {
    if (!record) return;
    const before = await this.store.getIndex('docketwise', entity, record.id);
    const row = this.indexRow(record, entity, before?.scanId ?? run.scanId, before?.preActivation ?? false);
    if (before?.hash !== row.hash) await this.store.commit({ index: [row] }, 'index');
  }

  private indexRow(record: SideContact | SideMatter, entity: Entity, scanId: string | null, preActivation: boolean): IndexRecord {
    if (entity === 'contact') {
      const c = record as SideContact;
      return {
        key: indexKey(c.side, 'contact', c.id),
        side: c.side,
        entity,
        id: c.id,
        sideMatchKey: c.kind === 'person' ? `${c.side}:${contactMatchKey(c.fields)}` : null,
        hash: hashContactFields(c.fields),
        updatedAt: c.updatedAt,
        createdAt: null,
        kind: c.kind,
        lead: c.lead,
        archived: c.archived,
        preActivation,
        scanId,
        contact: c.fields,
        matter: null,
      };
    }
    const m = record as SideMatter;
    return {
      key: indexKey(m.side, 'matter', m.id),
      side: m.side,
      entity,
      id: m.id,
      sideMatchKey: null,
      hash: hashMatterFields(m.fields),
      updatedAt: m.updatedAt,
      createdAt: m.createdAt,
      kind: null,
      lead: false,
      archived: m.archived,
      preActivation,
      scanId,
      contact: null,
      matter: m.fields,
    };
  }

  private contactFromIndex(row: IndexRecord): SideContact {
    if (!row.contact) throw new Error(`index row ${row.key} has no contact fields`);
    return { side: row.side, id: row.id, kind: row.kind ?? 'person', lead: row.lead, archived: row.archived, updatedAt: row.updatedAt, fields: row.contact };
  }

  /** Conflicts (R20) and pending writes (R19) are saved in one commit before a pair is written. */
  private async commitBeforeWrites(conflicts: ConflictEntry[], links: StoredLink[]): Promise<void> {
    if (conflicts.length > 0 || links.length > 0) await this.store.commit({ conflicts, links }, 'pair-pending');
  }

  /**
   * The link with the fields about to be written to each side (R19: recognised as the sync's own
   * if the answer is lost); nothing when nothing is to be written. An R6 suffix added on retry is
   * not in it: that write is confirmed before anything is committed.
   */
  private pendingLink<F extends ContactFields | MatterFields>(link: StoredLink, toMc: Partial<F>, toDw: Partial<F>): StoredLink[] {
    const writesMc = Object.keys(toMc).length > 0;
    const writesDw = Object.keys(toDw).length > 0;
    if (!writesMc && !writesDw) return [];
    return [{ ...link, pending: { ...(writesMc ? { mc: toMc } : {}), ...(writesDw ? { dw: toDw } : {}) } }];
  }

  private newLink(entity: Entity, dw: SideContact | SideMatter, mc: SideContact | SideMatter): StoredLink {
    const hash = (r: SideContact | SideMatter): string =>
      entity === 'contact' ? hashContactFields((r as SideContact).fields) : hashMatterFields((r as SideMatter).fields);
    const at = new Date(this.clock.now()).toISOString();
    return {
      key: linkKey(entity, dw.id),
      mcKey: mcLinkKey(entity, mc.id),
      entity,
      state: 'ok',
      stateAt: at,
      dw: { id: dw.id, hash: hash(dw), fields: dw.fields },
      mc: { id: mc.id, hash: hash(mc), fields: mc.fields },
      linkedAt: at,
    };
  }

  /** R29: the link is marked, the other side left alone, and the user gets the choice. */
  private markLink(run: RunState, batch: CommitBatch, link: StoredLink, state: Exclude<LinkState, 'ok'>, direction: Direction): void {
    const { what, side } = markParts(state);
    const where = productName(side);
    const elsewhere = productName(otherSide(side));
    batch.links?.push({ ...link, state, stateAt: new Date(this.clock.now()).toISOString() });
    batch.log?.push(
      this.log(run, link.entity, direction, 'skipped', link.dw.id, link.mc.id, `The ${link.entity} was ${what} in ${where}; ${elsewhere} was left alone (R29)`, 'R29'),
    );
    batch.review?.push({
      key: `link-marked:${link.key}`,
      kind: 'link-marked',
      entity: link.entity,
      dwIds: [link.dw.id],
      mcIds: [link.mc.id],
      detail: `${link.entity === 'contact' ? 'Contact' : side === 'mycase' ? 'Case' : 'Matter'} "${linkName(link, otherSide(side))}" was ${what} in ${where}; the ${elsewhere} record was left as it is (Docketwise ${link.dw.id} / MyCase ${link.mc.id}).`,
      nextStep:
        what === 'deleted'
          ? `Unlink the two, or re-create it in ${where} from the ${elsewhere} record.`
          : `Unlink the two, or unarchive it in ${where} and choose Keep syncing.`,
      at: this.clock.now(),
    });
  }

  /**
   * R29: a create or link that takes the place of a marked pair. The marked link goes in the same
   * commit (removed first: the MyCase id is unique among links), its review item is resolved, and
   * the log line says why (`note`). Nothing changes unless `replacing` is a marked link.
   */
  private replaceMarked(batch: CommitBatch, replacing: StoredLink | undefined, note: ((state: MarkedState) => string) | null): CommitBatch {
    if (!replacing || replacing.state === 'ok') return batch;
    const { state } = replacing;
    const kept = new Set((batch.links ?? []).map((l) => l.key));
    let noted = note === null;
    const log = (batch.log ?? []).map((entry) => {
      if (noted || (entry.outcome !== 'created' && entry.outcome !== 'linked')) return entry;
      noted = true;
      return { ...entry, reason: `${note?.(state) ?? ''} ${entry.reason}`.trim(), rule: 'R29' };
    });
    return {
      ...batch,
      linksRemove: [...(batch.linksRemove ?? []), ...(kept.has(replacing.key) ? [] : [replacing.key])],
      reviewDone: [...(batch.reviewDone ?? []), `link-marked:${replacing.key}`],
      log,
    };
  }

  private intent(
    run: RunState,
    entity: Entity,
    target: Side,
    source: SideContact | SideMatter,
    matchKey: string | null,
    name: string | null,
    withoutEmail: boolean,
    fields: ContactFields | MatterFields,
  ): CreateIntent {
    return {
      opId: randomId(),
      runId: run.runId,
      entity,
      target,
      sourceId: source.id,
      matchKey,
      name,
      withoutEmail,
      fields,
      sourceFields: source.fields,
      startedAt: this.clock.now(),
    };
  }

  private conflict(run: RunState, entity: Entity, link: StoredLink, field: string, dwValue: unknown, mcValue: unknown): ConflictEntry {
    const restoreValue = field === 'client' ? { clientIds: dwValue } : { [field]: dwValue };
    return {
      runId: run.runId,
      at: this.clock.now(),
      entity,
      dwId: link.dw.id,
      mcId: link.mc.id,
      field,
      replacedDwValue: dwValue,
      mcValue,
      restore: { side: 'docketwise', entity, id: link.dw.id, patch: restoreValue as ContactPatch | MatterPatch },
      restoredAt: null,
    };
  }

  private ambiguousItem(key: string, mcIds: RecordId[], dwIds: RecordId[]): ReviewItem {
    const [first = '', last = '', email = ''] = JSON.parse(key) as string[];
    return {
      key: `ambiguous:${key}`,
      kind: 'ambiguous',
      entity: 'contact',
      dwIds,
      mcIds,
      detail: `Several contacts share the name ${first} ${last}${email ? ` and email ${email}` : ' and no email'}; none was linked automatically.`,
      nextStep: 'Merge the duplicates or make their names or emails differ, then sync again.',
      at: this.clock.now(),
    };
  }

  private skipLog(run: RunState, action: Extract<PlanAction, { kind: 'skip' }>, direction: Direction): LogEntry {
    const reasons: Record<typeof action.reason, [string, string]> = {
      company: ['Company contacts are never synced', 'R3'],
      lead: ['Leads are not pushed to MyCase', 'R16'],
      'one-way': ['One-way mode writes nothing to MyCase', 'R23'],
      'pre-activation': [action.entity === 'contact' ? 'Unmatched at activation, so not synced' : 'Existed at activation, so not synced unless linked', action.entity === 'contact' ? 'R10' : 'R12'],
      archived: ['Archived and not linked', 'R29'],
      'link-marked': ['The link is marked deleted or archived; waiting for the user', 'R29'],
    };
    const [reason, rule] = reasons[action.reason];
    const [dwId, mcId] = action.side === 'docketwise' ? [action.id, null] : [null, action.id];
    return this.log(run, action.entity, direction, 'skipped', dwId, mcId, `${reason} (${rule})`, rule);
  }

  private rejectLog(run: RunState, entity: Entity, direction: Direction, side: Side, id: RecordId | null, reason: string): LogEntry {
    const [dwId, mcId] = side === 'docketwise' ? [id, null] : [null, id];
    return this.log(run, entity, direction, 'failed', dwId, mcId, `${reason} (R22)`, 'R22');
  }

  private log(run: RunState, entity: Entity, direction: Direction, outcome: Outcome, dwId: RecordId | null, mcId: RecordId | null, reason: string, rule: string | null): LogEntry {
    return { runId: run.runId, at: this.clock.now(), entity, direction, outcome, dwId, mcId, reason, rule };
  }
}

function firstPhase(kind: RunKind): string {
  switch (kind) {
    case 'initial':
      return 'index-dw-contacts';
    case 'pull':
      return 'pull-contacts';
    case 'push':
      return 'drain-outbox';
    case 'docketwise-check':
      return 'scan-dw-contacts';
  }
}

/** A pair's name as last synced on `side` (the deleted side can no longer be read). */
export function linkName(link: StoredLink, side: Side): string {
  const fields = side === 'mycase' ? link.mc.fields : link.dw.fields;
  return link.entity === 'contact' ? `${(fields as ContactFields).firstName} ${(fields as ContactFields).lastName}`.trim() : (fields as MatterFields).name;
}

function sameName(a: string, b: string | null): boolean {
  return b !== null && normalizeText(a).toLowerCase() === normalizeText(b).toLowerCase();
}

function decisionNotes(d: FieldDecisions<string>): string {
  const notes: string[] = [];
  if (d.keptDw.length > 0) notes.push(`kept Docketwise's ${d.keptDw.join(', ')} because MyCase is blank (R9)`);
  if (d.conflicts.length > 0) notes.push(`changed on both sides, MyCase won for ${d.conflicts.join(', ')}; the Docketwise values are in the conflict log (R20)`);
  if (d.ignoredDw.length > 0) notes.push(`Docketwise changes to ${d.ignoredDw.join(', ')} not sent: one-way mode (R23)`);
  return notes.length > 0 ? `; ${notes.join('; ')}` : '';
}

function idsOf(action: PlanAction, source: Side): { dwId: RecordId | null; mcId: RecordId | null } {
  switch (action.kind) {
    case 'link':
    case 'sync-pair':
    case 'mark-link':
      return { dwId: action.dwId, mcId: action.mcId };
    case 'create':
      return source === 'docketwise' ? { dwId: action.sourceId, mcId: null } : { dwId: null, mcId: action.sourceId };
    case 'ambiguous':
      return { dwId: action.dwIds[0] ?? null, mcId: action.mcIds[0] ?? null };
    default:
      return { dwId: null, mcId: null };
  }
}
