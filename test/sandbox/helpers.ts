/**
 * Shared set-up for the sandbox conformance suite: both servers in-process on random loopback
 * ports with a virtual clock, and small fetch helpers.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createVirtualClock, startSandbox, type Sandbox, type VirtualClock } from '../../sandbox/index';

export interface TestSandbox {
  sandbox: Sandbox;
  clock: VirtualClock;
  mc: string;
  dw: string;
}

export async function startTestSandbox(): Promise<TestSandbox> {
  const clock = createVirtualClock(Date.UTC(2026, 0, 5, 9, 0, 0));
  const sandbox = await startSandbox({ host: '127.0.0.1', mycasePort: 0, docketwisePort: 0, clock });
  return { sandbox, clock, mc: sandbox.mycase.url, dw: sandbox.docketwise.url };
}

export interface CallOptions {
  method?: string;
  token?: string;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  redirect?: 'manual' | 'follow';
}

export async function call(base: string, path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  let body: BodyInit | undefined;
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  } else if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : Buffer.from(options.body);
  }
  const url = path.startsWith('http') ? path : `${base}${path}`;
  return fetch(url, { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, redirect: options.redirect ?? 'manual' });
}

export async function callJson<T = unknown>(base: string, path: string, options: CallOptions = {}): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await call(base, path, options);
  const text = await response.text();
  return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T, headers: response.headers };
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The `rel="next"` URL of a MyCase `Link` header, or null. */
export function nextLink(headers: Headers): string | null {
  const link = headers.get('link');
  if (!link) return null;
  const found = /<([^>]+)>;\s*rel="next"/.exec(link);
  return found?.[1] ?? null;
}

export const CHROME_REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/mycase';
