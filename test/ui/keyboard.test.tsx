// @vitest-environment happy-dom
/**
 * Keyboard reachability in happy-dom: every action is a native control (so Tab reaches it and
 * Enter/Space activate it in a real browser), nothing jumps the natural tab order, every control
 * takes focus, and the headings form an outline. Real key presses are checked in Chromium by
 * `keyboard-chromium.test.ts`.
 */
import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { OptionsApp } from '../../src/ui/options-app';
import { PopupApp } from '../../src/ui/popup-app';
import { baseHandlers, fakeBackground, makeConflict, makeReviewItem, makeStatus, T0 } from './fixtures';

afterEach(cleanup);

const FOCUSABLE = 'a[href], button, input, select, textarea, summary, [tabindex]';
const NATIVE = new Set(['A', 'BUTTON', 'INPUT', 'SELECT', 'TEXTAREA', 'SUMMARY']);

function handlers() {
  return baseHandlers({
    'status/get': () =>
      makeStatus({
        problems: [
          { id: 'p1', at: T0, severity: 'error', message: 'MyCase sign-in expired.', action: { kind: 'reconnect', product: 'mycase' } },
          { id: 'p2', at: T0 - 1, severity: 'error', message: '4 matters failed.', action: { kind: 'open-log', runId: 'run-1' } },
          { id: 'p3', at: T0 - 2, severity: 'warning', message: 'Two contacts match.', action: { kind: 'review', itemId: 'r1' } },
          { id: 'p4', at: T0 - 3, severity: 'error', message: '2 changes wait.', action: { kind: 'retry', what: 'outbox' } },
        ],
      }),
    'conflicts/list': () => ({ conflicts: [makeConflict()] }),
    'review/list': () => ({ items: [makeReviewItem()] }),
  });
}

function tabOrder(container: Element): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.tabIndex >= 0 && !(el as HTMLButtonElement).disabled);
}

function checkControls(container: Element) {
  for (const el of container.querySelectorAll<HTMLElement>('[tabindex]')) {
    // Only section targets of #hash links are focusable by script (-1); none is in the tab order.
    expect(`${el.tagName} ${el.getAttribute('tabindex')}`).toBe(`SECTION -1`);
  }
  const order = tabOrder(container);
  for (const el of order) {
    expect(NATIVE.has(el.tagName), `${el.outerHTML.slice(0, 80)} is a native control`).toBe(true);
    if (el.tagName === 'BUTTON') expect(['button', 'submit']).toContain(el.getAttribute('type'));
    el.focus();
    expect(document.activeElement).toBe(el);
  }
  // Nothing clickable hides in a non-control element.
  expect(container.querySelectorAll('div[onclick], span[onclick], li[onclick], [role="button"]')).toHaveLength(0);
  return order;
}

function headingLevels(container: Element): number[] {
  return [...container.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1]));
}

function expectOutline(levels: number[]) {
  expect(levels[0]).toBe(1);
  expect(levels.filter((l) => l === 1)).toHaveLength(1);
  levels.forEach((level, i) => {
    if (i > 0) expect(level - (levels[i - 1] ?? 1), `heading ${i} skips a level`).toBeLessThanOrEqual(1);
  });
}

function label(el: HTMLElement): string {
  if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement) return `${el.tagName.toLowerCase()}#${el.id}`;
  return (el.textContent ?? '').trim();
}

describe('keyboard and structure', () => {
  it('R27 popup: every action is a native control, in a sensible tab order, under one h1', async () => {
    const bg = fakeBackground(handlers());
    const { container } = render(<PopupApp client={bg.send} />);
    await screen.findAllByTestId('problem');
    const order = checkControls(container).map(label);
    expect(order).toEqual([
      'Sync now',
      'Reconnect MyCase',
      'Open the sync log for this run',
      'Resolve it in the review queue',
      'Try again',
      'Settings',
      'Sync log',
      'Conflicts',
      'Review queue',
    ]);
    expectOutline(headingLevels(container));
  });

  it('options page: every action is a native control with a label, and the headings form an outline', async () => {
    const bg = fakeBackground(handlers());
    const { container } = render(<OptionsApp client={bg.send} url="chrome-extension://x/options.html" />);
    await screen.findAllByTestId('review-item');
    await waitFor(() => screen.getAllByTestId('conflict'));
    const order = checkControls(container);
    for (const el of order) {
      if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement) {
        const labelled = container.querySelector(`label[for="${el.id}"]`);
        expect(labelled?.textContent, `${el.id} has a label`).toBeTruthy();
      } else {
        expect(label(el), el.outerHTML.slice(0, 60)).not.toBe('');
      }
    }
    const names = order.map(label);
    // Sections come in page order: setup, sync settings, log, conflicts, review.
    const at = (name: string) => names.indexOf(name);
    expect(at('Setup')).toBeLessThan(at('Test Docketwise connection'));
    expect(at('Test MyCase connection')).toBeLessThan(at('Deactivate…'));
    expect(at('Deactivate…')).toBeLessThan(at('input#nightly-time'));
    expect(at('input#nightly-time')).toBeLessThan(at('Apply filters'));
    expect(at('Export CSV')).toBeLessThan(at('Restore the Docketwise value for email'));
    expect(at('Restore the Docketwise value for email')).toBeLessThan(at('Dismiss (leave as is)'));
    expect(at('Dismiss (leave as is)')).toBeLessThan(at('Link'));
    expect(Math.min(...['Setup', 'Export CSV', 'Link', 'Save settings', 'Apply filters'].map(at))).toBeGreaterThanOrEqual(0);
    const levels = headingLevels(container);
    expectOutline(levels);
    expect([...container.querySelectorAll('h2')].map((h) => h.textContent)).toEqual(['Setup and accounts', 'Sync settings', 'Sync log', 'Conflicts', 'Review queue']);
  });

  it('the options page focuses the section named in the address', async () => {
    const bg = fakeBackground(handlers());
    render(<OptionsApp client={bg.send} url="chrome-extension://x/options.html#conflicts" />);
    await waitFor(() => expect(document.activeElement?.id).toBe('conflicts'));
    cleanup();
    render(<OptionsApp client={bg.send} url="chrome-extension://x/options.html#connections" />);
    await waitFor(() => expect(document.activeElement?.id).toBe('setup'));
  });
});
