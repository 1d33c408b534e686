/**
 * The popup and the options page against the real background and the sandbox, with the mouse:
 * Sync now in the popup (R13, R27), a conflict restored (R20), an ambiguous match linked from
 * the review queue (R11), a contact deleted in Docketwise re-created from the review queue (R29),
 * the log exported as CSV (R28), and Deactivate (R26).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALARM_NAMES } from '../../src/sync/scheduler';
import { connectAccount, send, status, waitForRunFinished } from '../support/drive';
import { startWorld, type World } from '../support/world';
import { launchExtension, waitFor, type ExtensionSession } from './harness';

interface DwPerson { id: number; first_name: string; last_name: string; email: string | null; phone_numbers: { number: string; kind: string }[] }

/** Opens an options-page section freshly loaded (a hash change alone keeps the data already shown). */
async function openSection(page: Page, section: string): Promise<void> {
  await page.goto(page.url().replace(/#.*$/, `#${section}`));
  await page.reload();
}

describe('popup and options page flows (Chromium, sandbox)', () => {
  let world: World;
  let session: ExtensionSession;
  let options: Page;

  beforeAll(async () => {
    world = await startWorld({ demoFirm: true, contacts: 30, seed: 9, autoApprove: true });
    session = await launchExtension('chrome-mv3-sandbox');
    options = await session.openExtensionPage('options.html#setup');
    await connectAccount(session, options, 'docketwise', false);
    await connectAccount(session, options, 'mycase', false);
    const since = Date.now();
    await options.getByRole('button', { name: 'Activate', exact: true }).click();
    await waitForRunFinished(options, since, 120_000);
  });

  afterAll(async () => {
    await session?.close();
    await world?.close();
  });

  it('R27 R13 the popup shows both connections and runs "Sync now" with its result', async () => {
    const popup = await session.openExtensionPage('popup.html');
    await popup.locator('[data-testid="account-mycase"][data-state="connected"]').waitFor();
    await popup.locator('[data-testid="account-docketwise"][data-state="connected"]').waitFor();
    expect(await popup.getByTestId('mode').textContent()).toMatch(/two-way/i);
    const since = Date.now();
    await popup.getByRole('button', { name: 'Sync now' }).click();
    const finished = await waitForRunFinished(options, since, 60_000);
    expect(finished.lastRun?.trigger).toBe('popup');
    await popup.getByTestId('sync-progress').waitFor();
    await waitFor(() => popup.getByTestId('sync-progress').getAttribute('data-state'), (s) => s === 'done' || s === 'finished', 15_000, 'the popup to show the result');
    await popup.close();
  });

  it('R20 a conflict keeps the replaced Docketwise value, and Restore brings it back', async () => {
    const linked = await send(options, 'log/query', { entity: 'contact', outcome: 'linked', limit: 5, offset: 0 });
    const pair = linked.entries.find((e) => e.docketwiseId !== null && e.mycaseId !== null);
    expect(pair).toBeTruthy();
    world.sandbox.docketwise.control.write('contacts', pair!.docketwiseId!, { first_name: 'Robin-DW' });
    world.sandbox.mycase.control.write('clients', pair!.mycaseId!, { first_name: 'Robin-MC' });
    const since = Date.now();
    await send(options, 'sync/start', { trigger: 'options' });
    await waitForRunFinished(options, since, 60_000);
    // MyCase won (R20) ...
    expect((world.sandbox.docketwise.control.get('contacts', pair!.docketwiseId!) as { first_name: string }).first_name).toBe('Robin-MC');

    await openSection(options, 'conflicts');
    const conflict = options.getByTestId('conflict').filter({ hasText: 'Robin-DW' });
    await conflict.waitFor();
    await conflict.getByRole('button', { name: /Restore the Docketwise value/ }).click();
    // ... and Restore puts the Docketwise value back, which then flows to MyCase as a Docketwise edit.
    await waitFor(
      async () => (world.sandbox.docketwise.control.get('contacts', pair!.docketwiseId!) as { first_name: string }).first_name,
      (name) => name === 'Robin-DW',
      15_000,
      'the Docketwise value to be restored',
    );
    await waitFor(
      async () => (world.sandbox.mycase.control.get('clients', pair!.mycaseId!) as { first_name: string }).first_name,
      (name) => name === 'Robin-DW',
      30_000,
      'the restored value to reach MyCase',
    );
  });

  it('R11 an ambiguous match waits in the review queue and is linked by the user', async () => {
    const { items } = await send(options, 'review/list', {});
    const ambiguous = items.find((i) => i.kind === 'ambiguous-match');
    expect(ambiguous).toBeTruthy();
    await openSection(options, 'review');
    const item = options.getByTestId('review-item').filter({ hasText: ambiguous!.label });
    await item.first().waitFor();
    await item.first().getByRole('button', { name: /^Link Docketwise/ }).first().click();
    await waitFor(async () => (await send(options, 'review/list', {})).items.some((i) => i.id === ambiguous!.id), (present) => !present, 15_000, 'the item to leave the queue');
    const log = await send(options, 'log/query', { outcome: 'linked', limit: 200, offset: 0 });
    expect(log.entries.some((e) => e.reason?.includes('Linked by the user'))).toBe(true);
  });

  it('R28 exports the run log as CSV', async () => {
    await openSection(options, 'log');
    const download = options.waitForEvent('download');
    await options.getByRole('button', { name: 'Export CSV' }).click();
    const file = await (await download).path();
    const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const lines = text.trim().split(/\r\n/);
    expect(lines[0]).toMatch(/^When \(UTC\),Run,Trigger,Entity,Direction,Outcome,Record/);
    const total = (await send(options, 'log/query', { limit: 1, offset: 0 })).total;
    expect(lines.length - 1).toBe(total);
  });

  it('R7 "Test connection" answers in plain words, including a MyCase plan without API access', async () => {
    await openSection(options, 'setup');
    await options.getByRole('button', { name: 'Test MyCase connection' }).click();
    await waitFor(() => options.getByTestId('test-result-mycase').textContent(), (t) => (t ?? '').length > 0 && !/Testing/.test(t ?? ''), 15_000, 'the test result');
    expect(await options.getByTestId('test-result-mycase').getAttribute('class')).toBe('ok');
    world.sandbox.mycase.control.config({ plan: 'basic' });
    try {
      await options.getByRole('button', { name: 'Test MyCase connection' }).click();
      const text = await waitFor(() => options.getByTestId('test-result-mycase').textContent(), (t) => /plan/i.test(t ?? ''), 15_000, 'the plan message');
      expect(text).toMatch(/plan/i);
      expect(await options.getByTestId('test-result-mycase').getAttribute('class')).toBe('problem');
    } finally {
      world.sandbox.mycase.control.config({ plan: 'advanced' });
    }
  });

  it('R13 R23 saves the nightly time and the mode, and moves the nightly alarm', async () => {
    await openSection(options, 'sync');
    await options.locator('#nightly-time').fill('03:30');
    await options.getByRole('radio', { name: /One-way/ }).first().check();
    await options.getByRole('button', { name: 'Save settings' }).click();
    await waitFor(() => send(options, 'settings/get', {}), (v) => v.nightlyTime === '03:30' && v.mode === 'one-way', 10_000, 'the settings to be saved');
    const when = await waitFor(
      () => options.evaluate(() => (chrome as unknown as { alarms: { get(n: string): Promise<{ scheduledTime: number } | undefined> } }).alarms.get('sync-nightly-pull')),
      (alarm) => alarm !== undefined && new Date(alarm.scheduledTime).getHours() === 3,
      10_000,
      'the nightly alarm to move',
    );
    expect(new Date(when!.scheduledTime).getMinutes()).toBe(30);
    // One-way (R23): a Docketwise save is not sent to MyCase.
    const reply = await send(options, 'docketwise/record-saved', { entity: 'contact', id: 1 });
    expect(reply).toMatchObject({ queued: false, reason: expect.stringMatching(/One-way/) });
    await send(options, 'settings/set', { mode: 'two-way', nightlyTime: '02:00' });
  });

  it('R12 links a matter that existed before activation to its case by id', async () => {
    const matter = (world.sandbox.docketwise.control.list('matters') as { id: number }[])[0];
    const kase = (world.sandbox.mycase.control.list('cases') as { id: number }[])[0];
    expect(matter && kase).toBeTruthy();
    expect((await send(options, 'forms/eligibility', { matterId: matter!.id })).linked).toBe(false);
    await openSection(options, 'review');
    await options.locator('#manual-entity').selectOption('matter');
    await options.locator('#manual-dw').fill(String(matter!.id));
    await options.locator('#manual-mc').fill(String(kase!.id));
    await options.getByRole('button', { name: 'Link', exact: true }).click();
    await waitFor(() => options.getByTestId('manual-link-result').textContent(), (t) => /Linked/.test(t ?? ''), 15_000, 'the link result');
    expect(await send(options, 'forms/eligibility', { matterId: matter!.id })).toMatchObject({ linked: true, caseId: kase!.id });
  });

  it('R29 a contact deleted in Docketwise waits in the review queue; "Re-create in Docketwise" brings it back, linked', async () => {
    const created = await send(options, 'log/query', { entity: 'contact', direction: 'pull', outcome: 'created', limit: 500, offset: 0 });
    const dwPerson = (id: number) => world.sandbox.docketwise.control.get('contacts', id) as DwPerson | undefined;
    const pair = created.entries.filter((e) => e.docketwiseId !== null && e.mycaseId !== null && Boolean(dwPerson(e.docketwiseId)?.email)).at(-1);
    expect(pair).toBeTruthy();
    const oldId = pair!.docketwiseId!;
    const before = dwPerson(oldId)!;
    expect(world.sandbox.docketwise.control.remove('contacts', oldId)).toBe(true);
    const since = Date.now();
    await options.evaluate((name) => chrome.alarms.create(name, { when: Date.now() + 200 }), ALARM_NAMES.check);
    const checked = await waitForRunFinished(options, since, 120_000);
    expect(checked.lastRun?.kind).toBe('docketwise-check');
    // Nothing was deleted in MyCase (R29: deletions are never propagated).
    expect(world.sandbox.mycase.control.get('clients', pair!.mycaseId!)).toBeTruthy();

    await openSection(options, 'review');
    const item = options.getByTestId('review-item').filter({ hasText: `Docketwise #${oldId}:` });
    await item.waitFor();
    expect(await item.getByTestId('mark-happened').textContent()).toMatch(/^This contact was deleted in Docketwise\. The contact in MyCase was left as it is/);
    await item.getByRole('button', { name: 'Re-create in Docketwise' }).click();
    const notice = await waitFor(() => options.getByTestId('review-notice').textContent(), (t) => /^Re-created in Docketwise/.test(t ?? ''), 20_000, 'the re-create result');
    const newId = Number(/Docketwise id (\d+)/.exec(notice ?? '')?.[1]);
    expect(newId).not.toBe(oldId);
    expect((await send(options, 'review/list', {})).items.some((i) => i.id === `link-marked:contact:${oldId}`)).toBe(false);

    // The sandbox has the person again, once, with the MyCase values, and the pair syncs.
    const again = dwPerson(newId);
    expect(again).toMatchObject({ first_name: before.first_name, last_name: before.last_name, email: before.email });
    const samePerson = (world.sandbox.docketwise.control.list('contacts') as DwPerson[]).filter(
      (c) => c.first_name === before.first_name && c.last_name === before.last_name && c.email === before.email,
    );
    expect(samePerson.map((c) => c.id)).toEqual([newId]);
    const log = await send(options, 'log/query', { entity: 'contact', outcome: 'created', limit: 20, offset: 0 });
    expect(log.entries.find((e) => e.docketwiseId === newId)).toMatchObject({ mycaseId: pair!.mycaseId, reason: expect.stringContaining('(R29)') });
    world.sandbox.mycase.control.write('clients', pair!.mycaseId!, { cell_phone_number: '(415) 555-0129' });
    const pulled = Date.now();
    await send(options, 'sync/start', { trigger: 'options' });
    await waitForRunFinished(options, pulled, 60_000);
    expect(dwPerson(newId)?.phone_numbers.find((p) => p.kind === 'mobile')?.number.replace(/\D/g, '')).toBe('4155550129');
  });

  it('dismisses a review item', async () => {
    const { items } = await send(options, 'review/list', {});
    expect(items.length).toBeGreaterThan(0);
    const first = items[0]!;
    await openSection(options, 'review');
    await options.getByTestId('review-item').filter({ hasText: first.label }).first().getByRole('button', { name: 'Dismiss (leave as is)' }).click();
    await waitFor(async () => (await send(options, 'review/list', {})).items.some((i) => i.id === first.id), (present) => !present, 15_000, 'the item to be dismissed');
  });

  it('R13 "Sync MyCase" in the Docketwise profile menu runs a pull and shows its result in place', async () => {
    const page = await session.context.newPage();
    await page.goto(`${world.sandbox.docketwise.url}/contacts`);
    await page.locator('#profile-toggle').click();
    const since = Date.now();
    await page.getByRole('menuitem', { name: 'Sync MyCase' }).click();
    const finished = await waitForRunFinished(options, since, 60_000);
    expect(finished.lastRun?.trigger).toBe('docketwise-menu');
    if (!(await page.locator('#profile-menu').isVisible())) await page.locator('#profile-toggle').click();
    await page.getByRole('status').filter({ hasText: /finished|Finished|synced|up to date/i }).first().waitFor({ timeout: 15_000 });
    await page.close();
  });

  it('R26 Deactivate stops syncing and forgets the sign-ins, keeping links and the log', async () => {
    const logBefore = (await send(options, 'log/query', { limit: 1, offset: 0 })).total;
    await openSection(options, 'setup');
    await options.getByRole('button', { name: 'Deactivate…' }).click();
    await options.getByRole('button', { name: 'Yes, deactivate' }).click();
    const after = await waitFor(() => status(options), (s) => !s.activated, 15_000, 'deactivation');
    expect(after.accounts.map((a) => a.state)).toEqual(['disconnected', 'disconnected']);
    const alarms = await options.evaluate(() => (chrome as unknown as { alarms: { getAll(): Promise<{ name: string }[]> } }).alarms.getAll());
    expect(alarms.filter((a) => a.name.startsWith('sync-'))).toEqual([]);
    expect((await send(options, 'log/query', { limit: 1, offset: 0 })).total).toBeGreaterThanOrEqual(logBefore);
    const reply = await send(options, 'sync/start', { trigger: 'options' });
    expect(reply.started).toBe(false);
  });

  it('R26 activating again ("refresh") re-runs the initial sync without creating duplicates', async () => {
    const people = () => (world.sandbox.docketwise.control.list('contacts') as { type: string }[]).filter((c) => c.type === 'Person').length;
    const clients = () => world.sandbox.mycase.control.list('clients').length;
    const before = { dw: people(), mc: clients() };
    await openSection(options, 'setup');
    await connectAccount(session, options, 'docketwise', false);
    await connectAccount(session, options, 'mycase', false);
    const since = Date.now();
    await options.getByRole('button', { name: 'Activate', exact: true }).click();
    const finished = await waitForRunFinished(options, since, 120_000);
    expect(finished.lastRun?.kind).toBe('initial');
    const created = finished.lastRun!.counts.contact.pull.created + finished.lastRun!.counts.contact.push.created;
    expect(created).toBe(0);
    expect({ dw: people(), mc: clients() }).toEqual(before);
  });

  it('direct mode: the firm\'s own client id and secret, with the warning, then a sign-in that uses them', async () => {
    await openSection(options, 'setup');
    await options.getByText("Use our firm's own API credentials").click();
    await options.getByRole('radio', { name: 'Docketwise', exact: true }).check();
    await options.getByLabel('Client id').fill('docketwise-sandbox-client');
    await options.getByLabel('Client secret').fill('docketwise-sandbox-secret');
    await options.getByRole('button', { name: 'Save Docketwise credentials' }).click();
    await waitFor(() => options.getByTestId('direct-result').textContent(), (t) => (t ?? '').length > 0 && !/Saving/.test(t ?? ''), 10_000, 'the save result');
    // The tokens belonged to the standard client, so the account was signed out.
    const after = await status(options);
    expect(after.accounts.find((a) => a.product === 'docketwise')).toMatchObject({ state: 'disconnected', credentials: 'direct' });
    await connectAccount(session, options, 'docketwise', false);
    const connected = await status(options);
    expect(connected.accounts.find((a) => a.product === 'docketwise')).toMatchObject({ state: 'connected', credentials: 'direct' });
    // The secret is the firm's choice to keep here; tokens still never reach IndexedDB or storage.local.
    const local = await options.evaluate(() => chrome.storage.local.get(null));
    const session_ = await options.evaluate(() => chrome.storage.session.get(null));
    const access = (session_['auth:docketwise:access'] as { accessToken: string }).accessToken;
    expect(JSON.stringify(local)).not.toContain(access);
  });
});
