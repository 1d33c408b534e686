/**
 * Runs the content-script features: each with its own AbortController, only on the pages it
 * asks for, again after every in-app navigation (page-scoped features), and isolated from the
 * others. A feature that cannot find its element (ElementMissingError) stays out of the page
 * and is logged once per selector, never breaking the page or another feature.
 */
import type { MessageClient } from '../messaging/client';
import { ElementMissingError } from '../docketwise-site/errors';
import type { LocationSource } from '../docketwise-site/navigation';
import { detectPage, type DocketwisePage } from '../docketwise-site/pages';

export interface FeatureContext {
  /** Aborted when the feature must clean up: navigation (page scope) or the script ending. */
  signal: AbortSignal;
  page: DocketwisePage;
  send: MessageClient;
  /** How long a feature waits for its anchor element before it stays out of the page. */
  elementTimeoutMs: number;
}

export interface Feature {
  id: string;
  /**
   * 'page': aborted and run again on every in-app navigation (UI tied to one page's content).
   * 'document': runs once for the tab's life (UI in the top bar, which navigation keeps).
   */
  scope: 'page' | 'document';
  /** Where it runs; every page when omitted. */
  include?: (page: DocketwisePage) => boolean;
  run(context: FeatureContext): void | Promise<void>;
}

export interface FeatureManagerOptions {
  /** The content script's lifetime (ctx.signal): everything stops when it aborts. */
  signal: AbortSignal;
  onLocationChange: LocationSource;
  send: MessageClient;
  logger?: Pick<Console, 'warn' | 'error'>;
  /** Default 10 s: Docketwise renders a page within a few seconds of navigating. */
  elementTimeoutMs?: number;
}

export interface FeatureManager {
  /** Ids of the features currently running (not aborted), for tests and diagnostics. */
  running(): string[];
}

export function startFeatures(features: readonly Feature[], options: FeatureManagerOptions): FeatureManager {
  const logger = options.logger ?? console;
  const logged = new Set<string>();
  const running = new Map<string, AbortController>();

  const logOnce = (key: string, log: () => void) => {
    if (logged.has(key)) return;
    logged.add(key);
    log();
  };

  const start = (feature: Feature, page: DocketwisePage) => {
    if (options.signal.aborted) return;
    if (feature.include && !feature.include(page)) return;
    const controller = new AbortController();
    const stop = () => controller.abort(new DOMException(`feature ${feature.id} stopped`, 'AbortError'));
    options.signal.addEventListener('abort', stop, { once: true, signal: controller.signal });
    running.set(feature.id, controller);
    const { signal } = controller;
    // Not awaited: one feature failing or waiting must not hold up the others.
    Promise.resolve()
      .then(() => feature.run({ signal, page, send: options.send, elementTimeoutMs: options.elementTimeoutMs ?? 10_000 }))
      .catch((error: unknown) => {
        if (signal.aborted && error === signal.reason) return; // cleaned up on purpose
        if (error instanceof ElementMissingError) {
          logOnce(`${feature.id}|${error.selector}`, () => logger.warn(`[dw-mycase-sync] ${feature.id} stays out of this page: ${error.message}`));
        } else {
          const message = error instanceof Error ? error.message : String(error);
          logOnce(`${feature.id}|${message}`, () => logger.error(`[dw-mycase-sync] feature ${feature.id} failed`, error));
        }
        stop();
      });
    // A feature that returns keeps its controller until it is aborted: its observers and
    // injected UI live on it.
    signal.addEventListener('abort', () => {
      if (running.get(feature.id) === controller) running.delete(feature.id);
    });
  };

  const firstPage = detectPage();
  for (const feature of features) start(feature, firstPage);

  options.onLocationChange((url) => {
    const page = detectPage(url);
    for (const feature of features) {
      if (feature.scope !== 'page') continue;
      running.get(feature.id)?.abort(new DOMException(`navigated to ${url.pathname}`, 'AbortError'));
      start(feature, page);
    }
  });

  return { running: () => [...running.keys()] };
}
