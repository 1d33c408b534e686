import { formatWhen } from '../format';
import type { Loadable } from '../loadable';
import type { ActionResult, Conflict } from '../view-types';
import { ActionMessage } from './action-message';

export interface ConflictsSectionProps {
  conflicts: Loadable<Conflict[]>;
  includeResolved: boolean;
  onIncludeResolved: (include: boolean) => void;
  onRestore: (id: string) => void;
  results: Readonly<Record<string, ActionResult>>;
}

/** R20: every field where MyCase's value replaced a Docketwise change, with Restore. */
export function ConflictsSection({ conflicts, includeResolved, onIncludeResolved, onRestore, results }: ConflictsSectionProps) {
  return (
    <section id="conflicts" aria-labelledby="conflicts-title" tabIndex={-1}>
      <h2 id="conflicts-title">Conflicts</h2>
      <p class="hint">
        When the same field was changed in both Docketwise and MyCase, MyCase's value is kept. The Docketwise value it replaced is listed here; Restore puts it back.
      </p>
      <div class="choice">
        <input type="checkbox" id="show-resolved" checked={includeResolved} onChange={(e) => onIncludeResolved(e.currentTarget.checked)} />
        <label for="show-resolved">Show restored conflicts too</label>
      </div>
      {conflicts.state === 'loading' && <p role="status">Loading the conflicts…</p>}
      {conflicts.state === 'error' && <p role="alert" class="problem">The conflicts could not be loaded ({conflicts.message}). Reload this page.</p>}
      {conflicts.state === 'ready' && conflicts.value.length === 0 && <p data-testid="no-conflicts">No conflicts. Nothing was overwritten.</p>}
      {conflicts.state === 'ready' && conflicts.value.length > 0 && (
        <ul class="cards">
          {conflicts.value.map((c) => (
            <li key={c.id} data-testid="conflict">
              <h3>
                {c.label}: {c.field}
              </h3>
              <dl class="facts">
                <dt>Docketwise value that was replaced</dt>
                <dd>{c.replacedValue === '' ? '(empty)' : c.replacedValue}</dd>
                <dt>MyCase value now in both</dt>
                <dd>{c.mycaseValue === '' ? '(empty)' : c.mycaseValue}</dd>
                <dt>When</dt>
                <dd>{formatWhen(c.at)}</dd>
                <dt>Records</dt>
                <dd>
                  {c.entity === 'contact' ? 'Contact' : 'Matter'} Docketwise #{c.docketwiseId}, MyCase #{c.mycaseId}
                </dd>
              </dl>
              {c.restored ? (
                <p class="ok">Restored.</p>
              ) : (
                <button type="button" onClick={() => onRestore(c.id)} disabled={results[c.id]?.state === 'working'} aria-describedby={`restore-result-${c.id}`}>
                  Restore the Docketwise value for {c.field}
                </button>
              )}{' '}
              <span id={`restore-result-${c.id}`}>
                <ActionMessage result={results[c.id]} working="Restoring…" testId={`restore-result-${c.id}`} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
