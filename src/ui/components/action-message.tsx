import type { ActionResult } from '../view-types';

/** The result of a button's action, announced politely, next to the button. */
export function ActionMessage({ result, working = 'Working…', testId }: { result: ActionResult | undefined; working?: string; testId?: string }) {
  if (result === undefined || result.state === 'idle') return <span role="status" data-testid={testId} />;
  if (result.state === 'working') return <span role="status" data-testid={testId}>{working}</span>;
  return (
    <span role="status" data-testid={testId} class={result.ok ? 'ok' : 'problem'}>
      {result.message}
    </span>
  );
}
