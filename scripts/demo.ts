/**
 * `npm run demo`: the product's main job on the local sandbox. Starts both sandbox products
 * (seeded with the demo firm) and the token broker, builds the extension for them and loads it
 * into Debian's Chromium.
 *
 * - With a display (DISPLAY set, or DEMO_HEADED=1) the browser opens for a person to use; the
 *   demo runs until the browser is closed.
 * - Without one it runs a scripted walkthrough headless: activation through both Allow pages,
 *   the initial sync, an edit in Docketwise pushed to MyCase, a triggered nightly pull, the
 *   conflict and review views, and a form package sent to MyCase. Each step saves a screenshot
 *   and the run ends with `demo-output/summary.md` and `summary.json` (counts and timings).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchExtension, waitFor, type ExtensionSession } from '../e2e/chromium/harness';
import { connectAccount, send, status, waitForRunFinished } from '../e2e/support/drive';
import { ROOT } from '../e2e/support/paths';
import { startWorld, type World } from '../e2e/support/world';
import type { RunSummary } from '../src/messaging/protocol';
import { ALARM_NAMES } from '../src/sync/scheduler';

const OUT = path.join(ROOT, 'demo-output');
const CONTACTS = Number(process.env.DEMO_CONTACTS ?? 120);

interface Step {
  name: string;
  seconds: number;
  screenshot: string | null;
  detail: string;
}

const steps: Step[] = [];
let shot = 0;

async function screenshot(page: Page, name: string): Promise<string> {
  shot += 1;
  const file = `${String(shot).padStart(2, '0')}-${name}.png`;
  await page.screenshot({ path: path.join(OUT, file), fullPage: true });
  return file;
}

async function step(name: string, run: () => Promise<{ detail: string; page?: Page; shotName?: string }>): Promise<void> {
  const started = Date.now();
  process.stdout.write(`• ${name} … `);
  const result = await run();
  const file = result.page ? await screenshot(result.page, result.shotName ?? name.toLowerCase().replace(/[^a-z0-9]+/g, '-')) : null;
  const seconds = (Date.now() - started) / 1000;
  steps.push({ name, seconds, screenshot: file, detail: result.detail });
  console.log(`${seconds.toFixed(1)} s — ${result.detail}`);
}

function countsLine(run: RunSummary | null): string {
  if (!run) return 'no run';
  const c = run.counts;
  const part = (e: 'contact' | 'matter', d: 'pull' | 'push') => {
    const x = c[e][d];
    return `${e} ${d}: ${x.created} created, ${x.updated} updated, ${x.linked} linked, ${x.skipped} skipped, ${x.failed} failed`;
  };
  return [part('contact', 'pull'), part('contact', 'push'), part('matter', 'pull'), part('matter', 'push')].join('; ');
}

function build(): void {
  console.log('Building the extension for the sandbox…');
  execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, WXT_TARGET_ENV: 'sandbox' } });
}

async function interactive(world: World): Promise<void> {
  const session = await launchExtension('chrome-mv3-sandbox', { headed: true });
  const options = await session.openExtensionPage('options.html#setup');
  const app = await session.context.newPage();
  await app.goto(`${world.sandbox.docketwise.url}/contacts`);
  await options.bringToFront();
  console.log(`\nThe browser is open with the extension loaded.
  1. In the settings tab: Connect Docketwise, Connect MyCase (click Allow on each page), then Activate.
  2. Use the Docketwise tab (${world.sandbox.docketwise.url}): "Sync MyCase" is in the profile menu (top right);
     saving a contact sends it to MyCase; a matter's Forms tab has "Sync Form to MyCase".
  MyCase sandbox: ${world.sandbox.mycase.url}   (close the browser to stop)`);
  await new Promise<void>((resolve) => session.context.once('close', () => resolve()));
}

async function walkthrough(world: World): Promise<void> {
  const session: ExtensionSession = await launchExtension('chrome-mv3-sandbox');
  try {
    const options = await session.openExtensionPage('options.html#setup');
    await options.getByRole('button', { name: 'Connect Docketwise', exact: true }).waitFor();

    await step('Settings before setup', async () => ({ detail: 'Nothing connected yet.', page: options }));

    let allowShots = 0;
    const shootAllow = async (page: Page) => {
      allowShots += 1;
      await screenshot(page, allowShots === 1 ? 'docketwise-allow-page' : 'mycase-allow-page');
    };
    await step('Connect Docketwise through its Allow page', async () => {
      await connectAccount(session, options, 'docketwise', true, shootAllow);
      return { detail: 'Docketwise connected (OAuth code exchanged through the token broker).', page: options, shotName: 'docketwise-connected' };
    });
    await step('Connect MyCase through its Allow page', async () => {
      await connectAccount(session, options, 'mycase', true, shootAllow);
      return { detail: 'MyCase connected.', page: options, shotName: 'mycase-connected' };
    });

    const mcPeople = world.sandbox.mycase.control.list('clients').length;
    const dwContacts = world.sandbox.docketwise.control.list('contacts').length;
    await step('Activate: the initial sync', async () => {
      const since = Date.now();
      await options.getByRole('button', { name: 'Activate', exact: true }).click();
      await options.waitForTimeout(1500);
      await screenshot(options, 'initial-sync-progress');
      const done = await waitForRunFinished(options, since, 600_000);
      return {
        detail: `MyCase people ${mcPeople}, Docketwise contacts ${dwContacts} → ${countsLine(done.lastRun)}.`,
        page: options,
        shotName: 'initial-sync-done',
      };
    });

    const popup = await session.openExtensionPage('popup.html');
    await step('The popup status panel', async () => {
      await popup.getByTestId('mode').waitFor();
      return { detail: 'Connections, mode, last and next sync, outbox, last run counts, problems.', page: popup };
    });

    // An edit in Docketwise, pushed to MyCase (R18).
    const dwPeople = world.sandbox.docketwise.control.list('contacts') as { id: number; type: string; email: string | null; first_name: string }[];
    const linked = await send(options, 'log/query', { entity: 'contact', outcome: 'linked', limit: 5, offset: 0 });
    const target = linked.entries.find((e) => e.docketwiseId !== null && e.mycaseId !== null) ?? null;
    if (target?.docketwiseId && target.mycaseId) {
      const mcId = target.mycaseId;
      await step('Edit a contact in Docketwise → MyCase', async () => {
        const page = await session.context.newPage();
        await page.goto(`${world.sandbox.docketwise.url}/contacts/${target.docketwiseId}`);
        await page.locator('#contact_work_phone').waitFor();
        await page.fill('#contact_work_phone', '(617) 555-0123');
        const saved = Date.now();
        await page.locator('button[data-action="save"]').click();
        await page.locator('.form-status[data-state="saved"]').waitFor();
        await waitFor(
          async () => world.sandbox.mycase.control.get('clients', mcId) as { work_phone_number: string | null },
          (c) => (c.work_phone_number ?? '').replace(/\D/g, '') === '6175550123',
          15_000,
          'the edit to reach MyCase',
        );
        const ms = Date.now() - saved;
        await page.waitForTimeout(500);
        return { detail: `${target.label}: work phone saved in Docketwise reached MyCase in ${ms} ms.`, page, shotName: 'docketwise-edit-pushed' };
      });
    } else {
      steps.push({ name: 'Edit a contact in Docketwise → MyCase', seconds: 0, screenshot: null, detail: 'skipped: no linked contact found' });
    }

    // A MyCase change arriving on the nightly pull, and a conflict (R13, R20).
    const client = (world.sandbox.mycase.control.list('clients') as { id: number; email: string | null; first_name: string; last_name: string }[]).find((c) => c.email);
    if (client) {
      await step('Change in MyCase → triggered nightly pull', async () => {
        world.sandbox.mycase.control.write('clients', client.id, { cell_phone_number: '(415) 555-0177' });
        const since = Date.now();
        await options.evaluate((name) => chrome.alarms.create(name, { when: Date.now() + 200 }), ALARM_NAMES.nightly);
        const done = await waitForRunFinished(options, since, 180_000);
        await options.goto(options.url().replace(/#.*$/, '#log'));
        await options.waitForTimeout(1000);
        return { detail: `${client.first_name} ${client.last_name}'s mobile phone changed in MyCase; nightly pull → ${countsLine(done.lastRun)}.`, page: options, shotName: 'nightly-pull-log' };
      });
    }

    // The same field changed on both sides between syncs: MyCase wins, the Docketwise value is kept (R20).
    const pair = linked.entries.find((e) => e.docketwiseId !== null && e.mycaseId !== null && e.id !== target?.id);
    if (pair?.docketwiseId && pair.mycaseId) {
      await step('Same field changed on both sides → conflict kept', async () => {
        world.sandbox.docketwise.control.write('contacts', pair.docketwiseId!, { first_name: 'Dani (Docketwise)' });
        world.sandbox.mycase.control.write('clients', pair.mycaseId!, { first_name: 'Dani (MyCase)' });
        const since = Date.now();
        await send(options, 'sync/start', { trigger: 'options' });
        const done = await waitForRunFinished(options, since, 180_000);
        return { detail: `${pair.label}: first name edited in both products; run → ${countsLine(done.lastRun)}.` };
      });
    }

    await step('Conflicts and review queue', async () => {
      const conflicts = await send(options, 'conflicts/list', { includeResolved: true });
      const review = await send(options, 'review/list', {});
      await options.goto(options.url().replace(/#.*$/, '#review'));
      await options.waitForTimeout(1000);
      await screenshot(options, 'review-queue');
      await options.goto(options.url().replace(/#.*$/, '#conflicts'));
      await options.waitForTimeout(1000);
      return { detail: `${conflicts.conflicts.length} conflict(s) kept with the replaced value; ${review.items.length} item(s) to review.`, page: options, shotName: 'conflicts' };
    });

    // A form package: a matter created in Docketwise after activation is pushed and linked.
    const person = dwPeople.find((c) => c.type === 'Person' && c.email);
    if (person) {
      await step('Sync Form to MyCase', async () => {
        const created = world.sandbox.docketwise.control.write('matters', null, {
          title: `Demo adjustment of status ${Date.now() % 10000}`,
          description: 'Created for the demo',
          client_id: person.id,
        }) as { id: number };
        // Matters created through the API start without forms: prepare three, as a paralegal would.
        for (const name of ['I-130', 'I-485', 'G-28']) world.sandbox.docketwise.control.write('forms', null, { matter_id: created.id, name });
        await send(options, 'docketwise/record-saved', { entity: 'matter', id: created.id });
        const caseId = await waitFor(
          async () => (await send(options, 'forms/eligibility', { matterId: created.id })).caseId,
          (id) => id !== null,
          60_000,
          'the new matter to be linked to a MyCase case',
        );
        const page = await session.context.newPage();
        await page.goto(`${world.sandbox.docketwise.url}/matters/${created.id}/forms`);
        const rows = page.locator('tr.forms-table__row');
        await rows.first().waitFor();
        const boxes = page.locator('input.forms-table__select');
        for (let i = 0; i < (await boxes.count()); i += 1) await boxes.nth(i).check();
        await page.locator('button.bulk-actions__toggle').click();
        await page.getByRole('menuitem', { name: 'Sync Form to MyCase' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        await page.waitForTimeout(500);
        await screenshot(page, 'forms-dialog');
        await dialog.getByRole('button', { name: /^Sync/ }).click();
        await dialog.getByText(/Saved|saved to/).first().waitFor({ timeout: 60_000 });
        const docs = world.sandbox.mycase.control.list('documents') as { id: number; filename: string; case: { id: number } | null }[];
        const doc = docs.find((d) => d.case?.id === caseId);
        return { detail: `Package "${doc?.filename ?? '?'}" stored in MyCase case ${caseId}.`, page, shotName: 'forms-sent' };
      });
    }

    const final = await status(options);
    const summary = {
      finishedAt: new Date().toISOString(),
      firm: { mycasePeople: mcPeople, docketwiseContacts: dwContacts },
      lastRun: final.lastRun,
      outbox: final.outbox,
      steps,
    };
    writeFileSync(path.join(OUT, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    writeFileSync(
      path.join(OUT, 'summary.md'),
      [
        '# Demo walkthrough',
        '',
        `Demo firm: ${mcPeople} MyCase people, ${dwContacts} Docketwise contacts (sandbox seed 1).`,
        '',
        '| step | seconds | what happened | screenshot |',
        '|---|---|---|---|',
        ...steps.map((s) => `| ${s.name} | ${s.seconds.toFixed(1)} | ${s.detail.replace(/\|/g, '/')} | ${s.screenshot ?? ''} |`),
        '',
      ].join('\n'),
    );
    console.log(`\nDone: ${steps.length} steps, screenshots and summary in ${path.relative(process.cwd(), OUT)}/`);
  } finally {
    await session.close();
  }
}

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  build();
  const world = await startWorld({ demoFirm: true, contacts: CONTACTS, seed: 1 });
  console.log(`mycase ${world.sandbox.mycase.url}\ndocketwise ${world.sandbox.docketwise.url}\nbroker ${world.broker.url}`);
  try {
    const headed = process.env.DEMO_HEADED === '1' || (Boolean(process.env.DISPLAY) && process.env.DEMO_HEADED !== '0');
    if (headed) await interactive(world);
    else await walkthrough(world);
  } finally {
    await world.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
