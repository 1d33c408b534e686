// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import { OptionsApp } from '../../src/ui/options-app';
import { PopupApp } from '../../src/ui/popup-app';
import { baseHandlers, fakeBackground, makeConflict, makeReviewItem, makeStatus, T0 } from './fixtures';

afterEach(cleanup);

function busyHandlers() {
  return baseHandlers({
    'status/get': () =>
      makeStatus({
        outbox: { pending: 2, failing: 1 },
        problems: [
          { id: 'p1', at: T0, severity: 'error', message: 'MyCase sign-in expired.', action: { kind: 'reconnect', product: 'mycase' } },
          { id: 'p2', at: T0, severity: 'error', message: '4 matters failed.', action: { kind: 'open-log', runId: 'run-1' } },
          { id: 'p3', at: T0, severity: 'warning', message: 'Two contacts match.', action: { kind: 'review', itemId: 'r1' } },
          { id: 'p4', at: T0, severity: 'error', message: '2 changes wait.', action: { kind: 'retry', what: 'outbox' } },
        ],
      }),
    'conflicts/list': () => ({ conflicts: [makeConflict()] }),
    'review/list': () => ({ items: [makeReviewItem()] }),
  });
}

describe('axe-core in happy-dom (colour contrast needs a real browser: axe reports it as incomplete here)', () => {
  it('catches a nameless button, so a clean result means something', async () => {
    const { container } = render(
      <main>
        <h1>x</h1>
        <button type="button" />
      </main>,
    );
    const result = await axe.run(container);
    expect(result.violations.map((v) => v.id)).toContain('button-name');
  });

  it('the popup with every kind of problem has no violations', async () => {
    const bg = fakeBackground(busyHandlers());
    const { container } = render(<PopupApp client={bg.send} />);
    await screen.findAllByTestId('problem');
    const result = await axe.run(container);
    expect(result.violations.map((v) => `${v.id}: ${v.nodes[0]?.html ?? ''}`)).toEqual([]);
    expect(result.passes.length).toBeGreaterThan(20);
  });
  it('the options page with log, conflicts and review items has no violations', async () => {
    const bg = fakeBackground(busyHandlers());
    const { container } = render(<OptionsApp client={bg.send} url="chrome-extension://x/options.html" />);
    await screen.findAllByTestId('review-item');
    await waitFor(() => screen.getAllByTestId('conflict'));
    const result = await axe.run(container);
    expect(result.violations.map((v) => `${v.id}: ${v.nodes[0]?.html ?? ''}`)).toEqual([]);
    expect(result.passes.length).toBeGreaterThan(20);
  });
});
