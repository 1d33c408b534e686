/**
 * Side effects for components: calls to the background through the typed messaging client.
 * Components stay pure and receive what these hooks return as props. The page apps take the
 * client from `ClientContext`, so tests hand in a fake `send` and need no browser.
 */
import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import { createRuntimeMessageClient, type MessageClient } from '../../messaging/client';
import { errorText } from '../format';
import type { Loadable } from '../loadable';

let client: MessageClient | null = null;
export function messageClient(): MessageClient {
  client ??= createRuntimeMessageClient();
  return client;
}

/** Null means "the real runtime client"; tests provide a fake. */
export const ClientContext = createContext<MessageClient | null>(null);

export function useClient(): MessageClient {
  return useContext(ClientContext) ?? messageClient();
}

/** Whether the background answers (it wakes on the message if it was stopped). */
export function useBackgroundReachable(): Loadable<number> {
  const send = useClient();
  const [value, setValue] = useState<Loadable<number>>({ state: 'loading' });
  useEffect(() => {
    send('ping', { from: location.pathname })
      .then((reply) => setValue({ state: 'ready', value: reply.at }))
      .catch((error: unknown) => setValue({ state: 'error', message: errorText(error) }));
  }, [send]);
  return value;
}

export interface Loaded<T> {
  value: Loadable<T>;
  /** Loads again; the previous value stays on screen until the new one arrives. */
  reload: () => void;
}

/** Runs `load` on mount and on `reload()`; a reply that arrives after unmount is dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[] = []): Loaded<T> {
  const [value, setValue] = useState<Loadable<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let current = true;
    loadRef
      .current()
      .then((result) => current && setValue({ state: 'ready', value: result }))
      .catch((error: unknown) => current && setValue({ state: 'error', message: errorText(error) }));
    return () => {
      current = false;
    };
    // The caller lists what `load` depends on in `deps`; `load` itself is read through a ref.
  }, [generation, ...deps]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { value, reload };
}
