/**
 * Test doubles for the content-script features: a fake background answering over WXT's
 * fakeBrowser runtime (so features use the real typed messaging client), and a manual location
 * source standing in for in-app navigation.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { vi } from 'vitest';
import { createRuntimeMessageClient } from '../../src/messaging/client';
import type { LocationListener, LocationSource } from '../../src/docketwise-site/navigation';
import { startFeatures, type Feature, type FeatureManager } from '../../src/features/feature-manager';

export interface SentMessage {
  type: string;
  payload: unknown;
}

export type FakeHandler = (payload: unknown) => unknown;

/** Answers messages like the background's router does: `{ ok: true, value }` or `{ ok: false, error }`. */
export function fakeBackground(handlers: Record<string, FakeHandler>) {
  const sent: SentMessage[] = [];
  fakeBrowser.runtime.onMessage.addListener(async (message: unknown) => {
    const { type, payload } = message as SentMessage;
    sent.push({ type, payload });
    const handler = handlers[type];
    if (!handler) return { ok: false, error: { kind: 'refused:unknown-type', message: type } };
    try {
      return { ok: true, value: await handler(payload) };
    } catch (error) {
      return { ok: false, error: { kind: 'internal', message: error instanceof Error ? error.message : String(error) } };
    }
  });
  return { sent, ofType: (type: string) => sent.filter((m) => m.type === type).map((m) => m.payload) };
}

export function manualNavigation() {
  let listener: LocationListener | null = null;
  const source: LocationSource = (l) => {
    listener = l;
  };
  return {
    source,
    /** What the app does on a link click: pushState, then the URL change is noticed. */
    go(path: string) {
      history.pushState({}, '', path);
      listener?.(new URL(location.href));
    },
  };
}

export function quietLogger() {
  return { warn: vi.fn(), error: vi.fn() };
}

export function runWith(features: Feature[], options: { navigation?: ReturnType<typeof manualNavigation>; elementTimeoutMs?: number } = {}) {
  const controller = new AbortController();
  const logger = quietLogger();
  const navigation = options.navigation ?? manualNavigation();
  const manager: FeatureManager = startFeatures(features, {
    signal: controller.signal,
    onLocationChange: navigation.source,
    send: createRuntimeMessageClient(),
    logger,
    elementTimeoutMs: options.elementTimeoutMs ?? 200,
  });
  return { controller, logger, navigation, manager };
}

/** Our injected hosts (shadow-root UIs) currently in the page. */
export function injected(name: string): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(`[data-dw-mycase-sync="${name}"]`)];
}

export function shadowText(host: HTMLElement): string {
  // The UI's mount point, not the <style> beside it.
  const mount = [...(host.shadowRoot?.children ?? [])].find((el) => el.tagName === 'DIV');
  return mount?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}
