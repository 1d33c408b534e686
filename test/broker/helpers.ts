/**
 * A tiny stand-in for the products' token endpoints (MyCase `/tokens` JSON, Docketwise
 * `/oauth/token` form-encoded), used as the broker's upstream until/besides the sandbox:
 * single-use codes bound to a PKCE challenge, rotating single-use refresh tokens, RFC 6749
 * error bodies.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrokerConfig } from '../../broker/config';

export const ALLOWED = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
export const ALLOWED_FIREFOX = 'moz-extension://0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
export const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/mycase';
export const VERIFIER = 'v'.repeat(20) + randomBytes(24).toString('base64url');

export const CLIENTS = {
  mycase: { clientId: 'mc-test-client', clientSecret: 'mc-test-secret-' + randomBytes(8).toString('hex') },
  docketwise: { clientId: 'dw-test-client', clientSecret: 'dw-test-secret-' + randomBytes(8).toString('hex') },
};

export interface FakeUpstream {
  url: string;
  /** Issues a code bound to a challenge (what the authorize step would do). */
  issueCode(challenge: string, redirectUri?: string): string;
  requests: { path: string; contentType: string; body: Record<string, string> }[];
  issued: string[];
  close(): Promise<void>;
}

export async function startFakeUpstream(): Promise<FakeUpstream> {
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const refreshTokens = new Set<string>();
  const requests: FakeUpstream['requests'] = [];
  const issued: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const contentType = req.headers['content-type'] ?? '';
      const body: Record<string, string> = contentType.includes('json')
        ? (JSON.parse(raw) as Record<string, string>)
        : Object.fromEntries(new URLSearchParams(raw));
      const path = req.url ?? '';
      requests.push({ path, contentType, body });
      const send = (status: number, value: object) => {
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
      };
      const product = path === '/tokens' ? 'mycase' : path === '/oauth/token' ? 'docketwise' : null;
      if (product === null) return send(404, { error: 'not_found' });
      const client = CLIENTS[product];
      if (body.client_id !== client.clientId || body.client_secret !== client.clientSecret) {
        return send(401, { error: 'invalid_client', error_description: 'Client authentication failed.' });
      }
      if (body.grant_type === 'authorization_code') {
        const record = codes.get(body.code ?? '');
        codes.delete(body.code ?? '');
        if (!record || record.redirectUri !== body.redirect_uri) return send(400, { error: 'invalid_grant', error_description: 'bad code' });
        const computed = createHash('sha256').update(body.code_verifier ?? '').digest('base64url');
        if (computed !== record.challenge) return send(400, { error: 'invalid_grant', error_description: 'PKCE mismatch' });
      } else if (body.grant_type === 'refresh_token') {
        if (!refreshTokens.delete(body.refresh_token ?? '')) return send(400, { error: 'invalid_grant', error_description: 'used' });
      } else {
        return send(400, { error: 'unsupported_grant_type' });
      }
      const access = `at_${randomBytes(16).toString('hex')}`;
      const refresh = `rt_${randomBytes(16).toString('hex')}`;
      refreshTokens.add(refresh);
      issued.push(access, refresh);
      send(200, {
        access_token: access,
        refresh_token: refresh,
        expires_in: product === 'mycase' ? 86400 : 15552000,
        token_type: 'Bearer',
        scope: 'public write',
        ...(product === 'mycase' && body.grant_type === 'authorization_code' ? { firm_uuid: 'firm-1' } : {}),
        internal_note: 'dropped by the broker',
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    issueCode(challenge, redirectUri = REDIRECT) {
      const code = `code_${randomBytes(12).toString('hex')}`;
      codes.set(code, { challenge, redirectUri });
      return code;
    },
    requests,
    issued,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function challengeOf(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export function testConfig(upstreamUrl: string, overrides: Partial<BrokerConfig> = {}): BrokerConfig {
  return {
    products: {
      mycase: { ...CLIENTS.mycase, tokenUrl: `${upstreamUrl}/tokens`, encoding: 'json' },
      docketwise: { ...CLIENTS.docketwise, tokenUrl: `${upstreamUrl}/oauth/token`, encoding: 'form' },
    },
    allowedOrigins: [ALLOWED, ALLOWED_FIREFOX],
    rateLimit: { burst: 100, perMinute: 600 },
    upstreamTimeoutMs: 2_000,
    sandbox: false,
    ...overrides,
  };
}

export function post(path: string, body: unknown, origin: string | null = ALLOWED, base = 'http://broker.test'): Request {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (origin !== null) headers.Origin = origin;
  return new Request(`${base}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}
