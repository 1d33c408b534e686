/**
 * The simulated Docketwise: OAuth (`/oauth/authorize`, `/oauth/token`), the `/api/v1` API,
 * document downloads, the web app's server side (static files, `dw_session` cookie,
 * `/app-api/*`, form PDF downloads) and the `/__sandbox/` control API.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Clock } from '../clock';
import { DOCKETWISE_SANDBOX_CLIENT } from '../credentials';
import { formValuesFor, generateFormPdf } from '../pdf/form-pdf';
import { generateFirm, type FirmData, type ResolvedSeedOptions, type SeedOptionsInput } from '../shared/demo-data';
import { FaultInjector, type Faults } from '../shared/faults';
import {
  bearerToken,
  json,
  parseBody,
  parseCookies,
  route,
  toInt,
  type RequestContext,
  type Route,
  type SandboxResponse,
} from '../shared/http';
import { commonControlRoutes } from '../shared/control-routes';
import { OAuthServer, oauthRoutes, type TokenGrant } from '../shared/oauth';
import { SlidingWindowLimiter } from '../shared/rate-limit';
import { RequestLog, type RequestLogSnapshot } from '../shared/request-log';
import { startServer } from '../shared/server';
import {
  DocketwiseStore,
  DW_COLLECTIONS,
  DW_FIRM,
  DW_USER,
  type DwCollection,
  type DwContact,
  type DwDocument,
  type DwMatter,
  type DwResult,
} from './store';

export interface DocketwiseConfig {
  autoApprove: boolean;
  /** Requests per minute per access token (Docketwise documents 120). */
  rateLimitPerMinute: number;
}

export const DEFAULT_DOCKETWISE_CONFIG: DocketwiseConfig = { autoApprove: false, rateLimitPerMinute: 120 };

const configSchema = z.object({ autoApprove: z.boolean(), rateLimitPerMinute: z.number().int().min(1).max(1_000_000) }).partial();

const DOWNLOAD_TTL_MS = 60 * 60_000;
const MAX_PER_PAGE = 200;
const SESSION_COOKIE = 'dw_session';
const PUBLIC_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'web', 'public');

export interface DwTokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
  created_at: number;
}

export interface DocketwiseSeedSummary {
  options: ResolvedSeedOptions;
  contacts: number;
  matters: number;
  forms: number;
}

export interface DocketwiseControl {
  readonly store: DocketwiseStore;
  reset(): void;
  seed(options: SeedOptionsInput): DocketwiseSeedSummary;
  /** Replaces the data with an already generated firm (startSandbox generates once for both sides). */
  ingest(firm: FirmData): DocketwiseSeedSummary;
  config(update?: Partial<DocketwiseConfig>): DocketwiseConfig;
  faults(update?: Partial<Faults>): Faults;
  expireTokens(): number;
  /** Revokes every access and refresh token: the next refresh fails (a sign-in to renew). */
  revokeTokens(): number;
  issueTokens(clientId?: string): DwTokenResponse;
  /** A signed-in web-app session; send it as `Cookie: dw_session=<value>`. */
  createSession(): string;
  log(limit?: number): RequestLogSnapshot;
  clearLog(): void;
  list(collection: DwCollection): unknown[];
  get(collection: DwCollection, id: number): unknown;
  write(collection: DwCollection, id: number | null, patch: Record<string, unknown>): unknown;
  remove(collection: DwCollection, id: number): boolean;
}

export interface DocketwiseServer {
  url: string;
  control: DocketwiseControl;
  close(): Promise<void>;
}

const NULL_ADDRESS = {
  id: null, street_number_and_name: null, apartment_number: null, apartment_type: null, city: null, state: null, county: null,
  province: null, zip_code: null, country: null, date_from: null, date_to: null, in_care_of: null, created_at: null, updated_at: null,
};

export function presentContact(c: DwContact, show = false): Record<string, unknown> {
  const { physical_address: address, ...rest } = c;
  return { ...rest, physical_address: address ?? NULL_ADDRESS, ...(show ? { notes: [] } : {}) };
}

export function presentMatter(m: DwMatter, store: DocketwiseStore, show = false): Record<string, unknown> {
  const { user_ids: userIds, ...rest } = m;
  if (!show) return rest;
  const client = store.contacts.get(m.client_id);
  return {
    ...rest,
    user_ids: userIds,
    receipts: [],
    client: client
      ? {
          id: client.id, first_name: client.first_name, last_name: client.last_name, middle_name: client.middle_name,
          company_name: client.company_name, email: client.email, user_id: null, firm_id: client.firm_id, settings: {}, data: {},
          avatar: { url: null, large_avatar: { url: null }, medium_avatar: { url: null }, small_avatar: { url: null } },
          discarded_at: client.discarded_at, archived: client.archived, created_at: client.created_at, updated_at: client.updated_at,
          cq_person_settings: {},
        }
      : null,
  };
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
};

const FALLBACK_INDEX = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Docketwise (sandbox)</title></head>
<body><main><h1>Docketwise sandbox</h1><p>The web app's files are not built yet (sandbox/docketwise/web/public).</p></main></body></html>`;

export function createDocketwise(clock: Clock): { routes: () => readonly Route[]; fallback: (ctx: RequestContext) => SandboxResponse; control: DocketwiseControl; faults: FaultInjector; log: RequestLog } {
  const store = new DocketwiseStore(clock);
  const faults = new FaultInjector();
  const log = new RequestLog();
  let config: DocketwiseConfig = { ...DEFAULT_DOCKETWISE_CONFIG };
  let limiter = new SlidingWindowLimiter(clock, config.rateLimitPerMinute, 60_000);
  const oauth = new OAuthServer(clock, [DOCKETWISE_SANDBOX_CLIENT], {
    accessTtlSeconds: 15_552_000,
    // Doorkeeper refresh tokens do not expire by themselves; a year stands in for "never".
    refreshTtlSeconds: 365 * 86_400,
    codeTtlSeconds: 600,
    scope: 'public write',
    tokenPrefix: 'dw_',
  });
  const sessions = new Set<string>();
  const downloads = new Map<string, { documentId: number; expiresAt: number }>();

  const tokenBody = (grant: TokenGrant): DwTokenResponse => ({
    access_token: grant.accessToken,
    token_type: 'Bearer',
    expires_in: grant.expiresIn,
    refresh_token: grant.refreshToken,
    scope: grant.scope,
    created_at: grant.createdAtSeconds,
  });

  const sessionOf = (ctx: RequestContext): string | null => {
    const value = parseCookies(ctx.headers.cookie)[SESSION_COOKIE];
    return value !== undefined && sessions.has(value) ? value : null;
  };

  const unauthorized = (description: string): SandboxResponse =>
    json(401, { error: 'invalid_token', error_description: description }, {
      'WWW-Authenticate': `Bearer realm="Doorkeeper", error="invalid_token", error_description="${description}"`,
    });

  /**
   * `/api/v1` access: a bearer token (rate-limited per token), or the web app's own session
   * cookie (not rate-limited: the limit is documented for API tokens, and the app's own
   * traffic must not eat the extension's budget).
   */
  const api =
    (handler: (ctx: RequestContext) => SandboxResponse) =>
    (ctx: RequestContext): SandboxResponse => {
      const token = bearerToken(ctx.headers);
      if (token === null && sessionOf(ctx) !== null) return handler(ctx);
      const auth = oauth.authenticate(token);
      if (!auth.ok) {
        return unauthorized(auth.reason === 'expired' ? 'The access token expired' : auth.reason === 'missing' ? 'The access token is missing' : 'The access token is invalid');
      }
      const decision = limiter.take(token ?? '');
      if (!decision.allowed) {
        return json(429, { error: 'Rate limit exceeded. Retry later.' }, { 'Retry-After': String(decision.retryAfterSeconds) });
      }
      return handler(ctx);
    };

  const cookieOnly =
    (handler: (ctx: RequestContext) => SandboxResponse | Promise<SandboxResponse>) =>
    (ctx: RequestContext): SandboxResponse | Promise<SandboxResponse> =>
      sessionOf(ctx) === null ? json(401, { error: 'You need to sign in before continuing.' }) : handler(ctx);

  const body = (ctx: RequestContext): { ok: true; value: unknown } | { ok: false; response: SandboxResponse } => {
    const parsed = parseBody(ctx);
    if (!parsed.ok) return { ok: false, response: json(400, { error: `There was a problem parsing the JSON: ${parsed.reason}` }) };
    return { ok: true, value: parsed.value };
  };

  const result = <T>(r: DwResult<T>, status: number, present: (value: T) => unknown): SandboxResponse =>
    r.ok ? json(status, present(r.value)) : json(r.status, r.body);

  /** `page` / `per_page` pagination with the `X-Pagination` JSON header (docketwise-api.md §3). */
  function paginate<T>(ctx: RequestContext, records: readonly T[], present: (r: T) => unknown): SandboxResponse {
    const pageRaw = toInt(ctx.query.get('page'));
    const page = pageRaw !== null && pageRaw >= 1 ? pageRaw : 1;
    const perRaw = toInt(ctx.query.get('per_page'));
    const perPage = perRaw !== null && perRaw >= 1 ? Math.min(perRaw, MAX_PER_PAGE) : MAX_PER_PAGE;
    const total = records.length;
    const totalPages = Math.ceil(total / perPage);
    const slice = records.slice((page - 1) * perPage, page * perPage);
    const pagination = {
      total,
      total_pages: totalPages,
      next_page: page < totalPages ? page + 1 : null,
      previous_page: page > 1 ? Math.min(page - 1, Math.max(totalPages, 1)) : null,
    };
    return json(200, slice.map(present), { 'X-Pagination': JSON.stringify(pagination) });
  }

  const contains = (haystack: (string | null)[], needle: string): boolean => {
    const n = needle.trim().toLowerCase();
    return haystack.some((h) => (h ?? '').toLowerCase().includes(n));
  };

  const listContacts = (ctx: RequestContext): SandboxResponse => {
    const type = ctx.query.get('type');
    const all = ctx.query.get('filter') === 'all';
    const search = ctx.query.get('search');
    const records = store.contacts.all().filter(
      (c) =>
        c.discarded_at === null &&
        (all || (!c.archived && !c.lead)) &&
        (type === null || c.type === type) &&
        (search === null || contains([c.first_name, c.last_name, c.company_name, c.email], search)),
    );
    return paginate(ctx, records, (c) => presentContact(c));
  };

  const listMatters = (ctx: RequestContext): SandboxResponse => {
    const clientId = toInt(ctx.query.get('client_id'));
    const archived = ctx.query.get('archived');
    const search = ctx.query.get('search');
    const records = store.matters.all().filter(
      (m) =>
        m.discarded_at === null &&
        (clientId === null || m.client_id === clientId) &&
        (archived === null || String(m.archived) === archived) &&
        (search === null || contains([m.title, m.number, m.description], search)),
    );
    return paginate(ctx, records, (m) => presentMatter(m, store));
  };

  const downloadUrl = (origin: string, doc: DwDocument): string => {
    const signature = randomBytes(18).toString('hex');
    const expiresAt = clock.now() + DOWNLOAD_TTL_MS;
    downloads.set(signature, { documentId: doc.id, expiresAt });
    return `${origin}/files/${doc.id}/${encodeURIComponent(doc.filename)}?expires=${expiresAt}&signature=${signature}`;
  };

  const serveFile = (ctx: RequestContext): SandboxResponse => {
    const grant = downloads.get(ctx.query.get('signature') ?? '');
    if (!grant || String(grant.documentId) !== ctx.params.id) return json(403, { error: 'Invalid signature' });
    if (grant.expiresAt <= clock.now()) return json(403, { error: 'Request has expired' });
    const bytes = store.blobs.get(grant.documentId);
    if (!bytes) return json(404, { error: 'Not found' });
    const type = MIME[extname(ctx.params.name ?? '').toLowerCase()] ?? 'application/octet-stream';
    return { status: 200, headers: { 'Content-Type': type }, body: bytes };
  };

  const formPdf = async (ctx: RequestContext): Promise<SandboxResponse> => {
    const found = /^(\d+)\.pdf$/.exec(ctx.params.file ?? '');
    const form = found ? store.forms.get(Number(found[1])) : undefined;
    const matter = form ? store.liveMatter(form.matter_id) : undefined;
    if (!form || !matter) return json(404, { error: 'Not found' });
    const client = store.contacts.get(matter.client_id);
    const address = client?.physical_address;
    const phone = client?.phone_numbers.find((p) => p.kind === 'mobile') ?? client?.phone_numbers[0];
    const values = formValuesFor(form.name, {
      firstName: client?.first_name ?? '',
      lastName: client?.last_name ?? client?.company_name ?? '',
      email: client?.email ?? '',
      street: address?.street_number_and_name ?? '',
      unitNumber: address?.apartment_number ?? '',
      unitType: address?.apartment_type ?? null,
      city: address?.city ?? '',
      state: address?.state ?? '',
      zip: address?.zip_code ?? '',
      phone: phone?.number ?? '',
    });
    const bytes = await generateFormPdf({ formName: form.name, pageCount: form.pageCount, values });
    const filename = `${form.name.replace(/[^A-Za-z0-9-]+/g, '_')}.pdf`;
    return { status: 200, headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="${filename}"` }, body: bytes };
  };

  const createSession = (): string => {
    const value = randomBytes(18).toString('hex');
    sessions.add(value);
    return value;
  };

  /** Static files of the web app with single-page-app fallback; the first load signs the user in. */
  const fallback = (ctx: RequestContext): SandboxResponse => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return json(404, { error: 'Not found' });
    const reserved = ['/api/', '/oauth/', '/__sandbox/', '/app-api/', '/downloads/'];
    if (reserved.some((p) => ctx.path.startsWith(p))) return json(404, { error: 'Not found' });
    const headers: Record<string, string> = {};
    if (sessionOf(ctx) === null) {
      headers['Set-Cookie'] = `${SESSION_COOKIE}=${createSession()}; Path=/; HttpOnly; SameSite=Lax`;
    }
    const relative = normalize(decodeURIComponent(ctx.path)).replace(/^([/\\])+/, '');
    const candidate = resolve(PUBLIC_DIR, relative);
    const inside = candidate === PUBLIC_DIR || candidate.startsWith(PUBLIC_DIR + sep);
    if (inside && relative !== '' && existsSync(candidate) && statSync(candidate).isFile()) {
      const type = MIME[extname(candidate).toLowerCase()] ?? 'application/octet-stream';
      return { status: 200, headers: { ...headers, 'Content-Type': type }, body: new Uint8Array(readFileSync(candidate)) };
    }
    // A missing asset (it has an extension) is a 404; any other path is a client-side route.
    if (extname(relative) !== '' && !relative.endsWith('.html')) return json(404, { error: 'Not found' }, headers);
    const index = join(PUBLIC_DIR, 'index.html');
    const markup = existsSync(index) ? new Uint8Array(readFileSync(index)) : FALLBACK_INDEX;
    return { status: 200, headers: { ...headers, 'Content-Type': MIME['.html'] ?? 'text/html' }, body: markup };
  };

  const ingest = (firm: FirmData): DocketwiseSeedSummary => {
    store.clear();
    return { options: firm.options, ...store.ingest(firm.docketwise) };
  };
  const seed = (options: SeedOptionsInput): DocketwiseSeedSummary => ingest(generateFirm(options, clock.now()));

  const control: DocketwiseControl = {
    store,
    reset() {
      store.clear();
      oauth.reset();
      faults.reset();
      log.clear();
      sessions.clear();
      downloads.clear();
      config = { ...DEFAULT_DOCKETWISE_CONFIG };
      limiter = new SlidingWindowLimiter(clock, config.rateLimitPerMinute, 60_000);
    },
    seed,
    ingest,
    config(update = {}) {
      config = { ...config, ...configSchema.parse(update) };
      if (limiter.limit !== config.rateLimitPerMinute) limiter = new SlidingWindowLimiter(clock, config.rateLimitPerMinute, 60_000);
      return { ...config };
    },
    faults: (update) => (update ? faults.set(update) : faults.current),
    expireTokens: () => oauth.expireAllAccessTokens(),
    revokeTokens: () => oauth.revokeAll(),
    issueTokens: (clientId = DOCKETWISE_SANDBOX_CLIENT.clientId) => tokenBody(oauth.issueDirect(clientId)),
    createSession,
    log: (limit) => log.snapshot(limit),
    clearLog: () => log.clear(),
    list: (collection) => [...store.table(collection).all()],
    get: (collection, id) => store.table(collection).get(id) ?? null,
    write: (collection, id, patch) => store.directWrite(collection, id, patch),
    remove: (collection, id) => store.directDelete(collection, id),
  };

  const idOf = (ctx: RequestContext): number => toInt(ctx.params.id) ?? -1;

  const routes: Route[] = [
    ...controlRoutes(control),
    ...oauthRoutes({
      productName: 'Docketwise',
      authorizePath: '/oauth/authorize',
      tokenPath: '/oauth/token',
      oauth,
      autoApprove: () => config.autoApprove,
      authorizeForbidden: () => null,
      tokenBody,
    }),
    route('GET', '/api/v1/contacts', api(listContacts)),
    route('POST', '/api/v1/contacts', api((ctx) => {
      const b = body(ctx);
      return b.ok ? result(store.createContact(b.value), 201, (c) => presentContact(c, true)) : b.response;
    })),
    route('GET', '/api/v1/contacts/:id', api((ctx) => {
      const c = store.liveContact(idOf(ctx));
      return c ? json(200, presentContact(c, true)) : json(404, { error: 'Not found' });
    })),
    route('PUT', '/api/v1/contacts/:id', api((ctx) => {
      const b = body(ctx);
      return b.ok ? result(store.updateContact(idOf(ctx), b.value), 200, (c) => presentContact(c, true)) : b.response;
    })),
    route('PATCH', '/api/v1/contacts/:id', api((ctx) => {
      const b = body(ctx);
      return b.ok ? result(store.updateContact(idOf(ctx), b.value), 200, (c) => presentContact(c, true)) : b.response;
    })),
    route('DELETE', '/api/v1/contacts/:id', api((ctx) => result(store.destroyContact(idOf(ctx)), 200, (c) => presentContact(c)))),

    route('GET', '/api/v1/matters', api(listMatters)),
    route('POST', '/api/v1/matters', api((ctx) => {
      const b = body(ctx);
      return b.ok ? result(store.createMatter(b.value), 201, (m) => presentMatter(m, store, true)) : b.response;
    })),
    route('GET', '/api/v1/matters/:id', api((ctx) => {
      const m = store.liveMatter(idOf(ctx));
      return m ? json(200, presentMatter(m, store, true)) : json(404, { error: 'Not found' });
    })),
    route('PUT', '/api/v1/matters/:id', api((ctx) => {
      const b = body(ctx);
      return b.ok ? result(store.updateMatter(idOf(ctx), b.value), 200, (m) => presentMatter(m, store, true)) : b.response;
    })),
    route('PATCH', '/api/v1/matters/:id', api((ctx) => {
      const b = body(ctx);
      return b.ok ? result(store.updateMatter(idOf(ctx), b.value), 200, (m) => presentMatter(m, store, true)) : b.response;
    })),
    route('DELETE', '/api/v1/matters/:id', api((ctx) => result(store.destroyMatter(idOf(ctx)), 200, (m) => presentMatter(m, store)))),
    route('GET', '/api/v1/matters/:id/receipts', api((ctx) => (store.liveMatter(idOf(ctx)) ? json(200, []) : json(404, { error: 'Not found' })))),

    route('GET', '/api/v1/documents', api((ctx) => {
      const search = ctx.query.get('search');
      const records = store.documents.all().filter((d) => search === null || contains([d.title], search));
      return paginate(ctx, records, (d) => d);
    })),
    route('POST', '/api/v1/documents', api((ctx) => {
      const b = body(ctx);
      return b.ok ? result(store.createDocument(b.value, ctx.origin), 201, (d) => d) : b.response;
    })),
    route('GET', '/api/v1/documents/:id', api((ctx) => {
      const d = store.documents.get(idOf(ctx));
      return d ? json(200, d) : json(404, { error: 'Not found' });
    })),
    route('GET', '/api/v1/documents/:id/download', api((ctx) => {
      const d = store.documents.get(idOf(ctx));
      return d ? json(200, { url: downloadUrl(ctx.origin, d) }) : json(404, { error: 'Not found' });
    })),
    route('GET', '/api/v1/users', api((ctx) =>
      paginate(ctx, [{ id: DW_USER.id, email: DW_USER.email, created_at: '2021-02-01T10:00:00Z', updated_at: '2025-10-01T10:00:00Z', attorney_profile: null }, { id: 3, email: 'd.whitfield@reyes-whitfield.example', created_at: '2020-06-01T10:00:00Z', updated_at: '2025-09-01T10:00:00Z', attorney_profile: { id: 1, first_name: 'Daniel', last_name: 'Whitfield' } }], (u) => u),
    )),
    route('GET', '/files/:id/:name', serveFile),

    route('GET', '/app-api/session', cookieOnly(() => json(200, { user: { ...DW_USER }, firm: { ...DW_FIRM } }))),
    route('GET', '/app-api/matters/:id/forms', cookieOnly((ctx) => {
      const matter = store.liveMatter(idOf(ctx));
      if (!matter) return json(404, { error: 'Not found' });
      return json(200, store.formsOf(matter.id).map((f) => ({ id: f.id, name: f.name, kind: f.kind, pageCount: f.pageCount, updatedAt: f.updatedAt, downloadUrl: `/downloads/forms/${f.id}.pdf` })));
    })),
    route('GET', '/app-api/matters/:id/documents', cookieOnly((ctx) => {
      const matter = store.liveMatter(idOf(ctx));
      if (!matter) return json(404, { error: 'Not found' });
      return json(200, store.documents.all().filter((d) => d.matter_id === matter.id).map((d) => ({ ...d, download_url: downloadUrl(ctx.origin, d) })));
    })),
    route('GET', '/downloads/forms/:file', cookieOnly(formPdf)),
  ];

  return { routes: () => routes, fallback, control, faults, log };
}

function controlRoutes(control: DocketwiseControl): Route[] {
  return [
    ...commonControlRoutes(control, DW_COLLECTIONS),
    route('POST', '/__sandbox/session', () => {
      const value = control.createSession();
      return json(200, { cookie: `dw_session=${value}` }, { 'Set-Cookie': `dw_session=${value}; Path=/; HttpOnly; SameSite=Lax` });
    }),
  ];
}

export async function startDocketwise(clock: Clock, host: string, port: number): Promise<DocketwiseServer> {
  const dw = createDocketwise(clock);
  const running = await startServer(
    {
      name: 'docketwise',
      clock,
      routes: dw.routes,
      apiPrefixes: ['/api/v1/'],
      faults: dw.faults,
      log: dw.log,
      fallback: dw.fallback,
      errorBody: (status, description) => (status === 429 ? { error: description } : { error: description }),
    },
    host,
    port,
  );
  return { url: running.url, control: dw.control, close: running.close };
}
