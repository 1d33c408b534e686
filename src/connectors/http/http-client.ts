/**
 * The one HTTP layer both product clients use. It owns everything that is about talking to a
 * server rather than about a product's records: the client-side rate limit, retries with
 * backoff, Retry-After, the per-request timeout, the single-flight token refresh on 401, and
 * turning every failure into a typed error from src/core/errors.ts.
 */
import type { TokenSource } from '../../auth/token-source';
import {
  AuthRequiredError,
  BadPayloadError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitedError,
  SyncError,
  TransientError,
  ValidationError,
} from '../../core/errors';
import type { Side } from '../../core/types';
import { sleep, systemHttpClock, type HttpClock } from './clock';
import { RateLimiter, type RateLimit } from './rate-limiter';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  /** A path under the base URL (`/v1/clients`) or an absolute URL (a presigned upload). */
  path: string;
  query?: Record<string, string | number | undefined>;
  /** Sent as JSON with `Content-Type: application/json`. */
  json?: unknown;
  /** Sent as is (uploads). */
  bytes?: Uint8Array;
  headers?: Record<string, string>;
  /** Bearer token and rate limit; false for presigned storage URLs. Default true. */
  authenticated?: boolean;
  /**
   * Whether a 5xx, a timeout or a network error may be retried. Default: every method but POST.
   * A POST that failed that way may have been stored (no idempotency keys in either API), so
   * the caller decides after looking the record up again; a 429 is always retried.
   */
  idempotent?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null for an empty body. */
  body: unknown;
}

/** A non-2xx answer the product mapper may turn into a more precise error. */
export interface HttpFailure {
  status: number;
  body: unknown;
  request: HttpRequest;
}

/** Product-specific translation (422 bodies, 403 reasons); undefined falls back to the defaults. */
export type ErrorMapper = (failure: HttpFailure, side: Side) => SyncError | undefined;

export interface HttpClientOptions {
  side: Side;
  baseUrl: string;
  tokens: TokenSource;
  rateLimit: RateLimit;
  fetch?: FetchLike;
  clock?: HttpClock;
  /** Per attempt; capped at 25 s. */
  timeoutMs?: number;
  /** Retries after the first attempt for 429, 5xx and network errors. */
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited out here: RateLimitedError goes to the engine. */
  maxRetryAfterMs?: number;
  /** [0, 1); injected so tests can pin the jitter. */
  random?: () => number;
  mapError?: ErrorMapper;
}

export interface HttpStats {
  /** Every fetch started, retries included. */
  requests: number;
  retries: number;
  refreshes: number;
}

export const MAX_TIMEOUT_MS = 25_000;

class NetworkFailure {
  constructor(
    readonly reason: string,
    readonly timedOut: boolean,
  ) {}
}

type SendOutcome = { status: number; headers: Headers; text: string } | NetworkFailure;

export class HttpClient {
  readonly side: Side;
  readonly stats: HttpStats = { requests: 0, retries: 0, refreshes: 0 };

  private readonly baseUrl: string;
  private readonly tokens: TokenSource;
  private readonly fetchImpl: FetchLike;
  private readonly clock: HttpClock;
  private readonly limiter: RateLimiter;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly random: () => number;
  private readonly mapError: ErrorMapper | undefined;

  private tokenPromise: Promise<string> | null = null;
  private tokenValue: string | null = null;
  private refreshing: Promise<string> | null = null;
  /** The token whose refresh failed, so late 401s for it do not start another refresh. */
  private failedRefresh: { token: string; error: AuthRequiredError } | null = null;

  constructor(options: HttpClientOptions) {
    this.side = options.side;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.tokens = options.tokens;
    // Called through a closure: a bare `fetch` reference loses its `this` in a service worker.
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.clock = options.clock ?? systemHttpClock;
    this.limiter = new RateLimiter(options.rateLimit, this.clock);
    this.timeoutMs = Math.min(options.timeoutMs ?? MAX_TIMEOUT_MS, MAX_TIMEOUT_MS);
    this.maxRetries = options.maxRetries ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 20_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 65_000;
    this.random = options.random ?? Math.random;
    this.mapError = options.mapError;
  }

  /** Resolves with a 2xx/3xx response; every other outcome is thrown as a SyncError. */
  async request(request: HttpRequest): Promise<HttpResponse> {
    const authenticated = request.authenticated ?? true;
    const idempotent = request.idempotent ?? request.method !== 'POST';
    const url = this.urlFor(request);
    let retries = 0;
    let refreshed = false;
    let sentWith: string | null = null;

    for (;;) {
      const release = authenticated ? await this.limiter.acquire() : null;
      let outcome: SendOutcome;
      try {
        const token = authenticated ? await this.currentToken() : null;
        this.stats.requests += 1;
        outcome = await this.send(url, request, token);
        sentWith = token;
      } finally {
        release?.();
      }

      if (outcome instanceof NetworkFailure) {
        if (idempotent && retries < this.maxRetries) {
          await this.backoff(retries++, null, authenticated);
          continue;
        }
        throw new TransientError(`${request.method} ${request.path}: ${outcome.reason}`, this.side);
      }

      const { status, headers, text } = outcome;
      if (status < 400) return { status, headers, body: this.parseSuccessBody(text, request) };

      if (status === 401 && sentWith !== null) {
        if (refreshed) throw new AuthRequiredError('reconnect required: the new token was refused too', this.side);
        refreshed = true;
        await this.refreshAfter(sentWith);
        continue;
      }

      const retryAfterMs = parseRetryAfter(headers.get('Retry-After'), this.clock.now());
      if (status === 429) {
        if (retryAfterMs !== null && retryAfterMs > this.maxRetryAfterMs) {
          throw new RateLimitedError(`${request.method} ${request.path}: rate limited`, this.side, retryAfterMs);
        }
        if (retries >= this.maxRetries) {
          throw new RateLimitedError(
            `${request.method} ${request.path}: still rate limited after ${retries} retries`,
            this.side,
            retryAfterMs ?? this.backoffCeiling(retries),
          );
        }
        await this.backoff(retries++, retryAfterMs, authenticated);
        continue;
      }

      if (status >= 500) {
        if (idempotent && retries < this.maxRetries) {
          await this.backoff(retries++, retryAfterMs, authenticated);
          continue;
        }
        throw new TransientError(`${request.method} ${request.path}: server answered ${status}`, this.side);
      }

      throw this.errorFor({ status, body: parseLoose(text), request });
    }
  }

  private urlFor(request: HttpRequest): string {
    const url = new URL(/^https?:\/\//.test(request.path) ? request.path : `${this.baseUrl}${request.path}`);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  private async send(
    url: string,
    request: HttpRequest,
    token: string | null,
  ): Promise<SendOutcome> {
    const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
    let body: BodyInit | undefined;
    if (request.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(request.json);
    } else if (request.bytes !== undefined) {
      // A copy typed over a plain ArrayBuffer, which is what BodyInit accepts.
      body = new Uint8Array(request.bytes);
    }
    if (token !== null) headers.Authorization = `Bearer ${token}`;

    const controller = new AbortController();
    let timedOut = false;
    const cancelTimer = this.clock.setTimer(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    try {
      const response = await this.fetchImpl(url, { method: request.method, headers, body, signal: controller.signal });
      // The body is read inside the timeout too: a stalled body is as bad as a stalled header.
      const text = await response.text();
      return { status: response.status, headers: response.headers, text };
    } catch (error) {
      const reason = timedOut ? `no answer within ${this.timeoutMs} ms` : `network error (${describe(error)})`;
      return new NetworkFailure(reason, timedOut);
    } finally {
      cancelTimer();
    }
  }

  private parseSuccessBody(text: string, request: HttpRequest): unknown {
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // Not JSON although the API only answers JSON: a whole-response schema failure.
      throw new BadPayloadError(`${request.method} ${request.path}: the answer is not JSON`, this.side, null, '<body>');
    }
  }

  private errorFor(failure: HttpFailure): SyncError {
    const mapped = this.mapError?.(failure, this.side);
    if (mapped) return mapped;
    const what = `${failure.request.method} ${failure.request.path}`;
    switch (failure.status) {
      case 403:
        return new PermissionDeniedError(`${what}: permission denied`, this.side, 'permission');
      case 404:
        return new NotFoundError(`${what}: not found`, this.side);
      default:
        return new ValidationError(`${what}: refused with ${failure.status}`, this.side, '', 'invalid');
    }
  }

  // --- tokens -------------------------------------------------------------------------------

  private currentToken(): Promise<string> {
    if (this.tokenPromise === null) {
      const pending = this.tokens.getAccessToken().then(
        (token) => {
          this.tokenValue = token;
          return token;
        },
        (error: unknown) => {
          // Forget the failure so a later call (after the user reconnects) asks again.
          this.tokenPromise = null;
          throw error instanceof SyncError ? error : new AuthRequiredError(`reconnect required (${describe(error)})`, this.side);
        },
      );
      this.tokenPromise = pending;
    }
    return this.tokenPromise;
  }

  /**
   * Called when `staleToken` got a 401. Synchronous up to starting the refresh, so requests
   * failing together share one `refresh()` call; a 401 arriving after the refresh finished
   * sees the newer token and just retries with it.
   */
  private refreshAfter(staleToken: string): Promise<string> {
    if (this.refreshing) return this.refreshing;
    if (this.tokenValue !== null && this.tokenValue !== staleToken) return Promise.resolve(this.tokenValue);
    if (this.failedRefresh?.token === staleToken) return Promise.reject(this.failedRefresh.error);

    this.stats.refreshes += 1;
    const refreshing = this.tokens.refresh().then(
      (token) => {
        this.tokenValue = token;
        this.tokenPromise = Promise.resolve(token);
        this.refreshing = null;
        return token;
      },
      (error: unknown) => {
        this.tokenPromise = null;
        this.refreshing = null;
        // A refresh that could not reach the token endpoint (TransientError from src/auth) says
        // nothing about the refresh token: pass it on and let a later request try again.
        if (error instanceof SyncError && !(error instanceof AuthRequiredError)) throw error;
        const failure =
          error instanceof AuthRequiredError
            ? error
            : new AuthRequiredError(`reconnect required: token refresh failed (${describe(error)})`, this.side);
        this.failedRefresh = { token: staleToken, error: failure };
        throw failure;
      },
    );
    this.refreshing = refreshing;
    return refreshing;
  }

  // --- waiting ------------------------------------------------------------------------------

  private backoffCeiling(retry: number): number {
    return Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** retry);
  }

  /** Full jitter; a Retry-After is a floor, with a little jitter so clients do not stampede. */
  private async backoff(retry: number, retryAfterMs: number | null, limited: boolean): Promise<void> {
    this.stats.retries += 1;
    const delay =
      retryAfterMs !== null
        ? retryAfterMs + Math.floor(this.random() * this.baseDelayMs)
        : Math.floor(this.random() * this.backoffCeiling(retry));
    if (limited && retryAfterMs !== null) {
      // Everyone sharing this client waits, not only the request that was told to.
      this.limiter.pauseUntil(this.clock.now() + delay);
    }
    await sleep(this.clock, delay);
  }
}

/** `Retry-After` as seconds or an HTTP date, in ms from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function parseLoose(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Error pages are sometimes HTML; the mapper gets the text instead.
    return text;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
