/**
 * Starts the sandbox in-process on random loopback ports for connector tests, with a token
 * source per product and a client for each side.
 */
import { startSandbox, type Sandbox } from '../../../sandbox/index';
import { createDocketwiseSide, type DocketwiseSideOptions } from '../../../src/connectors/docketwise/docketwise-side';
import { createMyCaseSide, type MyCaseSideOptions } from '../../../src/connectors/mycase/mycase-side';
import { sandboxTokens } from './sandbox-tokens';

export async function startTestSandbox(): Promise<Sandbox> {
  return startSandbox({ host: '127.0.0.1', mycasePort: 0, docketwisePort: 0, demoFirm: false, contacts: 0 });
}

export async function myCaseClient(sandbox: Sandbox, options: Partial<MyCaseSideOptions> = {}) {
  const tokens = await sandboxTokens('mycase', sandbox.mycase.url);
  const side = createMyCaseSide({ baseUrl: sandbox.mycase.url, tokens, ...options });
  return { side, tokens };
}

export async function docketwiseClient(sandbox: Sandbox, options: Partial<DocketwiseSideOptions> = {}) {
  const tokens = await sandboxTokens('docketwise', sandbox.docketwise.url);
  const side = createDocketwiseSide({ baseUrl: sandbox.docketwise.url, tokens, ...options });
  return { side, tokens };
}

/** Calls the sandbox control API (`/__sandbox/...`) of one server. */
export async function control(serverUrl: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${serverUrl}/__sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`control ${method} ${path}: ${response.status} ${text}`);
  return text === '' ? null : (JSON.parse(text) as unknown);
}
