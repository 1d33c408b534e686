import { useEffect, useState } from 'preact/hooks';
import { directionName, entryOutcomeName, formatCount, formatWhen, triggerName } from '../format';
import type { Loadable } from '../loadable';
import type { LogFilters } from '../log-query';
import type { ActionResult, LogEntry, RunSummary } from '../view-types';
import { ActionMessage } from './action-message';
import { RunCounts } from './run-counts';
import { resultSentence } from './sync-progress';

export interface RunLogSectionProps {
  runs: Loadable<RunSummary[]>;
  entries: Loadable<{ entries: LogEntry[]; total: number }>;
  filters: LogFilters;
  page: number;
  pageSize: number;
  onFilter: (filters: LogFilters) => void;
  onPage: (page: number) => void;
  onExport: () => void;
  exportResult: ActionResult;
}

const outcomes: Array<LogEntry['outcome']> = ['created', 'updated', 'linked', 'skipped', 'failed', 'conflict', 'unchanged'];

function RunList({ runs, onShowRun }: { runs: RunSummary[]; onShowRun: (runId: string) => void }) {
  if (runs.length === 0) return <p data-testid="no-runs">No sync has run yet. The first one runs when you activate the integration.</p>;
  return (
    <ul class="runs">
      {runs.map((run) => (
        <li key={run.id} data-testid="run">
          <strong>{formatWhen(run.startedAt)}</strong>, {triggerName(run.trigger)}: {run.outcome === 'running' ? 'Running…' : resultSentence(run)}
          {run.message !== null && ` ${run.message}`}{' '}
          <button type="button" onClick={() => onShowRun(run.id)}>
            Show this run's records
          </button>
          <details>
            <summary>Counts per entity and direction</summary>
            <RunCounts run={run} caption={`Run of ${formatWhen(run.startedAt)}`} />
          </details>
        </li>
      ))}
    </ul>
  );
}

function Select<T extends string>({ id, label, value, options, onChange }: { id: string; label: string; value: T | ''; options: Array<[T, string]>; onChange: (v: T | '') => void }) {
  return (
    <span class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value as T | '')}>
        <option value="">All</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </span>
  );
}

/** The run log (R28): runs, filterable records with paging, and CSV export. */
export function RunLogSection({ runs, entries, filters, page, pageSize, onFilter, onPage, onExport, exportResult }: RunLogSectionProps) {
  const [draft, setDraft] = useState<LogFilters>(filters);
  useEffect(() => setDraft(filters), [filters]);
  const total = entries.state === 'ready' ? entries.value.total : 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));

  return (
    <section id="log" aria-labelledby="log-title" tabIndex={-1}>
      <h2 id="log-title">Sync log</h2>
      <h3>Recent runs</h3>
      {runs.state === 'loading' && <p role="status">Loading the runs…</p>}
      {runs.state === 'error' && <p role="alert" class="problem">The runs could not be loaded ({runs.message}). Reload this page.</p>}
      {runs.state === 'ready' && <RunList runs={runs.value} onShowRun={(runId) => onFilter({ ...filters, runId })} />}

      <h3>Records</h3>
      <form
        class="filters"
        aria-label="Filter the records"
        onSubmit={(event) => {
          event.preventDefault();
          onFilter(draft);
        }}
      >
        <span class="field">
          <label for="log-from">From</label>
          <input id="log-from" type="date" value={draft.from} onInput={(e) => setDraft({ ...draft, from: e.currentTarget.value })} />
        </span>
        <span class="field">
          <label for="log-to">To</label>
          <input id="log-to" type="date" value={draft.to} onInput={(e) => setDraft({ ...draft, to: e.currentTarget.value })} />
        </span>
        <Select id="log-entity" label="Contacts or matters" value={draft.entity} options={[['contact', 'Contacts'], ['matter', 'Matters']]} onChange={(entity) => setDraft({ ...draft, entity })} />
        <Select
          id="log-direction"
          label="Direction"
          value={draft.direction}
          options={[['pull', directionName.pull], ['push', directionName.push]]}
          onChange={(direction) => setDraft({ ...draft, direction })}
        />
        <Select id="log-outcome" label="Outcome" value={draft.outcome} options={outcomes.map((o) => [o, entryOutcomeName(o)])} onChange={(outcome) => setDraft({ ...draft, outcome })} />
        <div class="buttons">
          <button type="submit">Apply filters</button>
          <button
            type="button"
            onClick={() => {
              const cleared: LogFilters = { from: '', to: '', entity: '', direction: '', outcome: '', runId: null };
              setDraft(cleared);
              onFilter(cleared);
            }}
          >
            Clear filters
          </button>
        </div>
      </form>
      {filters.runId !== null && (
        <p data-testid="run-filter">
          Showing one run only.{' '}
          <button type="button" onClick={() => onFilter({ ...filters, runId: null })}>
            Show all runs
          </button>
        </p>
      )}
      {entries.state === 'loading' && <p role="status">Loading the records…</p>}
      {entries.state === 'error' && <p role="alert" class="problem">The records could not be loaded ({entries.message}). Reload this page.</p>}
      {entries.state === 'ready' && entries.value.entries.length === 0 && <p data-testid="no-entries">No records match these filters.</p>}
      {entries.state === 'ready' && entries.value.entries.length > 0 && (
        <>
          <p role="status" data-testid="log-range">
            Showing {formatCount(page * pageSize + 1)}–{formatCount(page * pageSize + entries.value.entries.length)} of {formatCount(total)}
          </p>
          <table class="log">
            <caption class="visually-hidden">Records in the sync log</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Record</th>
                <th scope="col">Direction</th>
                <th scope="col">Outcome</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {entries.value.entries.map((e) => (
                <tr key={e.id} data-testid="log-entry" class={e.outcome === 'failed' ? 'problem' : undefined}>
                  <td>{formatWhen(e.at)}</td>
                  <td>
                    {e.label} <span class="ids">({e.entity === 'contact' ? 'contact' : 'matter'}{e.docketwiseId !== null && `, Docketwise #${e.docketwiseId}`}{e.mycaseId !== null && `, MyCase #${e.mycaseId}`})</span>
                  </td>
                  <td>{directionName[e.direction]}</td>
                  <td>{entryOutcomeName(e.outcome)}</td>
                  <td>{e.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav aria-label="Pages of the sync log" class="buttons">
            <button type="button" onClick={() => onPage(page - 1)} disabled={page === 0}>
              Previous page
            </button>
            <span>
              Page {page + 1} of {pages}
            </span>
            <button type="button" onClick={() => onPage(page + 1)} disabled={page + 1 >= pages}>
              Next page
            </button>
          </nav>
        </>
      )}
      <p>
        <button type="button" onClick={onExport} disabled={exportResult.state === 'working'}>
          Export CSV
        </button>{' '}
        <span class="hint">All records matching the filters, for Excel or Google Sheets.</span> <ActionMessage result={exportResult} working="Preparing the file…" testId="export-result" />
      </p>
    </section>
  );
}
