import { formatCount, formatEta, formatProgress, phaseName, runOutcomeName } from '../format';
import type { OutcomeCounts, RunSummary, RunView } from '../view-types';

export interface SyncProgressProps {
  run: RunView;
  /** Extra sentence while running, e.g. why a first sync takes minutes. */
  runningNote?: string;
}


/** Totals over both entities and directions, for the one-line result. */
export function totalCounts(run: RunSummary): OutcomeCounts {
  const total: OutcomeCounts = { created: 0, updated: 0, linked: 0, skipped: 0, failed: 0 };
  for (const entity of [run.counts.contact, run.counts.matter]) {
    for (const c of [entity.pull, entity.push]) {
      total.created += c.created;
      total.updated += c.updated;
      total.linked += c.linked;
      total.skipped += c.skipped;
      total.failed += c.failed;
    }
  }
  return total;
}

export function resultSentence(run: RunSummary): string {
  const t = totalCounts(run);
  const counts = `${formatCount(t.created)} created, ${formatCount(t.updated)} updated, ${formatCount(t.linked)} linked, ${formatCount(t.skipped)} skipped, ${formatCount(t.failed)} failed`;
  return `${runOutcomeName(run.outcome)}: ${counts}.`;
}

/** Live progress of a run; a polite live region so screen readers hear updates without interruption. */
export function SyncProgress({ run, runningNote }: SyncProgressProps) {
  return (
    <div role="status" aria-live="polite" class="sync-progress" data-testid="sync-progress" data-state={run.state}>
      {run.state === 'starting' && <p>Starting the sync…</p>}
      {run.state === 'running' && (
        <>
          <p>
            <strong>Syncing…</strong> {phaseName(run.progress.phase) ?? ''}
          </p>
          {run.progress.total !== null && run.progress.total > 0 ? (
            <progress max={run.progress.total} value={run.progress.done} aria-label="Sync progress" />
          ) : (
            <progress aria-label="Sync progress" />
          )}
          <p>
            {formatProgress(run.progress.done, run.progress.total)}. {formatEta(run.progress.etaSeconds)}.
          </p>
          {runningNote !== undefined && <p class="hint">{runningNote}</p>}
        </>
      )}
      {run.state === 'finished' &&
        (run.lastRun === null ? (
          <p>The sync finished.</p>
        ) : (
          <p class={run.lastRun.outcome === 'ok' ? 'ok' : 'problem'}>
            {resultSentence(run.lastRun)}
            {run.lastRun.message !== null && ` ${run.lastRun.message}`}
            {run.lastRun.outcome !== 'ok' && ' The sync log lists each record and what to do.'}
          </p>
        ))}
      {run.state === 'failed' && <p class="problem">{run.message}</p>}
    </div>
  );
}
