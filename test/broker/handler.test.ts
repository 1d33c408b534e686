import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBrokerHandler, type BrokerLogEntry } from '../../broker/handler';
import { ALLOWED, ALLOWED_FIREFOX, CLIENTS, REDIRECT, VERIFIER, challengeOf, post, startFakeUpstream, testConfig, type FakeUpstream } from './helpers';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});

function handlerWith(options: { fetch?: (input: string, init: RequestInit) => Promise<Response>; now?: () => number; config?: Parameters<typeof testConfig>[1] } = {}) {
  const logs: BrokerLogEntry[] = [];
  const handler = createBrokerHandler(testConfig(upstream.url, options.config), { log: (e) => logs.push(e), fetch: options.fetch, now: options.now });
  return { handler, logs };
}

const stubUpstream = (response: () => Response | Promise<Response>) => vi.fn(async (_input: string, _init: RequestInit) => response());
const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

describe('broker: origins and CORS', () => {
  it('refuses an unknown origin with 403 and no CORS header, without calling the product', async () => {
    const fetch = stubUpstream(() => jsonResponse(200, {}));
    const { handler } = handlerWith({ fetch });
    for (const origin of ['https://evil.example', 'chrome-extension://abcdefghijklmnopabcdefghijklmnoq', `${ALLOWED}.evil.com`, 'null', null]) {
      const response = await handler(post('/token/mycase', { code: 'c', redirect_uri: REDIRECT, code_verifier: VERIFIER }, origin));
      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(await response.json()).toEqual({ error: 'origin_not_allowed' });
    }
    expect(fetch).not.toHaveBeenCalled();
  });

  it('answers a CORS preflight from an allowed origin by echoing that origin only', async () => {
    const { handler } = handlerWith();
    for (const origin of [ALLOWED, ALLOWED_FIREFOX]) {
      const response = await handler(
        new Request('http://broker.test/refresh/docketwise', {
          method: 'OPTIONS',
          headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
        }),
      );
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
      expect(response.headers.get('access-control-allow-headers')).toBe('Content-Type');
      expect(response.headers.get('vary')).toBe('Origin');
    }
    const refused = await handler(new Request('http://broker.test/token/mycase', { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } }));
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sandbox "any-extension" mode accepts extension origins and still refuses web origins', async () => {
    const { handler } = handlerWith({ config: { allowedOrigins: 'any-extension' } });
    const ok = await handler(new Request('http://broker.test/token/mycase', { method: 'OPTIONS', headers: { Origin: 'chrome-extension://zzzz' } }));
    expect(ok.status).toBe(204);
    const web = await handler(new Request('http://broker.test/token/mycase', { method: 'OPTIONS', headers: { Origin: 'http://127.0.0.1:4020' } }));
    expect(web.status).toBe(403);
  });

  it('404 for unknown paths and products, 405 for other methods, 200 on /health', async () => {
    const { handler } = handlerWith();
    expect((await handler(post('/token/clio', {}))).status).toBe(404);
    expect((await handler(post('/tokens', {}))).status).toBe(404);
    const get = await handler(new Request('http://broker.test/token/mycase', { headers: { Origin: ALLOWED } }));
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
    expect((await handler(new Request('http://broker.test/health'))).status).toBe(200);
  });
});

describe('broker: rate limit per origin', () => {
  it('spends a token bucket per origin: 429 with Retry-After once empty, refilled over time', async () => {
    let now = 1_000_000;
    const fetch = stubUpstream(() => jsonResponse(400, { error: 'invalid_grant' }));
    const { handler } = handlerWith({ fetch, now: () => now, config: { rateLimit: { burst: 3, perMinute: 6 } } });
    const call = (origin: string) => handler(post('/refresh/mycase', { refresh_token: 'r' }, origin));
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await call(ALLOWED)).status);
    expect(statuses).toEqual([400, 400, 400, 429, 429]);
    const limited = await call(ALLOWED);
    expect(limited.headers.get('retry-after')).toBe('10');
    expect(limited.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(await limited.json()).toEqual({ error: 'rate_limited' });
    // Another origin has its own bucket.
    expect((await call(ALLOWED_FIREFOX)).status).toBe(400);
    // 6 a minute = one every 10 s.
    now += 10_000;
    expect((await call(ALLOWED)).status).toBe(400);
    expect((await call(ALLOWED)).status).toBe(429);
    expect(fetch).toHaveBeenCalledTimes(5);
  });

  it('preflights and refused origins do not spend tokens', async () => {
    const { handler } = handlerWith({ config: { rateLimit: { burst: 1, perMinute: 1 } } });
    for (let i = 0; i < 5; i++) {
      await handler(new Request('http://broker.test/token/mycase', { method: 'OPTIONS', headers: { Origin: ALLOWED } }));
      await handler(post('/refresh/mycase', { refresh_token: 'r' }, 'https://evil.example'));
    }
    expect((await handler(post('/refresh/mycase', { refresh_token: 'nope' }))).status).toBe(400);
  });
});

describe('broker: input validation', () => {
  it('refuses bad bodies with a JSON error naming the field, never calling the product', async () => {
    const fetch = stubUpstream(() => jsonResponse(200, {}));
    const { handler } = handlerWith({ fetch });
    const cases: [Request, number, string][] = [
      [post('/token/mycase', { code: 'c', redirect_uri: REDIRECT }), 400, 'code_verifier'],
      [post('/token/mycase', { code: 'c', redirect_uri: REDIRECT, code_verifier: 'short' }), 400, 'code_verifier'],
      [post('/token/mycase', { code: '', redirect_uri: REDIRECT, code_verifier: VERIFIER }), 400, 'code'],
      [post('/token/mycase', { code: 'c', redirect_uri: 'javascript:alert(1)', code_verifier: VERIFIER }), 400, 'redirect_uri'],
      [post('/refresh/docketwise', { refresh: 'x' }), 400, 'refresh_token'],
      [post('/refresh/docketwise', 'not json'), 400, 'not JSON'],
      [post('/refresh/docketwise', { refresh_token: 'x'.repeat(20_000) }), 413, 'bytes'],
      [new Request('http://broker.test/refresh/mycase', { method: 'POST', headers: { Origin: ALLOWED, 'Content-Type': 'text/plain' }, body: '{}' }), 415, 'application/json'],
    ];
    for (const [request, status, mention] of cases) {
      const response = await handler(request);
      expect(response.status).toBe(status);
      const body = (await response.json()) as { error: string; error_description: string };
      expect(body.error_description).toContain(mention);
      expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    }
    expect(fetch).not.toHaveBeenCalled();
  });

  it('does not echo a rejected value back (it could be a token)', async () => {
    const { handler } = handlerWith();
    const response = await handler(post('/token/mycase', { code: 'c', redirect_uri: REDIRECT, code_verifier: 'secret-ish value!' }));
    expect(await response.text()).not.toContain('secret-ish');
  });
});

describe('broker: exchange and refresh', () => {
  it('R7 exchanges a MyCase code with our client secret (JSON body) and passes only the token fields back', async () => {
    const { handler } = handlerWith();
    const code = upstream.issueCode(challengeOf(VERIFIER));
    const response = await handler(post('/token/mycase', { code, redirect_uri: REDIRECT, code_verifier: VERIFIER }));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'firm_uuid', 'refresh_token', 'scope', 'token_type']);
    const sent = upstream.requests.at(-1);
    expect(sent?.path).toBe('/tokens');
    expect(sent?.contentType).toBe('application/json');
    expect(sent?.body).toEqual({
      client_id: CLIENTS.mycase.clientId,
      client_secret: CLIENTS.mycase.clientSecret,
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: VERIFIER,
    });
    expect(JSON.stringify(body)).not.toContain(CLIENTS.mycase.clientSecret);
  });

  it('exchanges a Docketwise code form-encoded, then refreshes with the rotated token', async () => {
    const { handler } = handlerWith();
    const redirect = REDIRECT.replace('mycase', 'docketwise');
    const code = upstream.issueCode(challengeOf(VERIFIER), redirect);
    const first = (await (await handler(post('/token/docketwise', { code, redirect_uri: redirect, code_verifier: VERIFIER }))).json()) as Record<string, string>;
    expect(upstream.requests.at(-1)?.contentType).toBe('application/x-www-form-urlencoded');
    const refreshed = await handler(post('/refresh/docketwise', { refresh_token: first.refresh_token }));
    expect(refreshed.status).toBe(200);
    expect(upstream.requests.at(-1)?.body).toEqual({
      client_id: CLIENTS.docketwise.clientId,
      client_secret: CLIENTS.docketwise.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    });
    // The spent refresh token is refused upstream, and that arrives as a clean invalid_grant.
    const replay = await handler(post('/refresh/docketwise', { refresh_token: first.refresh_token }));
    expect(replay.status).toBe(400);
    expect(await replay.json()).toEqual({ error: 'invalid_grant', error_description: 'used' });
  });

  it('a wrong PKCE verifier is refused upstream and reported as invalid_grant', async () => {
    const { handler } = handlerWith();
    const code = upstream.issueCode(challengeOf(VERIFIER));
    const response = await handler(post('/token/mycase', { code, redirect_uri: REDIRECT, code_verifier: 'w'.repeat(43) }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('maps upstream failures to clean JSON errors', async () => {
    const cases: [() => Response | Promise<Response>, number, object, string | null][] = [
      [() => jsonResponse(401, { error: 'invalid_token' }), 401, { error: 'invalid_token' }, null],
      [() => jsonResponse(400, { errors: [{ description: 'bad' }] }), 400, { error: 'invalid_grant' }, null],
      [() => jsonResponse(401, { error: 'invalid_client' }), 502, { error: 'broker_client_rejected' }, null],
      [() => jsonResponse(403, {}), 403, { error: 'access_denied' }, null],
      [() => jsonResponse(429, {}, { 'Retry-After': '7' }), 429, { error: 'upstream_rate_limited' }, '7'],
      [() => new Response('<html>oops</html>', { status: 500 }), 502, { error: 'upstream_unavailable', upstream_status: 500 }, null],
      [() => jsonResponse(200, { token: 'not the right shape' }), 502, { error: 'upstream_bad_response' }, null],
      [() => Promise.reject(new TypeError('fetch failed')), 502, { error: 'upstream_unavailable' }, null],
      [() => Promise.reject(new DOMException('timed out', 'TimeoutError')), 504, { error: 'upstream_timeout' }, null],
    ];
    for (const [respond, status, body, retryAfter] of cases) {
      const { handler } = handlerWith({ fetch: stubUpstream(respond) });
      const response = await handler(post('/refresh/mycase', { refresh_token: 'rt' }));
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual(body);
      expect(response.headers.get('retry-after')).toBe(retryAfter);
      expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    }
  });

  it('times out a hanging token endpoint (bounded wait)', async () => {
    const fetch = vi.fn(
      (_input: string, init: RequestInit) =>
        new Promise<Response>((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        }),
    );
    const { handler } = handlerWith({ fetch, config: { upstreamTimeoutMs: 50 } });
    const started = Date.now();
    const response = await handler(post('/refresh/mycase', { refresh_token: 'rt' }));
    expect(response.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('broker: logs', () => {
  it('never logs a token, code, verifier or secret (every path, including failures)', async () => {
    const consoleLines: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        consoleLines.push(args.map(String).join(' '));
      });
    }
    const { handler, logs } = handlerWith({ config: { rateLimit: { burst: 6, perMinute: 1 } } });
    const code = upstream.issueCode(challengeOf(VERIFIER));
    const first = (await (await handler(post('/token/mycase', { code, redirect_uri: REDIRECT, code_verifier: VERIFIER }))).json()) as Record<string, string>;
    await handler(post('/token/mycase', { code, redirect_uri: REDIRECT, code_verifier: VERIFIER })); // replayed code
    const second = (await (await handler(post('/refresh/mycase', { refresh_token: first.refresh_token }))).json()) as Record<string, string>;
    await handler(post('/refresh/mycase', { refresh_token: first.refresh_token })); // replayed refresh
    await handler(post('/refresh/mycase', { refresh_token: 'x', extra: second.access_token }));
    await handler(post('/refresh/mycase', { refresh_token: second.refresh_token }, 'https://evil.example'));
    await handler(post('/token/mycase', { code: 'c', redirect_uri: REDIRECT, code_verifier: 'bad' }));
    await handler(post('/refresh/mycase', { refresh_token: second.refresh_token })); // rate limited

    expect(logs.length).toBe(8);
    expect(logs.map((l) => l.status)).toEqual([200, 400, 200, 400, 400, 403, 400, 429]);
    const haystack = JSON.stringify(logs) + consoleLines.join('\n');
    const secrets = [code, VERIFIER, CLIENTS.mycase.clientSecret, CLIENTS.docketwise.clientSecret, ...upstream.issued];
    for (const secret of secrets) expect(haystack).not.toContain(secret);
    // The haystack check above is meaningful only if real tokens were issued and handled.
    expect(upstream.issued).toContain(first.access_token);
    expect(upstream.issued).toContain(second.refresh_token);
  });

  it('the default logger writes one JSON line per request to the console, without tokens', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
      lines.push(String(line));
    });
    vi.spyOn(console, 'warn').mockImplementation((line: unknown) => {
      lines.push(String(line));
    });
    const handler = createBrokerHandler(testConfig(upstream.url));
    const code = upstream.issueCode(challengeOf(VERIFIER));
    const tokens = (await (await handler(post('/token/mycase', { code, redirect_uri: REDIRECT, code_verifier: VERIFIER }))).json()) as Record<string, string>;
    await handler(post('/refresh/mycase', { refresh_token: 'wrong' }));
    expect(lines).toHaveLength(2);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed[0]).toMatchObject({ event: 'request', path: '/token/mycase', status: 200, origin: ALLOWED, product: 'mycase' });
    expect(parsed[1]).toMatchObject({ status: 400, error: 'invalid_grant', upstreamStatus: 400 });
    for (const secret of [code, VERIFIER, tokens.access_token ?? '?', tokens.refresh_token ?? '?', CLIENTS.mycase.clientSecret]) {
      expect(lines.join('\n')).not.toContain(secret);
    }
  });
});
