/**
 * The background's composition root. `startBackground` registers every listener synchronously,
 * before any `await`, so that the event that woke the worker is never missed (MV3). The parts
 * are built lazily on first use (services.ts) and rebuilt only when a setting they take at
 * construction changes.
 */
import { endpointsFor } from '../config/endpoints';
import { docketwiseMatches } from '../config/manifest';
import { targetEnv } from '../config/target';
import { createMessageRouter } from '../messaging/router';
import type { SenderPolicy } from '../messaging/sender';
import { badgeFor, noticesFor } from './badge';
import { createHandlers } from './handlers';
import { keepAliveWhile } from './keep-alive';
import { createServices, type Services } from './services';
import { statusSnapshotFor } from './status-source';

export function senderPolicy(): SenderPolicy {
  return {
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/').replace(/\/$/, ''),
    docketwiseMatches: docketwiseMatches(targetEnv()),
  };
}

const SHOWN_NOTICES_KEY = 'ui:shown-notices';

export function startBackground(): void {
  let built: Promise<Services> | null = null;
  const services = (): Promise<Services> => {
    built ??= createServices(endpointsFor(targetEnv()), { onAccountsChanged: () => refreshBadge() });
    // A failed build (e.g. IndexedDB refused) is retried on the next call instead of sticking.
    built.catch(() => {
      built = null;
    });
    return built;
  };

  let badgeTimer: ReturnType<typeof setTimeout> | null = null;
  function refreshBadge(): void {
    // Coalesce bursts (a run reports many changes): one status read per second at most.
    if (badgeTimer) return;
    badgeTimer = setTimeout(() => {
      badgeTimer = null;
      void updateBadge(services).catch((error: unknown) => console.warn('[background] badge update failed', error));
    }, 1000);
  }

  const route = createMessageRouter(createHandlers({ services, refreshBadge }), {
    policy: senderPolicy,
    onRefused: (reason, detail) => console.warn(`[background] refused a message (${reason}): ${detail}`),
  });

  const ping = () => browser.runtime.getPlatformInfo();
  const inBackground = (what: string, work: () => Promise<unknown>) => {
    void keepAliveWhile(
      work().catch((error: unknown) => console.error(`[background] ${what} failed`, error)),
      ping,
    ).finally(refreshBadge);
  };

  browser.runtime.onMessage.addListener((message: unknown, sender) => route(message, sender));
  browser.alarms.onAlarm.addListener((alarm) => {
    inBackground(`alarm ${alarm.name}`, async () => {
      await browser.storage.local.set({ lastAlarm: { name: alarm.name, at: Date.now() } });
      await (await services()).scheduler.onAlarm(alarm.name);
    });
  });
  browser.runtime.onInstalled.addListener(() => {
    inBackground('install', async () => (await services()).scheduler.ensureAlarms());
  });
  browser.runtime.onStartup.addListener(() => {
    // R13: a nightly pull missed while the browser was closed runs now (the scheduler decides).
    inBackground('browser start', async () => (await services()).scheduler.onStartup());
  });

  // Every worker start: alarms may have been lost, and an unfinished run resumes (R21).
  inBackground('worker start', async () => (await services()).scheduler.onStartup());
}

async function updateBadge(services: () => Promise<Services>): Promise<void> {
  const status = await statusSnapshotFor(await services());
  const badge = badgeFor(status);
  await browser.action.setBadgeText({ text: badge.text });
  await browser.action.setBadgeBackgroundColor({ color: badge.color });
  await browser.action.setTitle({ title: badge.title });

  const stored = await browser.storage.session.get(SHOWN_NOTICES_KEY);
  const shown = new Set<string>(Array.isArray(stored[SHOWN_NOTICES_KEY]) ? (stored[SHOWN_NOTICES_KEY] as string[]) : []);
  for (const notice of noticesFor(status, shown)) {
    await browser.notifications.create(notice.id, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: notice.title,
      message: notice.message,
    });
    shown.add(notice.id);
  }
  await browser.storage.session.set({ [SHOWN_NOTICES_KEY]: [...shown].slice(-50) });
}
