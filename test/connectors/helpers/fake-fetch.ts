/** A scripted `fetch` for HTTP-layer tests: each call is recorded and answered by a handler. */
import type { FetchLike } from '../../../src/connectors/http/http-client';

export interface RecordedCall {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | Uint8Array | null;
  at: number;
}

export type FakeHandler = (call: RecordedCall, signal: AbortSignal | null) => Response | Promise<Response>;

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export function emptyResponse(status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers });
}

/** A response that never arrives unless the request is aborted. */
export function hang(signal: AbortSignal | null): Promise<Response> {
  return new Promise((_resolve, reject) => {
    signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });
}

export function createFakeFetch(handler: FakeHandler, now: () => number = Date.now): { fetch: FetchLike; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const fetch: FetchLike = async (input, init) => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const rawBody = init.body;
    const body = typeof rawBody === 'string' ? rawBody : rawBody instanceof Uint8Array ? rawBody : null;
    const call: RecordedCall = { url: new URL(input), method: init.method ?? 'GET', headers, body, at: now() };
    calls.push(call);
    return handler(call, init.signal ?? null);
  };
  return { fetch, calls };
}
