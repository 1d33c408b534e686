import { useEffect, useState } from 'preact/hooks';
import { DIRECT_MODE_WARNING } from '../auth/direct-credentials';
import type { MessageClient } from '../messaging/client';
import { ConflictsSection } from './components/conflicts-section';
import { ReviewSection, type LinkRequest } from './components/review-section';
import { RunLogSection } from './components/run-log-section';
import { SetupSection } from './components/setup-section';
import { SyncSettingsSection } from './components/sync-settings-section';
import { toCsv } from './csv';
import { downloadText } from './download';
import { formatCount, modeName, productName } from './format';
import { useAction, useKeyedAction } from './hooks/use-action';
import { ClientContext, useClient, useLoad } from './hooks/use-background';
import { useSyncRun } from './hooks/use-sync-run';
import { buildLogQuery, emptyFilters, type LogFilters } from './log-query';
import { parseOptionsLocation } from './options-location';
import type { LogEntry, Product, ReviewChoice, Settings, SyncMode } from './view-types';

export interface OptionsAppProps {
  /** A fake client in tests; the runtime client otherwise. */
  client?: MessageClient;
  pollMs?: number;
  /** The page's address (`#log?run=ID`, `#review?item=ID` come from the popup and `options/open`). */
  url?: string;
  /** Where an exported CSV goes; a Blob download by default. */
  saveFile?: (filename: string, text: string) => void;
  pageSize?: number;
}

export function OptionsApp({ client, ...rest }: OptionsAppProps) {
  return (
    <ClientContext.Provider value={client ?? null}>
      <Options {...rest} />
    </ClientContext.Provider>
  );
}

const EXPORT_PAGE = 5000;
/** 100 × 5,000 records: far beyond a firm's log retention, and a hard stop for the loop. */
const EXPORT_MAX_PAGES = 100;

function Options({ pollMs, url, saveFile = downloadText, pageSize = 50 }: Omit<OptionsAppProps, 'client'>) {
  const send = useClient();
  const [opened] = useState(() => parseOptionsLocation(url ?? location.href));
  const initialRun = opened.runId;
  const highlightId = opened.itemId;
  const hash = opened.section;

  const status = useLoad(() => send('status/get', {}), [send]);
  const settings = useLoad(() => send('settings/get', {}), [send]);
  const runs = useLoad(() => send('log/runs', { limit: 20 }).then((r) => r.runs), [send]);
  const [filters, setFilters] = useState<LogFilters>({ ...emptyFilters, runId: initialRun });
  const [page, setPage] = useState(0);
  const entries = useLoad(() => send('log/query', buildLogQuery(filters, page, pageSize)), [send, filters, page, pageSize]);
  const [includeResolved, setIncludeResolved] = useState(false);
  const conflicts = useLoad(() => send('conflicts/list', { includeResolved }).then((r) => r.conflicts), [send, includeResolved]);
  const review = useLoad(() => send('review/list', {}).then((r) => r.items), [send]);

  const run = useSyncRun(send, {
    intervalMs: pollMs,
    onFinished: () => {
      status.reload();
      runs.reload();
      entries.reload();
      conflicts.reload();
      review.reload();
    },
  });
  // Progress shows next to the button that started the run: Activate (setup) or Sync now.
  const [runOrigin, setRunOrigin] = useState<'setup' | 'settings'>('settings');
  const alreadyRunning = status.value.state === 'ready' && status.value.value.progress.running;
  useEffect(() => {
    if (alreadyRunning) run.watch();
  }, [alreadyRunning, run.watch]);

  // Sections render after the data arrives, so the browser's own jump to #hash misses them.
  const statusReady = status.value.state !== 'loading';
  useEffect(() => {
    if (!statusReady || hash === '') return;
    const target = document.getElementById(hash);
    target?.scrollIntoView?.();
    target?.focus({ preventScroll: true });
  }, [statusReady, hash]);

  const [mode, setMode] = useState<SyncMode>('two-way');
  const loadedMode = settings.value.state === 'ready' ? settings.value.value.mode : null;
  useEffect(() => {
    if (loadedMode !== null) setMode(loadedMode);
  }, [loadedMode]);
  const [refreshing, setRefreshing] = useState(false);

  const connect = useKeyedAction(async (product: Product) => {
    const reply = await send('auth/connect', { product });
    status.reload();
    return {
      ok: reply.connected,
      message: reply.connected
        ? `${productName[product]} is connected.`
        : (reply.message ?? `${productName[product]} was not connected. Press Connect again and finish the sign-in in the window that opens.`),
    };
  });
  const test = useKeyedAction(async (product: Product) => send('auth/test', { product }));
  const disconnect = useKeyedAction(async (product: Product) => {
    const reply = await send('auth/disconnect', { product });
    status.reload();
    return { ok: reply.disconnected, message: reply.disconnected ? `${productName[product]} is disconnected.` : `${productName[product]} could not be disconnected. Try again.` };
  });
  const activation = useAction(async () => {
    setRefreshing(false);
    setRunOrigin('setup');
    const reply = await send('integration/activate', { mode });
    status.reload();
    if (reply.started) run.watch();
    return {
      ok: reply.started,
      message: reply.started ? 'Activated. The first sync is running; its progress is below.' : (reply.message ?? 'The integration could not be activated. Test both connections, then try again.'),
    };
  });
  const deactivate = async () => {
    const reply = await send('integration/deactivate', {});
    status.reload();
    return {
      ok: reply.deactivated,
      message: reply.deactivated
        ? 'Deactivated. Nothing syncs until you activate again; links between records and the sync log are kept.'
        : 'The integration could not be deactivated. Reload this page and try again.',
    };
  };
  const deactivation = useAction(deactivate);
  const direct = useAction(async (product: Product, credentials: { clientId: string; clientSecret: string } | null) => {
    const reply = await send('auth/set-direct-credentials', { product, credentials });
    status.reload();
    const name = productName[product];
    if (!reply.saved) return { ok: false, message: `The ${name} credentials were not saved. Check them and try again.` };
    const signedOut = reply.disconnected ? ` ${name} was signed out because the sign-in belonged to the previous credentials.` : '';
    return {
      ok: true,
      message:
        credentials === null
          ? `${name} uses the standard sign-in again.${signedOut} Connect ${name} to sign in.`
          : `Saved.${signedOut} Now connect ${name} to sign in with your firm's credentials.`,
    };
  });
  const saveSettings = useAction(async (next: Settings) => {
    const saved = await send('settings/set', next);
    settings.reload();
    status.reload();
    return { ok: true, message: `Saved. The nightly sync runs at ${saved.nightlyTime}; mode: ${modeName[saved.mode].toLowerCase()}.` };
  });

  const exportCsv = useAction(async () => {
    const all: LogEntry[] = [];
    for (let p = 0; p < EXPORT_MAX_PAGES; p += 1) {
      const reply = await send('log/query', buildLogQuery(filters, p, EXPORT_PAGE));
      all.push(...reply.entries);
      if (reply.entries.length < EXPORT_PAGE || all.length >= reply.total) break;
    }
    const day = new Date().toISOString().slice(0, 10);
    // The byte-order mark makes Excel read the file as UTF-8 (accented names stay intact).
    saveFile(`sync-log-${day}.csv`, `\uFEFF${toCsv(all)}`);
    return { ok: true, message: `Exported ${formatCount(all.length)} record${all.length === 1 ? '' : 's'}.` };
  });

  const restore = useKeyedAction(async (id: string) => {
    const reply = await send('conflicts/restore', { id });
    if (reply.restored) conflicts.reload();
    return { ok: reply.restored, message: reply.message };
  });
  const [resolved, setResolved] = useState<{ message: string; seq: number } | null>(null);
  const reviewAction = useKeyedAction(async (request: { link: LinkRequest } | { dismiss: string } | { resolve: { itemId: string; action: ReviewChoice } }) => {
    if ('resolve' in request) {
      const reply = await send('review/resolve', request.resolve);
      if (reply.done) {
        setResolved((last) => ({ message: reply.message, seq: (last?.seq ?? 0) + 1 }));
        review.reload();
        entries.reload();
        status.reload();
      }
      return { ok: reply.done, message: reply.message };
    }
    if ('dismiss' in request) {
      const reply = await send('review/dismiss', { itemId: request.dismiss });
      if (reply.dismissed) review.reload();
      return { ok: reply.dismissed, message: reply.dismissed ? 'Dismissed.' : 'It could not be dismissed. Reload this page and try again.' };
    }
    const reply = await send('review/link', request.link);
    if (reply.linked) {
      review.reload();
      entries.reload();
    }
    return { ok: reply.linked, message: reply.message };
  });
  const manualLink = useAction(async (request: LinkRequest) => {
    const reply = await send('review/link', request);
    if (reply.linked) entries.reload();
    return { ok: reply.linked, message: reply.message };
  });

  const idle = { state: 'idle' } as const;
  const activated = status.value.state === 'ready' && status.value.value.activated;

  return (
    <main class="options">
      <header>
        <h1>Docketwise ⇄ MyCase sync: settings</h1>
        <p role="status" data-testid="summary">
          {status.value.state === 'loading' && 'Loading…'}
          {status.value.state === 'error' && `The extension is not responding (${status.value.message}). Reload the extension from the browser's extensions page, then reload this page.`}
          {status.value.state === 'ready' &&
            (status.value.value.activated ? `The sync is active (${modeName[status.value.value.mode].toLowerCase()}).` : 'Not set up yet: follow the steps under Setup.')}
        </p>
        <nav aria-label="Sections">
          <a href="#setup">Setup</a> <a href="#sync">Sync settings</a> <a href="#log">Sync log</a> <a href="#conflicts">Conflicts</a> <a href="#review">Review queue</a>
        </nav>
      </header>
      {status.value.state === 'ready' && (
        <SetupSection
          status={status.value.value}
          mode={mode}
          onModeChange={setMode}
          connect={{ docketwise: connect.results.docketwise ?? idle, mycase: connect.results.mycase ?? idle }}
          test={{ docketwise: test.results.docketwise ?? idle, mycase: test.results.mycase ?? idle }}
          onConnect={(p) => void connect.run(p, p)}
          onDisconnect={(p) => void disconnect.run(p, p)}
          onTest={(p) => void test.run(p, p)}
          activation={activation.result}
          run={runOrigin === 'setup' ? run.view : idle}
          onActivate={() => void activation.run()}
          deactivation={deactivation.result}
          onDeactivate={() => void deactivation.run()}
          onRefresh={() => {
            activation.clear();
            void deactivation.run().then(() => setRefreshing(true));
          }}
          refreshing={refreshing}
          direct={{
            warning: DIRECT_MODE_WARNING,
            result: direct.result,
            onSave: (p, credentials) => void direct.run(p, credentials),
            onClear: (p) => void direct.run(p, null),
          }}
        />
      )}
      <SyncSettingsSection
        settings={settings.value}
        activated={activated}
        save={saveSettings.result}
        onSave={(next) => void saveSettings.run(next)}
        run={runOrigin === 'settings' ? run.view : idle}
        onSyncNow={() => {
          setRunOrigin('settings');
          void run.start('options');
        }}
      />
      <RunLogSection
        runs={runs.value}
        entries={entries.value}
        filters={filters}
        page={page}
        pageSize={pageSize}
        onFilter={(next) => {
          // A fresh object: pressing Apply again with the same filters reloads the records.
          setFilters({ ...next });
          setPage(0);
        }}
        onPage={(next) => setPage(Math.max(0, next))}
        onExport={() => void exportCsv.run()}
        exportResult={exportCsv.result}
      />
      <ConflictsSection
        conflicts={conflicts.value}
        includeResolved={includeResolved}
        onIncludeResolved={setIncludeResolved}
        onRestore={(id) => void restore.run(id, id)}
        results={restore.results}
      />
      <ReviewSection
        items={review.value}
        highlightId={highlightId}
        onLink={(request) => (request.itemId === null ? void manualLink.run(request) : void reviewAction.run(request.itemId, { link: request }))}
        onDismiss={(itemId) => void reviewAction.run(itemId, { dismiss: itemId })}
        onResolve={(itemId, action) => void reviewAction.run(itemId, { resolve: { itemId, action } })}
        results={reviewAction.results}
        manualResult={manualLink.result}
        resolved={resolved}
      />
    </main>
  );
}
