/**
 * Real key presses in Chromium: Tab reaches every control of the popup and the options page in
 * order with a visible focus ring, and Enter / Space activate them. The pages are bundled with
 * Vite from `harness/keyboard-harness.tsx` into a temporary folder and opened as files.
 */
import preact from '@preact/preset-vite';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createRequire } from 'node:module';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
/** More presses than either page has controls, so the walk always wraps around. */
const MAX_TABS = 120;

let dir = '';
let browser: Browser;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ui-keyboard-'));
  await build({
    configFile: false,
    logLevel: 'silent',
    plugins: [preact()],
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      outDir: dir,
      emptyOutDir: false,
      minify: false,
      cssCodeSplit: false,
      lib: { entry: path.resolve(import.meta.dirname, 'harness/keyboard-harness.tsx'), formats: ['iife'], name: 'harness', fileName: () => 'harness.js', cssFileName: 'harness' },
    },
  });
  await writeFile(
    path.join(dir, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>harness</title><link rel="stylesheet" href="harness.css"></head><body><div id="app"></div><script src="harness.js"></script></body></html>',
  );
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

interface Focused {
  name: string;
  tag: string;
  outline: string;
}

async function open(page: 'popup' | 'options'): Promise<Page> {
  const tab = await browser.newPage({ viewport: { width: page === 'popup' ? 400 : 1000, height: 800 } });
  const errors: string[] = [];
  tab.on('pageerror', (error) => errors.push(error.message));
  await tab.goto(`${pathToFileURL(path.join(dir, 'index.html')).href}?page=${page}`);
  await tab.getByRole('heading', { level: 1 }).waitFor({ timeout: 10_000 });
  await tab.getByText(page === 'popup' ? '2 changes wait.' : 'Juan Perez: More than one possible match').waitFor({ timeout: 10_000 });
  expect(errors).toEqual([]);
  return tab;
}

async function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const labelled = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
    return { name: (labelled ?? el.textContent ?? '').trim(), tag: el.tagName, outline: `${style.outlineStyle} ${style.outlineWidth}` };
  });
}

/** axe-core in a real engine, where colour contrast can be computed (happy-dom cannot). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core') });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Element) => Promise<{ violations: Array<{ id: string; nodes: Array<{ html: string }> }> }> } }).axe;
    const result = await axe.run(document.body);
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html.slice(0, 80)).join(' | ')}`);
  });
}

/** Presses Tab until focus comes back to the first control; returns the controls in order. */
async function tabWalk(page: Page): Promise<Focused[]> {
  const seen: Focused[] = [];
  for (let i = 0; i < MAX_TABS; i += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now === null) {
      if (seen.length > 0) break;
      continue;
    }
    if (seen.length > 0 && now.name === seen[0]?.name && now.tag === seen[0]?.tag) break;
    seen.push(now);
  }
  return seen;
}

async function calls(page: Page): Promise<Array<{ type: string; payload: unknown }>> {
  return page.evaluate(() => (window as unknown as { harnessCalls: Array<{ type: string; payload: unknown }> }).harnessCalls);
}

async function tabTo(page: Page, name: string): Promise<void> {
  for (let i = 0; i < MAX_TABS; i += 1) {
    await page.keyboard.press('Tab');
    if ((await focused(page))?.name === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

describe('keyboard and axe in Chromium', () => {
  it('axe-core finds no violations, colour contrast included, in the popup and the options page', async () => {
    for (const which of ['popup', 'options'] as const) {
      const page = await open(which);
      expect(await axeViolations(page), which).toEqual([]);
      await page.close();
    }
  });

  it('R27 popup: Tab reaches every action in order with a visible focus ring; Enter and Space activate', async () => {
    const page = await open('popup');
    const walk = await tabWalk(page);
    expect(walk.map((f) => f.name)).toEqual(['Sync now', 'Reconnect MyCase', 'Open the sync log for this run', 'Try again', 'Settings', 'Sync log', 'Conflicts', 'Review queue']);
    for (const f of walk) expect(f.outline, f.name).toBe('solid 3px');

    await tabTo(page, 'Reconnect MyCase');
    await page.keyboard.press('Space');
    await expect.poll(async () => (await calls(page)).filter((c) => c.type === 'auth/connect')).toEqual([{ type: 'auth/connect', payload: { product: 'mycase' } }]);
    await tabTo(page, 'Sync now');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await calls(page)).filter((c) => c.type === 'sync/start').length).toBe(1);
    await page.getByText('1 of 10 done. Less than a minute left.').waitFor({ timeout: 5_000 });
    await page.close();
  });

  it('options page: Tab reaches every control with a visible focus ring; Enter and Space activate', async () => {
    const page = await open('options');
    const walk = await tabWalk(page);
    const names = walk.map((f) => f.name);
    for (const name of ['Setup', 'Test Docketwise connection', 'Deactivate…', "Use our firm's own API credentials", "Nightly sync time (this computer's time)", 'Save settings', 'Sync now', 'Apply filters', 'Export CSV', 'Show restored conflicts too', 'Restore the Docketwise value for email', 'Dismiss (leave as is)', 'Docketwise id', 'Link']) {
      expect(names, name).toContain(name);
    }
    expect(names.indexOf('Setup')).toBeLessThan(names.indexOf('Save settings'));
    expect(names.indexOf('Save settings')).toBeLessThan(names.indexOf('Export CSV'));
    expect(names.indexOf('Export CSV')).toBeLessThan(names.indexOf('Link'));
    for (const f of walk) expect(f.outline, f.name).not.toMatch(/^none/);

    await page.keyboard.press('Shift+Tab');
    await tabTo(page, 'Show restored conflicts too');
    await page.keyboard.press('Space');
    await expect.poll(async () => (await calls(page)).filter((c) => c.type === 'conflicts/list').at(-1)?.payload).toEqual({ includeResolved: true });
    await tabTo(page, 'Apply filters');
    const before = (await calls(page)).filter((c) => c.type === 'log/query').length;
    await page.keyboard.press('Enter');
    // Same filters: the form submits, and the page asks for the log again.
    await expect.poll(async () => (await calls(page)).filter((c) => c.type === 'log/query').length).toBeGreaterThan(before);
    await tabTo(page, 'Deactivate…');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Yes, deactivate' }).waitFor({ timeout: 5_000 });
    await page.close();
  });
});
