import { useState } from 'preact/hooks';
import { modeExplanation, modeName, productName } from '../format';
import type { ActionResult, Product, RunView, StatusSnapshot, SyncMode } from '../view-types';
import { accountFor, accountSentence } from './account-status';
import { ActionMessage } from './action-message';
import { DirectCredentialsForm, type DirectCredentialsFormProps } from './direct-credentials-form';
import { SyncProgress } from './sync-progress';

export const INITIAL_SYNC_NOTE =
  'Docketwise allows 120 requests a minute, so for a firm with thousands of contacts the first sync takes several minutes. You can close this page: the sync goes on in the background, and the popup shows its progress.';

export interface SetupSectionProps {
  status: StatusSnapshot;
  mode: SyncMode;
  onModeChange: (mode: SyncMode) => void;
  connect: Readonly<Record<Product, ActionResult>>;
  test: Readonly<Record<Product, ActionResult>>;
  onConnect: (product: Product) => void;
  onDisconnect: (product: Product) => void;
  onTest: (product: Product) => void;
  activation: ActionResult;
  /** The initial sync after Activate. */
  run: RunView;
  onActivate: () => void;
  deactivation: ActionResult;
  onDeactivate: () => void;
  /** Deactivate, then show the steps again so the initial sync can re-run. */
  onRefresh: () => void;
  /** Set after "Refresh the integration" until the user activates again. */
  refreshing: boolean;
  direct: Omit<DirectCredentialsFormProps, 'idPrefix'>;
}

function AccountStep({ product, props }: { product: Product; props: SetupSectionProps }) {
  const account = accountFor(props.status.accounts, product);
  const name = productName[product];
  const connected = account.state === 'connected';
  return (
    <>
      <p data-testid={`setup-account-${product}`} data-state={account.state} class={connected ? 'ok' : account.state === 'reconnect-required' ? 'problem' : undefined}>
        {accountSentence(account)}
      </p>
      <div class="buttons">
        {!connected && (
          <button type="button" class="primary" onClick={() => props.onConnect(product)} disabled={props.connect[product].state === 'working'}>
            {account.state === 'reconnect-required' ? 'Reconnect' : 'Connect'} {name}
          </button>
        )}
        {connected && !props.status.activated && (
          <button type="button" onClick={() => props.onDisconnect(product)}>
            Disconnect {name}
          </button>
        )}
        <button type="button" onClick={() => props.onTest(product)} disabled={props.test[product].state === 'working'}>
          Test {name} connection
        </button>
      </div>
      <ActionMessage result={props.connect[product]} working={`Waiting for you to sign in to ${name} in the window that opened…`} testId={`connect-result-${product}`} />{' '}
      <ActionMessage result={props.test[product]} working={`Testing the ${name} connection…`} testId={`test-result-${product}`} />
    </>
  );
}

export function ModeChoice({ mode, onChange, name }: { mode: SyncMode; onChange: (mode: SyncMode) => void; name: string }) {
  return (
    <fieldset>
      <legend>How should the sync work?</legend>
      {(['two-way', 'one-way'] as const).map((m) => (
        <div key={m} class="choice">
          <input type="radio" id={`${name}-${m}`} name={name} value={m} checked={mode === m} onChange={() => onChange(m)} aria-describedby={`${name}-${m}-help`} />
          <label for={`${name}-${m}`}>
            {modeName[m]}
            {m === 'two-way' && ' (recommended)'}
          </label>
          <p id={`${name}-${m}-help`} class="hint">
            {modeExplanation[m]}
          </p>
        </div>
      ))}
    </fieldset>
  );
}

/** Activation (R7) and deactivation (R26). */
export function SetupSection(props: SetupSectionProps) {
  const { status } = props;
  const [confirm, setConfirm] = useState<'none' | 'deactivate' | 'refresh'>('none');
  const bothConnected = (['docketwise', 'mycase'] as const).every((p) => accountFor(status.accounts, p).state === 'connected');
  const activating = props.activation.state === 'working' || props.run.state === 'starting' || props.run.state === 'running';

  return (
    <section id="setup" aria-labelledby="setup-title" tabIndex={-1}>
      <h2 id="setup-title">Setup and accounts</h2>
      {status.activated ? (
        <>
          <p class="ok" data-testid="activated">
            The sync is active ({modeName[status.mode].toLowerCase()}).
          </p>
          <h3>Docketwise</h3>
          <AccountStep product="docketwise" props={props} />
          <h3>MyCase</h3>
          <AccountStep product="mycase" props={props} />
          <SyncProgress run={props.run} runningNote={INITIAL_SYNC_NOTE} />
          <h3>Stop or restart the sync</h3>
          {confirm === 'none' && (
            <div class="buttons">
              <button type="button" onClick={() => setConfirm('deactivate')}>
                Deactivate…
              </button>
              <button type="button" onClick={() => setConfirm('refresh')}>
                Refresh the integration…
              </button>
            </div>
          )}
          {confirm === 'deactivate' && (
            <div class="confirm" role="group" aria-labelledby="confirm-deactivate">
              <p id="confirm-deactivate">
                Deactivating stops all syncing and signs the extension out of both accounts. Links between records and the sync log are kept, so you can activate again later without creating duplicates.
              </p>
              <button type="button" class="danger" onClick={() => { setConfirm('none'); props.onDeactivate(); }}>
                Yes, deactivate
              </button>{' '}
              <button type="button" onClick={() => setConfirm('none')}>
                Cancel
              </button>
            </div>
          )}
          {confirm === 'refresh' && (
            <div class="confirm" role="group" aria-labelledby="confirm-refresh">
              <p id="confirm-refresh">
                Refreshing deactivates the integration, then you connect both accounts again and activate. The initial sync runs again: records that are already linked stay linked, so nothing is duplicated.
              </p>
              <button type="button" class="danger" onClick={() => { setConfirm('none'); props.onRefresh(); }}>
                Yes, refresh
              </button>{' '}
              <button type="button" onClick={() => setConfirm('none')}>
                Cancel
              </button>
            </div>
          )}
          <ActionMessage result={props.deactivation} working="Deactivating…" testId="deactivate-result" />
        </>
      ) : (
        <>
          {props.refreshing && (
            <p role="status" class="notice" data-testid="refresh-notice">
              The integration is deactivated. Connect both accounts again and press Activate to re-run the initial sync; records already linked are not duplicated.
            </p>
          )}
          {!props.refreshing && <ActionMessage result={props.deactivation} working="Deactivating…" testId="deactivate-result" />}
          <ol class="steps">
            <li>
              <h3>Connect Docketwise</h3>
              <AccountStep product="docketwise" props={props} />
            </li>
            <li>
              <h3>Connect MyCase</h3>
              <p class="hint">MyCase gives API access on the Pro and Advanced plans only. Sign in with an account that will stay with the firm, such as an administrator's.</p>
              <AccountStep product="mycase" props={props} />
            </li>
            <li>
              <h3>Choose how to sync</h3>
              <ModeChoice mode={props.mode} onChange={props.onModeChange} name="setup-mode" />
            </li>
            <li>
              <h3>Activate</h3>
              <p class="hint">
                Activating runs the first sync: contacts with the same first name, last name and email are linked (MyCase's values win), and MyCase people missing from Docketwise are created there. Matters and cases that already exist are not synced unless you link them in the review queue. {INITIAL_SYNC_NOTE}
              </p>
              {!bothConnected && <p data-testid="activate-blocked">Connect both accounts first (steps 1 and 2).</p>}
              <button type="button" class="primary" onClick={props.onActivate} disabled={!bothConnected || activating}>
                Activate
              </button>{' '}
              <ActionMessage result={props.activation} working="Activating…" testId="activate-result" />
              <SyncProgress run={props.run} runningNote={INITIAL_SYNC_NOTE} />
            </li>
          </ol>
        </>
      )}
      <DirectCredentialsForm {...props.direct} idPrefix="direct" />
    </section>
  );
}
