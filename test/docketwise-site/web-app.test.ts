/**
 * The sandbox's Docketwise web app in real Chromium, against the fixture server: routing
 * without reloads, the profile menu, saving through the app's own JSON calls in the documented
 * write shape, and the forms tab's menus. The extension's content script relies on all of it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startFixtureServer, type FixtureServer } from '../fixtures/docketwise/fixture-server';
import { CHROMIUM_ARGS } from '../fixtures/docketwise/save-pages';

let server: FixtureServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startFixtureServer();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(async () => {
  page = await browser.newPage();
  server.requests.length = 0;
  return () => page.close();
});

async function open(path: string) {
  await page.goto(server.url + path);
  await page.waitForSelector('#page[data-state="ready"]');
}

const writes = (method: string) => server.requests.filter((r) => r.method === method);

describe('Docketwise web app (sandbox)', () => {
  it('navigates in the page, without reloading', async () => {
    await open('/contacts');
    await page.evaluate(() => Object.assign(window, { marker: 'still here' }));
    await page.click('.navbar__link[data-nav="matters"]');
    await page.waitForSelector('#page[data-route="matters#index"][data-state="ready"]');
    await page.click('a[href="/matters/11"]');
    await page.waitForSelector('#page[data-route="matters#show"][data-state="ready"]');
    await page.click('.tabs__tab[data-tab="forms"]');
    await page.waitForSelector('table.forms-table');
    expect(new URL(page.url()).pathname).toBe('/matters/11/forms');
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('still here');
    await page.goBack();
    await page.waitForSelector('#page[data-route="matters#show"][data-state="ready"]');
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('still here');
  });

  it('has a top-right profile menu with the user, Settings and Log out', async () => {
    await open('/dashboard');
    expect(await page.isVisible('#profile-menu')).toBe(false);
    await page.click('#profile-toggle');
    expect(await page.isVisible('#profile-menu')).toBe(true);
    expect(await page.getAttribute('#profile-toggle', 'aria-expanded')).toBe('true');
    const items = await page.locator('#profile-menu > li').allInnerTexts();
    expect(items.map((t) => t.split('\n')[0]?.trim())).toEqual(['Paula Legal', 'Settings', 'Log out']);
    await page.keyboard.press('Escape');
    expect(await page.isVisible('#profile-menu')).toBe(false);
  });

  it('saves a contact with PUT in the documented nested shape, with the session cookie', async () => {
    await open('/contacts/1');
    await page.fill('#contact_first_name', 'Mariana');
    await page.selectOption('#contact_apartment_type', 'ste');
    await page.fill('#contact_apartment_number', '200');
    await page.fill('#contact_work_phone', '(512) 555-9999');
    await page.click('[data-action="save"]');
    await page.waitForSelector('.form-status[data-state="saved"]');
    expect(await page.textContent('.form-status')).toBe('Saved');
    const [put] = writes('PUT');
    expect(put?.path).toBe('/api/v1/contacts/1');
    expect(put?.cookie).toContain('dw_session=');
    expect(put?.body).toEqual({
      contact: {
        first_name: 'Mariana',
        middle_name: '',
        last_name: 'Alvarez',
        email: 'maria.alvarez@example.com',
        addresses_attributes: [
          { data: { id: 101, street_number_and_name: '12 Main St', apartment_number: '200', apartment_type: 'ste', city: 'Austin', state: 'TX', province: null, zip_code: '78701', physical: true } },
        ],
        phone_numbers_attributes: [
          { data: { id: 201, number: '512-555-0101', daytime: true, kind: 'mobile' } },
          { data: { id: 301, number: '(512) 555-9999', daytime: false, kind: 'work' } },
        ],
      },
    });
    expect(await page.textContent('.page-header__title')).toBe('Mariana Alvarez');
  });

  it('shows why a save was refused, and never "Saved"', async () => {
    await open('/contacts/2');
    await page.fill('#contact_email', 'taken@example.com');
    await page.click('[data-action="save"]');
    await page.waitForSelector('.form-status[data-state="error"]');
    expect(await page.textContent('.form-status')).toBe('Not saved: email has already been taken');
  });

  it('creates a contact with POST and opens its page', async () => {
    await open('/contacts/new');
    await page.fill('#contact_first_name', 'Lena');
    await page.fill('#contact_last_name', 'Novak');
    await page.fill('#contact_mobile_phone', '512-555-7777');
    await page.click('[data-action="save"]');
    await page.waitForSelector('.form-status[data-state="saved"]');
    const id = await page.getAttribute('form.contact-form', 'data-contact-id');
    const [post] = writes('POST');
    expect(post?.path).toBe('/api/v1/contacts');
    expect(post?.body).toMatchObject({
      contact: { first_name: 'Lena', last_name: 'Novak', type: 'Person', lead: false, phone_numbers_attributes: [{ data: { number: '512-555-7777', kind: 'mobile' } }] },
    });
    await page.waitForURL(`**/contacts/${id}`);
    await page.waitForSelector('#page[data-route="contacts#show"][data-state="ready"]');
    expect(await page.inputValue('#contact_first_name')).toBe('Lena');
  });

  it('saves a matter with PUT { matter: { title, description, client_id } }', async () => {
    await open('/matters/11');
    await page.fill('#matter_title', 'Alvarez Spousal Petition');
    await page.selectOption('#matter_client_id', '2');
    await page.click('[data-action="save"]');
    await page.waitForSelector('.form-status[data-state="saved"]');
    expect(writes('PUT')[0]).toMatchObject({
      path: '/api/v1/matters/11',
      body: { matter: { title: 'Alvarez Spousal Petition', description: 'Spousal petition and adjustment of status.', client_id: 2 } },
    });
  });

  it('lists a matter’s forms with a per-row ⋯ menu and More Actions for checked rows', async () => {
    await open('/matters/11/forms');
    expect(await page.locator('tr.forms-table__row').count()).toBe(7);
    expect(await page.isDisabled('.bulk-actions__toggle')).toBe(true);
    await page.check('tr[data-form-name="I-130"] .forms-table__select');
    expect(await page.isDisabled('.bulk-actions__toggle')).toBe(false);
    await page.click('.bulk-actions__toggle');
    expect(await page.locator('.bulk-actions__menu [role="menuitem"]').allInnerTexts()).toEqual(['Share to Portal', 'Download']);

    await page.click('tr[data-form-name="I-485"] .row-actions__toggle');
    expect(await page.isVisible('.bulk-actions__menu')).toBe(false);
    const menu = page.locator('tr[data-form-name="I-485"] .row-actions__menu');
    expect(await menu.isVisible()).toBe(true);
    expect(await menu.locator('[role="menuitem"]').allInnerTexts()).toEqual(['Download PDF', 'Print', 'Delete']);
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Print');

    const href = await menu.locator('a[data-action="download-pdf"]').getAttribute('href');
    const pdf = await page.evaluate(async (url) => {
      const response = await fetch(url);
      return { type: response.headers.get('content-type'), start: (await response.text()).slice(0, 5) };
    }, href!);
    expect(pdf).toEqual({ type: 'application/pdf', start: '%PDF-' });
  });

  it('lists a matter’s files', async () => {
    await open('/matters/11/files');
    expect(await page.locator('tr.files-table__row').allInnerTexts()).toHaveLength(2);
    expect(server.requests.some((r) => r.path === '/app-api/matters/11/documents')).toBe(true);
  });
});
