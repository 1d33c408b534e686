/**
 * "Sync Form to MyCase" (R24, R25) in real Chromium: the built sandbox extension on the sandbox's
 * Docketwise web app (demo firm, default ports 4010/4020: do not run another e2e suite at the
 * same time). Opens a matter's Forms tab, opens the dialog from a form row's ⋯ menu and from
 * "More Actions", and checks the disabled states: an unlinked matter (the extension is not
 * activated, so no matter is linked) and the Family Green Card Smart Form. The upload itself
 * needs an activated extension and is left to the background's suites.
 * Build first: `npm run build:sandbox`. Set DW_SITE_SCREENSHOTS=/some/dir to keep screenshots.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../sandbox/index';
import { launchExtension, waitFor, type ExtensionSession } from './harness';

const screenshots = process.env.DW_SITE_SCREENSHOTS;

/** The dialog's text and state, read through its open shadow root. */
function dialogState(page: Page) {
  return page.evaluate(() => {
    const root = document.querySelector('[data-dw-mycase-sync="forms-dialog"]')?.shadowRoot;
    if (!root) return null;
    const boxes = [...root.querySelectorAll<HTMLInputElement>('li input[type="checkbox"]')];
    const nameOf = (box: HTMLInputElement) => box.closest('label')?.querySelector('span')?.firstChild?.textContent?.trim() ?? '';
    return {
      text: (root.querySelector('[role="dialog"]')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      checked: boxes.filter((b) => b.checked).map(nameOf),
      disabled: boxes.filter((b) => b.disabled).map(nameOf),
      syncDisabled: root.querySelector<HTMLButtonElement>('button[data-action="sync"]')?.disabled ?? null,
      modal: root.querySelector('[role="dialog"]')?.getAttribute('aria-modal') ?? null,
    };
  });
}

/** axe-core on our dialog only (its open shadow root included): the page around it is not ours. */
async function dialogAxeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core') });
  return page.evaluate(async () => {
    type Axe = { run: (context: Element) => Promise<{ violations: Array<{ id: string; nodes: Array<{ html: string }> }> }> };
    const axe = (window as unknown as { axe: Axe }).axe;
    const host = document.querySelector('[data-dw-mycase-sync="forms-dialog"]');
    if (!host) return ['no dialog'];
    const result = await axe.run(host);
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html.slice(0, 80)).join(' | ')}`);
  });
}

describe('Sync Form to MyCase in Chromium', () => {
  let session: ExtensionSession;
  let sandbox: Sandbox;
  let matterId = 0;

  beforeAll(async () => {
    sandbox = await startSandbox({ demoFirm: true });
    session = await launchExtension('chrome-mv3-sandbox');
    // A demo matter whose forms include the Family Green Card Smart Form (the "Family Petition" type).
    const page = await session.context.newPage();
    await page.goto(`${sandbox.docketwise.url}/matters`);
    await page.waitForSelector('#page[data-state="ready"]');
    matterId = await page.evaluate(async () => {
      for (let p = 1; p <= 10; p++) {
        const matters = (await (await fetch(`/api/v1/matters?page=${p}`)).json()) as { id: number }[];
        for (const matter of matters) {
          const forms = (await (await fetch(`/app-api/matters/${matter.id}/forms`)).json()) as { name: string }[];
          if (forms.some((f) => f.name === 'Family Green Card Smart Form') && forms.length > 2) return matter.id;
        }
      }
      return 0;
    });
    await page.close();
    expect(matterId).toBeGreaterThan(0);
    // The demo firm has no files: add one to the matter, as a user uploading it in Docketwise would.
    const created = await fetch(`${sandbox.docketwise.url}/__sandbox/records/documents`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'Passport scan', filename: 'passport.pdf', base64_data: Buffer.from('%PDF-1.4\n').toString('base64'), matter_id: matterId }),
    });
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    await session?.close();
    await sandbox?.close();
  });

  it('R24 R25 opens the dialog from a row menu and from More Actions, with the unlinked and Family Green Card reasons', async () => {
    const page = await session.context.newPage();
    await page.goto(`${sandbox.docketwise.url}/matters/${matterId}/forms`);
    await page.waitForSelector('#page[data-route="matters#forms"][data-state="ready"]');
    const rows = page.locator('tr.forms-table__row');
    const first = rows.first();
    const firstName = await first.getAttribute('data-form-name');

    // Row menu: that form pre-checked.
    await first.locator('.row-actions__toggle').click();
    const item = first.getByRole('menuitem', { name: 'Sync Form to MyCase' });
    await item.waitFor({ timeout: 10_000 });
    if (screenshots) await page.screenshot({ path: path.join(screenshots, 'dw-forms-row-menu.png') });
    await item.click();
    const opened = await waitFor(() => dialogState(page), (s) => s !== null && !s.text.includes('Checking whether'), 10_000, 'the dialog');
    expect(opened?.modal).toBe('true');
    expect(opened?.checked).toEqual([firstName]);
    // Not activated: the matter is not linked to a MyCase case, so Sync is disabled with the reason.
    expect(opened?.syncDisabled).toBe(true);
    expect(opened?.text).toMatch(/not linked to a MyCase case|could not check this matter's MyCase link/);
    expect(opened?.disabled).toContain('Family Green Card Smart Form');
    expect(opened?.text).toContain('The Family Green Card Smart Form cannot be sent to MyCase');
    if (screenshots) await page.screenshot({ path: path.join(screenshots, 'dw-forms-dialog-unlinked.png') });

    // Escape closes it and gives focus back to the row's ⋯ button.
    await page.keyboard.press('Escape');
    await waitFor(() => dialogState(page), (s) => s === null, 5_000, 'the dialog to close');
    expect(await first.locator('.row-actions__toggle').evaluate((el) => el === document.activeElement)).toBe(true);

    // More Actions: the checked forms pre-checked.
    const names = await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.formName ?? ''));
    const chosen = names.filter((n) => n !== 'Family Green Card Smart Form').slice(0, 2);
    for (const name of chosen) await page.locator(`tr.forms-table__row[data-form-name="${name}"] input.forms-table__select`).check();
    await page.click('.bulk-actions__toggle');
    await page.locator('.bulk-actions__menu').getByRole('menuitem', { name: 'Sync Form to MyCase' }).click();
    // Wait for both asynchronous parts: the link check and the matter's documents list.
    const bulk = await waitFor(
      () => dialogState(page),
      (s) => s !== null && !s.text.includes('Checking whether') && !s.text.includes("Loading the matter's documents"),
      10_000,
      'the dialog with its documents',
    );
    expect(bulk?.checked).toEqual(names.filter((n) => chosen.includes(n)));
    expect(bulk?.syncDisabled).toBe(true);
    // The matter's documents are listed next to its forms (same-origin Files data).
    expect(bulk?.text).toContain('Passport scan (Document)');
    expect(bulk?.text).not.toContain('could not be loaded');
    if (screenshots) await page.screenshot({ path: path.join(screenshots, 'dw-forms-dialog-bulk.png') });
    expect(await dialogAxeViolations(page)).toEqual([]);
    await page.close();
  });

  it('R25 the Family Green Card Smart Form row’s item is disabled with its reason', async () => {
    const page = await session.context.newPage();
    await page.goto(`${sandbox.docketwise.url}/matters/${matterId}/forms`);
    await page.waitForSelector('#page[data-route="matters#forms"][data-state="ready"]');
    const row = page.locator('tr.forms-table__row[data-form-name="Family Green Card Smart Form"]');
    await row.locator('.row-actions__toggle').click();
    const item = row.getByRole('menuitem', { name: 'Sync Form to MyCase' });
    await item.waitFor({ timeout: 10_000 });
    expect(await item.getAttribute('aria-disabled')).toBe('true');
    expect(await row.locator('.row-actions__menu .reason').innerText()).toContain('cannot be sent to MyCase');
    // Playwright will not click an aria-disabled item on its own; a user still can.
    await item.click({ force: true });
    expect(await dialogState(page)).toBeNull();
    if (screenshots) await page.screenshot({ path: path.join(screenshots, 'dw-forms-family-row.png') });
    await page.close();
  });
});
