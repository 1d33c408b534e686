/**
 * Marks the page once the background has answered, so that the page (and the end-to-end tests)
 * can tell the extension is present and talking.
 */
import { createRuntimeMessageClient } from '../messaging/client';
import type { Feature } from './index';

export const extensionReady: Feature = {
  id: 'extension-ready',
  async run() {
    const send = createRuntimeMessageClient();
    const reply = await send('ping', { from: location.pathname });
    document.documentElement.dataset.dwMycaseSync = reply.pong ? 'ready' : 'no-reply';
  },
};
