/**
 * The shapes the UI renders, re-exported from the message protocol as types only, so pure
 * components depend on data shapes and never on the messaging code itself.
 */
import type { Progress, RunSummary } from '../messaging/protocol';

export type {
  AccountStatus,
  Conflict,
  LogEntry,
  LogQuery,
  OutcomeCounts,
  Problem,
  Progress,
  ReviewChoice,
  ReviewItem,
  RunSummary,
  Settings,
  StatusSnapshot,
} from '../messaging/protocol';

export type Product = 'mycase' | 'docketwise';
export type Entity = 'contact' | 'matter';
export type Direction = 'pull' | 'push';
export type SyncMode = 'two-way' | 'one-way';

/** A one-off action's outcome, shown next to the button that started it. */
export type ActionResult = { state: 'idle' } | { state: 'working' } | { state: 'done'; ok: boolean; message: string };

/** A sync run as the pages follow it. */
export type RunView =
  | { state: 'idle' }
  | { state: 'starting' }
  | { state: 'running'; progress: Progress }
  | { state: 'finished'; lastRun: RunSummary | null }
  | { state: 'failed'; message: string };
