import type { Loadable } from '../loadable';

export interface ConnectionLineProps {
  background: Loadable<number>;
}

/** One line saying whether the extension's background is running. Pure: props in, markup out. */
export function ConnectionLine({ background }: ConnectionLineProps) {
  if (background.state === 'loading') return <p role="status">Starting…</p>;
  if (background.state === 'error') {
    return (
      <p role="alert" data-testid="background-status" data-state="error">
        The extension is not responding: {background.message}. Reload the extension from the browser's extensions page.
      </p>
    );
  }
  return (
    <p role="status" class="hint" data-testid="background-status" data-state="ready">
      Extension running.
    </p>
  );
}
