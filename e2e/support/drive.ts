/**
 * Steps a person takes in the built extension, shared by the end-to-end suites and the demo:
 * connecting the accounts through the options page (and the products' Allow pages),
 * activating, and waiting for runs. Messages are sent from an extension page, which also wakes
 * a stopped worker.
 */
import type { Page } from 'playwright-core';
import type { MessageType, RequestOf, ResponseOf, StatusSnapshot } from '../../src/messaging/protocol';
import type { ExtensionSession } from '../chromium/harness';

export async function send<T extends MessageType>(page: Page, type: T, payload: RequestOf<T>): Promise<ResponseOf<T>> {
  const reply = (await page.evaluate(([t, p]) => chrome.runtime.sendMessage({ type: t, payload: p }), [type, payload] as const)) as
    | { ok: true; value: ResponseOf<T> }
    | { ok: false; error: { kind: string; message: string } };
  if (!reply.ok) throw new Error(`${type} failed: ${reply.error.kind}: ${reply.error.message}`);
  return reply.value;
}

const NAMES = { mycase: 'MyCase', docketwise: 'Docketwise' } as const;
const AUTHORIZE_PATH = { mycase: '/login_sessions/new', docketwise: '/oauth/authorize' } as const;

/**
 * Clicks "Connect <product>" on the options page. With `clickAllow`, waits for the product's
 * sign-in window and clicks its Allow button (as a person would); otherwise the sandbox is set to
 * approve at once.
 */
export async function connectAccount(session: ExtensionSession, options: Page, product: 'mycase' | 'docketwise', clickAllow: boolean, onAllowPage?: (page: Page) => Promise<void>): Promise<void> {
  const allowPage = clickAllow
    ? session.context.waitForEvent('page', { predicate: (p) => p.url().includes(AUTHORIZE_PATH[product]), timeout: 30_000 })
    : null;
  await options.getByRole('button', { name: `Connect ${NAMES[product]}`, exact: true }).click();
  if (allowPage) {
    const page = await allowPage;
    await page.locator('#allow').waitFor();
    await onAllowPage?.(page);
    await page.locator('#allow').click();
  }
  await options.locator(`[data-testid="setup-account-${product}"][data-state="connected"]`).waitFor({ timeout: 30_000 });
}

export async function status(page: Page): Promise<StatusSnapshot> {
  return send(page, 'status/get', {});
}

/** Waits until no run is going and a run has finished after `since`. */
export async function waitForRunFinished(page: Page, since: number, timeoutMs = 240_000, onTick?: (s: StatusSnapshot) => Promise<void>): Promise<StatusSnapshot> {
  const deadline = Date.now() + timeoutMs;
  let last: StatusSnapshot | null = null;
  while (Date.now() < deadline) {
    try {
      last = await status(page);
      await onTick?.(last);
      if (!last.progress.running && last.lastRun && last.lastRun.outcome !== 'running' && (last.lastRun.finishedAt ?? 0) >= since) return last;
    } catch (error) {
      // The worker may be stopping or starting; the next poll wakes it.
      void error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`no run finished within ${timeoutMs} ms; last status: ${JSON.stringify(last)}`);
}

export function totalWrites(counts: StatusSnapshot['lastRun'] extends infer R ? (R extends { counts: infer C } ? C : never) : never): number {
  let sum = 0;
  for (const entity of ['contact', 'matter'] as const) {
    for (const direction of ['pull', 'push'] as const) {
      const c = counts[entity][direction];
      sum += c.created + c.updated + c.linked;
    }
  }
  return sum;
}
