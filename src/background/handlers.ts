/**
 * The background's message handlers: one per protocol message, each a few lines over the
 * services. Long work (runs, form packages) is started and left running with a keep-alive; the
 * pages poll `sync/progress` and `forms/progress` for it.
 */
import { AuthInputError } from '../auth';
import { isSyncError } from '../core/errors';
import type { Entity, RecordId } from '../core/types';
import type { ReviewItem as UiReviewItem } from '../messaging/protocol';
import type { Handlers } from '../messaging/router';
import type { StoredLink } from '../store/schema';
import { linkName, markParts, markedLinkChoices, ReviewActionError, type RunOutcome } from '../sync/engine';
import { describeError } from '../sync/errors';
import { NOT_LINKED_REASON } from '../forms/eligibility';
import { formsProgress, linkedCaseId, startFormsJob } from './forms-jobs';
import { keepAliveWhile } from './keep-alive';
import type { Services } from './services';
import { readNightlyTime, writeNightlyTime } from './settings';
import { recordLabel, runSummary, uiConflict, uiLogEntry, uiProgress, uiReviewItem } from './status';
import { statusSnapshotFor } from './status-source';

export interface HandlerContext {
  services(): Promise<Services>;
  /** Called when anything the badge shows may have changed. */
  refreshBadge(): void;
}

const NOT_ACTIVE = 'Syncing is not turned on. Open the extension\'s settings, connect both accounts and click Activate.';

/** Starts engine work without making the caller wait; keeps the worker alive until it ends. */
function runDetached(context: HandlerContext, what: string, work: () => Promise<RunOutcome | null | void>): void {
  const ping = () => browser.runtime.getPlatformInfo();
  void keepAliveWhile(
    work().catch((error: unknown) => console.error(`[background] ${what} failed`, error)),
    ping,
  ).finally(() => context.refreshBadge());
}

async function labelFor(services: Services, side: 'mycase' | 'docketwise', entity: Entity, id: RecordId | null): Promise<string> {
  if (id === null) return recordLabel(undefined, entity, null);
  return recordLabel(await services.store.getIndex(side, entity, id), entity, id);
}

/** A marked pair's name from what was last synced: the deleted side is no longer in the index. */
function linkLabel(link: StoredLink, side: 'mycase' | 'docketwise'): string {
  return linkName(link, side) || `${link.entity === 'contact' ? 'Contact' : 'Matter'} ${side === 'mycase' ? link.mc.id : link.dw.id}`;
}

/**
 * R29: a review item about a marked link says what happened on which side and which choices
 * apply, with names from the link (the deleted record cannot be looked up any more).
 */
async function withMark(services: Services, item: UiReviewItem): Promise<UiReviewItem> {
  if (!item.id.startsWith('link-marked:')) return item;
  const dwId = item.candidates.find((c) => c.side === 'docketwise')?.id;
  const link = dwId === undefined ? undefined : await services.store.getLink(item.entity, dwId);
  if (!link || link.state === 'ok') return item;
  const { what, side } = markParts(link.state);
  const label = (s: 'mycase' | 'docketwise'): string => `${linkLabel(link, s)}${s === side ? ` (${what})` : ''}`;
  return {
    ...item,
    kind: side === 'docketwise' ? 'deleted-on-docketwise' : 'deleted-on-mycase',
    label: linkLabel(link, side === 'docketwise' ? 'mycase' : 'docketwise'),
    candidates: [
      { side: 'docketwise', id: link.dw.id, label: label('docketwise') },
      { side: 'mycase', id: link.mc.id, label: label('mycase') },
    ],
    mark: { what, side, choices: markedLinkChoices(link.state) },
  };
}

export function createHandlers(context: HandlerContext): Handlers {
  const { services } = context;
  return {
    ping: ({ from }) => ({ pong: true, echo: from, at: Date.now() }),

    'options/open': async ({ view, runId }) => {
      const hash = runId ? `${view}?run=${encodeURIComponent(runId)}` : view;
      await browser.tabs.create({ url: browser.runtime.getURL(`/options.html#${hash}`) });
      return { opened: true };
    },

    'docketwise/record-saved': async ({ entity, id }) => {
      const s = await services();
      const info = await s.engine.scheduleInfo();
      if (!info.active) return { queued: false, reason: NOT_ACTIVE };
      if (info.mode === 'one-way') {
        return { queued: false, reason: 'One-way mode: Docketwise changes are not sent to MyCase (R23).' };
      }
      await s.engine.enqueuePush(entity, id);
      runDetached(context, 'instant push', () => s.engine.startRun('push', 'instant-push'));
      context.refreshBadge();
      return { queued: true };
    },

    'sync/start': async ({ trigger }) => {
      const s = await services();
      const info = await s.engine.scheduleInfo();
      if (!info.active) return { started: false, runId: null, reason: NOT_ACTIVE };
      const status = await s.engine.status();
      if (status.running) return { started: true, runId: status.running.runId, reason: 'A sync is already running; showing its progress.' };
      // Named here so the page that asked follows this run, not the one before it.
      const runId = `pull-${Date.now()}-${crypto.randomUUID()}`;
      runDetached(context, 'manual pull', async () => {
        const outcome = await s.engine.startRun('pull', trigger, runId);
        await s.scheduler.ensureAlarms();
        return outcome;
      });
      return { started: true, runId };
    },

    'sync/progress': async ({ runId }) => {
      const s = await services();
      const status = await s.engine.status();
      const asked = runId === undefined ? undefined : await s.store.runRecord(runId);
      return {
        ...uiProgress(status.running),
        lastRun: status.lastRun ? runSummary(status.lastRun) : null,
        ...(runId === undefined ? {} : { run: asked ? runSummary(asked) : null }),
      };
    },

    'auth/connect': async ({ product }) => {
      const s = await services();
      const result = await s.auth.connect(product);
      context.refreshBadge();
      return result;
    },
    'auth/disconnect': async ({ product }) => {
      const s = await services();
      return s.auth.disconnect(product);
    },
    'auth/test': async ({ product }) => (await services()).auth.test(product),
    'auth/set-direct-credentials': async ({ product, credentials }) => {
      const s = await services();
      try {
        const result = await s.auth.setDirectCredentials(product, credentials);
        return { saved: true, disconnected: result.disconnected, warning: result.warning };
      } catch (error) {
        if (error instanceof AuthInputError) return { saved: false, disconnected: false, warning: error.message };
        throw error;
      }
    },

    'status/get': async () => statusSnapshotFor(await services()),

    'settings/get': async () => {
      const s = await services();
      const info = await s.engine.scheduleInfo();
      return { mode: info.mode, nightlyTime: await readNightlyTime() };
    },
    'settings/set': async ({ mode, nightlyTime }) => {
      const s = await services();
      if (mode) await s.engine.setMode(mode);
      if (nightlyTime && nightlyTime !== (await readNightlyTime())) {
        await writeNightlyTime(nightlyTime);
        await s.reschedule(nightlyTime);
      } else {
        await s.scheduler.ensureAlarms();
      }
      const info = await s.engine.scheduleInfo();
      return { mode: info.mode, nightlyTime: await readNightlyTime() };
    },

    'integration/activate': async ({ mode }) => {
      const s = await services();
      const accounts = await s.auth.accountStates();
      const missing = accounts.filter((a) => a.status !== 'connected').map((a) => (a.product === 'mycase' ? 'MyCase' : 'Docketwise'));
      if (missing.length > 0) {
        return { started: false, message: `Connect ${missing.join(' and ')} first, then activate.` };
      }
      const status = await s.engine.status();
      if (status.running) return { started: false, message: 'A sync is running; wait for it to finish, then activate again.' };
      runDetached(context, 'initial sync', async () => {
        const outcome = await s.engine.activate(mode);
        await s.scheduler.ensureAlarms();
        return outcome;
      });
      return { started: true, message: 'The first sync has started. It matches contacts first; a large firm takes several minutes.' };
    },

    'integration/deactivate': async () => {
      const s = await services();
      await s.engine.deactivate();
      await s.auth.disconnect();
      await s.scheduler.ensureAlarms();
      context.refreshBadge();
      return { deactivated: true };
    },

    'log/runs': async ({ limit }) => {
      const s = await services();
      return { runs: (await s.store.recentRuns(limit)).map(runSummary) };
    },

    'log/query': async (query) => {
      const s = await services();
      const all = await s.store.readLog({ runId: query.runId, outcome: query.outcome === 'conflict' || query.outcome === 'unchanged' ? undefined : query.outcome });
      const wanted = all.filter(
        (e) =>
          (query.from === undefined || e.at >= query.from) &&
          (query.to === undefined || e.at <= query.to) &&
          (query.entity === undefined || e.entity === query.entity) &&
          (query.direction === undefined || e.direction === query.direction) &&
          (query.outcome === undefined || e.outcome === query.outcome),
      );
      const page = wanted.slice(query.offset, query.offset + query.limit);
      const runs = new Map((await s.store.recentRuns(500)).map((r) => [r.runId, r]));
      const entries = await Promise.all(
        page.map(async (entry) => {
          const side = entry.dwId !== null ? 'docketwise' : 'mycase';
          const label = await labelFor(s, side, entry.entity, entry.dwId ?? entry.mcId);
          return uiLogEntry(entry, runs.get(entry.runId), label);
        }),
      );
      return { entries, total: wanted.length };
    },

    'conflicts/list': async ({ includeResolved }) => {
      const s = await services();
      const conflicts = (await s.store.conflicts()).filter((c) => includeResolved || c.restoredAt === null).sort((a, b) => b.at - a.at);
      return {
        conflicts: await Promise.all(conflicts.map(async (c) => uiConflict(c, await labelFor(s, 'docketwise', c.entity, c.dwId)))),
      };
    },
    'conflicts/restore': async ({ id }) => {
      const s = await services();
      const numeric = Number(id);
      if (!Number.isInteger(numeric)) return { restored: false, message: 'That conflict is not known.' };
      await s.engine.restoreConflict(numeric);
      const restored = (await s.store.conflicts()).find((c) => c.id === numeric)?.restoredAt !== null;
      if (restored) runDetached(context, 'restore push', () => s.engine.startRun('push', 'options'));
      return restored
        ? { restored: true, message: 'The Docketwise value is back, and it will be sent to MyCase as a Docketwise change.' }
        : { restored: false, message: 'That conflict could not be restored; it may have been restored already.' };
    },

    'review/list': async () => {
      const s = await services();
      const items = (await s.store.reviewItems()).sort((a, b) => b.at - a.at);
      const labels = new Map<string, string>();
      for (const item of items) {
        for (const id of item.dwIds) labels.set(`docketwise:${id}`, await labelFor(s, 'docketwise', item.entity, id));
        for (const id of item.mcIds) labels.set(`mycase:${id}`, await labelFor(s, 'mycase', item.entity, id));
      }
      const ui = items.map((item) => uiReviewItem(item, (side, id) => labels.get(`${side}:${id}`) ?? `${side === 'mycase' ? 'MyCase' : 'Docketwise'} ${id}`));
      return { items: await Promise.all(ui.map((item) => withMark(s, item))) };
    },
    'review/link': async ({ itemId, entity, docketwiseId, mycaseId }) => {
      const s = await services();
      const result = await s.engine.linkManually(entity, docketwiseId, mycaseId);
      if (result.linked && itemId) await s.engine.dismissReview(itemId);
      if (result.linked) runDetached(context, 'manual link', () => s.engine.startRun('push', 'options'));
      return result;
    },
    'review/dismiss': async ({ itemId }) => {
      await (await services()).engine.dismissReview(itemId);
      return { dismissed: true };
    },
    'review/resolve': async ({ itemId, action }) => {
      const s = await services();
      let message: string;
      try {
        message =
          action === 'unlink' ? await s.engine.unlinkMarked(itemId) : action === 'recreate' ? await s.engine.recreateMarked(itemId) : await s.engine.resumeMarked(itemId);
      } catch (error) {
        if (error instanceof ReviewActionError) return { done: false, message: error.message };
        // A refused or unanswered write: nothing was half-done (creates are journaled, R21).
        if (isSyncError(error)) return { done: false, message: `It did not go through: ${describeError(error)}. Try again; the same record is never created twice.` };
        throw error;
      }
      context.refreshBadge();
      // Saves noticed while the choice ran answered "busy"; their push goes now.
      if ((await s.engine.scheduleInfo()).nextOutboxAttemptAt !== null) runDetached(context, 'push after a review choice', () => s.engine.startRun('push', 'options'));
      return { done: true, message };
    },

    'forms/eligibility': async ({ matterId }) => {
      const s = await services();
      const caseId = await linkedCaseId(s, matterId);
      return caseId === null
        ? {
            linked: false,
            caseId: null,
            reason: NOT_LINKED_REASON,
          }
        : { linked: true, caseId, reason: null };
    },
    'forms/sync': async (request) => {
      const s = await services();
      const job = startFormsJob(s, request, 'Docketwise');
      runDetached(context, 'form package', () => job.finished);
      return { jobId: job.jobId };
    },
    'forms/progress': async ({ jobId }) => formsProgress(jobId),
  };
}
