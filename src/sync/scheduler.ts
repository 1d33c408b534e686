/**
 * The alarm logic, over an injected alarms API and clock (the background wires `browser.alarms`
 * and calls `ensureAlarms()` at every worker start and `onAlarm` from its listener).
 *
 * Alarms may be lost across restarts and do not wake a sleeping machine, so nothing relies on a
 * single repeating alarm: `ensureAlarms()` re-creates every alarm idempotently, and the nightly
 * pull is decided from the stored time of the last successful pull (catch-up, R13).
 */
import type { RunKind } from '../store/schema';
import type { RunOutcome, ScheduleInfo } from './engine';

export const ALARM_NAMES = {
  nightly: 'sync-nightly-pull',
  check: 'sync-docketwise-check',
  outbox: 'sync-outbox-retry',
  resume: 'sync-resume',
} as const;

export type AlarmName = (typeof ALARM_NAMES)[keyof typeof ALARM_NAMES];

export interface AlarmInfo {
  name: string;
  scheduledTime: number;
  periodInMinutes?: number;
}

/** The subset of `browser.alarms` the scheduler uses. */
export interface AlarmsApi {
  create(name: string, info: { when?: number; periodInMinutes?: number }): void | Promise<void>;
  get(name: string): Promise<AlarmInfo | undefined>;
  clear(name: string): Promise<boolean>;
}

/** The engine as the scheduler sees it. */
export interface SchedulableEngine {
  startRun(kind: RunKind, trigger?: string): Promise<RunOutcome>;
  resume(): Promise<RunOutcome | null>;
  scheduleInfo(): Promise<ScheduleInfo>;
}

export interface SchedulerConfig {
  /** Local time of the nightly pull, "HH:MM" (R13, default 02:00). */
  nightlyAt: string;
  /** Docketwise change check period (R18: at least every 15 minutes). */
  checkEveryMinutes: number;
  /** Period of the resume alarm while a run is unfinished (alarms fire at most every 30 s). */
  resumeEveryMinutes: number;
}

export const DEFAULT_SCHEDULER_CONFIG: SchedulerConfig = { nightlyAt: '02:00', checkEveryMinutes: 15, resumeEveryMinutes: 0.5 };

function parseHhMm(hhmm: string): { hours: number; minutes: number } {
  const match = /^(\d{1,2}):(\d{2})$/u.exec(hhmm.trim());
  const hours = Number(match?.[1] ?? NaN);
  const minutes = Number(match?.[2] ?? NaN);
  if (!match || hours > 23 || minutes > 59) throw new RangeError(`Nightly time must be HH:MM, got "${hhmm}"`);
  return { hours, minutes };
}

/** The most recent nightly slot at or before `now`, in the browser's local time. */
export function lastNightlySlot(now: number, hhmm: string): number {
  const { hours, minutes } = parseHhMm(hhmm);
  const slot = new Date(now);
  slot.setHours(hours, minutes, 0, 0);
  if (slot.getTime() > now) slot.setDate(slot.getDate() - 1);
  return slot.getTime();
}

/** The next nightly slot strictly after `now`. */
export function nextNightlySlot(now: number, hhmm: string): number {
  const last = lastNightlySlot(now, hhmm);
  const next = new Date(last);
  next.setDate(next.getDate() + 1);
  return next.getTime();
}

/**
 * R13 catch-up: the nightly pull is due when no pull succeeded since the latest nightly slot
 * (the browser was closed or asleep at that time).
 */
export function isNightlyDue(info: Pick<ScheduleInfo, 'active' | 'lastSuccessfulPullAt'>, now: number, hhmm: string): boolean {
  if (!info.active) return false;
  return info.lastSuccessfulPullAt === null || info.lastSuccessfulPullAt < lastNightlySlot(now, hhmm);
}

export interface Scheduler {
  /** Idempotent: creates what is missing, fixes what is wrong, clears what is not needed. */
  ensureAlarms(): Promise<void>;
  /** At every worker start: alarms, then an unfinished run, then a missed nightly pull. */
  onStartup(): Promise<void>;
  onAlarm(name: string): Promise<RunOutcome | null>;
}

export function createScheduler(deps: {
  alarms: AlarmsApi;
  engine: SchedulableEngine;
  clock?: { now(): number };
  config?: Partial<SchedulerConfig>;
}): Scheduler {
  const config: SchedulerConfig = { ...DEFAULT_SCHEDULER_CONFIG, ...deps.config };
  const now = (): number => deps.clock?.now() ?? Date.now();
  const { alarms, engine } = deps;

  /** Re-creates an alarm only when it is missing or differs, so calling this often is free. */
  async function ensure(name: AlarmName, info: { when?: number; periodInMinutes?: number }): Promise<void> {
    const existing = await alarms.get(name);
    const samePeriod = existing?.periodInMinutes === info.periodInMinutes;
    const sameWhen = info.when === undefined || existing?.scheduledTime === info.when;
    if (existing && samePeriod && sameWhen) return;
    await alarms.create(name, info);
  }

  async function clearIfPresent(name: AlarmName): Promise<void> {
    if (await alarms.get(name)) await alarms.clear(name);
  }

  const scheduler: Scheduler = {
    async ensureAlarms() {
      const info = await engine.scheduleInfo();
      if (!info.active) {
        // R26: deactivated, nothing runs.
        for (const name of Object.values(ALARM_NAMES)) await clearIfPresent(name);
        return;
      }
      const t = now();
      await ensure(ALARM_NAMES.nightly, { when: nextNightlySlot(t, config.nightlyAt) });
      // The DW check pushes too, so one-way mode (R23) needs it only to keep matching fresh.
      await ensure(ALARM_NAMES.check, { periodInMinutes: config.checkEveryMinutes });
      if (info.mode === 'two-way' && info.nextOutboxAttemptAt !== null) {
        await ensure(ALARM_NAMES.outbox, { when: Math.max(info.nextOutboxAttemptAt, t + 30_000) });
      } else {
        await clearIfPresent(ALARM_NAMES.outbox);
      }
      if (info.unfinishedRun) await ensure(ALARM_NAMES.resume, { periodInMinutes: config.resumeEveryMinutes });
      else await clearIfPresent(ALARM_NAMES.resume);
    },

    async onStartup() {
      await scheduler.ensureAlarms();
      const info = await engine.scheduleInfo();
      if (!info.active) return;
      if (info.unfinishedRun) await engine.resume();
      if (isNightlyDue(await engine.scheduleInfo(), now(), config.nightlyAt)) await engine.startRun('pull', 'catch-up');
      await scheduler.ensureAlarms();
    },

    async onAlarm(name) {
      let outcome: RunOutcome | null = null;
      switch (name) {
        case ALARM_NAMES.nightly:
          outcome = await engine.startRun('pull', 'nightly');
          break;
        case ALARM_NAMES.check:
          outcome = await engine.startRun('docketwise-check', 'periodic-check');
          break;
        case ALARM_NAMES.outbox:
          outcome = await engine.startRun('push', 'outbox-retry');
          break;
        case ALARM_NAMES.resume:
          outcome = await engine.resume();
          break;
        default:
          // Not ours (another part's alarm): nothing to do.
          return null;
      }
      await scheduler.ensureAlarms();
      return outcome;
    },
  };
  return scheduler;
}
