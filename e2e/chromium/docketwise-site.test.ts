/**
 * The built extension's content script on the sandbox Docketwise web app (served with fixture
 * data by test/fixtures/docketwise/fixture-server.ts), in real Chromium: "Sync MyCase" in the
 * profile menu (R13) survives in-app navigation and answers a click; a contact save is
 * reported to the background and confirmed next to "Saved" within 5 seconds (R18).
 * Set DW_SITE_SCREENSHOTS=/some/dir to keep screenshots of the injected UI.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startFixtureServer, type FixtureServer } from '../../test/fixtures/docketwise/fixture-server';
import { launchExtension, waitFor, type ExtensionSession } from './harness';

const screenshots = process.env.DW_SITE_SCREENSHOTS;

/** Text of one of our shadow-root UIs (the page cannot style or read it by its own selectors). */
function injectedText(page: Page, name: string): Promise<string | null> {
  return page.evaluate((n) => {
    const host = document.querySelector(`[data-dw-mycase-sync="${n}"]`);
    const mount = host?.shadowRoot ? [...host.shadowRoot.children].find((el) => el.tagName === 'DIV') : null;
    return mount ? (mount.textContent ?? '').replace(/\s+/g, ' ').trim() : null;
  }, name);
}

describe('Docketwise site features in Chromium', () => {
  let session: ExtensionSession;
  let site: FixtureServer;

  beforeAll(async () => {
    session = await launchExtension('chrome-mv3-sandbox');
    site = await startFixtureServer();
  });

  afterAll(async () => {
    await session?.close();
    await site?.close();
  });

  it('R13 puts "Sync MyCase" in the profile menu, keeps it across in-app navigation, and answers a click', async () => {
    const page = await session.context.newPage();
    await page.goto(`${site.url}/contacts/1`);
    await waitFor(() => injectedText(page, 'sync-mycase-menu'), (text) => text === 'Sync MyCase', 10_000, '"Sync MyCase" in the menu');

    await page.click('.navbar__link[data-nav="matters"]');
    await page.waitForSelector('#page[data-route="matters#index"][data-state="ready"]');
    expect(await page.locator('#profile-menu [data-dw-mycase-sync="sync-mycase-menu"]').count()).toBe(1);

    await page.click('#profile-toggle');
    // Playwright pierces open shadow roots: this is the user's click on our item.
    await page.getByRole('menuitem', { name: 'Sync MyCase' }).click();
    // Whatever the background's state (not activated, running, done), the item says something.
    const text = await waitFor(() => injectedText(page, 'sync-mycase-menu'), (t) => t !== null && t !== 'Sync MyCase' && !t.startsWith('Starting'), 10_000, 'a sync status');
    expect(text).toMatch(/Sync|Not started|could not start/);
    expect(await page.isVisible('#profile-menu')).toBe(true);
    if (screenshots) await page.screenshot({ path: path.join(screenshots, 'dw-sync-mycase-menu.png') });
    await page.close();
  });

  it('R18 reports a contact save to the background and confirms it within 5 seconds', async () => {
    const page = await session.context.newPage();
    await page.goto(`${site.url}/contacts/2`);
    await page.waitForSelector('#page[data-state="ready"]');
    await page.fill('#contact_first_name', 'Junho');
    await page.click('[data-action="save"]');
    await page.waitForSelector('.form-status[data-state="saved"]');
    const saved = Date.now();
    const notice = await waitFor(() => injectedText(page, 'instant-push'), (t) => t !== null && !t.startsWith('Sending'), 5_000, 'the push notice');
    expect(Date.now() - saved).toBeLessThan(5_000);
    expect(notice).toMatch(/^(Sent to MyCase|Not sent to MyCase: .+)$/);
    if (screenshots) await page.screenshot({ path: path.join(screenshots, 'dw-instant-push.png') });
    await page.close();
  });
});
