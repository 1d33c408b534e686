/**
 * Marks the page once the background has answered, so that the page (and the end-to-end tests)
 * can tell the extension is present and talking.
 */
import type { Feature } from './feature-manager';

export const extensionReady: Feature = {
  id: 'extension-ready',
  scope: 'document',
  async run({ send }) {
    const reply = await send('ping', { from: location.pathname });
    document.documentElement.dataset.dwMycaseSync = reply.pong ? 'ready' : 'no-reply';
  },
};
