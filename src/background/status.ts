/**
 * Maps what the engine, the store and sign-in report onto the protocol's shapes for the popup,
 * the options page and the Docketwise tab. Pure: inputs in, protocol values out.
 */
import type { AccountView } from '../auth/handlers';
import { toUiAccount } from '../auth';
import type { Entity, RecordId } from '../core/types';
import type {
  AccountStatus,
  Conflict,
  LogEntry as UiLogEntry,
  Problem,
  Progress as UiProgress,
  ReviewItem as UiReviewItem,
  RunSummary,
  StatusSnapshot,
} from '../messaging/protocol';
import type { ConflictEntry, IndexRecord, LogEntry, ReviewItem, RunRecord } from '../store/schema';
import type { EngineStatus, Progress } from '../sync/engine';

type Trigger = RunSummary['trigger'];
const TRIGGERS: ReadonlySet<string> = new Set<Trigger>([
  'activation', 'nightly', 'catch-up', 'docketwise-menu', 'popup', 'options', 'instant-push', 'scheduled-check', 'outbox-retry', 'resume',
]);

/** The engine names some triggers after the alarm that started them. */
export function uiTrigger(trigger: string): Trigger {
  if (trigger === 'periodic-check') return 'scheduled-check';
  return TRIGGERS.has(trigger) ? (trigger as Trigger) : 'resume';
}

export function runSummary(record: RunRecord): RunSummary {
  const outcome: RunSummary['outcome'] =
    record.status === 'running'
      ? 'running'
      : record.status === 'done'
        ? hasFailures(record) ? 'partial' : 'ok'
        : record.status === 'interrupted'
          ? 'partial'
          : 'failed';
  return {
    id: record.runId,
    kind: record.kind,
    trigger: uiTrigger(record.trigger),
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    outcome,
    counts: record.counts,
    message: record.error,
  };
}

function hasFailures(record: RunRecord): boolean {
  const c = record.counts;
  return c.contact.pull.failed + c.contact.push.failed + c.matter.pull.failed + c.matter.push.failed > 0;
}

export const PHASE_TEXT: Record<string, string> = {
  'index-dw-contacts': 'Reading Docketwise contacts',
  'stage-mc-contacts': 'Reading MyCase people',
  'apply-mc-contacts': 'Matching and updating contacts',
  'pull-contacts': 'Bringing MyCase people to Docketwise',
  'pull-matters': 'Bringing MyCase cases to Docketwise',
  'scan-dw-contacts': 'Looking for Docketwise contact changes',
  'scan-dw-matters': 'Looking for Docketwise matter changes',
  'dw-deletions': 'Checking for deleted records',
  'drain-outbox': 'Sending Docketwise changes to MyCase',
};

export function uiProgress(progress: Progress | null): UiProgress {
  if (!progress) return { running: false, runId: null, phase: null, done: 0, total: null, etaSeconds: null };
  return {
    running: true,
    runId: progress.runId,
    phase: PHASE_TEXT[progress.phase] ?? progress.phase,
    done: progress.done,
    total: progress.total,
    etaSeconds: progress.etaMs === null ? null : Math.round(progress.etaMs / 1000),
  };
}

export function uiProblems(engine: EngineStatus, accounts: readonly AccountView[], lastRunId: string | null): Problem[] {
  const problems: Problem[] = [];
  for (const account of accounts) {
    if (account.status !== 'reconnect-required') continue;
    const name = account.product === 'mycase' ? 'MyCase' : 'Docketwise';
    problems.push({
      id: `reconnect-${account.product}`,
      at: Date.now(),
      severity: 'error',
      message: `The ${name} sign-in expired or was withdrawn, so syncing is paused. Reconnect ${name} to continue.`,
      action: { kind: 'reconnect', product: account.product },
    });
  }
  engine.problems.forEach((problem, index) => {
    problems.push({
      id: `engine-${problem.at}-${index}`,
      at: problem.at,
      severity: 'warning',
      message: `${problem.text} ${problem.nextStep}`.trim(),
      // R29: a marked link is decided in the review queue, so the popup links straight to it.
      action: problem.reviewKey?.startsWith('link-marked:') ? { kind: 'review', itemId: problem.reviewKey } : { kind: 'open-log', runId: lastRunId },
    });
  });
  return problems;
}

export function statusSnapshot(input: {
  engine: EngineStatus;
  accounts: readonly AccountView[];
  nextNightlyAt: number | null;
  nextCheckAt: number | null;
  failingOutbox: number;
}): StatusSnapshot {
  const { engine } = input;
  const lastRun = engine.lastRun ? runSummary(engine.lastRun) : null;
  const accounts: AccountStatus[] = input.accounts.map(toUiAccount);
  return {
    activated: engine.active,
    mode: engine.mode,
    accounts,
    lastRun,
    lastSuccessfulPullAt: engine.lastSuccessfulPullAt,
    nextNightlyAt: engine.active ? input.nextNightlyAt : null,
    nextCheckAt: engine.active ? input.nextCheckAt : null,
    outbox: { pending: engine.outboxSize, failing: input.failingOutbox },
    problems: uiProblems(engine, input.accounts, lastRun?.id ?? null),
    progress: uiProgress(engine.running),
  };
}

/** A short label for a record, from the local index: the person's or the matter's name. */
export function recordLabel(index: IndexRecord | undefined, entity: Entity, id: RecordId | null): string {
  if (index?.contact) return `${index.contact.firstName} ${index.contact.lastName}`.trim() || `Contact ${id ?? ''}`.trim();
  if (index?.matter) return index.matter.name || `Matter ${id ?? ''}`.trim();
  return `${entity === 'contact' ? 'Contact' : 'Matter'} ${id ?? '?'}`;
}

export function uiLogEntry(entry: LogEntry, run: RunRecord | undefined, label: string): UiLogEntry {
  return {
    id: String(entry.id ?? `${entry.runId}-${entry.at}`),
    runId: entry.runId,
    at: entry.at,
    trigger: uiTrigger(run?.trigger ?? 'resume'),
    entity: entry.entity,
    direction: entry.direction,
    outcome: entry.outcome,
    label,
    docketwiseId: entry.dwId,
    mycaseId: entry.mcId,
    reason: entry.reason || null,
  };
}

function display(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    // Addresses and client lists: show their parts, not JSON punctuation.
    return Object.values(value as Record<string, unknown>)
      .filter((part) => part !== null && part !== '')
      .map(String)
      .join(', ');
  }
  return String(value);
}

export function uiConflict(entry: ConflictEntry, label: string): Conflict {
  return {
    id: String(entry.id ?? `${entry.runId}-${entry.at}`),
    at: entry.at,
    entity: entry.entity,
    docketwiseId: entry.dwId,
    mycaseId: entry.mcId,
    label,
    field: entry.field,
    replacedValue: display(entry.replacedDwValue),
    mycaseValue: display(entry.mcValue),
    restored: entry.restoredAt !== null,
  };
}

const REVIEW_KIND: Record<ReviewItem['kind'], UiReviewItem['kind']> = {
  ambiguous: 'ambiguous-match',
  'email-taken': 'email-in-use',
  'link-marked': 'deleted-on-mycase',
  'no-client': 'no-person-client',
  'name-taken': 'ambiguous-match',
  'run-failed': 'sync-stopped',
};

export function uiReviewItem(item: ReviewItem, labelOf: (side: 'mycase' | 'docketwise', id: RecordId) => string): UiReviewItem {
  // Items saved before 'run-failed' had its own kind were stored as 'link-marked': the key tells.
  const kind = item.key.startsWith('run-failed:')
    ? 'sync-stopped'
    : item.kind === 'link-marked' && /(deleted|archived) in Docketwise/i.test(item.detail)
      ? 'deleted-on-docketwise'
      : REVIEW_KIND[item.kind];
  return {
    id: item.key,
    at: item.at,
    kind,
    entity: item.entity,
    label: item.dwIds[0] !== undefined ? labelOf('docketwise', item.dwIds[0]) : item.mcIds[0] !== undefined ? labelOf('mycase', item.mcIds[0]) : item.key,
    details: `${item.detail} ${item.nextStep}`.trim(),
    candidates: [
      ...item.dwIds.map((id) => ({ side: 'docketwise' as const, id, label: labelOf('docketwise', id) })),
      ...item.mcIds.map((id) => ({ side: 'mycase' as const, id, label: labelOf('mycase', id) })),
    ],
  };
}
