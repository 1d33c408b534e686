/**
 * Waiting for Docketwise's elements without polling: one MutationObserver for the whole
 * document, shared by every caller. Each `observe()` registration gets every matching element
 * once (elements it has seen are remembered in a WeakSet, so a re-render that keeps the node
 * does not fire again, and a re-render that replaces it does). The observer is connected only
 * while at least one registration is alive; a registration ends when its signal aborts.
 */
import { ElementMissingError } from './errors';
import { selectors, type SelectorName } from './selectors';

export type SelectorTarget = SelectorName | { selector: string; description?: string };

interface Registration {
  selector: string;
  seen: WeakSet<Element>;
  callback: (element: Element) => void;
}

const registrations = new Set<Registration>();
let observer: MutationObserver | null = null;

function resolve(target: SelectorTarget): { selector: string; description: string } {
  if (typeof target === 'string') return { selector: selectors[target].selector, description: selectors[target].description };
  return { selector: target.selector, description: target.description ?? target.selector };
}

function deliver(registration: Registration, element: Element) {
  if (registration.seen.has(element)) return;
  registration.seen.add(element);
  try {
    registration.callback(element);
  } catch (error) {
    // One caller's failing handler must not stop the others from being told.
    console.error('[dw-mycase-sync] observe handler failed for', registration.selector, error);
  }
}

function scan(registration: Registration, root: ParentNode & Node) {
  if (root instanceof Element && root.matches(registration.selector)) deliver(registration, root);
  for (const element of root.querySelectorAll(registration.selector)) deliver(registration, element);
}

function onMutations(records: MutationRecord[]) {
  // Only subtrees that were added can hold new matches; removed ones need nothing.
  const added: Element[] = [];
  for (const record of records) {
    for (const node of record.addedNodes) if (node instanceof Element) added.push(node);
  }
  if (added.length === 0) return;
  for (const registration of [...registrations]) {
    for (const node of added) if (node.isConnected) scan(registration, node);
  }
}

function ensureObserver() {
  if (observer) return;
  observer = new MutationObserver(onMutations);
  observer.observe(document, { childList: true, subtree: true });
}

function release(registration: Registration) {
  registrations.delete(registration);
  if (registrations.size === 0 && observer) {
    observer.disconnect();
    observer = null;
  }
}

/** Calls `callback` for every element matching `target`, now and whenever one is added, until `signal` aborts. */
export function observe(target: SelectorTarget, callback: (element: Element) => void, { signal }: { signal: AbortSignal }): void {
  if (signal.aborted) return;
  const registration: Registration = { selector: resolve(target).selector, seen: new WeakSet(), callback };
  registrations.add(registration);
  ensureObserver();
  signal.addEventListener('abort', () => release(registration), { once: true });
  scan(registration, document);
}

/**
 * The first element matching `target`: at once if it is there, else when it is added. Rejects
 * with `ElementMissingError` after `timeout` ms, or with the signal's reason when it aborts.
 */
export function waitForElement(target: SelectorTarget, { signal, timeout = 10_000 }: { signal: AbortSignal; timeout?: number }): Promise<Element> {
  const { selector, description } = resolve(target);
  return new Promise<Element>((fulfil, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const done = new AbortController();
    const finish = () => {
      clearTimeout(timer);
      done.abort();
    };
    const timer = setTimeout(() => {
      finish();
      reject(new ElementMissingError(selector, description, timeout));
    }, timeout);
    signal.addEventListener(
      'abort',
      () => {
        finish();
        reject(signal.reason);
      },
      { once: true, signal: done.signal },
    );
    observe(
      { selector, description },
      (element) => {
        finish();
        fulfil(element);
      },
      { signal: done.signal },
    );
  });
}

/** Number of live registrations; for tests that check cleanup. */
export function activeObservations(): number {
  return registrations.size;
}
