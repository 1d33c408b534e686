/**
 * Every feature injected into Docketwise pages, in one list. Each feature is one file; the
 * feature manager (feature-manager.ts) runs them with their page conditions and cleanup.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createRuntimeMessageClient } from '../messaging/client';
import { contentScriptLocationSource } from '../docketwise-site/navigation';
import { extensionReady } from './extension-ready';
import { startFeatures, type Feature } from './feature-manager';
import { instantPush } from './instant-push';
import { syncMycaseMenu } from './sync-mycase-menu';
import { syncFormToMycase } from './sync-form-to-mycase';

export type { Feature, FeatureContext } from './feature-manager';

export const features: readonly Feature[] = [extensionReady, syncMycaseMenu, instantPush, syncFormToMycase];

export function runFeatures(ctx: ContentScriptContext): void {
  startFeatures(features, {
    signal: ctx.signal,
    onLocationChange: contentScriptLocationSource(ctx),
    send: createRuntimeMessageClient(),
  });
}
