/**
 * Starts a sync (or watches one already going) and polls `sync/progress` until it ends.
 * The poll is bounded in count and stops on unmount or after repeated failures.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { MessageClient } from '../../messaging/client';
import { followStep, NOT_STARTED_REASON, START_GRACE_POLLS } from '../../messaging/run-follow';
import { errorText } from '../format';
import type { RunView } from '../view-types';

export interface SyncRunOptions {
  /** Poll interval; ~500 ms keeps the numbers lively without flooding the background. */
  intervalMs?: number;
  /** Give up watching after this long (the run itself goes on in the background). */
  maxWatchMs?: number;
  /** Called once when a watched run ends, e.g. to reload the status. */
  onFinished?: () => void;
}

const MAX_CONSECUTIVE_FAILURES = 5;

export interface SyncRun {
  view: RunView;
  /** Asks the background to start a run, then watches it. */
  start: (trigger: 'popup' | 'options') => Promise<void>;
  /** Watches the run named `runId`, or a run that is already going (started elsewhere, or by activation). */
  watch: (runId?: string | null) => void;
}

export function useSyncRun(send: MessageClient, options: SyncRunOptions = {}): SyncRun {
  const intervalMs = options.intervalMs ?? 500;
  const maxPolls = Math.ceil((options.maxWatchMs ?? 4 * 60 * 60 * 1000) / intervalMs);
  const [view, setView] = useState<RunView>({ state: 'idle' });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const alive = useRef(true);
  const watching = useRef(false);
  const onFinished = useRef(options.onFinished);
  onFinished.current = options.onFinished;

  useEffect(
    () => () => {
      alive.current = false;
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );

  const poll = useCallback(
    async (runId: string | null, count: number, failures: number, waited: number): Promise<void> => {
      if (!alive.current) return;
      if (count >= maxPolls) {
        watching.current = false;
        setView({ state: 'failed', message: 'The sync is taking longer than expected. It goes on in the background; open this page again later to see the result.' });
        return;
      }
      let nextFailures = failures;
      let nextWaited = waited;
      try {
        const progress = await send('sync/progress', runId === null ? {} : { runId });
        if (!alive.current) return;
        nextFailures = 0;
        const step = followStep(progress, runId);
        if (step.kind === 'waiting') {
          // The run asked for has not started yet: never show the previous run's result meanwhile.
          nextWaited = progress.running ? 0 : waited + 1;
          if (nextWaited >= START_GRACE_POLLS) {
            watching.current = false;
            setView({ state: 'failed', message: `Not started: ${NOT_STARTED_REASON}` });
            return;
          }
        } else if (step.kind === 'finished') {
          watching.current = false;
          setView({ state: 'finished', lastRun: step.summary ?? progress.lastRun });
          onFinished.current?.();
          return;
        } else {
          setView({ state: 'running', progress });
        }
      } catch (error) {
        nextFailures += 1;
        if (nextFailures >= MAX_CONSECUTIVE_FAILURES) {
          watching.current = false;
          setView({ state: 'failed', message: `Lost contact with the extension (${errorText(error)}). The sync may still be running; close and reopen this page to check.` });
          return;
        }
      }
      timer.current = setTimeout(() => void poll(runId, count + 1, nextFailures, nextWaited), intervalMs);
    },
    [send, intervalMs, maxPolls],
  );

  /** Follows the run named `runId` (from `sync/start`), or whatever run is going. */
  const watch = useCallback(
    (runId: string | null = null) => {
      if (watching.current) return;
      watching.current = true;
      void poll(runId, 0, 0, 0);
    },
    [poll],
  );

  const start = useCallback(
    async (trigger: 'popup' | 'options') => {
      if (watching.current) return;
      setView({ state: 'starting' });
      try {
        const reply = await send('sync/start', { trigger });
        if (!alive.current) return;
        // "Not started" because a run is already going is still worth watching.
        if (reply.started || reply.runId !== null) {
          watch(reply.runId);
        } else {
          setView({ state: 'failed', message: reply.reason ?? 'The sync did not start. Check that both accounts are connected, then try again.' });
        }
      } catch (error) {
        setView({ state: 'failed', message: `The sync could not start: ${errorText(error)}. Try again in a minute.` });
      }
    },
    [send, watch],
  );

  return { view, start, watch };
}
