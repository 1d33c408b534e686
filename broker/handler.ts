/**
 * The token broker as a Web-standard fetch handler: `(Request) => Promise<Response>`. It runs
 * unchanged on Node (node-server.ts) and on serverless platforms (serverless.ts).
 *
 * It is stateless apart from the in-memory rate-limit buckets: it adds our client secret to a
 * code exchange or a refresh, forwards it to the product's token endpoint, and passes the
 * answer back. It stores nothing, never logs a token, a code or a secret, and answers only the
 * configured extension origins.
 *
 * Routes: POST /token/{mycase|docketwise}  { code, redirect_uri, code_verifier }
 *         POST /refresh/{mycase|docketwise} { refresh_token }
 *         OPTIONS on both (CORS preflight), GET /health.
 * Answers: the product's token response (access_token, refresh_token, expires_in, token_type,
 * scope, created_at, firm_uuid when present), or `{ error, error_description? }`.
 */
import { z } from 'zod';
import { BROKER_PRODUCTS, isExtensionOrigin, type BrokerConfig, type BrokerProduct } from './config';
import { createRateLimiter } from './rate-limit';

/** One structured line per request. Only these fields exist: no body, no token can leak in. */
export interface BrokerLogEntry {
  level: 'info' | 'warn' | 'error';
  event: 'request' | 'refused' | 'upstream-error';
  method: string;
  path: string;
  origin: string | null;
  status: number;
  product?: BrokerProduct;
  upstreamStatus?: number;
  /** OAuth error code (a short identifier such as invalid_grant), never a description. */
  error?: string;
  durationMs: number;
}

export type BrokerLogger = (entry: BrokerLogEntry) => void;

export interface BrokerDeps {
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  now?: () => number;
  log?: BrokerLogger;
}

export const MAX_BODY_BYTES = 16 * 1024;

// RFC 7636 §4.1: 43–128 characters from the unreserved set.
const codeVerifier = z.string().regex(/^[A-Za-z0-9\-._~]{43,128}$/, 'must be 43–128 unreserved characters');
const redirectUri = z
  .string()
  .max(2048)
  .refine((v) => {
    try {
      const url = new URL(v);
      return url.protocol === 'https:' || (url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost'));
    } catch {
      return false;
    }
  }, 'must be an https:// URL (or loopback http://)');

export const tokenRequestSchema = z.object({
  code: z.string().min(1).max(4096),
  redirect_uri: redirectUri,
  code_verifier: codeVerifier,
});

export const refreshRequestSchema = z.object({
  refresh_token: z.string().min(1).max(8192),
});

/** What we pass back from a 2xx token response; everything else the product sent is dropped. */
const upstreamTokenSchema = z.object({
  access_token: z.string().min(1).max(8192),
  refresh_token: z.string().min(1).max(8192).optional(),
  expires_in: z.number().nonnegative().optional(),
  token_type: z.string().max(100).optional(),
  scope: z.string().max(2000).optional(),
  created_at: z.number().optional(),
  firm_uuid: z.string().max(200).optional(),
});

const upstreamErrorSchema = z.object({
  error: z.string().max(100).regex(/^[A-Za-z0-9_.-]+$/).optional(),
  error_description: z.string().optional(),
});

const ROUTE = /^\/(token|refresh)\/([a-z]+)$/;

function defaultLog(entry: BrokerLogEntry): void {
  const line = JSON.stringify({ at: new Date().toISOString(), ...entry });
  if (entry.level === 'info') console.log(line);
  else console.warn(line);
}

export function createBrokerHandler(config: BrokerConfig, deps: BrokerDeps = {}): (request: Request) => Promise<Response> {
  const doFetch = deps.fetch ?? ((input: string, init: RequestInit) => fetch(input, init));
  const now = deps.now ?? Date.now;
  const log = deps.log ?? defaultLog;
  const limiter = createRateLimiter(config.rateLimit);

  function originAllowed(origin: string | null): origin is string {
    if (origin === null) return false;
    if (config.allowedOrigins === 'any-extension') return isExtensionOrigin(origin);
    return config.allowedOrigins.includes(origin);
  }

  function corsHeaders(origin: string): Record<string, string> {
    return {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': 'POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Content-Type',
      'Access-Control-Max-Age': '600',
    };
  }

  function json(status: number, body: object, headers: Record<string, string> = {}): Response {
    return new Response(JSON.stringify(body), {
      status,
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        // Token responses must never be cached by anything between us and the extension.
        'Cache-Control': 'no-store',
        Pragma: 'no-cache',
        Vary: 'Origin',
        'X-Content-Type-Options': 'nosniff',
        ...headers,
      },
    });
  }

  async function callUpstream(
    product: BrokerProduct,
    params: Record<string, string>,
  ): Promise<{ status: number; body: object; upstreamStatus?: number; error?: string; headers?: Record<string, string> }> {
    const p = config.products[product];
    const full = { client_id: p.clientId, client_secret: p.clientSecret, ...params };
    let response: Response;
    try {
      response = await doFetch(p.tokenUrl, {
        method: 'POST',
        headers: {
          Accept: 'application/json',
          'Content-Type': p.encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
        },
        body: p.encoding === 'json' ? JSON.stringify(full) : new URLSearchParams(full).toString(),
        signal: AbortSignal.timeout(config.upstreamTimeoutMs),
        // A token endpoint never redirects; following one would send the secret elsewhere.
        redirect: 'error',
      });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      return timedOut
        ? { status: 504, body: { error: 'upstream_timeout' }, error: 'upstream_timeout' }
        : { status: 502, body: { error: 'upstream_unavailable' }, error: 'upstream_unavailable' };
    }

    let parsedBody: unknown = null;
    try {
      const text = await response.text();
      parsedBody = text === '' ? null : JSON.parse(text);
    } catch {
      // An HTML error page or a cut connection: judged by the status alone.
      parsedBody = null;
    }
    const upstreamStatus = response.status;

    if (response.ok) {
      const tokens = upstreamTokenSchema.safeParse(parsedBody);
      if (!tokens.success) return { status: 502, body: { error: 'upstream_bad_response' }, upstreamStatus, error: 'upstream_bad_response' };
      return { status: 200, body: tokens.data, upstreamStatus };
    }

    const parsedError = upstreamErrorSchema.safeParse(parsedBody);
    const upstreamError = parsedError.success ? parsedError.data.error : undefined;
    const description = parsedError.success ? parsedError.data.error_description?.slice(0, 300) : undefined;
    if (upstreamError === 'invalid_client') {
      // Our own client id/secret was refused: the operator must fix the broker; the user's
      // grant may be fine, so this must not look like invalid_grant to the extension.
      return { status: 502, body: { error: 'broker_client_rejected' }, upstreamStatus, error: 'invalid_client' };
    }
    if (upstreamStatus === 400 || upstreamStatus === 401) {
      const error = upstreamError ?? 'invalid_grant';
      return { status: upstreamStatus, body: { error, ...(description ? { error_description: description } : {}) }, upstreamStatus, error };
    }
    if (upstreamStatus === 403) {
      const error = upstreamError ?? 'access_denied';
      return { status: 403, body: { error }, upstreamStatus, error };
    }
    if (upstreamStatus === 429) {
      const retryAfter = response.headers.get('retry-after');
      return {
        status: 429,
        body: { error: 'upstream_rate_limited' },
        upstreamStatus,
        error: 'upstream_rate_limited',
        headers: retryAfter && /^\d{1,6}$/.test(retryAfter) ? { 'Retry-After': retryAfter } : {},
      };
    }
    return { status: 502, body: { error: 'upstream_unavailable', upstream_status: upstreamStatus }, upstreamStatus, error: 'upstream_unavailable' };
  }

  async function readJsonBody(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; status: number; error: string; description: string }> {
    const type = request.headers.get('content-type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      return { ok: false, status: 415, error: 'unsupported_media_type', description: 'Send application/json.' };
    }
    const declared = Number(request.headers.get('content-length') ?? '0');
    if (declared > MAX_BODY_BYTES) return { ok: false, status: 413, error: 'payload_too_large', description: `At most ${MAX_BODY_BYTES} bytes.` };
    const text = await request.text();
    if (new TextEncoder().encode(text).length > MAX_BODY_BYTES) {
      return { ok: false, status: 413, error: 'payload_too_large', description: `At most ${MAX_BODY_BYTES} bytes.` };
    }
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch {
      return { ok: false, status: 400, error: 'invalid_request', description: 'The body is not JSON.' };
    }
  }

  return async function handle(request: Request): Promise<Response> {
    const started = now();
    const url = new URL(request.url);
    const origin = request.headers.get('origin');
    const base = { method: request.method, path: url.pathname, origin };
    const finish = (response: Response, extra: Partial<BrokerLogEntry> = {}): Response => {
      const level = response.status >= 500 ? 'error' : response.status >= 400 ? 'warn' : 'info';
      log({ level, event: 'request', ...base, status: response.status, durationMs: now() - started, ...extra });
      return response;
    };

    if (request.method === 'GET' && url.pathname === '/health') return finish(json(200, { ok: true }));

    const match = ROUTE.exec(url.pathname);
    const product = BROKER_PRODUCTS.find((p) => p === match?.[2]);
    if (!match || !product) return finish(json(404, { error: 'not_found' }));
    const kind = match[1] === 'token' ? 'token' : 'refresh';

    if (!originAllowed(origin)) {
      // No CORS headers: the browser hides even this refusal from a page on another origin.
      return finish(json(403, { error: 'origin_not_allowed' }), { event: 'refused', product });
    }
    const cors = corsHeaders(origin);

    if (request.method === 'OPTIONS') return finish(new Response(null, { status: 204, headers: { ...cors, Vary: 'Origin' } }), { product });
    if (request.method !== 'POST') return finish(json(405, { error: 'method_not_allowed' }, { ...cors, Allow: 'POST, OPTIONS' }), { product });

    const taken = limiter.take(origin, now());
    if (!taken.ok) {
      return finish(json(429, { error: 'rate_limited' }, { ...cors, 'Retry-After': String(taken.retryAfterSeconds) }), { event: 'refused', product });
    }

    const body = await readJsonBody(request);
    if (!body.ok) return finish(json(body.status, { error: body.error, error_description: body.description }, cors), { product, error: body.error });

    let params: Record<string, string>;
    if (kind === 'token') {
      const parsed = tokenRequestSchema.safeParse(body.value);
      if (!parsed.success) return finish(invalidRequest(parsed.error, cors), { product, error: 'invalid_request' });
      params = { grant_type: 'authorization_code', ...parsed.data };
    } else {
      const parsed = refreshRequestSchema.safeParse(body.value);
      if (!parsed.success) return finish(invalidRequest(parsed.error, cors), { product, error: 'invalid_request' });
      params = { grant_type: 'refresh_token', refresh_token: parsed.data.refresh_token };
    }

    const result = await callUpstream(product, params);
    return finish(json(result.status, result.body, { ...cors, ...result.headers }), {
      product,
      ...(result.upstreamStatus !== undefined ? { upstreamStatus: result.upstreamStatus } : {}),
      ...(result.error !== undefined ? { error: result.error, event: 'upstream-error' as const } : {}),
    });
  };

  function invalidRequest(error: z.ZodError, cors: Record<string, string>): Response {
    // Names the field, never echoes its value (it could be a token).
    const fields = [...new Set(error.issues.map((issue) => String(issue.path[0] ?? 'body')))];
    return json(400, { error: 'invalid_request', error_description: `Bad or missing field: ${fields.join(', ')}.` }, cors);
  }
}
