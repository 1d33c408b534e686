/**
 * The background's composition root. `startBackground` registers every listener synchronously,
 * before any `await`, so that the event that woke the worker is never missed (MV3).
 */
import { endpointsFor } from '../config/endpoints';
import { docketwiseMatches } from '../config/manifest';
import { createMessageRouter, type Handlers } from '../messaging/router';
import type { SenderPolicy } from '../messaging/sender';
import { targetEnv } from '../config/target';

export function senderPolicy(): SenderPolicy {
  return {
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/').replace(/\/$/, ''),
    docketwiseMatches: docketwiseMatches(targetEnv()),
  };
}

export function createHandlers(): Handlers {
  return {
    ping: ({ from }) => ({ pong: true, echo: from, at: Date.now() }),
  };
}

export const ALARM_HEARTBEAT = 'heartbeat';

export function startBackground(): void {
  const route = createMessageRouter(createHandlers(), {
    policy: senderPolicy,
    onRefused: (reason, detail) => console.warn(`[background] refused a message (${reason}): ${detail}`),
  });

  browser.runtime.onMessage.addListener((message: unknown, sender) => route(message, sender));
  browser.alarms.onAlarm.addListener((alarm) => {
    void browser.storage.local.set({ lastAlarm: { name: alarm.name, at: Date.now() } });
  });
  browser.runtime.onInstalled.addListener(() => {
    void browser.storage.local.set({ installedAt: Date.now() });
  });
  browser.runtime.onStartup.addListener(() => {
    void browser.storage.local.set({ lastStartup: Date.now() });
  });

  void endpointsFor(targetEnv());
}
