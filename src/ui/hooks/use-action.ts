/** One-off actions (Test connection, Restore, Link…) and their result message. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../format';
import type { ActionResult } from '../view-types';

export interface Action<A extends unknown[]> {
  result: ActionResult;
  run: (...args: A) => Promise<void>;
  clear: () => void;
}

/**
 * Wraps `perform`, which returns what to show (`ok` and a message); a thrown error becomes a
 * failed result with its text, so every failure is visible next to the button.
 */
export function useAction<A extends unknown[]>(perform: (...args: A) => Promise<{ ok: boolean; message: string }>): Action<A> {
  const [result, setResult] = useState<ActionResult>({ state: 'idle' });
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const performRef = useRef(perform);
  performRef.current = perform;
  const run = useCallback(async (...args: A) => {
    setResult({ state: 'working' });
    let next: ActionResult;
    try {
      const reply = await performRef.current(...args);
      next = { state: 'done', ok: reply.ok, message: reply.message };
    } catch (error) {
      next = { state: 'done', ok: false, message: `${errorText(error)}. Try again; if it keeps failing, reload the extension from the browser's extensions page.` };
    }
    if (mounted.current) setResult(next);
  }, []);
  const clear = useCallback(() => setResult({ state: 'idle' }), []);
  return { result, run, clear };
}

export interface KeyedAction<A extends unknown[]> {
  results: Readonly<Record<string, ActionResult>>;
  run: (key: string, ...args: A) => Promise<void>;
}

/** Like `useAction`, with one result per key (one per row: a conflict, a review item). */
export function useKeyedAction<A extends unknown[]>(perform: (...args: A) => Promise<{ ok: boolean; message: string }>): KeyedAction<A> {
  const [results, setResults] = useState<Record<string, ActionResult>>({});
  const performRef = useRef(perform);
  performRef.current = perform;
  const run = useCallback(async (key: string, ...args: A) => {
    setResults((r) => ({ ...r, [key]: { state: 'working' } }));
    let next: ActionResult;
    try {
      const reply = await performRef.current(...args);
      next = { state: 'done', ok: reply.ok, message: reply.message };
    } catch (error) {
      next = { state: 'done', ok: false, message: `${errorText(error)}. Try again; if it keeps failing, reload the extension from the browser's extensions page.` };
    }
    setResults((r) => ({ ...r, [key]: next }));
  }, []);
  return { results, run };
}
