import type { Loadable } from '../loadable';
import { formatAgo, formatCount, formatWhen, modeName, productName, runOutcomeName } from '../format';
import type { ActionResult, Product, RunView, StatusSnapshot } from '../view-types';
import { accountFor, accountSentence } from './account-status';
import { ProblemList } from './problem-list';
import { RunCounts } from './run-counts';
import { SyncProgress } from './sync-progress';

export interface StatusPanelProps {
  status: Loadable<StatusSnapshot>;
  run: RunView;
  /** Result of the last Reconnect click. */
  reconnect: ActionResult;
  now: number;
  optionsUrl: string;
  onSyncNow: () => void;
  onReconnect: (product: Product) => void;
  onRetry: (what: string) => void;
}

const products: Product[] = ['docketwise', 'mycase'];

function Accounts({ status, onReconnect, reconnect }: { status: StatusSnapshot; onReconnect: (p: Product) => void; reconnect: ActionResult }) {
  return (
    <section aria-labelledby="accounts-heading">
      <h2 id="accounts-heading">Accounts</h2>
      <ul class="accounts">
        {products.map((product) => {
          const account = accountFor(status.accounts, product);
          return (
            <li key={product} data-testid={`account-${product}`} data-state={account.state} class={account.state === 'connected' ? 'ok' : 'problem'}>
              {accountSentence(account)}{' '}
              {/* Before activation the Set up page connects accounts; an expired sign-in is renewed here either way. */}
              {(account.state === 'reconnect-required' || (account.state !== 'connected' && status.activated)) && (
                <button type="button" onClick={() => onReconnect(product)} disabled={reconnect.state === 'working'}>
                  {account.state === 'reconnect-required' ? 'Reconnect' : 'Connect'} {productName[product]}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {reconnect.state === 'working' && (
        <p role="status">A sign-in window has opened. This popup may close while you sign in; open it again afterwards to see the result.</p>
      )}
      {reconnect.state === 'done' && (
        <p role="status" class={reconnect.ok ? 'ok' : 'problem'}>
          {reconnect.message}
        </p>
      )}
    </section>
  );
}

/** The popup (R27): connections, mode, last and next sync, outbox, last run's counts, problems, Sync now. */
export function StatusPanel({ status, run, reconnect, now, optionsUrl, onSyncNow, onReconnect, onRetry }: StatusPanelProps) {
  if (status.state === 'loading') return <p role="status">Loading the sync status…</p>;
  if (status.state === 'error') {
    return (
      <p role="alert" class="problem">
        The extension is not responding ({status.message}). Reload the extension from the browser's extensions page, then open this again.
      </p>
    );
  }
  const s = status.value;
  if (!s.activated) {
    return (
      <>
        <section aria-labelledby="setup-heading">
          <h2 id="setup-heading">Not set up yet</h2>
          <p>Connect your Docketwise and MyCase accounts and choose how to sync. It takes a few minutes.</p>
          <p>
            <a class="button primary" href={`${optionsUrl}#setup`} target="_blank" rel="noreferrer">
              Set up
            </a>
          </p>
        </section>
        <Accounts status={s} onReconnect={onReconnect} reconnect={reconnect} />
      </>
    );
  }
  const busy = run.state === 'starting' || run.state === 'running' || s.progress.running;
  const last = s.lastRun;
  return (
    <>
      <Accounts status={s} onReconnect={onReconnect} reconnect={reconnect} />
      <section aria-labelledby="sync-heading">
        <h2 id="sync-heading">Sync</h2>
        <dl class="facts">
          <dt>Mode</dt>
          <dd data-testid="mode">{modeName[s.mode]}</dd>
          <dt>Last sync</dt>
          <dd data-testid="last-sync">
            {last === null
              ? 'Never'
              : `${formatWhen(last.startedAt)} (${formatAgo(last.startedAt, now)}): ${runOutcomeName(last.outcome)}`}
          </dd>
          <dt>Next sync</dt>
          <dd data-testid="next-sync">
            {s.nextNightlyAt === null ? 'Not scheduled' : `Nightly, ${formatWhen(s.nextNightlyAt)}`}
            {s.nextCheckAt !== null && `. Next Docketwise check: ${formatWhen(s.nextCheckAt)}`}
          </dd>
          <dt>Waiting to send</dt>
          <dd data-testid="outbox" class={s.outbox.failing > 0 ? 'problem' : undefined}>
            {s.outbox.pending === 0
              ? 'Nothing waiting'
              : `${formatCount(s.outbox.pending)} change${s.outbox.pending === 1 ? '' : 's'} waiting for MyCase`}
            {s.outbox.failing > 0 && ` (${formatCount(s.outbox.failing)} keep failing: see Problems)`}
          </dd>
        </dl>
        <button type="button" class="primary" onClick={onSyncNow} disabled={busy}>
          {busy ? 'Syncing…' : 'Sync now'}
        </button>
        <SyncProgress run={run} />
      </section>
      {last !== null && (
        <section aria-labelledby="last-run-heading">
          <h2 id="last-run-heading">Last run</h2>
          <RunCounts run={last} caption={`Records in the last run (${formatWhen(last.startedAt)})`} />
        </section>
      )}
      <section aria-labelledby="problems-heading">
        <h2 id="problems-heading">Problems</h2>
        <ProblemList problems={s.problems} optionsUrl={optionsUrl} onReconnect={onReconnect} onRetry={onRetry} />
      </section>
    </>
  );
}
