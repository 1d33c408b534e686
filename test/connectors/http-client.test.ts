import { describe, expect, it } from 'vitest';
import {
  AuthRequiredError,
  BadPayloadError,
  NotFoundError,
  RateLimitedError,
  TransientError,
} from '../../src/core/errors';
import { HttpClient, MAX_TIMEOUT_MS, parseRetryAfter, type HttpClientOptions } from '../../src/connectors/http/http-client';
import { linkUrl } from '../../src/connectors/http/link-header';
import { DOCKETWISE_RATE_LIMIT, MYCASE_RATE_LIMIT } from '../../src/connectors/http/rate-limiter';
import { FakeClock } from './helpers/fake-clock';
import { createFakeFetch, emptyResponse, hang, jsonResponse, type FakeHandler } from './helpers/fake-fetch';
import { countingTokens, type CountingTokens } from './helpers/static-tokens';

/** Polls (bounded) until `condition` holds; real macrotask turns, no clock time. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise<void>((resolve) => setImmediate(resolve));
  if (!condition()) throw new Error('condition never held');
}

function setup(handler: FakeHandler, options: Partial<HttpClientOptions> & { tokens?: CountingTokens } = {}) {
  const clock = new FakeClock();
  const { fetch, calls } = createFakeFetch(handler, () => clock.now());
  const tokens = options.tokens ?? countingTokens('mycase');
  const client = new HttpClient({
    side: 'mycase',
    baseUrl: 'https://api.test',
    rateLimit: MYCASE_RATE_LIMIT,
    random: () => 0.5,
    ...options,
    tokens,
    fetch,
    clock,
  });
  return { clock, calls, tokens, client };
}

const ok = () => jsonResponse(200, { ok: true });

describe('HTTP layer: retries and backoff', () => {
  it('retries a 503 with exponential backoff and full jitter, then succeeds', async () => {
    let n = 0;
    const { clock, calls, client } = setup(() => (++n <= 3 ? emptyResponse(503) : ok()), { baseDelayMs: 500 });
    const response = await clock.run(client.request({ method: 'GET', path: '/v1/clients' }));
    expect(response.body).toEqual({ ok: true });
    expect(calls).toHaveLength(4);
    // random() = 0.5: each wait is half of min(cap, 500 * 2^n).
    const gaps = calls.slice(1).map((call, i) => call.at - (calls[i]?.at ?? 0));
    expect(gaps).toEqual([250, 500, 1000]);
    expect(client.stats).toMatchObject({ requests: 4, retries: 3, refreshes: 0 });
  });

  it('keeps every backoff wait within [0, min(cap, base·2^n)) whatever the jitter', async () => {
    for (const r of [0, 0.25, 0.999999]) {
      const { clock, calls, client } = setup(() => emptyResponse(500), { random: () => r, maxRetries: 6, maxDelayMs: 4000 });
      await expect(clock.run(client.request({ method: 'GET', path: '/x' }))).rejects.toBeInstanceOf(TransientError);
      const gaps = calls.slice(1).map((call, i) => call.at - (calls[i]?.at ?? 0));
      gaps.forEach((gap, i) => {
        const ceiling = Math.min(4000, 500 * 2 ** i);
        expect(gap).toBeGreaterThanOrEqual(0);
        expect(gap).toBeLessThan(ceiling);
      });
    }
  });

  it('gives up after a bounded number of retries with a TransientError', async () => {
    const { clock, calls, client } = setup(() => emptyResponse(502), { maxRetries: 4 });
    await expect(clock.run(client.request({ method: 'GET', path: '/x' }))).rejects.toBeInstanceOf(TransientError);
    expect(calls).toHaveLength(5);
  });

  it('retries network errors on reads', async () => {
    let n = 0;
    const { clock, calls, client } = setup(() => {
      if (++n === 1) throw new TypeError('fetch failed');
      return ok();
    });
    await clock.run(client.request({ method: 'GET', path: '/x' }));
    expect(calls).toHaveLength(2);
  });

  it('does not retry a POST after a 5xx (it may have been stored) but does after a 429', async () => {
    const failing = setup(() => emptyResponse(503));
    await expect(failing.clock.run(failing.client.request({ method: 'POST', path: '/v1/clients', json: {} }))).rejects.toBeInstanceOf(
      TransientError,
    );
    expect(failing.calls).toHaveLength(1);

    let n = 0;
    const limited = setup(() => (++n === 1 ? emptyResponse(429, { 'Retry-After': '1' }) : jsonResponse(201, { id: 1 })));
    const response = await limited.clock.run(limited.client.request({ method: 'POST', path: '/v1/clients', json: {} }));
    expect(response.status).toBe(201);
    expect(limited.calls).toHaveLength(2);
  });
});

describe('HTTP layer: 429 and Retry-After', () => {
  it('waits at least Retry-After before trying again', async () => {
    let n = 0;
    const { clock, calls, client } = setup(() => (++n === 1 ? emptyResponse(429, { 'Retry-After': '3' }) : ok()));
    await clock.run(client.request({ method: 'GET', path: '/x' }));
    const gap = (calls[1]?.at ?? 0) - (calls[0]?.at ?? 0);
    expect(gap).toBeGreaterThanOrEqual(3000);
    expect(gap).toBeLessThan(3000 + 500);
  });

  it('holds the other requests of the client during a Retry-After pause', async () => {
    let first = true;
    const { clock, calls, client } = setup(() => {
      if (!first) return ok();
      first = false;
      return emptyResponse(429, { 'Retry-After': '2' });
    });
    const a = client.request({ method: 'GET', path: '/a' });
    // /b starts only once /a has been told to wait.
    const b = until(() => client.stats.retries === 1).then(() => client.request({ method: 'GET', path: '/b' }));
    await clock.run(Promise.all([a, b]));
    const firstAt = calls[0]?.at ?? 0;
    expect(calls.map((c) => c.url.pathname).sort()).toEqual(['/a', '/a', '/b']);
    for (const call of calls.slice(1)) expect(call.at - firstAt).toBeGreaterThanOrEqual(2000);
  });

  it('throws RateLimitedError at once when Retry-After is longer than it will wait', async () => {
    const { clock, calls, client } = setup(() => emptyResponse(429, { 'Retry-After': '600' }));
    const error = await clock.run(client.request({ method: 'GET', path: '/x' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(600_000);
    expect(calls).toHaveLength(1);
  });

  it('throws RateLimitedError after bounded retries of a 429 storm without Retry-After', async () => {
    const { clock, calls, client } = setup(() => emptyResponse(429), { maxRetries: 3 });
    await expect(clock.run(client.request({ method: 'GET', path: '/x' }))).rejects.toBeInstanceOf(RateLimitedError);
    expect(calls).toHaveLength(4);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter(new Date(now + 5000).toUTCString(), now)).toBe(5000);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});

describe('HTTP layer: timeout', () => {
  it(`aborts a request that does not answer within ${MAX_TIMEOUT_MS} ms and retries it`, async () => {
    let n = 0;
    const { clock, calls, client } = setup((_call, signal) => (++n === 1 ? hang(signal) : ok()));
    await clock.run(client.request({ method: 'GET', path: '/x' }));
    expect(calls).toHaveLength(2);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(MAX_TIMEOUT_MS);
  });

  it('never allows a timeout above 25 s, and a hanging POST fails as transient', async () => {
    const { clock, calls, client } = setup((_call, signal) => hang(signal), { timeoutMs: 120_000 });
    const started = clock.now();
    await expect(clock.run(client.request({ method: 'POST', path: '/x', json: {} }))).rejects.toBeInstanceOf(TransientError);
    expect(calls).toHaveLength(1);
    expect(clock.now() - started).toBe(MAX_TIMEOUT_MS);
  });
});

describe('HTTP layer: token refresh', () => {
  it('10 parallel 401s make exactly one refresh call, then each request retries once', async () => {
    const tokens = countingTokens('mycase');
    // The server holds the answers until all ten requests are in flight, then refuses them all.
    let stale = 0;
    let releaseAll: () => void = () => undefined;
    const allIn = new Promise<void>((resolve) => (releaseAll = resolve));
    const { clock, calls, client } = setup(
      async (call) => {
        if (call.headers.authorization !== 'Bearer t0') return ok();
        if (++stale === 10) releaseAll();
        await allIn;
        return emptyResponse(401);
      },
      { tokens },
    );
    const all = Promise.all(Array.from({ length: 10 }, (_, i) => client.request({ method: 'GET', path: `/v1/clients/${i}` })));
    const responses = await clock.run(all);
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(tokens.refreshCalls).toBe(1);
    expect(calls).toHaveLength(20);
    expect(calls.filter((c) => c.headers.authorization === 'Bearer t1')).toHaveLength(10);
  });

  it('a 401 that arrives after the refresh finished retries with the new token, no second refresh', async () => {
    const tokens = countingTokens('mycase');
    let slowReleased: (() => void) | null = null;
    const { clock, client } = setup(
      async (call) => {
        if (call.headers.authorization !== 'Bearer t0') return ok();
        if (call.url.pathname === '/slow') await new Promise<void>((resolve) => (slowReleased = resolve));
        return emptyResponse(401);
      },
      { tokens },
    );
    const slow = client.request({ method: 'GET', path: '/slow' });
    await clock.run(client.request({ method: 'GET', path: '/fast' }));
    expect(tokens.refreshCalls).toBe(1);
    (slowReleased as (() => void) | null)?.();
    await clock.run(slow);
    expect(tokens.refreshCalls).toBe(1);
  });

  it('a failed refresh is AuthRequiredError for every waiting request, with one refresh call', async () => {
    const tokens = countingTokens('docketwise', { failRefresh: true });
    const { clock, client } = setup(() => emptyResponse(401), { tokens, side: 'docketwise' });
    const results = await clock.run(
      Promise.allSettled(Array.from({ length: 5 }, () => client.request({ method: 'GET', path: '/x' }))),
    );
    expect(tokens.refreshCalls).toBe(1);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      if (result.status === 'rejected') {
        expect(result.reason).toBeInstanceOf(AuthRequiredError);
        expect((result.reason as AuthRequiredError).message).toMatch(/reconnect required/);
        expect((result.reason as AuthRequiredError).side).toBe('docketwise');
      }
    }
  });

  it('a refresh that fails transiently stays transient (no reconnect), and a later request refreshes again', async () => {
    const tokens = countingTokens('mycase');
    let refreshFails = true;
    const refresh = tokens.refresh.bind(tokens);
    tokens.refresh = async () => {
      if (refreshFails) {
        tokens.refreshCalls += 1;
        throw new TransientError('broker unreachable', 'mycase');
      }
      return refresh();
    };
    const { clock, client } = setup((call) => (call.headers.authorization === 'Bearer t0' ? emptyResponse(401) : ok()), { tokens });
    await expect(clock.run(client.request({ method: 'GET', path: '/x' }))).rejects.toBeInstanceOf(TransientError);
    refreshFails = false;
    const response = await clock.run(client.request({ method: 'GET', path: '/x' }));
    expect(response.status).toBe(200);
    expect(tokens.refreshCalls).toBe(2);
  });

  it('a 401 with the refreshed token is AuthRequiredError (one refresh, one retry)', async () => {
    const tokens = countingTokens('mycase');
    const { clock, calls, client } = setup(() => emptyResponse(401), { tokens });
    await expect(clock.run(client.request({ method: 'GET', path: '/x' }))).rejects.toBeInstanceOf(AuthRequiredError);
    expect(tokens.refreshCalls).toBe(1);
    expect(calls).toHaveLength(2);
  });

  it('sends no token to unauthenticated URLs (presigned uploads)', async () => {
    const { clock, calls, client } = setup(() => emptyResponse(200));
    await clock.run(client.request({ method: 'PUT', path: 'https://bucket.test/u/1?sig=x', authenticated: false, bytes: new Uint8Array([1]) }));
    expect(calls[0]?.headers.authorization).toBeUndefined();
  });
});

describe('HTTP layer: error mapping and bodies', () => {
  it('maps 404 to NotFoundError and an unreadable 2xx body to BadPayloadError', async () => {
    const missing = setup(() => jsonResponse(404, { errors: [{ description: 'Not found' }] }));
    await expect(missing.clock.run(missing.client.request({ method: 'GET', path: '/x' }))).rejects.toBeInstanceOf(NotFoundError);
    const garbled = setup(() => new Response('<html>oops</html>', { status: 200 }));
    const error = await garbled.clock.run(garbled.client.request({ method: 'GET', path: '/x' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadPayloadError);
    expect((error as BadPayloadError).field).toBe('<body>');
  });

  it('reads the next link from a Link header', () => {
    expect(linkUrl('<https://a.test/v1/cases?page_size=40&page_token=abc>; rel="next"', 'next')).toBe(
      'https://a.test/v1/cases?page_size=40&page_token=abc',
    );
    expect(linkUrl('<https://a.test/p?x=1>; rel="prev", <https://a.test/n?page_token=z>; rel=next', 'next')).toBe(
      'https://a.test/n?page_token=z',
    );
    expect(linkUrl(null, 'next')).toBeNull();
    expect(linkUrl('<https://a.test/p>; rel="prev"', 'next')).toBeNull();
  });
});

describe('HTTP layer: client-side rate limit', () => {
  async function startTimes(limit: typeof MYCASE_RATE_LIMIT, count: number) {
    const { clock, calls, client } = setup(() => ok(), { rateLimit: limit });
    await clock.run(Promise.all(Array.from({ length: count }, (_, i) => client.request({ method: 'GET', path: `/r/${i}` }))));
    return calls.map((c) => c.at);
  }

  function maxInAnyWindow(times: number[], windowMs: number): number {
    let best = 0;
    for (const [i, start] of times.entries()) {
      best = Math.max(best, times.slice(i).filter((t) => t < start + windowMs).length);
    }
    return best;
  }

  it('counts requests as the server sees them: a slow first burst and a fast second one never share a server window', async () => {
    // The first 20 requests take 400 ms to reach the server, the rest arrive at once.
    const arrivals: number[] = [];
    let n = 0;
    const clock = new FakeClock();
    const { fetch } = createFakeFetch(() => {
      const uplink = ++n <= 20 ? 400 : 0;
      return new Promise<Response>((resolve) => {
        clock.setTimer(() => {
          arrivals.push(clock.now());
          clock.setTimer(() => resolve(ok()), 50);
        }, uplink);
      });
    }, () => clock.now());
    const client = new HttpClient({ side: 'mycase', baseUrl: 'https://api.test', rateLimit: MYCASE_RATE_LIMIT, tokens: countingTokens('mycase'), fetch, clock });
    await clock.run(Promise.all(Array.from({ length: 60 }, (_, i) => client.request({ method: 'GET', path: `/r/${i}` }))));
    expect(arrivals).toHaveLength(60);
    expect(maxInAnyWindow(arrivals.sort((a, b) => a - b), 1000)).toBeLessThanOrEqual(MYCASE_RATE_LIMIT.limit);
  });

  it('MyCase: never more than its limit (under 25) start in any one-second window', async () => {
    const times = await startTimes(MYCASE_RATE_LIMIT, 70);
    expect(times).toHaveLength(70);
    expect(maxInAnyWindow(times, 1000)).toBe(MYCASE_RATE_LIMIT.limit);
    expect(MYCASE_RATE_LIMIT.limit).toBeLessThan(25);
  });

  it('Docketwise: never more than its limit (under 120) start in any one-minute window', async () => {
    const times = await startTimes(DOCKETWISE_RATE_LIMIT, 250);
    expect(maxInAnyWindow(times, 60_000)).toBe(DOCKETWISE_RATE_LIMIT.limit);
    expect(DOCKETWISE_RATE_LIMIT.limit).toBeLessThan(120);
  });
});
