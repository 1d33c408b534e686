import type { StatusSnapshot } from '../messaging/protocol';
import { ALARM_NAMES } from '../sync/scheduler';
import type { Services } from './services';
import { statusSnapshot } from './status';

/** Reads everything the popup's status panel shows (R27) in one go. */
export async function statusSnapshotFor(s: Services): Promise<StatusSnapshot> {
  const [engine, accounts, outbox, nightly, check] = await Promise.all([
    s.engine.status(),
    s.auth.accountStates(),
    s.store.allOutbox(),
    browser.alarms.get(ALARM_NAMES.nightly),
    browser.alarms.get(ALARM_NAMES.check),
  ]);
  return statusSnapshot({
    engine,
    accounts,
    nextNightlyAt: nightly?.scheduledTime ?? null,
    nextCheckAt: check?.scheduledTime ?? null,
    failingOutbox: outbox.filter((entry) => entry.attempts > 0).length,
  });
}
