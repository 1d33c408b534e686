/**
 * The one setting the engine does not own: the local time of the nightly pull (R13). The engine
 * keeps the mode; this keeps HH:MM in storage.local so the scheduler can read it at start.
 */
export const NIGHTLY_TIME_KEY = 'settings:nightly-time';
export const DEFAULT_NIGHTLY_TIME = '02:00';

export async function readNightlyTime(): Promise<string> {
  const stored = await browser.storage.local.get(NIGHTLY_TIME_KEY);
  const value = stored[NIGHTLY_TIME_KEY];
  return typeof value === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(value) ? value : DEFAULT_NIGHTLY_TIME;
}

export async function writeNightlyTime(value: string): Promise<void> {
  await browser.storage.local.set({ [NIGHTLY_TIME_KEY]: value });
}
