/**
 * OAuth 2.0 authorization-code server shared by both simulated products: the sign-in/consent
 * page with its Allow button, single-use short-lived codes, optional PKCE, rotating refresh
 * tokens and bearer-token checks, all on the sandbox clock.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import { isAcceptedRedirectUri, type OAuthClientCredentials } from '../credentials';
import {
  escapeHtml,
  html,
  isRecord,
  json,
  parseBody,
  redirect,
  route,
  type RequestContext,
  type Route,
  type SandboxResponse,
} from './http';

export interface OAuthPolicy {
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  codeTtlSeconds: number;
  scope: string;
  tokenPrefix: string;
}

export interface TokenGrant {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  scope: string;
  createdAtSeconds: number;
  clientId: string;
}

interface CodeRecord {
  clientId: string;
  redirectUri: string;
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | 'plain' | null;
  expiresAt: number;
  used: boolean;
}

interface AccessRecord {
  clientId: string;
  expiresAt: number;
}

interface RefreshRecord {
  clientId: string;
  expiresAt: number;
  used: boolean;
}

export type AuthCheck = { ok: true; clientId: string } | { ok: false; reason: 'missing' | 'unknown' | 'expired' };

export type GrantResult =
  | { ok: true; grant: TokenGrant }
  | { ok: false; status: 400 | 401; error: string; description: string };

export class OAuthServer {
  private readonly codes = new Map<string, CodeRecord>();
  private readonly access = new Map<string, AccessRecord>();
  private readonly refreshTokens = new Map<string, RefreshRecord>();

  constructor(
    private readonly clock: Clock,
    private readonly clients: readonly OAuthClientCredentials[],
    readonly policy: OAuthPolicy,
  ) {}

  knowsClient(clientId: string): boolean {
    return this.clients.some((c) => c.clientId === clientId);
  }

  private clientOk(clientId: string, secret: string): boolean {
    return this.clients.some((c) => c.clientId === clientId && c.clientSecret === secret);
  }

  issueCode(input: Omit<CodeRecord, 'expiresAt' | 'used'>): string {
    const code = `${this.policy.tokenPrefix}code_${randomBytes(16).toString('hex')}`;
    this.codes.set(code, { ...input, expiresAt: this.clock.now() + this.policy.codeTtlSeconds * 1000, used: false });
    return code;
  }

  private mint(clientId: string): TokenGrant {
    const now = this.clock.now();
    const accessToken = `${this.policy.tokenPrefix}at_${randomBytes(24).toString('hex')}`;
    const refreshToken = `${this.policy.tokenPrefix}rt_${randomBytes(24).toString('hex')}`;
    this.access.set(accessToken, { clientId, expiresAt: now + this.policy.accessTtlSeconds * 1000 });
    this.refreshTokens.set(refreshToken, { clientId, expiresAt: now + this.policy.refreshTtlSeconds * 1000, used: false });
    return {
      accessToken,
      refreshToken,
      expiresIn: this.policy.accessTtlSeconds,
      scope: this.policy.scope,
      createdAtSeconds: Math.floor(now / 1000),
      clientId,
    };
  }

  /** A token pair without the browser flow (control API, tests). */
  issueDirect(clientId: string): TokenGrant {
    if (!this.knowsClient(clientId)) throw new Error(`unknown OAuth client ${clientId}`);
    return this.mint(clientId);
  }

  exchangeCode(input: { clientId: string; clientSecret: string; code: string; redirectUri: string; codeVerifier: string | null }): GrantResult {
    if (!this.clientOk(input.clientId, input.clientSecret)) return invalidClient();
    const record = this.codes.get(input.code);
    if (!record || record.used || record.clientId !== input.clientId) {
      return invalidGrant('The authorization code is invalid, was already used, or belongs to another client.');
    }
    // A code is burnt by its first exchange attempt, successful or not (RFC 6749 §4.1.2).
    record.used = true;
    if (record.expiresAt <= this.clock.now()) return invalidGrant('The authorization code has expired.');
    if (record.redirectUri !== input.redirectUri) return invalidGrant('redirect_uri does not match the authorization request.');
    if (record.codeChallenge !== null) {
      if (!input.codeVerifier) return invalidGrant('code_verifier is required (PKCE was used at authorization).');
      const computed =
        record.codeChallengeMethod === 'plain'
          ? input.codeVerifier
          : createHash('sha256').update(input.codeVerifier).digest('base64url');
      if (computed !== record.codeChallenge) return invalidGrant('code_verifier does not match code_challenge.');
    }
    return { ok: true, grant: this.mint(input.clientId) };
  }

  refresh(input: { clientId: string; clientSecret: string; refreshToken: string }): GrantResult {
    if (!this.clientOk(input.clientId, input.clientSecret)) return invalidClient();
    const record = this.refreshTokens.get(input.refreshToken);
    if (!record || record.clientId !== input.clientId) return invalidGrant('The refresh token is invalid.');
    if (record.used) return invalidGrant('The refresh token was already used.');
    if (record.expiresAt <= this.clock.now()) return invalidGrant('The refresh token has expired.');
    record.used = true;
    return { ok: true, grant: this.mint(input.clientId) };
  }

  authenticate(token: string | null): AuthCheck {
    if (token === null) return { ok: false, reason: 'missing' };
    const record = this.access.get(token);
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.expiresAt <= this.clock.now()) return { ok: false, reason: 'expired' };
    return { ok: true, clientId: record.clientId };
  }

  /** Expires every access token now (refresh tokens stay valid). Returns how many. */
  expireAllAccessTokens(): number {
    const now = this.clock.now();
    let count = 0;
    for (const record of this.access.values()) {
      if (record.expiresAt > now) count += 1;
      record.expiresAt = Math.min(record.expiresAt, now);
    }
    return count;
  }

  /**
   * Revokes every access and refresh token (an administrator disconnecting the app): the next
   * call answers 401 and the next refresh `invalid_grant`. Returns how many tokens were revoked.
   */
  revokeAll(): number {
    const count = this.access.size + this.refreshTokens.size;
    this.access.clear();
    this.refreshTokens.clear();
    return count;
  }

  reset(): void {
    this.codes.clear();
    this.access.clear();
    this.refreshTokens.clear();
  }
}

function invalidGrant(description: string): GrantResult {
  return { ok: false, status: 400, error: 'invalid_grant', description };
}

function invalidClient(): GrantResult {
  return { ok: false, status: 401, error: 'invalid_client', description: 'Client authentication failed.' };
}

export interface OAuthRoutesOptions {
  productName: string;
  authorizePath: string;
  tokenPath: string;
  oauth: OAuthServer;
  /** Approve without showing the page (control API switch for tests). */
  autoApprove(): boolean;
  /** Null when the signed-in user may authorize; otherwise the reason for a 403 page. */
  authorizeForbidden(): string | null;
  /** Builds the product's token response body. */
  tokenBody(grant: TokenGrant, grantType: 'authorization_code' | 'refresh_token'): object;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

export function oauthRoutes(options: OAuthRoutesOptions): Route[] {
  const { oauth } = options;

  const validateAuthorize = (params: Record<string, string>): { error: string } | { ok: true } => {
    if (params.response_type !== 'code') return { error: 'response_type must be "code".' };
    const clientId = params.client_id ?? '';
    if (!oauth.knowsClient(clientId)) return { error: `Unknown client_id "${clientId}".` };
    const redirectUri = params.redirect_uri ?? '';
    if (!isAcceptedRedirectUri(redirectUri)) return { error: `redirect_uri "${redirectUri}" is not registered for this client.` };
    const method = params.code_challenge_method;
    if (method !== undefined && method !== 'S256' && method !== 'plain') return { error: 'code_challenge_method must be S256 or plain.' };
    return { ok: true };
  };

  const approve = (params: Record<string, string>): SandboxResponse => {
    const code = oauth.issueCode({
      clientId: params.client_id ?? '',
      redirectUri: params.redirect_uri ?? '',
      codeChallenge: params.code_challenge || null,
      codeChallengeMethod: params.code_challenge ? (params.code_challenge_method === 'plain' ? 'plain' : 'S256') : null,
    });
    const target = new URL(params.redirect_uri ?? '');
    target.searchParams.set('code', code);
    if (params.state !== undefined) target.searchParams.set('state', params.state);
    return redirect(target.toString());
  };

  const authorizeGet = (ctx: RequestContext): SandboxResponse => {
    const params = Object.fromEntries(ctx.query);
    const valid = validateAuthorize(params);
    if ('error' in valid) return html(400, page(options.productName, `<p id="error">${escapeHtml(valid.error)}</p>`));
    const forbidden = options.authorizeForbidden();
    if (forbidden !== null) return html(403, page(options.productName, `<h1>Forbidden</h1><p id="error">${escapeHtml(forbidden)}</p>`));
    if (options.autoApprove()) return approve(params);
    const hidden = Object.entries(params)
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
      .join('');
    return html(
      200,
      page(
        options.productName,
        `<h1>Allow access to your ${escapeHtml(options.productName)} account?</h1>
<p>The application <strong>${escapeHtml(params.client_id ?? '')}</strong> asks to read and write your firm's data.</p>
<form method="post" action="${escapeHtml(options.authorizePath)}">${hidden}
<button id="allow" type="submit" name="decision" value="allow">Allow</button>
<button id="deny" type="submit" name="decision" value="deny">Deny</button>
</form>`,
      ),
    );
  };

  const authorizePost = (ctx: RequestContext): SandboxResponse => {
    const parsed = parseBody(ctx);
    if (!parsed.ok || !isRecord(parsed.value)) return html(400, page(options.productName, '<p id="error">Bad form.</p>'));
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(parsed.value)) if (typeof v === 'string') params[k] = v;
    const valid = validateAuthorize(params);
    if ('error' in valid) return html(400, page(options.productName, `<p id="error">${escapeHtml(valid.error)}</p>`));
    const forbidden = options.authorizeForbidden();
    if (forbidden !== null) return html(403, page(options.productName, `<h1>Forbidden</h1><p id="error">${escapeHtml(forbidden)}</p>`));
    if (params.decision !== 'allow') {
      const target = new URL(params.redirect_uri ?? '');
      target.searchParams.set('error', 'access_denied');
      if (params.state !== undefined) target.searchParams.set('state', params.state);
      return redirect(target.toString());
    }
    return approve(params);
  };

  const token = (ctx: RequestContext): SandboxResponse => {
    const parsed = parseBody(ctx);
    if (!parsed.ok || !isRecord(parsed.value)) {
      return json(400, { error: 'invalid_request', error_description: 'The body must be JSON or form-encoded.' });
    }
    const body = parsed.value;
    const grantType = str(body.grant_type);
    const clientId = str(body.client_id);
    const clientSecret = str(body.client_secret);
    if (clientId === null || clientSecret === null) {
      return json(401, { error: 'invalid_client', error_description: 'client_id and client_secret are required.' });
    }
    let result: GrantResult;
    if (grantType === 'authorization_code') {
      const code = str(body.code);
      const redirectUri = str(body.redirect_uri);
      if (code === null || redirectUri === null) {
        return json(400, { error: 'invalid_request', error_description: 'code and redirect_uri are required.' });
      }
      result = oauth.exchangeCode({ clientId, clientSecret, code, redirectUri, codeVerifier: str(body.code_verifier) });
    } else if (grantType === 'refresh_token') {
      const refreshToken = str(body.refresh_token);
      if (refreshToken === null) return json(400, { error: 'invalid_request', error_description: 'refresh_token is required.' });
      result = oauth.refresh({ clientId, clientSecret, refreshToken });
    } else {
      return json(400, { error: 'unsupported_grant_type', error_description: 'grant_type must be authorization_code or refresh_token.' });
    }
    if (!result.ok) return json(result.status, { error: result.error, error_description: result.description });
    return json(200, options.tokenBody(result.grant, grantType), { 'Cache-Control': 'no-store' });
  };

  return [
    route('GET', options.authorizePath, authorizeGet),
    route('POST', options.authorizePath, authorizePost),
    route('POST', options.tokenPath, token),
  ];
}

function page(product: string, inner: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(product)} sign in (sandbox)</title></head>
<body><main>${inner}</main></body></html>`;
}
