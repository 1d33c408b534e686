import type { MessageClient } from '../messaging/client';
import { ConnectionLine } from './components/connection-line';
import { StatusPanel } from './components/status-panel';
import { useAction } from './hooks/use-action';
import { ClientContext, useBackgroundReachable, useClient, useLoad } from './hooks/use-background';
import { useSyncRun } from './hooks/use-sync-run';
import { useEffect, useState } from 'preact/hooks';
import { productName } from './format';
import type { Product } from './view-types';

export interface PopupAppProps {
  /** A fake client in tests; the runtime client otherwise. */
  client?: MessageClient;
  pollMs?: number;
  optionsUrl?: string;
}

export function PopupApp({ client, pollMs, optionsUrl = 'options.html' }: PopupAppProps) {
  return (
    <ClientContext.Provider value={client ?? null}>
      <Popup pollMs={pollMs} optionsUrl={optionsUrl} />
    </ClientContext.Provider>
  );
}

function Popup({ pollMs, optionsUrl }: { pollMs: number | undefined; optionsUrl: string }) {
  const send = useClient();
  const background = useBackgroundReachable();
  const status = useLoad(() => send('status/get', {}), [send]);
  const run = useSyncRun(send, { intervalMs: pollMs, onFinished: status.reload });
  const [now, setNow] = useState(() => Date.now());

  // A run started elsewhere (nightly, the Docketwise menu) is followed as if started here.
  const alreadyRunning = status.value.state === 'ready' && status.value.value.progress.running;
  useEffect(() => {
    if (alreadyRunning) run.watch();
  }, [alreadyRunning, run.watch]);

  useEffect(() => {
    if (run.view.state === 'finished') setNow(Date.now());
  }, [run.view.state]);

  const reconnect = useAction(async (product: Product) => {
    const reply = await send('auth/connect', { product });
    status.reload();
    return {
      ok: reply.connected,
      message: reply.connected
        ? `${productName[product]} is connected again.`
        : (reply.message ?? `${productName[product]} is still not connected. Try Reconnect again, and finish the sign-in in the window that opens.`),
    };
  });

  return (
    <main class="popup">
      <h1>Docketwise ⇄ MyCase sync</h1>
      <StatusPanel
        status={status.value}
        run={run.view}
        reconnect={reconnect.result}
        now={now}
        optionsUrl={optionsUrl}
        onSyncNow={() => void run.start('popup')}
        onReconnect={(product) => void reconnect.run(product)}
        onRetry={() => void run.start('popup')}
      />
      <nav aria-label="Settings and logs" class="links">
        <a href={`${optionsUrl}#setup`} target="_blank" rel="noreferrer">
          Settings
        </a>
        <a href={`${optionsUrl}#log`} target="_blank" rel="noreferrer">
          Sync log
        </a>
        <a href={`${optionsUrl}#conflicts`} target="_blank" rel="noreferrer">
          Conflicts
        </a>
        <a href={`${optionsUrl}#review`} target="_blank" rel="noreferrer">
          Review queue
        </a>
      </nav>
      <ConnectionLine background={background} />
    </main>
  );
}
