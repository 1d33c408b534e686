/**
 * Every feature injected into Docketwise pages, in one list. Each feature is one file.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { extensionReady } from './extension-ready';

export interface Feature {
  id: string;
  run(ctx: ContentScriptContext): void | Promise<void>;
}

export const features: Feature[] = [extensionReady];

export async function runFeatures(ctx: ContentScriptContext): Promise<void> {
  for (const feature of features) {
    // Not awaited in sequence: one feature failing must not stop the others.
    Promise.resolve()
      .then(() => feature.run(ctx))
      .catch((error: unknown) => console.error(`[dw-mycase-sync] feature ${feature.id} failed`, error));
  }
}
