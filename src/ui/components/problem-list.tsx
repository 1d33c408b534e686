import { formatWhen, productName } from '../format';
import type { Problem, Product } from '../view-types';

export interface ProblemListProps {
  problems: readonly Problem[];
  /** Base URL of the options page, e.g. "options.html". */
  optionsUrl: string;
  /** How many to show; the rest are in the log. */
  max?: number;
  onReconnect: (product: Product) => void;
  onRetry: (what: string) => void;
}

/** Same form as the background's `options/open`: `#<section>?<params>` (see options-location.ts). */
export function logUrl(optionsUrl: string, runId: string | null): string {
  return runId === null ? `${optionsUrl}#log` : `${optionsUrl}#log?run=${encodeURIComponent(runId)}`;
}

export function reviewUrl(optionsUrl: string, itemId: string): string {
  return `${optionsUrl}#review?item=${encodeURIComponent(itemId)}`;
}

function ProblemAction({ problem, optionsUrl, onReconnect, onRetry }: { problem: Problem } & Omit<ProblemListProps, 'problems' | 'max'>) {
  const action = problem.action;
  switch (action.kind) {
    case 'reconnect':
      return (
        <button type="button" onClick={() => onReconnect(action.product)}>
          Reconnect {productName[action.product]}
        </button>
      );
    case 'open-log':
      return (
        <a href={logUrl(optionsUrl, action.runId)} target="_blank" rel="noreferrer">
          Open the sync log for this run
        </a>
      );
    case 'review':
      return (
        <a href={reviewUrl(optionsUrl, action.itemId)} target="_blank" rel="noreferrer">
          Resolve it in the review queue
        </a>
      );
    case 'retry':
      return (
        <button type="button" onClick={() => onRetry(action.what)}>
          Try again
        </button>
      );
    case 'none':
      return null;
  }
}

/** The newest problems, each with what to do next (R27). */
export function ProblemList({ problems, optionsUrl, max = 5, onReconnect, onRetry }: ProblemListProps) {
  if (problems.length === 0) return <p data-testid="no-problems">No problems. Everything that was synced went through.</p>;
  const newest = [...problems].sort((a, b) => b.at - a.at).slice(0, max);
  return (
    <>
      <ul class="problems">
        {newest.map((p) => (
          <li key={p.id} class={p.severity} data-testid="problem">
            <span class="visually-hidden">{p.severity === 'error' ? 'Error: ' : 'Warning: '}</span>
            <span>{p.message}</span> <span class="when">({formatWhen(p.at)})</span>{' '}
            <ProblemAction problem={p} optionsUrl={optionsUrl} onReconnect={onReconnect} onRetry={onRetry} />
          </li>
        ))}
      </ul>
      {problems.length > newest.length && (
        <p>
          {problems.length - newest.length} older problem{problems.length - newest.length === 1 ? '' : 's'} not shown.{' '}
          <a href={`${optionsUrl}#log`} target="_blank" rel="noreferrer">
            See everything in the sync log
          </a>
        </p>
      )}
    </>
  );
}
