/**
 * Side effects for components: calls to the background through the typed messaging client.
 * Components stay pure and receive what these hooks return as props.
 */
import { useEffect, useState } from 'preact/hooks';
import { createRuntimeMessageClient, type MessageClient } from '../../messaging/client';
import type { Loadable } from '../loadable';

let client: MessageClient | null = null;
export function messageClient(): MessageClient {
  client ??= createRuntimeMessageClient();
  return client;
}


/** Whether the background answers (it wakes on the message if it was stopped). */
export function useBackgroundReachable(): Loadable<number> {
  const [value, setValue] = useState<Loadable<number>>({ state: 'loading' });
  useEffect(() => {
    messageClient()('ping', { from: location.pathname })
      .then((reply) => setValue({ state: 'ready', value: reply.at }))
      .catch((error: unknown) => setValue({ state: 'error', message: error instanceof Error ? error.message : String(error) }));
  }, []);
  return value;
}
