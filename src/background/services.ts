/**
 * Builds the background's parts once per worker instance, lazily, from per-domain factories:
 * sign-in, the two product clients, the store, the engine, the scheduler. Nothing here runs at
 * import time; the first message or alarm that needs a part creates it.
 */
import { createBrowserAuth, type AuthHandlers } from '../auth';
import type { Endpoints } from '../config/endpoints';
import { createConnectionTester, createDocketwiseSide, createMyCaseSide, type DocketwiseSide, type MyCaseSide } from '../connectors';
import { SyncStore } from '../store/sync-store';
import { SyncEngine } from '../sync/engine';
import { createScheduler, type Scheduler } from '../sync/scheduler';
import { readNightlyTime } from './settings';

export interface Services {
  endpoints: Endpoints;
  auth: AuthHandlers;
  mycase: MyCaseSide;
  docketwise: DocketwiseSide;
  store: SyncStore;
  engine: SyncEngine;
  scheduler: Scheduler;
  /** The scheduler takes the nightly time when it is built: a new time builds a new one. */
  reschedule(nightlyAt: string): Promise<void>;
}

export interface ServiceHooks {
  /** After an account was signed out (also on deactivate): the status badge must change. */
  onAccountsChanged(): void;
}

export async function createServices(endpoints: Endpoints, hooks: ServiceHooks): Promise<Services> {
  let scheduler: Scheduler | null = null;
  const auth = createBrowserAuth({
    endpoints,
    testConnection: createConnectionTester({ mycaseBaseUrl: endpoints.mycaseApi, docketwiseBaseUrl: endpoints.docketwise }),
    onDisconnected: async () => {
      hooks.onAccountsChanged();
      await scheduler?.ensureAlarms();
    },
  });

  const mycase = createMyCaseSide({ baseUrl: endpoints.mycaseApi, tokens: auth.tokenSource('mycase') });
  const docketwise = createDocketwiseSide({ baseUrl: endpoints.docketwise, tokens: auth.tokenSource('docketwise') });
  const store = await SyncStore.open();
  const engine = new SyncEngine({ store, mycase, docketwise });
  const schedulerFor = (nightlyAt: string) => createScheduler({ alarms: browser.alarms, engine, config: { nightlyAt } });
  scheduler = schedulerFor(await readNightlyTime());
  const services: Services = {
    endpoints,
    auth,
    mycase,
    docketwise,
    store,
    engine,
    scheduler,
    async reschedule(nightlyAt) {
      scheduler = schedulerFor(nightlyAt);
      services.scheduler = scheduler;
      await scheduler.ensureAlarms();
    },
  };
  return services;
}

