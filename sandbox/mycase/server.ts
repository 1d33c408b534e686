/**
 * The simulated MyCase: OAuth (`/login_sessions/new`, `/tokens`), the `/v1` Open API, the
 * fake S3 that document uploads and downloads go to, and the `/__sandbox/` control API.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../clock';
import { MYCASE_SANDBOX_CLIENT } from '../credentials';
import { generateFirm, type FirmData, type ResolvedSeedOptions, type SeedOptionsInput } from '../shared/demo-data';
import { FaultInjector, type Faults } from '../shared/faults';
import { bearerToken, isRecord, json, noContent, parseBody, redirect, route, toInt, type RequestContext, type Route, type SandboxResponse } from '../shared/http';
import { commonControlRoutes, controlError } from '../shared/control-routes';
import { OAuthServer, oauthRoutes, type TokenGrant } from '../shared/oauth';
import { SlidingWindowLimiter } from '../shared/rate-limit';
import { RequestLog, type RequestLogSnapshot } from '../shared/request-log';
import { startServer, type RunningServer } from '../shared/server';
import { MC_COLLECTIONS, MyCaseStore, type McCase, type McClient, type McCollection, type McErrorItem, type McResult } from './store';

export const MYCASE_PLANS = ['basic', 'pro', 'advanced'] as const;
export type MyCasePlan = (typeof MYCASE_PLANS)[number];

export interface MyCaseConfig {
  /** Approve the OAuth consent page at once (302 without showing it). */
  autoApprove: boolean;
  plan: MyCasePlan;
  /**
   * Plans whose firms may call `/v1`. Default Pro and Advanced, as the help article and SPEC R7
   * say; MyCase's own support pages say Advanced only: set `['advanced']` to simulate that.
   */
  apiPlans: MyCasePlan[];
  /** The signed-in user may create, update and delete (else 403 on writes). */
  canWrite: boolean;
  /** The user has "Manage your firm's preferences, billing, and payment options" (else the authorize page is 403). */
  canAuthorize: boolean;
  /** Requests per second per OAuth client (MyCase documents 25). */
  rateLimitPerSecond: number;
}

export const DEFAULT_MYCASE_CONFIG: MyCaseConfig = {
  autoApprove: false,
  plan: 'advanced',
  apiPlans: ['pro', 'advanced'],
  canWrite: true,
  canAuthorize: true,
  rateLimitPerSecond: 25,
};

const configSchema = z
  .object({
    autoApprove: z.boolean(),
    plan: z.enum(MYCASE_PLANS),
    apiPlans: z.array(z.enum(MYCASE_PLANS)),
    canWrite: z.boolean(),
    canAuthorize: z.boolean(),
    rateLimitPerSecond: z.number().int().min(1).max(100_000),
  })
  .partial();

export const MYCASE_FIRM = {
  name: 'Reyes & Whitfield Immigration Law (Sandbox)',
  url: 'https://reyes-whitfield.mycase.example',
  uuid: '6f1c2b7e-4a43-4d1e-9c55-2b1f0f6b8e21',
} as const;

export const MYCASE_ME = {
  id: 1,
  first_name: 'Paula',
  last_name: 'Reyes',
  email: 'paula.reyes@reyes-whitfield.example',
  title: 'Paralegal',
  type: 'Staff',
  active: true,
  default_hourly_rate: null,
  created_at: '2021-03-01T15:00:00.000Z',
  updated_at: '2025-11-20T18:30:00.000Z',
} as const;

const PAGE_TOKEN_TTL_MS = 3 * 86_400_000;
const PUT_URL_TTL_MS = 15 * 60_000;
const DATA_URL_TTL_MS = 60_000;

export interface MyCaseSeedSummary {
  options: ResolvedSeedOptions;
  clients: number;
  companies: number;
  cases: number;
}

/** The control API as typed functions for in-process tests. */
export interface MyCaseControl {
  readonly store: MyCaseStore;
  reset(): void;
  seed(options: SeedOptionsInput): MyCaseSeedSummary;
  /** Replaces the data with an already generated firm (startSandbox generates once for both sides). */
  ingest(firm: FirmData): MyCaseSeedSummary;
  config(update?: Partial<MyCaseConfig>): MyCaseConfig;
  faults(update?: Partial<Faults>): Faults;
  expireTokens(): number;
  /** Revokes every access and refresh token: the next refresh fails (a sign-in to renew). */
  revokeTokens(): number;
  issueTokens(clientId?: string): McTokenResponse;
  log(limit?: number): RequestLogSnapshot;
  clearLog(): void;
  list(collection: McCollection): unknown[];
  get(collection: McCollection, id: number): unknown;
  write(collection: McCollection, id: number | null, patch: Record<string, unknown>): unknown;
  remove(collection: McCollection, id: number): boolean;
  /** The bytes uploaded for a document (null until the PUT arrived). */
  documentBytes(id: number): Uint8Array | null;
}

export interface McTokenResponse {
  access_token: string;
  token_type: 'Bearer';
  scope: string;
  refresh_token: string;
  expires_in: number;
  firm_uuid?: string;
}

export interface MyCaseServer {
  url: string;
  control: MyCaseControl;
  close(): Promise<void>;
}

function errors(status: number, items: McErrorItem[]): SandboxResponse {
  return json(status, { errors: items });
}

function fromResult<T>(result: McResult<T>, onOk: (value: T) => SandboxResponse): SandboxResponse {
  return result.ok ? onOk(result.value) : errors(result.status, result.errors);
}

function parseUpdatedAfter(value: string): number | null {
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return Date.parse(`${v}T00:00:00Z`);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v)) return Date.parse(`${v}Z`);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) {
    const parsed = Date.parse(v);
    return Number.isNaN(parsed) ? null : parsed;
  }
  return null;
}

interface PageTokenData {
  after: number;
  expiresAt: number;
}

export function createMyCase(clock: Clock): {
  routes: () => readonly Route[];
  control: MyCaseControl;
  faults: FaultInjector;
  log: RequestLog;
} {
  const store = new MyCaseStore(clock);
  const faults = new FaultInjector();
  const log = new RequestLog();
  let config: MyCaseConfig = { ...DEFAULT_MYCASE_CONFIG };
  let limiter = new SlidingWindowLimiter(clock, config.rateLimitPerSecond, 1000);
  const oauth = new OAuthServer(clock, [MYCASE_SANDBOX_CLIENT], {
    accessTtlSeconds: 86_400,
    refreshTtlSeconds: 14 * 86_400,
    codeTtlSeconds: 600,
    scope: 'clients companies cases documents firm',
    tokenPrefix: 'mc_',
  });
  /** Presigned-URL signatures → what they allow, until when. */
  const signedUrls = new Map<string, { documentId: number; method: 'PUT' | 'GET'; expiresAt: number; acl: string }>();

  const tokenBody = (grant: TokenGrant, grantType: 'authorization_code' | 'refresh_token'): McTokenResponse => ({
    access_token: grant.accessToken,
    token_type: 'Bearer',
    scope: grant.scope,
    refresh_token: grant.refreshToken,
    expires_in: grant.expiresIn,
    ...(grantType === 'authorization_code' ? { firm_uuid: MYCASE_FIRM.uuid } : {}),
  });

  /** Wraps a `/v1` handler: bearer token → plan → rate limit → write permission. */
  const api =
    (handler: (ctx: RequestContext) => SandboxResponse): ((ctx: RequestContext) => SandboxResponse) =>
    (ctx) => {
      const auth = oauth.authenticate(bearerToken(ctx.headers));
      if (!auth.ok) {
        const description = auth.reason === 'expired' ? 'The access token has expired' : 'You must be authenticated to access this resource';
        return errors(401, [{ description }]);
      }
      if (!config.apiPlans.includes(config.plan)) {
        return errors(403, [{ description: `API access is not included in your firm's MyCase ${config.plan} plan. Upgrade to a plan with Open API access.` }]);
      }
      const decision = limiter.take(auth.clientId);
      if (!decision.allowed) {
        return json(429, { errors: [{ description: 'Rate limit exceeded' }] }, { 'Retry-After': String(decision.retryAfterSeconds) });
      }
      if (ctx.method !== 'GET' && !config.canWrite) {
        return errors(403, [{ description: 'You do not have permission to perform this action' }]);
      }
      return handler(ctx);
    };

  const body = (ctx: RequestContext): { ok: true; value: unknown } | { ok: false; response: SandboxResponse } => {
    const parsed = parseBody(ctx);
    if (!parsed.ok) return { ok: false, response: errors(400, [{ description: `The request body is not valid JSON: ${parsed.reason}` }]) };
    if (!isRecord(parsed.value)) return { ok: false, response: errors(400, [{ description: 'The request body must be a JSON object' }]) };
    return { ok: true, value: parsed.value };
  };

  const idParam = (ctx: RequestContext, key = 'id'): number | null => toInt(ctx.params[key]);

  /** Cursor pagination over id-ascending records (mycase-api.md §3). */
  function paginate<T extends { id: number }>(
    ctx: RequestContext,
    records: readonly T[],
    filters: Record<string, (record: T, value: string) => boolean>,
    present: (record: T) => unknown = (r) => r,
  ): SandboxResponse {
    const sizeRaw = ctx.query.get('page_size');
    let pageSize = 25;
    if (sizeRaw !== null) {
      const parsed = toInt(sizeRaw);
      if (parsed === null || parsed < 1 || parsed > 1000) {
        return errors(422, [{ description: 'Page size must be an integer between 1 and 1000', source: { parameter: 'page_size' } }]);
      }
      pageSize = parsed;
    }
    let after = 0;
    const tokenRaw = ctx.query.get('page_token');
    if (tokenRaw !== null) {
      const token = decodePageToken(tokenRaw);
      if (token === null) return errors(422, [{ description: 'Page token is invalid', source: { parameter: 'page_token' } }]);
      if (token.expiresAt <= clock.now()) return errors(422, [{ description: 'Page token has expired', source: { parameter: 'page_token' } }]);
      after = token.after;
    }
    const predicates: ((record: T) => boolean)[] = [];
    const updatedAfterRaw = ctx.query.get('filter[updated_after]');
    if (updatedAfterRaw !== null) {
      const since = parseUpdatedAfter(updatedAfterRaw);
      if (since === null) {
        return errors(422, [{ description: 'filter[updated_after] must be an ISO-8601 date or date-time', source: { parameter: 'filter[updated_after]' } }]);
      }
      predicates.push((r) => Date.parse((r as unknown as { updated_at: string }).updated_at) >= since);
    }
    for (const [key, value] of ctx.query) {
      const found = /^filter\[(.+)\]$/.exec(key);
      if (!found || found[1] === 'updated_after') continue;
      const test = filters[found[1] ?? ''];
      if (!test) return errors(422, [{ description: `Unknown filter ${key}`, source: { parameter: key } }]);
      predicates.push((r) => test(r, value));
    }
    let total = 0;
    const page: T[] = [];
    let more = false;
    for (const record of records) {
      if (!predicates.every((p) => p(record))) continue;
      total += 1;
      if (record.id <= after) continue;
      if (page.length < pageSize) page.push(record);
      else more = true;
    }
    const headers: Record<string, string> = { 'Item-Count': String(total) };
    const last = page[page.length - 1];
    if (more && last) {
      const next = new URL(ctx.path, ctx.origin);
      for (const [k, v] of ctx.query) if (k !== 'page_token') next.searchParams.append(k, v);
      if (!next.searchParams.has('page_size')) next.searchParams.set('page_size', String(pageSize));
      next.searchParams.set('page_token', encodePageToken({ after: last.id, expiresAt: clock.now() + PAGE_TOKEN_TTL_MS }));
      headers.Link = `<${next.toString()}>; rel="next"`;
    }
    return json(200, page.map(present), headers);
  }

  const ciEquals = (a: string | null | undefined, b: string): boolean => (a ?? '').trim().toLowerCase() === b.trim().toLowerCase();

  const clientFilters: Record<string, (c: McClient, v: string) => boolean> = {
    email: (c, v) => ciEquals(c.email, v),
    first_name: (c, v) => ciEquals(c.first_name, v),
    last_name: (c, v) => ciEquals(c.last_name, v),
    cell_phone_number: (c, v) => ciEquals(c.cell_phone_number, v),
    work_phone_number: (c, v) => ciEquals(c.work_phone_number, v),
    home_phone_number: (c, v) => ciEquals(c.home_phone_number, v),
    archived: (c, v) => String(c.archived) === v,
  };

  const expandCase = (ctx: RequestContext) => {
    const fields = ctx.query.get('field[client]');
    if (fields === null) return (c: McCase) => c;
    const wanted = fields.split(',').map((f) => f.trim()).filter(Boolean);
    return (c: McCase) => ({
      ...c,
      clients: c.clients.map((ref) => {
        const client = store.clients.get(ref.id) as unknown as Record<string, unknown> | undefined;
        const out: Record<string, unknown> = { id: ref.id };
        for (const f of wanted) if (client && f in client) out[f] = client[f];
        return out;
      }),
    });
  };

  const createSigned = (documentId: number, method: 'PUT' | 'GET', ttl: number, origin: string, acl = ''): string => {
    const signature = randomBytes(18).toString('hex');
    signedUrls.set(signature, { documentId, method, expiresAt: clock.now() + ttl, acl });
    const key = method === 'PUT' ? `uploads/${documentId}` : `downloads/${documentId}`;
    return `${origin}/s3/${key}?X-Amz-Expires=${Math.round(ttl / 1000)}&X-Amz-Signature=${signature}`;
  };

  const documentPosted = (ctx: RequestContext, caseId: number | null): SandboxResponse => {
    const b = body(ctx);
    if (!b.ok) return b.response;
    return fromResult(store.createDocument(caseId, b.value), (doc) =>
      json(201, {
        ...doc,
        put_url: createSigned(doc.id, 'PUT', PUT_URL_TTL_MS, ctx.origin, 'private'),
        put_headers: { 'x-amz-acl': 'private' },
      }),
    );
  };

  const s3Error = (status: number, code: string, message: string): SandboxResponse => ({
    status,
    headers: { 'Content-Type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  });

  const s3 = (method: 'PUT' | 'GET') => (ctx: RequestContext): SandboxResponse => {
    const signature = ctx.query.get('X-Amz-Signature') ?? '';
    const grant = signedUrls.get(signature);
    const expectedKey = `${method === 'PUT' ? 'uploads' : 'downloads'}/${grant?.documentId ?? ''}`;
    if (!grant || grant.method !== method || ctx.params.rest !== expectedKey) return s3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
    if (grant.expiresAt <= clock.now()) return s3Error(403, 'AccessDenied', 'Request has expired');
    if (method === 'GET') {
      const blob = store.blobs.get(grant.documentId);
      if (!blob) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
      return { status: 200, headers: { 'Content-Type': blob.contentType }, body: blob.bytes };
    }
    if (String(ctx.headers['content-type'] ?? '') !== 'application/octet-stream') {
      return s3Error(403, 'SignatureDoesNotMatch', 'Content-Type must be application/octet-stream as signed.');
    }
    if (String(ctx.headers['x-amz-acl'] ?? '') !== grant.acl) {
      return s3Error(403, 'SignatureDoesNotMatch', 'The x-amz-acl header from put_headers is missing or different.');
    }
    if (!store.documents.get(grant.documentId)) return s3Error(404, 'NoSuchKey', 'The document was deleted.');
    const bytes = new Uint8Array(ctx.body.byteLength);
    bytes.set(ctx.body);
    const doc = store.documents.get(grant.documentId);
    store.blobs.set(grant.documentId, { bytes, contentType: doc?.filename.toLowerCase().endsWith('.pdf') ? 'application/pdf' : 'application/octet-stream' });
    return { status: 200, headers: { ETag: `"${randomUUID()}"` } };
  };

  const ingest = (firm: FirmData): MyCaseSeedSummary => {
    store.clear();
    const counts = store.ingest(firm.mycase);
    return { options: firm.options, ...counts };
  };
  const seed = (options: SeedOptionsInput): MyCaseSeedSummary => ingest(generateFirm(options, clock.now()));

  const issueTokens = (clientId: string = MYCASE_SANDBOX_CLIENT.clientId): McTokenResponse =>
    tokenBody(oauth.issueDirect(clientId), 'authorization_code');

  const setConfig = (update: Partial<MyCaseConfig> = {}): MyCaseConfig => {
    const parsed = configSchema.parse(update);
    config = { ...config, ...parsed };
    if (limiter.limit !== config.rateLimitPerSecond) limiter = new SlidingWindowLimiter(clock, config.rateLimitPerSecond, 1000);
    return { ...config };
  };

  const control: MyCaseControl = {
    store,
    reset() {
      store.clear();
      oauth.reset();
      faults.reset();
      log.clear();
      signedUrls.clear();
      config = { ...DEFAULT_MYCASE_CONFIG };
      limiter = new SlidingWindowLimiter(clock, config.rateLimitPerSecond, 1000);
    },
    seed,
    ingest,
    config: setConfig,
    faults: (update) => (update ? faults.set(update) : faults.current),
    expireTokens: () => oauth.expireAllAccessTokens(),
    revokeTokens: () => oauth.revokeAll(),
    issueTokens,
    log: (limit) => log.snapshot(limit),
    clearLog: () => log.clear(),
    list: (collection) => [...store.table(collection).all()],
    get: (collection, id) => store.table(collection).get(id) ?? null,
    write: (collection, id, patch) => store.directWrite(collection, id, patch),
    remove: (collection, id) => store.directDelete(collection, id),
    documentBytes: (id) => store.blobs.get(id)?.bytes ?? null,
  };

  const controlRoutes = buildControlRoutes(control);

  const apiRoutes: Route[] = [
    ...oauthRoutes({
      productName: 'MyCase',
      authorizePath: '/login_sessions/new',
      tokenPath: '/tokens',
      oauth,
      autoApprove: () => config.autoApprove,
      authorizeForbidden: () =>
        config.canAuthorize ? null : "You need the permission \"Manage your firm's preferences, billing, and payment options\" to connect an application.",
      tokenBody,
    }),
    route('GET', '/v1/me', api(() => json(200, MYCASE_ME))),
    route('GET', '/v1/firm', api(() => json(200, { name: MYCASE_FIRM.name, url: MYCASE_FIRM.url }))),

    route('GET', '/v1/clients', api((ctx) => {
      // The email index answers filter[email] without a scan (the filter still re-checks).
      const email = store.emailIndexExact ? ctx.query.get('filter[email]') : null;
      const found = email === null ? undefined : store.clientByEmail(email);
      const records = email === null ? store.clients.all() : found ? [found] : [];
      return paginate(ctx, records, clientFilters);
    })),
    route('POST', '/v1/clients', api((ctx) => {
      const b = body(ctx);
      return b.ok ? fromResult(store.createClient(b.value), (c) => json(201, c)) : b.response;
    })),
    route('GET', '/v1/clients/:id', api((ctx) => {
      const found = store.clients.get(idParam(ctx) ?? -1);
      return found ? json(200, found) : errors(404, [{ description: 'Client not found' }]);
    })),
    route('PUT', '/v1/clients/:id', api((ctx) => {
      const b = body(ctx);
      return b.ok ? fromResult(store.updateClient(idParam(ctx) ?? -1, b.value), () => noContent()) : b.response;
    })),
    route('DELETE', '/v1/clients/:id', api((ctx) =>
      store.deleteClient(idParam(ctx) ?? -1) ? noContent() : errors(404, [{ description: 'Client not found' }]),
    )),
    route('GET', '/v1/clients/:id/cases', api((ctx) => {
      const client = store.clients.get(idParam(ctx) ?? -1);
      if (!client) return errors(404, [{ description: 'Client not found' }]);
      const ids = new Set(client.cases.map((c) => c.id));
      return paginate(ctx, store.cases.all().filter((c) => ids.has(c.id)), {}, expandCase(ctx));
    })),

    route('GET', '/v1/companies', api((ctx) =>
      paginate(ctx, store.companies.all(), {
        email: (c, v) => ciEquals(c.email, v),
        name: (c, v) => ciEquals(c.name, v),
        main_phone_number: (c, v) => ciEquals(c.main_phone_number, v),
        fax_phone_number: (c, v) => ciEquals(c.fax_phone_number, v),
      }),
    )),
    route('POST', '/v1/companies', api((ctx) => {
      const b = body(ctx);
      return b.ok ? fromResult(store.createCompany(b.value), (c) => json(201, c)) : b.response;
    })),
    route('GET', '/v1/companies/:id', api((ctx) => {
      const found = store.companies.get(idParam(ctx) ?? -1);
      return found ? json(200, found) : errors(404, [{ description: 'Company not found' }]);
    })),
    route('PUT', '/v1/companies/:id', api((ctx) => {
      const b = body(ctx);
      return b.ok ? fromResult(store.updateCompany(idParam(ctx) ?? -1, b.value), () => noContent()) : b.response;
    })),
    route('DELETE', '/v1/companies/:id', api((ctx) =>
      store.companies.delete(idParam(ctx) ?? -1) ? noContent() : errors(404, [{ description: 'Company not found' }]),
    )),
    route('POST', '/v1/companies/:id/relationships/clients', api((ctx) => {
      const b = body(ctx);
      return b.ok ? fromResult(store.addCompanyClients(idParam(ctx) ?? -1, b.value), () => noContent()) : b.response;
    })),

    route('GET', '/v1/cases', api((ctx) =>
      paginate(ctx, store.cases.all(), { status: (c, v) => c.status === v.trim().toLowerCase() }, expandCase(ctx)),
    )),
    route('POST', '/v1/cases', api((ctx) => {
      const b = body(ctx);
      return b.ok ? fromResult(store.createCase(b.value), (c) => json(201, c)) : b.response;
    })),
    route('GET', '/v1/cases/:id', api((ctx) => {
      const found = store.cases.get(idParam(ctx) ?? -1);
      return found ? json(200, expandCase(ctx)(found)) : errors(404, [{ description: 'Case not found' }]);
    })),
    route('PUT', '/v1/cases/:id', api((ctx) => {
      const b = body(ctx);
      return b.ok ? fromResult(store.updateCase(idParam(ctx) ?? -1, b.value), () => noContent()) : b.response;
    })),
    route('DELETE', '/v1/cases/:id', api((ctx) =>
      store.deleteCase(idParam(ctx) ?? -1) ? noContent() : errors(404, [{ description: 'Case not found' }]),
    )),
    route('POST', '/v1/cases/:id/relationships/clients', api((ctx) => {
      const b = body(ctx);
      return b.ok ? fromResult(store.addCaseClients(idParam(ctx) ?? -1, b.value), () => noContent()) : b.response;
    })),
    route('POST', '/v1/cases/:id/relationships/companies', api((ctx) => {
      const b = body(ctx);
      return b.ok ? fromResult(store.addCaseCompanies(idParam(ctx) ?? -1, b.value), () => noContent()) : b.response;
    })),
    route('GET', '/v1/cases/:id/documents', api((ctx) => {
      const caseId = idParam(ctx) ?? -1;
      if (!store.cases.get(caseId)) return errors(404, [{ description: 'Case not found' }]);
      return paginate(ctx, store.documents.all().filter((d) => d.case?.id === caseId), {});
    })),
    route('POST', '/v1/cases/:id/documents', api((ctx) => documentPosted(ctx, idParam(ctx) ?? -1))),

    route('GET', '/v1/documents', api((ctx) => paginate(ctx, store.documents.all(), {}))),
    route('POST', '/v1/documents', api((ctx) => documentPosted(ctx, null))),
    route('GET', '/v1/documents/:id', api((ctx) => {
      const found = store.documents.get(idParam(ctx) ?? -1);
      return found ? json(200, found) : errors(404, [{ description: 'Document not found' }]);
    })),
    route('DELETE', '/v1/documents/:id', api((ctx) =>
      store.deleteDocument(idParam(ctx) ?? -1) ? noContent() : errors(404, [{ description: 'Document not found' }]),
    )),
    route('GET', '/v1/documents/:id/data', api((ctx) => {
      const id = idParam(ctx) ?? -1;
      if (!store.documents.get(id)) return errors(404, [{ description: 'Document not found' }]);
      return redirect(createSigned(id, 'GET', DATA_URL_TTL_MS, ctx.origin));
    })),
    route('PUT', '/s3/*', s3('PUT')),
    route('GET', '/s3/*', s3('GET')),
  ];

  return { routes: () => [...controlRoutes, ...apiRoutes], control, faults, log };
}

function encodePageToken(data: PageTokenData): string {
  return Buffer.from(JSON.stringify([data.after, data.expiresAt])).toString('base64url');
}

function decodePageToken(token: string): PageTokenData | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && Number.isInteger(value[0]) && Number.isInteger(value[1])) {
      return { after: value[0] as number, expiresAt: value[1] as number };
    }
    return null;
  } catch (error) {
    // A token that is not our base64 JSON is simply invalid: the caller answers 422.
    void error;
    return null;
  }
}


function buildControlRoutes(control: MyCaseControl): Route[] {
  return [
    ...commonControlRoutes(control, MC_COLLECTIONS),
    route('GET', '/__sandbox/documents/:id/bytes', (ctx) => {
      const bytes = control.documentBytes(toInt(ctx.params.id) ?? -1);
      return bytes ? { status: 200, headers: { 'Content-Type': 'application/octet-stream' }, body: bytes } : controlError(404, 'no bytes uploaded');
    }),
  ];
}

export async function startMyCase(clock: Clock, host: string, port: number): Promise<MyCaseServer> {
  const mycase = createMyCase(clock);
  const running: RunningServer = await startServer(
    {
      name: 'mycase',
      clock,
      routes: mycase.routes,
      apiPrefixes: ['/v1/'],
      faults: mycase.faults,
      log: mycase.log,
      errorBody: (_status, description) => ({ errors: [{ description }] }),
    },
    host,
    port,
  );
  return { url: running.url, control: mycase.control, close: running.close };
}
