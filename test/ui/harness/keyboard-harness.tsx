/**
 * Renders the popup or the options page over the fake background, for the Chromium keyboard
 * test (bundled by that test; never part of the extension). `?page=popup|options`.
 */
import '../../../src/config/zod-setup';
import '../../../src/ui/styles.css';
import { render } from 'preact';
import { OptionsApp } from '../../../src/ui/options-app';
import { PopupApp } from '../../../src/ui/popup-app';
import { baseHandlers, fakeBackground, makeConflict, makeReviewItem, makeStatus, T0 } from '../fixtures';

const bg = fakeBackground(
  baseHandlers({
    'status/get': () =>
      makeStatus({
        problems: [
          { id: 'p1', at: T0, severity: 'error', message: 'MyCase sign-in expired.', action: { kind: 'reconnect', product: 'mycase' } },
          { id: 'p2', at: T0 - 1, severity: 'error', message: '4 matters failed.', action: { kind: 'open-log', runId: 'run-1' } },
          { id: 'p4', at: T0 - 3, severity: 'error', message: '2 changes wait.', action: { kind: 'retry', what: 'outbox' } },
        ],
      }),
    'conflicts/list': () => ({ conflicts: [makeConflict()] }),
    'review/list': () => ({ items: [makeReviewItem()] }),
    'auth/connect': () => ({ connected: true }),
    'sync/start': () => ({ started: true, runId: 'r' }),
    'sync/progress': () => ({ running: true, runId: 'r', phase: 'pull-contacts', done: 1, total: 10, etaSeconds: 30, lastRun: null }),
  }),
);
(window as unknown as { harnessCalls: typeof bg.calls }).harnessCalls = bg.calls;

const root = document.getElementById('app');
const page = new URLSearchParams(location.search).get('page');
if (root) render(page === 'options' ? <OptionsApp client={bg.send} saveFile={() => undefined} /> : <PopupApp client={bg.send} />, root);
