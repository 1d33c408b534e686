/**
 * The sync, end to end, through the built sandbox extension in Chromium: both accounts connected
 * through the options page, activation, the initial sync of the demo firm with the service
 * worker stopped several times mid-run, an edit saved on the Docketwise contact page reaching
 * MyCase within 5 s (R18), a MyCase change arriving on a triggered nightly pull (R13), and a run
 * right after a run writing nothing (R19).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestLogSnapshot } from '../../sandbox/shared/request-log';
import { ALARM_NAMES } from '../../src/sync/scheduler';
import { connectAccount, send, status, waitForRunFinished, totalWrites } from '../support/drive';
import { startWorld, type World } from '../support/world';
import { launchExtension, waitFor, type ExtensionSession } from './harness';

interface McClient { id: number; first_name: string; last_name: string; email: string | null; cell_phone_number: string | null; work_phone_number: string | null }
interface DwContact { id: number; type: string; first_name: string | null; last_name: string | null; email: string | null; lead: boolean; discarded_at: string | null; phone_numbers: { number: string; kind: string }[] }

const key = (first: string | null, last: string | null, email: string | null) =>
  JSON.stringify([(first ?? '').trim().toLowerCase(), (last ?? '').trim().toLowerCase(), (email ?? '').trim().toLowerCase()]);

function dwPersons(world: World): DwContact[] {
  return (world.sandbox.docketwise.control.list('contacts') as DwContact[]).filter((c) => c.type === 'Person' && !c.discarded_at);
}
function mcClients(world: World): McClient[] {
  return world.sandbox.mycase.control.list('clients') as McClient[];
}
function countByKey<T>(items: T[], keyOf: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return counts;
}

describe('sync through the built extension (Chromium, sandbox)', () => {
  let world: World;
  let session: ExtensionSession;
  let options: Page;
  let dwBefore: Map<string, number>;
  let activatedAt = 0;

  beforeAll(async () => {
    world = await startWorld({ demoFirm: true, contacts: 40, seed: 11, autoApprove: true });
    session = await launchExtension('chrome-mv3-sandbox');
    options = await session.openExtensionPage('options.html#setup');
    dwBefore = countByKey(dwPersons(world), (c) => key(c.first_name, c.last_name, c.email));
  });

  afterAll(async () => {
    await session?.close();
    await world?.close();
  });

  it('R7 connects both accounts from the options page', async () => {
    await connectAccount(session, options, 'docketwise', false);
    await connectAccount(session, options, 'mycase', false);
    const s = await status(options);
    expect(s.accounts.map((a) => a.state)).toEqual(['connected', 'connected']);
  });

  it('R21 the initial sync survives the worker being stopped three times mid-run and creates no duplicate', async () => {
    // Slow every product request a little, so that the run is certainly in progress when the
    // worker is stopped (a 40-contact sync on loopback can otherwise end between two polls).
    world.sandbox.mycase.control.faults({ latencyMs: 150 });
    world.sandbox.docketwise.control.faults({ latencyMs: 150 });
    activatedAt = Date.now();
    await options.getByRole('button', { name: 'Activate', exact: true }).click();
    let stops = 0;
    const finished = await waitForRunFinished(options, activatedAt, 300_000, async (s) => {
      if (s.progress.running && stops < 3) {
        stops += 1;
        await session.stopServiceWorker();
      }
    }).finally(() => {
      world.sandbox.mycase.control.faults({ latencyMs: 0 });
      world.sandbox.docketwise.control.faults({ latencyMs: 0 });
    });
    // Stopped three times while running (each stop is followed by a wake-up and a resume).
    expect(stops).toBe(3);
    expect(finished.activated).toBe(true);
    expect(finished.lastRun?.kind).toBe('initial');

    // Every MyCase person has exactly one Docketwise counterpart (R8, R10), and the sync made no
    // second copy of anyone (R21).
    const after = countByKey(dwPersons(world), (c) => key(c.first_name, c.last_name, c.email));
    let duplicatesCreated = 0;
    for (const client of mcClients(world)) {
      const k = key(client.first_name, client.last_name, client.email);
      const before = dwBefore.get(k) ?? 0;
      const now = after.get(k) ?? 0;
      expect(now, `DW copies of ${k}`).toBeGreaterThanOrEqual(1);
      duplicatesCreated += Math.max(0, now - Math.max(before, 1));
    }
    expect(duplicatesCreated).toBe(0);
    const emails = mcClients(world).map((c) => (c.email ?? '').toLowerCase()).filter(Boolean);
    expect(new Set(emails).size).toBe(emails.length);
  });

  it('R18 an edit saved on the Docketwise contact page is in MyCase within 5 seconds', async () => {
    // A person that exists on both sides and is linked: same key, one copy each.
    const dw = dwPersons(world);
    const mc = mcClients(world);
    const pair = mc
      .map((client) => ({ client, contact: dw.find((c) => key(c.first_name, c.last_name, c.email) === key(client.first_name, client.last_name, client.email)) }))
      .find((p) => p.contact && p.client.email);
    expect(pair?.contact).toBeTruthy();
    const page = await session.context.newPage();
    await page.goto(`${world.sandbox.docketwise.url}/contacts/${pair!.contact!.id}`);
    await page.locator('#contact_work_phone').waitFor();
    await page.fill('#contact_work_phone', '(617) 555-0199');
    const savedAt = Date.now();
    await page.locator('button[data-action="save"]').click();
    await page.locator('.form-status[data-state="saved"]').waitFor({ timeout: 10_000 });
    const updated = await waitFor(
      async () => world.sandbox.mycase.control.get('clients', pair!.client.id) as McClient,
      (c) => (c.work_phone_number ?? '').replace(/\D/g, '') === '6175550199',
      10_000,
      'the work phone to reach MyCase',
    );
    const elapsed = Date.now() - savedAt;
    expect(updated.work_phone_number?.replace(/\D/g, '')).toBe('6175550199');
    expect(elapsed).toBeLessThan(5_000);
    await page.close();
  });

  it('R13 a MyCase change arrives in Docketwise on the (triggered) nightly pull', async () => {
    const client = mcClients(world).find((c) => c.email);
    expect(client).toBeTruthy();
    world.sandbox.mycase.control.write('clients', client!.id, { cell_phone_number: '(415) 555-0142' });
    const since = Date.now();
    await options.evaluate((name) => chrome.alarms.create(name, { when: Date.now() + 200 }), ALARM_NAMES.nightly);
    const finished = await waitForRunFinished(options, since, 120_000);
    expect(finished.lastRun?.kind).toBe('pull');
    const match = dwPersons(world).find((c) => key(c.first_name, c.last_name, c.email) === key(client!.first_name, client!.last_name, client!.email));
    expect(match?.phone_numbers.find((p) => p.kind === 'mobile')?.number.replace(/\D/g, '')).toBe('4155550142');
  });

  it('R19 a run right after a run writes nothing on either side', async () => {
    world.sandbox.mycase.control.clearLog();
    world.sandbox.docketwise.control.clearLog();
    const since = Date.now();
    await send(options, 'sync/start', { trigger: 'options' });
    const finished = await waitForRunFinished(options, since, 120_000);
    expect(totalWrites(finished.lastRun!.counts)).toBe(0);
    const writes = (log: RequestLogSnapshot) => log.entries.filter((e) => e.method !== 'GET' && e.auth === 'bearer');
    expect(writes(world.sandbox.mycase.control.log())).toEqual([]);
    expect(writes(world.sandbox.docketwise.control.log())).toEqual([]);
  });
});
