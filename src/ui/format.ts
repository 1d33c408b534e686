/**
 * Pure text helpers for the popup and the options page: every label a paralegal reads is
 * built here, so wording stays consistent and is tested once.
 */
import type { Direction, Entity, LogEntry, Product, RunSummary, SyncMode } from './view-types';

export const productName: Record<Product, string> = { docketwise: 'Docketwise', mycase: 'MyCase' };

export const modeExplanation: Record<SyncMode, string> = {
  'two-way': 'Changes flow both ways: MyCase updates reach Docketwise, and contacts and matters saved in Docketwise reach MyCase.',
  'one-way': 'MyCase → Docketwise only: Docketwise is updated from MyCase, and nothing is written to MyCase except form packages you send yourself.',
};

export const modeName: Record<SyncMode, string> = { 'two-way': 'Two-way', 'one-way': 'One-way (MyCase → Docketwise)' };

export const entityName: Record<Entity, string> = { contact: 'Contacts', matter: 'Matters' };

export const directionName: Record<Direction, string> = { pull: 'MyCase → Docketwise', push: 'Docketwise → MyCase' };

const triggerNames: Record<RunSummary['trigger'], string> = {
  activation: 'Activation',
  nightly: 'Nightly sync',
  'catch-up': 'Catch-up after the browser started',
  'docketwise-menu': '"Sync MyCase" in Docketwise',
  popup: 'Sync now (popup)',
  options: 'Sync now (settings)',
  'instant-push': 'Saved in Docketwise',
  'scheduled-check': 'Docketwise check',
  'outbox-retry': 'Retry of waiting changes',
  resume: 'Resumed after an interruption',
};
export function triggerName(trigger: RunSummary['trigger']): string {
  return triggerNames[trigger];
}

const runOutcomeNames: Record<RunSummary['outcome'], string> = {
  running: 'Running',
  ok: 'Finished',
  partial: 'Finished with problems',
  failed: 'Failed',
};
export function runOutcomeName(outcome: RunSummary['outcome']): string {
  return runOutcomeNames[outcome];
}

const entryOutcomeNames: Record<LogEntry['outcome'], string> = {
  created: 'Created',
  updated: 'Updated',
  linked: 'Linked',
  skipped: 'Skipped',
  failed: 'Failed',
  conflict: 'Conflict (MyCase value kept)',
  unchanged: 'Unchanged',
};
export function entryOutcomeName(outcome: LogEntry['outcome']): string {
  return entryOutcomeNames[outcome];
}

/** The engine's step names, in words; an unknown step is shown as-is rather than hidden. */
const phaseNames: Record<string, string> = {
  'index-dw-contacts': 'Reading Docketwise contacts',
  'stage-mc-contacts': 'Reading MyCase contacts',
  'apply-mc-contacts': 'Matching and updating contacts',
  'pull-contacts': 'Bringing MyCase contacts to Docketwise',
  'pull-matters': 'Bringing MyCase cases to Docketwise',
  'scan-dw-contacts': 'Checking Docketwise contacts for changes',
  'scan-dw-matters': 'Checking Docketwise matters for changes',
  'dw-deletions': 'Checking for deleted Docketwise records',
  'drain-outbox': 'Sending waiting changes to MyCase',
  done: 'Finishing',
};
export function phaseName(phase: string | null): string | null {
  if (phase === null) return null;
  return phaseNames[phase] ?? phase;
}

/** "about 3 minutes left": rounded up so the estimate errs on the patient side. */
export function formatEta(seconds: number | null): string {
  if (seconds === null) return 'Estimating the time left…';
  if (seconds < 60) return 'Less than a minute left';
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `About ${minutes} minute${minutes === 1 ? '' : 's'} left`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `About ${hours} hour${hours === 1 ? '' : 's'}${rest > 0 ? ` ${rest} minute${rest === 1 ? '' : 's'}` : ''} left`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatProgress(done: number, total: number | null): string {
  return total === null ? `${formatCount(done)} done so far` : `${formatCount(done)} of ${formatCount(total)} done`;
}

/** Local date and time, e.g. "Dec 3, 2026, 2:00 AM". */
export function formatWhen(at: number): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "5 minutes ago", relative to `now` (passed in so the helper stays pure). */
export function formatAgo(at: number, now: number): string {
  const seconds = Math.round((now - at) / 1000);
  if (seconds < 0) return 'just now';
  if (seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  const days = Math.floor(hours / 24);
  return `${days} days ago`;
}

export function isValidNightlyTime(value: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}

/** A typed message failure reads "kind: detail"; people need the detail only. */
export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const kind = (error as Error & { kind?: unknown }).kind;
    if (typeof kind === 'string' && error.message.startsWith(`${kind}: `)) return error.message.slice(kind.length + 2);
    return error.message;
  }
  return String(error);
}
