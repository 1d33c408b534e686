import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '../../entrypoints/background';

// The fake's events implement Chrome's `hasListeners`, which the polyfill's types omit.
const hasListeners = (event: unknown) => (event as { hasListeners(): boolean }).hasListeners();

describe('background entrypoint', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('registers every listener synchronously, before its first await (MV3 wake-up events are not lost)', () => {
    const result = background.main();
    // main must not be async: a promise here would mean listeners could be added after an await.
    expect(result).toBeUndefined();
    expect(hasListeners(fakeBrowser.runtime.onMessage)).toBe(true);
    expect(hasListeners(fakeBrowser.alarms.onAlarm)).toBe(true);
    expect(hasListeners(fakeBrowser.runtime.onInstalled)).toBe(true);
    expect(hasListeners(fakeBrowser.runtime.onStartup)).toBe(true);
  });
});
