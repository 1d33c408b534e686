import { useEffect, useState } from 'preact/hooks';
import { isValidNightlyTime } from '../format';
import type { Loadable } from '../loadable';
import type { ActionResult, RunView, Settings, SyncMode } from '../view-types';
import { ActionMessage } from './action-message';
import { ModeChoice } from './setup-section';
import { SyncProgress } from './sync-progress';

export interface SyncSettingsSectionProps {
  settings: Loadable<Settings>;
  activated: boolean;
  save: ActionResult;
  onSave: (settings: Settings) => void;
  run: RunView;
  onSyncNow: () => void;
}

/** Nightly time (R13), mode, and Sync now. */
export function SyncSettingsSection({ settings, activated, save, onSave, run, onSyncNow }: SyncSettingsSectionProps) {
  const loaded = settings.state === 'ready' ? settings.value : null;
  const [nightlyTime, setNightlyTime] = useState(loaded?.nightlyTime ?? '02:00');
  const [mode, setMode] = useState<SyncMode>(loaded?.mode ?? 'two-way');
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    if (loaded) {
      setNightlyTime(loaded.nightlyTime);
      setMode(loaded.mode);
    }
  }, [loaded?.nightlyTime, loaded?.mode]);
  const busy = run.state === 'starting' || run.state === 'running';

  return (
    <section id="sync" aria-labelledby="sync-title" tabIndex={-1}>
      <h2 id="sync-title">Sync settings</h2>
      {settings.state === 'loading' && <p role="status">Loading the settings…</p>}
      {settings.state === 'error' && (
        <p role="alert" class="problem">
          The settings could not be loaded ({settings.message}). Reload this page; if it keeps failing, reload the extension.
        </p>
      )}
      {settings.state === 'ready' && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!isValidNightlyTime(nightlyTime)) {
              setInvalid(true);
              return;
            }
            setInvalid(false);
            onSave({ nightlyTime, mode });
          }}
        >
          <label for="nightly-time">Nightly sync time (this computer's time)</label>
          <input
            id="nightly-time"
            type="time"
            value={nightlyTime}
            aria-describedby="nightly-time-help"
            aria-invalid={invalid}
            onInput={(e) => setNightlyTime(e.currentTarget.value)}
          />
          <p id="nightly-time-help" class="hint">
            MyCase changes are brought into Docketwise every night at this time. If the browser is closed then, the sync runs the next time it starts.
          </p>
          {invalid && (
            <p role="alert" class="problem">
              Enter a time as hours and minutes, for example 02:00.
            </p>
          )}
          <ModeChoice mode={mode} onChange={setMode} name="settings-mode" />
          <button type="submit">Save settings</button> <ActionMessage result={save} working="Saving…" testId="settings-result" />
        </form>
      )}
      <h3>Sync now</h3>
      <p class="hint">Brings MyCase changes into Docketwise now{mode === 'two-way' ? ' and sends waiting Docketwise changes to MyCase' : ''}.</p>
      <button type="button" class="primary" onClick={onSyncNow} disabled={!activated || busy}>
        {busy ? 'Syncing…' : 'Sync now'}
      </button>
      {!activated && <p>Activate the integration first (see Setup above).</p>}
      <SyncProgress run={run} />
    </section>
  );
}
