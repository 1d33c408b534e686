import { useEffect, useRef, useState } from 'preact/hooks';
import { formatWhen } from '../format';
import type { Loadable } from '../loadable';
import { linkChoices, markChoices, markExplanation, parseRecordId, reviewKindName } from '../review-links';
import type { ActionResult, Entity, ReviewChoice, ReviewItem } from '../view-types';
import { ActionMessage } from './action-message';

export interface LinkRequest {
  itemId: string | null;
  entity: Entity;
  docketwiseId: number;
  mycaseId: number;
}

export interface ReviewSectionProps {
  items: Loadable<ReviewItem[]>;
  /** The item the page was opened for (from the popup), shown first and marked. */
  highlightId: string | null;
  onLink: (request: LinkRequest) => void;
  onDismiss: (itemId: string) => void;
  /** R29: unlink, re-create or keep syncing a linked record deleted or archived on one side. */
  onResolve?: (itemId: string, action: ReviewChoice) => void;
  results: Readonly<Record<string, ActionResult>>;
  manualResult: ActionResult;
  /** What the last resolved item came to; `seq` tells two equal messages apart. */
  resolved?: { message: string; seq: number } | null;
}

/** R29: what happened to the linked record, in plain words, above its buttons. */
function MarkText({ item }: { item: ReviewItem }) {
  if (!item.mark) return <p>{item.details}</p>;
  const text = markExplanation({ ...item, mark: item.mark });
  return (
    <>
      <p data-testid="mark-happened">{text.happened}</p>
      <p class="hint">{text.choices}</p>
    </>
  );
}

function ManualLinkForm({ onLink, result }: { onLink: (r: LinkRequest) => void; result: ActionResult }) {
  const [entity, setEntity] = useState<Entity>('matter');
  const [dw, setDw] = useState('');
  const [mc, setMc] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      aria-labelledby="manual-link-title"
      onSubmit={(event) => {
        event.preventDefault();
        const docketwiseId = parseRecordId(dw);
        const mycaseId = parseRecordId(mc);
        if (docketwiseId === null || mycaseId === null) {
          setError('Enter both ids as whole numbers, as shown in the address bar of the record in Docketwise and in MyCase.');
          return;
        }
        setError(null);
        onLink({ itemId: null, entity, docketwiseId, mycaseId });
      }}
    >
      <h3 id="manual-link-title">Link two records by id</h3>
      <p class="hint">
        Matters and cases that existed before activation are not synced until you link them here. You can also link any two contacts the sync did not match. The id is the number in the record's web address.
      </p>
      <span class="field">
        <label for="manual-entity">What to link</label>
        <select id="manual-entity" value={entity} onChange={(e) => setEntity(e.currentTarget.value === 'contact' ? 'contact' : 'matter')}>
          <option value="matter">Matter and case</option>
          <option value="contact">Contacts</option>
        </select>
      </span>
      <span class="field">
        <label for="manual-dw">Docketwise id</label>
        <input id="manual-dw" type="text" inputMode="numeric" autoComplete="off" value={dw} onInput={(e) => setDw(e.currentTarget.value)} />
      </span>
      <span class="field">
        <label for="manual-mc">MyCase id</label>
        <input id="manual-mc" type="text" inputMode="numeric" autoComplete="off" value={mc} onInput={(e) => setMc(e.currentTarget.value)} />
      </span>
      {error !== null && (
        <p role="alert" class="problem">
          {error}
        </p>
      )}
      <div class="buttons">
        <button type="submit">Link</button>
      </div>
      <ActionMessage result={result} working="Linking…" testId="manual-link-result" />
    </form>
  );
}

/** The review queue: what the sync would not decide alone. */
export function ReviewSection({ items, highlightId, onLink, onDismiss, onResolve, results, manualResult, resolved }: ReviewSectionProps) {
  const ordered =
    items.state === 'ready' ? [...items.value].sort((a, b) => (a.id === highlightId ? -1 : b.id === highlightId ? 1 : b.at - a.at)) : [];
  // The resolved item leaves the list with the focused button: focus goes back to the queue,
  // right above the result (announced by its status role).
  const section = useRef<HTMLElement>(null);
  const seq = resolved?.seq ?? 0;
  useEffect(() => {
    if (seq > 0) section.current?.focus();
  }, [seq]);
  return (
    <section id="review" aria-labelledby="review-title" tabIndex={-1} ref={section}>
      <h2 id="review-title">Review queue</h2>
      <p class="hint">Records the sync would not link or change on its own. Nothing here is lost: choose what to do, or dismiss to leave things as they are.</p>
      <p role="status" data-testid="review-notice" class={resolved ? 'ok' : undefined}>
        {resolved?.message ?? ''}
      </p>
      {items.state === 'loading' && <p role="status">Loading the review queue…</p>}
      {items.state === 'error' && <p role="alert" class="problem">The review queue could not be loaded ({items.message}). Reload this page.</p>}
      {items.state === 'ready' && ordered.length === 0 && <p data-testid="no-review">Nothing to review.</p>}
      {ordered.length > 0 && (
        <ul class="cards">
          {ordered.map((item) => {
            const choices = linkChoices(item);
            const marked = onResolve ? markChoices(item) : [];
            const working = results[item.id]?.state === 'working';
            return (
              <li key={item.id} data-testid="review-item" class={item.id === highlightId ? 'highlight' : undefined} aria-current={item.id === highlightId ? 'true' : undefined}>
                <h3>
                  {item.label}: {reviewKindName[item.kind]}
                </h3>
                <MarkText item={item} />
                <p class="when">
                  {item.entity === 'contact' ? 'Contact' : 'Matter'}, found {formatWhen(item.at)}
                </p>
                {item.candidates.length > 0 && (
                  <ul>
                    {item.candidates.map((c) => (
                      <li key={`${c.side}-${c.id}`}>
                        {c.side === 'mycase' ? 'MyCase' : 'Docketwise'} #{c.id}: {c.label}
                      </li>
                    ))}
                  </ul>
                )}
                <div class="buttons">
                  {choices.map((choice) => (
                    <button
                      type="button"
                      key={`${choice.docketwiseId}-${choice.mycaseId}`}
                      disabled={working}
                      onClick={() => onLink({ itemId: item.id, entity: item.entity, docketwiseId: choice.docketwiseId, mycaseId: choice.mycaseId })}
                    >
                      {choice.text}
                    </button>
                  ))}
                  {marked.map((choice) => (
                    <button type="button" key={choice.action} disabled={working} onClick={() => onResolve?.(item.id, choice.action)}>
                      {choice.text}
                    </button>
                  ))}
                  <button type="button" disabled={working} onClick={() => onDismiss(item.id)}>
                    Dismiss (leave as is)
                  </button>
                </div>
                <ActionMessage result={results[item.id]} working="Saving…" testId={`review-result-${item.id}`} />
              </li>
            );
          })}
        </ul>
      )}
      <ManualLinkForm onLink={onLink} result={manualResult} />
    </section>
  );
}
