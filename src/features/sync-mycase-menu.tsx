/**
 * "Sync MyCase" in Docketwise's top-right profile menu (R13): starts a pull through the
 * background, shows its progress in place (done/total and the time left) and then the result,
 * with a way to the options page's sync log when something needs attention.
 *
 * Document-scoped: the top bar survives in-app navigation, so the run's progress does too; if
 * the app re-renders the menu, `observe` puts the item into the new one with the same state.
 */
import type { MessageClient } from '../messaging/client';
import type { OutcomeCounts, RunSummary } from '../messaging/protocol';
import { followStep, NOT_STARTED_REASON, START_GRACE_POLLS, type ProgressReply } from '../messaging/run-follow';
import { observe, waitForElement } from '../docketwise-site/observe';
import { findWithin } from '../docketwise-site/selectors';
import { describeError } from './describe-error';
import type { Feature } from './feature-manager';
import { mountShadowUi, type ShadowUi } from './shadow-ui';


export type SyncMenuState =
  | { kind: 'idle' }
  | { kind: 'starting' }
  | { kind: 'running'; runId: string | null; done: number; total: number | null; etaSeconds: number | null; phase: string | null }
  | { kind: 'finished'; runId: string | null; summary: RunSummary | null }
  | { kind: 'not-started'; reason: string }
  | { kind: 'failed'; message: string };

export const POLL_INTERVAL_MS = 1000;
/** Bounds the progress loop: a first sync of a large firm takes minutes, never hours. */
export const MAX_POLLS = 3 * 60 * 60;
/** Consecutive failed polls (the background restarting) before we give up showing progress. */
export const MAX_POLL_ERRORS = 5;

export function formatEta(seconds: number | null): string | null {
  if (seconds === null) return null;
  if (seconds < 60) return 'less than a minute left';
  const minutes = Math.round(seconds / 60);
  return minutes === 1 ? 'about 1 minute left' : `about ${minutes} minutes left`;
}

export function progressText(state: Extract<SyncMenuState, { kind: 'running' }>): string {
  const counted = state.total === null ? `${state.done} done` : `${state.done} of ${state.total}`;
  return [counted, formatEta(state.etaSeconds)].filter(Boolean).join(' · ');
}

/** Counts over both entities and both directions: the menu shows one line, the log the detail. */
export function totalCounts(summary: RunSummary): OutcomeCounts {
  const total: OutcomeCounts = { created: 0, updated: 0, linked: 0, skipped: 0, failed: 0 };
  for (const entity of [summary.counts.contact, summary.counts.matter]) {
    for (const counts of [entity.pull, entity.push]) {
      for (const key of Object.keys(total) as (keyof OutcomeCounts)[]) total[key] += counts[key];
    }
  }
  return total;
}

/** Whether the user should look at the log: something failed, or the run did not end well. */
export function needsAttention(summary: RunSummary | null): boolean {
  return !summary || summary.outcome !== 'ok' || totalCounts(summary).failed > 0;
}

export function summaryText(summary: RunSummary | null): string {
  if (!summary) return 'Sync finished.';
  if (summary.outcome === 'failed') return `Sync failed${summary.message ? `: ${summary.message}` : '.'}`;
  if (summary.outcome === 'running') return 'Sync paused; it will resume on its own.';
  const { created, updated, linked, skipped, failed } = totalCounts(summary);
  const parts = [
    created ? `${created} created` : '',
    updated ? `${updated} updated` : '',
    linked ? `${linked} linked` : '',
    skipped ? `${skipped} skipped` : '',
    failed ? `${failed} failed` : '',
  ].filter(Boolean);
  const line = parts.length > 0 ? `Sync finished: ${parts.join(', ')}.` : 'Sync finished: everything was already in step.';
  return summary.message ? `${line} ${summary.message}` : line;
}

const CSS = `
.item { display: block; width: 100%; padding: 8px 14px; border: 0; background: none; text-align: left; cursor: pointer; }
.item:hover, .item:focus-visible { background: #eef2ff; outline: none; }
.item[aria-disabled='true'] { cursor: default; color: #64748b; }
.detail { padding: 0 14px 8px; font-size: 12px; color: #64748b; }
.detail--problem { color: #b91c1c; }
.detail--ok { color: #15803d; }
progress { display: block; width: 100%; height: 6px; margin: 4px 0; accent-color: #2563eb; }
.link { padding: 0; border: 0; background: none; color: #2563eb; text-decoration: underline; cursor: pointer; font-size: 12px; }
`;

export function SyncMenuItem(props: {
  state: SyncMenuState;
  onSync: () => void;
  onOpenLog: () => void;
  /** Moves focus to the page's next (1) or previous (-1) menu item; false when there is none. */
  onArrow?: (step: 1 | -1) => boolean;
  logHint: string | null;
}) {
  const { state } = props;
  const busy = state.kind === 'starting' || state.kind === 'running';
  const label = state.kind === 'starting' ? 'Starting sync…' : state.kind === 'running' ? 'Syncing MyCase…' : 'Sync MyCase';
  const summary = state.kind === 'finished' ? state.summary : null;
  const needsLog = state.kind === 'finished' && needsAttention(summary);
  return (
    <div>
      {/* aria-disabled, not disabled: the item keeps keyboard focus while the run goes on. */}
      <button
        type="button"
        class="item"
        role="menuitem"
        aria-disabled={busy}
        aria-busy={busy}
        onClick={() => {
          if (!busy) props.onSync();
        }}
        onKeyDown={(event) => {
          if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
          // The page's own arrow-key handling cannot see into our shadow root: move on its behalf.
          if (props.onArrow?.(event.key === 'ArrowDown' ? 1 : -1)) {
            event.preventDefault();
            event.stopPropagation();
          }
        }}
      >
        {label}
      </button>
      {state.kind === 'running' && (
        <div class="detail" role="status">
          <progress max={state.total ?? undefined} value={state.total === null ? undefined : state.done} aria-label="Sync progress" />
          {progressText(state)}
        </div>
      )}
      {state.kind === 'finished' && (
        <div class={`detail ${needsLog ? 'detail--problem' : 'detail--ok'}`} role="status">
          {summaryText(summary)}{' '}
          {needsLog && (
            <button type="button" class="link" onClick={props.onOpenLog}>
              See the sync log
            </button>
          )}
          {props.logHint && <div>{props.logHint}</div>}
        </div>
      )}
      {state.kind === 'not-started' && (
        <div class="detail detail--problem" role="status">
          Not started: {state.reason}
        </div>
      )}
      {state.kind === 'failed' && (
        <div class="detail detail--problem" role="status">
          {state.message}
        </div>
      )}
    </div>
  );
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** The feature's logic, apart from the DOM: start, poll, summarise. Exported for tests. */
export function createSyncMenuController(deps: {
  send: MessageClient;
  signal: AbortSignal;
  onChange: () => void;
  pollIntervalMs?: number;
}) {
  let state: SyncMenuState = { kind: 'idle' };
  let logHint: string | null = null;
  const set = (next: SyncMenuState) => {
    state = next;
    deps.onChange();
  };

  async function follow(runId: string | null) {
    let errors = 0;
    let waited = 0;
    let summary: RunSummary | null = null;
    for (let poll = 0; poll < MAX_POLLS; poll++) {
      let progress: ProgressReply;
      try {
        progress = await deps.send('sync/progress', runId === null ? {} : { runId });
        errors = 0;
      } catch (error) {
        if (deps.signal.aborted) throw error;
        if (++errors >= MAX_POLL_ERRORS) {
          set({ kind: 'failed', message: `Lost contact with the extension while syncing (${describeError(error)}). The sync goes on; see the popup.` });
          return;
        }
        await sleep(deps.pollIntervalMs ?? POLL_INTERVAL_MS, deps.signal);
        continue;
      }
      const step = followStep(progress, runId);
      if (step.kind === 'waiting') {
        if (!progress.running && ++waited >= START_GRACE_POLLS) {
          set({ kind: 'not-started', reason: NOT_STARTED_REASON });
          return;
        }
        await sleep(deps.pollIntervalMs ?? POLL_INTERVAL_MS, deps.signal);
        continue;
      }
      if (step.kind === 'finished') {
        summary = step.summary;
        break;
      }
      const mine = runId === null || progress.runId === runId;
      set({ kind: 'running', runId, done: mine ? progress.done : 0, total: mine ? progress.total : null, etaSeconds: mine ? progress.etaSeconds : null, phase: mine ? progress.phase : null });
      await sleep(deps.pollIntervalMs ?? POLL_INTERVAL_MS, deps.signal);
    }
    set({ kind: 'finished', runId, summary });
  }

  return {
    state: () => state,
    logHint: () => logHint,
    async start() {
      if (state.kind === 'starting' || state.kind === 'running') return;
      logHint = null;
      set({ kind: 'starting' });
      try {
        const reply = await deps.send('sync/start', { trigger: 'docketwise-menu' });
        if (!reply.started) {
          // A run already going (another tab, the schedule) is followed rather than refused.
          if (reply.runId !== null) await follow(reply.runId);
          else set({ kind: 'not-started', reason: reply.reason ?? 'the extension did not say why.' });
          return;
        }
        set({ kind: 'running', runId: reply.runId, done: 0, total: null, etaSeconds: null, phase: null });
        await follow(reply.runId);
      } catch (error) {
        if (deps.signal.aborted) return;
        set({ kind: 'failed', message: `Sync could not start: ${describeError(error)}` });
      }
    },
    async openLog() {
      const runId = state.kind === 'finished' ? (state.runId ?? undefined) : undefined;
      try {
        const reply = await deps.send('options/open', { view: 'log', runId });
        logHint = reply.opened ? null : 'Open the extension’s options page to see the sync log.';
      } catch (error) {
        logHint = `Open the extension’s options page to see the sync log (${describeError(error)}).`;
      }
      deps.onChange();
    },
  };
}

/** Focuses the page's menu item after (1) or before (-1) our item, wrapping around. */
export function moveFocus(host: Element, step: 1 | -1): boolean {
  const menu = host.closest('[role="menu"]');
  if (!menu) return false;
  const entries = [...menu.children];
  const ours = entries.findIndex((entry) => entry.contains(host));
  if (ours < 0) return false;
  for (let offset = 1; offset < entries.length; offset++) {
    const entry = entries[(ours + step * offset + entries.length * offset) % entries.length];
    const item = entry?.matches('[role="menuitem"]') ? entry : entry?.querySelector('[role="menuitem"]');
    if (item instanceof HTMLElement) {
      item.focus();
      return true;
    }
  }
  return false;
}

export const syncMycaseMenu: Feature = {
  id: 'sync-mycase-menu',
  scope: 'document',
  async run({ signal, send, elementTimeoutMs }) {
    // Fails with ElementMissingError (logged once by the manager) if the menu never shows up.
    await waitForElement('profileMenu', { signal, timeout: elementTimeoutMs });
    const uis = new Set<ShadowUi>();
    const controller = createSyncMenuController({
      send,
      signal,
      onChange: () => uis.forEach(draw),
    });
    const draw = (ui: ShadowUi) =>
      ui.render(
        <SyncMenuItem
          state={controller.state()}
          logHint={controller.logHint()}
          onSync={() => void controller.start()}
          onOpenLog={() => void controller.openLog()}
          onArrow={(step) => moveFocus(ui.host, step)}
        />,
      );

    observe(
      'profileMenu',
      (menu) => {
        // A list needs an `li`, and an `li` cannot hold a shadow root: the host goes inside one.
        const inList = menu.tagName === 'UL' || menu.tagName === 'OL';
        const ui = mountShadowUi({
          name: 'sync-mycase-menu',
          tag: 'div',
          css: CSS,
          signal,
          place: (host) => {
            let item: Element = host;
            if (inList) {
              item = document.createElement('li');
              item.setAttribute('role', 'none');
              item.setAttribute('data-dw-mycase-sync-item', '');
              item.append(host);
              signal.addEventListener('abort', () => item.remove(), { once: true });
            } else {
              host.setAttribute('role', 'none');
            }
            // Just above "Log out", where account actions sit; at the end if there is none.
            const logout = findWithin(menu, 'profileMenuLogout');
            const logoutItem = logout?.closest('li');
            if (logoutItem && logoutItem.parentElement === menu) menu.insertBefore(item, logoutItem);
            else menu.append(item);
          },
        });
        uis.add(ui);
        signal.addEventListener('abort', () => uis.delete(ui), { once: true });
        draw(ui);
      },
      { signal },
    );
  },
};
