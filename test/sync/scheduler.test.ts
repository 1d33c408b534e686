import { describe, expect, it } from 'vitest';
import type { RunOutcome, ScheduleInfo } from '../../src/sync/engine';
import {
  ALARM_NAMES,
  createScheduler,
  isNightlyDue,
  lastNightlySlot,
  nextNightlySlot,
  type AlarmInfo,
  type AlarmsApi,
} from '../../src/sync/scheduler';
import { emptyRunCounts, type RunKind } from '../../src/store/schema';

function fakeAlarms(): AlarmsApi & { map: Map<string, AlarmInfo>; creates: number } {
  const map = new Map<string, AlarmInfo>();
  const api = {
    map,
    creates: 0,
    create(name: string, info: { when?: number; periodInMinutes?: number }) {
      api.creates += 1;
      map.set(name, { name, scheduledTime: info.when ?? 0, periodInMinutes: info.periodInMinutes });
    },
    get: async (name: string) => map.get(name),
    clear: async (name: string) => map.delete(name),
  };
  return api;
}

function fakeEngine(info: Partial<ScheduleInfo>) {
  const calls: string[] = [];
  const state: ScheduleInfo = { active: true, mode: 'two-way', lastSuccessfulPullAt: null, lastCheckAt: null, unfinishedRun: false, nextOutboxAttemptAt: null, ...info };
  const outcome = (kind: RunKind | null): RunOutcome => ({ status: 'done', runId: 'r', kind, counts: emptyRunCounts(), error: null });
  return {
    state,
    calls,
    startRun: async (kind: RunKind, trigger?: string) => {
      calls.push(`${kind}:${trigger ?? ''}`);
      if (kind === 'pull') state.lastSuccessfulPullAt = now;
      return outcome(kind);
    },
    resume: async () => {
      calls.push('resume');
      state.unfinishedRun = false;
      return outcome(null);
    },
    scheduleInfo: async () => ({ ...state }),
  };
}

// Tests run with the process time zone; slots are computed in local time like the browser.
const now = new Date(2026, 0, 10, 14, 30).getTime();

describe('scheduler', () => {
  it('R13 the nightly slot defaults to 02:00 local time and is configurable', () => {
    expect(new Date(lastNightlySlot(now, '02:00'))).toEqual(new Date(2026, 0, 10, 2, 0));
    expect(new Date(nextNightlySlot(now, '02:00'))).toEqual(new Date(2026, 0, 11, 2, 0));
    expect(new Date(nextNightlySlot(now, '23:15'))).toEqual(new Date(2026, 0, 10, 23, 15));
    expect(() => lastNightlySlot(now, '25:00')).toThrow(RangeError);
  });

  it('R13 catch-up: a pull missed at the nightly time is due at the next start', () => {
    const lastNight = new Date(2026, 0, 10, 2, 0).getTime();
    expect(isNightlyDue({ active: true, lastSuccessfulPullAt: lastNight - 3_600_000 }, now, '02:00')).toBe(true);
    expect(isNightlyDue({ active: true, lastSuccessfulPullAt: lastNight + 60_000 }, now, '02:00')).toBe(false);
    expect(isNightlyDue({ active: false, lastSuccessfulPullAt: null }, now, '02:00')).toBe(false);
  });

  it('R13 R18 ensureAlarms is idempotent and creates the nightly pull and the 15-minute check', async () => {
    const alarms = fakeAlarms();
    const engine = fakeEngine({});
    const scheduler = createScheduler({ alarms, engine, clock: { now: () => now } });
    await scheduler.ensureAlarms();
    const created = alarms.creates;
    await scheduler.ensureAlarms();
    expect(alarms.creates).toBe(created);
    expect(alarms.map.get(ALARM_NAMES.check)?.periodInMinutes).toBeLessThanOrEqual(15);
    expect(alarms.map.get(ALARM_NAMES.nightly)?.scheduledTime).toBe(new Date(2026, 0, 11, 2, 0).getTime());
    // Alarms lost across a restart are re-created.
    alarms.map.clear();
    await scheduler.ensureAlarms();
    expect(alarms.map.has(ALARM_NAMES.nightly)).toBe(true);
  });

  it('R21 a resume alarm exists only while a run is unfinished; R18 an outbox alarm while pushes wait', async () => {
    const alarms = fakeAlarms();
    const engine = fakeEngine({ unfinishedRun: true, nextOutboxAttemptAt: now + 120_000 });
    const scheduler = createScheduler({ alarms, engine, clock: { now: () => now } });
    await scheduler.ensureAlarms();
    expect(alarms.map.has(ALARM_NAMES.resume)).toBe(true);
    expect(alarms.map.get(ALARM_NAMES.outbox)?.scheduledTime).toBe(now + 120_000);
    await scheduler.onAlarm(ALARM_NAMES.resume);
    expect(engine.calls).toEqual(['resume']);
    expect(alarms.map.has(ALARM_NAMES.resume)).toBe(false);
  });

  it('R13 at startup an unfinished run is resumed and a missed nightly pull runs', async () => {
    const alarms = fakeAlarms();
    const engine = fakeEngine({ unfinishedRun: true, lastSuccessfulPullAt: now - 2 * 86_400_000 });
    await createScheduler({ alarms, engine, clock: { now: () => now } }).onStartup();
    expect(engine.calls).toEqual(['resume', 'pull:catch-up']);
  });

  it('R26 when deactivated every alarm is cleared and nothing runs at startup', async () => {
    const alarms = fakeAlarms();
    const engine = fakeEngine({});
    const scheduler = createScheduler({ alarms, engine, clock: { now: () => now } });
    await scheduler.ensureAlarms();
    engine.state.active = false;
    await scheduler.onStartup();
    expect(alarms.map.size).toBe(0);
    expect(engine.calls).toEqual([]);
  });

  it('R13 R18 alarms dispatch to the matching run kinds', async () => {
    const alarms = fakeAlarms();
    const engine = fakeEngine({});
    const scheduler = createScheduler({ alarms, engine, clock: { now: () => now } });
    await scheduler.onAlarm(ALARM_NAMES.nightly);
    await scheduler.onAlarm(ALARM_NAMES.check);
    await scheduler.onAlarm(ALARM_NAMES.outbox);
    expect(await scheduler.onAlarm('someone-elses-alarm')).toBeNull();
    expect(engine.calls).toEqual(['pull:nightly', 'docketwise-check:periodic-check', 'push:outbox-retry']);
  });
});
