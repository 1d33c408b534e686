/**
 * The MyCase client: `SyncSide` over the Open API v1 (shared/reference/mycase-api.md) plus the
 * document upload, the firm and the signed-in user. Persons are `/v1/clients`; companies are a
 * separate resource, listed after the persons so the engine can count them as skipped (R3).
 */
import type { TokenSource } from '../../auth/token-source';
import { BadPayloadError, NotFoundError } from '../../core/errors';
import { normalizeEmail } from '../../core/normalize';
import type { ContactPatch, ListOptions, MatterPatch, Page, SyncSide } from '../../core/sync-side';
import type { ContactFields, MatterFields, RecordId, SideContact, SideMatter } from '../../core/types';
import type { HttpClock } from '../http/clock';
import { HttpClient, type FetchLike, type HttpClientOptions } from '../http/http-client';
import { linkUrl } from '../http/link-header';
import { MYCASE_RATE_LIMIT } from '../http/rate-limiter';
import { parseRecord, parseRecordList, type ParsedRecords } from '../parse';
import type { MyCaseDocumentsApi, MyCaseDocumentTarget } from '../../forms/upload';
import { mapMyCaseError } from './errors';
import {
  caseBodyForCreate,
  caseBodyForUpdate,
  clientBodyForCreate,
  clientBodyFromFields,
  contactFromMyCaseClient,
  contactFromMyCaseCompany,
  matterFromMyCaseCase,
} from './mapping';
import {
  mycaseCaseSchema,
  mycaseClientSchema,
  mycaseCompanySchema,
  mycaseDocumentPostSchema,
  mycaseDocumentSchema,
  type MyCaseDocument,
  mycaseFirmSchema,
  mycaseMeSchema,
  type MyCaseFirm,
} from './schemas';

export const MYCASE_MAX_PAGE_SIZE = 1000;

export interface MyCaseSideOptions {
  /** API origin, e.g. https://external-integrations.mycase.com (paths start with /v1/). */
  baseUrl: string;
  tokens: TokenSource;
  fetch?: FetchLike;
  clock?: HttpClock;
  /** 1..1000; default 1000 (fewest requests). */
  pageSize?: number;
  /** Retry/timeout tuning for tests. */
  http?: Pick<HttpClientOptions, 'timeoutMs' | 'maxRetries' | 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs' | 'random' | 'rateLimit'>;
}

export interface MyCaseMe {
  id: RecordId;
  firstName: string;
  lastName: string;
  email: string;
}

export interface MyCaseSide extends SyncSide, MyCaseDocumentsApi {
  readonly side: 'mycase';
  /** Request counters (every fetch, retries, refreshes). */
  readonly http: HttpClient;
  /** "Test connection"; a firm without API access (plan) → PermissionDeniedError('plan'). */
  getFirm(): Promise<MyCaseFirm>;
  getMe(): Promise<MyCaseMe>;
  /** Adds clients to a case (never removes one: MyCase cannot, R17). */
  addCaseClients(caseId: RecordId, clientIds: readonly RecordId[]): Promise<void>;
  /**
   * Every document of a case (all pages). After an upload whose outcome is unknown, the forms
   * packager looks here for its `path`/`filename` before sending again (no duplicates).
   */
  listCaseDocuments(caseId: RecordId): Promise<MyCaseCaseDocument[]>;
}

export interface MyCaseCaseDocument {
  id: RecordId;
  name: string;
  filename: string;
  path: string;
  description: string;
  createdAt: string;
  updatedAt: string;
}

type ContactPhase = 'clients' | 'companies';

interface FetchedPage<T> {
  parsed: ParsedRecords<T>;
  next: string | null;
  total: number | null;
}

/** `next` tokens of listContacts carry the phase: `clients:<page_token>`, `companies:` = first companies page. */
function parseContactResume(resumeFrom: string | undefined): { phase: ContactPhase; pageToken: string | null } {
  if (resumeFrom === undefined) return { phase: 'clients', pageToken: null };
  const colon = resumeFrom.indexOf(':');
  const phase = colon < 0 ? resumeFrom : resumeFrom.slice(0, colon);
  const token = colon < 0 ? '' : resumeFrom.slice(colon + 1);
  if (phase !== 'clients' && phase !== 'companies') throw new RangeError(`not a MyCase contact listing token: ${resumeFrom}`);
  return { phase, pageToken: token === '' ? null : token };
}

export function createMyCaseSide(options: MyCaseSideOptions): MyCaseSide {
  const http = new HttpClient({
    side: 'mycase',
    baseUrl: options.baseUrl,
    tokens: options.tokens,
    fetch: options.fetch,
    clock: options.clock,
    rateLimit: MYCASE_RATE_LIMIT,
    ...options.http,
    mapError: mapMyCaseError,
  });
  const pageSize = Math.min(Math.max(Math.trunc(options.pageSize ?? MYCASE_MAX_PAGE_SIZE), 1), MYCASE_MAX_PAGE_SIZE);

  /** One page of a cursor listing; `next` is the raw `page_token` from the `Link` header. */
  async function fetchPage<T>(
    path: string,
    query: Record<string, string | undefined>,
    pageToken: string | null,
    parse: (body: unknown) => ParsedRecords<T>,
  ): Promise<FetchedPage<T>> {
    const response = await http.request({
      method: 'GET',
      path,
      query: { page_size: String(pageSize), ...query, page_token: pageToken ?? undefined },
    });
    const parsed = parse(response.body);
    const nextUrl = linkUrl(response.headers.get('Link'), 'next');
    let next: string | null = null;
    if (nextUrl !== null) {
      next = new URL(nextUrl, options.baseUrl).searchParams.get('page_token');
      if (!next) throw new BadPayloadError(`GET ${path}: the next-page link has no page_token`, 'mycase', null, 'Link');
    }
    const count = Number(response.headers.get('Item-Count'));
    return { parsed, next, total: response.headers.has('Item-Count') && Number.isFinite(count) ? count : null };
  }

  function listQuery(list: ListOptions | undefined): Record<string, string | undefined> {
    return { 'filter[updated_after]': list?.updatedAfter };
  }

  const parseClients = (body: unknown) => parseRecordList(body, mycaseClientSchema, contactFromMyCaseClient, 'mycase', 'MyCase client');
  const parseCompanies = (body: unknown) =>
    parseRecordList(body, mycaseCompanySchema, contactFromMyCaseCompany, 'mycase', 'MyCase company');
  const parseCases = (body: unknown) => parseRecordList(body, mycaseCaseSchema, matterFromMyCaseCase, 'mycase', 'MyCase case');

  async function readClient(id: RecordId): Promise<SideContact> {
    const response = await http.request({ method: 'GET', path: `/v1/clients/${id}` });
    return contactFromMyCaseClient(parseRecord(response.body, mycaseClientSchema, 'mycase', `MyCase client ${id}`));
  }

  async function readCase(id: RecordId): Promise<SideMatter> {
    const response = await http.request({ method: 'GET', path: `/v1/cases/${id}` });
    return matterFromMyCaseCase(parseRecord(response.body, mycaseCaseSchema, 'mycase', `MyCase case ${id}`));
  }

  async function orNull<T>(read: Promise<T>): Promise<T | null> {
    try {
      return await read;
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  async function addCaseClients(caseId: RecordId, clientIds: readonly RecordId[]): Promise<void> {
    if (clientIds.length === 0) return;
    // Adding a client twice is harmless, so a retried POST is safe here.
    await http.request({
      method: 'POST',
      path: `/v1/cases/${caseId}/relationships/clients`,
      json: { clients: clientIds.map((id) => ({ id })) },
      idempotent: true,
    });
  }

  return {
    side: 'mycase',
    supportsUpdatedAfter: true,
    http,

    async *listContacts(list?: ListOptions): AsyncIterable<Page<SideContact>> {
      let { phase, pageToken } = parseContactResume(list?.resumeFrom);
      for (;;) {
        const path = phase === 'clients' ? '/v1/clients' : '/v1/companies';
        const page = await fetchPage(path, listQuery(list), pageToken, phase === 'clients' ? parseClients : parseCompanies);
        let next: string | null;
        if (page.next !== null) next = `${phase}:${page.next}`;
        else next = phase === 'clients' ? 'companies:' : null;
        yield { records: page.parsed.records, rejected: page.parsed.rejected, next, total: page.total };
        if (next === null) return;
        ({ phase, pageToken } = parseContactResume(next));
      }
    },

    getContact: (id) => orNull(readClient(id)),

    async findContactsByEmail(email: string): Promise<SideContact[]> {
      const wanted = normalizeEmail(email);
      if (wanted === '') return [];
      const found: SideContact[] = [];
      let pageToken: string | null = null;
      do {
        const page: FetchedPage<SideContact> = await fetchPage('/v1/clients', { 'filter[email]': email.trim() }, pageToken, parseClients);
        // A record we cannot read may be the very contact asked for; guessing "absent" could
        // lead to a duplicate create, so the lookup fails for this contact instead (R22).
        const [firstRejected] = page.parsed.rejected;
        if (firstRejected) throw firstRejected;
        // The filter's match rules are undocumented: re-check exact, case-insensitive equality.
        found.push(...page.parsed.records.filter((c) => normalizeEmail(c.fields.email) === wanted));
        pageToken = page.next;
      } while (pageToken !== null);
      return found;
    },

    async createContact(fields: ContactFields): Promise<SideContact> {
      const response = await http.request({ method: 'POST', path: '/v1/clients', json: clientBodyForCreate(fields) });
      return contactFromMyCaseClient(parseRecord(response.body, mycaseClientSchema, 'mycase', 'created MyCase client'));
    },

    async updateContact(id: RecordId, patch: ContactPatch): Promise<SideContact> {
      const body = clientBodyFromFields(patch, 'update');
      if (Object.keys(body).length > 0) await http.request({ method: 'PUT', path: `/v1/clients/${id}`, json: body });
      // PUT answers 204 without a body: read back what MyCase stored.
      return readClient(id);
    },

    async *listMatters(list?: ListOptions): AsyncIterable<Page<SideMatter>> {
      let pageToken = list?.resumeFrom ?? null;
      for (;;) {
        const page = await fetchPage('/v1/cases', listQuery(list), pageToken, parseCases);
        yield { records: page.parsed.records, rejected: page.parsed.rejected, next: page.next, total: page.total };
        if (page.next === null) return;
        pageToken = page.next;
      }
    },

    getMatter: (id) => orNull(readCase(id)),

    async createMatter(fields: MatterFields): Promise<SideMatter> {
      const response = await http.request({ method: 'POST', path: '/v1/cases', json: caseBodyForCreate(fields) });
      return matterFromMyCaseCase(parseRecord(response.body, mycaseCaseSchema, 'mycase', 'created MyCase case'));
    },

    async updateMatter(id: RecordId, patch: MatterPatch): Promise<SideMatter> {
      const body = caseBodyForUpdate(patch);
      if (Object.keys(body).length > 0) await http.request({ method: 'PUT', path: `/v1/cases/${id}`, json: body });
      if (patch.clientIds !== undefined && patch.clientIds.length > 0) {
        const current = new Set((await readCase(id)).fields.clientIds);
        await addCaseClients(
          id,
          patch.clientIds.filter((clientId) => !current.has(clientId)),
        );
      }
      return readCase(id);
    },

    addCaseClients,

    async listCaseDocuments(caseId: RecordId): Promise<MyCaseCaseDocument[]> {
      const toDocument = (d: MyCaseDocument): MyCaseCaseDocument => ({
        id: d.id,
        name: d.name,
        filename: d.filename,
        path: d.path,
        description: d.description,
        createdAt: d.created_at,
        updatedAt: d.updated_at,
      });
      const documents: MyCaseCaseDocument[] = [];
      let pageToken: string | null = null;
      do {
        const page: FetchedPage<MyCaseCaseDocument> = await fetchPage(`/v1/cases/${caseId}/documents`, {}, pageToken, (body) =>
          parseRecordList(body, mycaseDocumentSchema, toDocument, 'mycase', `MyCase document of case ${caseId}`),
        );
        // The caller decides "not uploaded yet" from this list: an unreadable entry must not hide one.
        const [firstRejected] = page.parsed.rejected;
        if (firstRejected) throw firstRejected;
        documents.push(...page.parsed.records);
        pageToken = page.next;
      } while (pageToken !== null);
      return documents;
    },

    async createCaseDocument(caseId, document): Promise<MyCaseDocumentTarget> {
      const response = await http.request({
        method: 'POST',
        path: `/v1/cases/${caseId}/documents`,
        json: {
          path: document.path,
          filename: document.filename,
          ...(document.description !== undefined ? { description: document.description } : {}),
        },
      });
      const created = parseRecord(response.body, mycaseDocumentPostSchema, 'mycase', `MyCase document for case ${caseId}`);
      return { id: created.id, putUrl: created.put_url, putHeaders: created.put_headers ?? {} };
    },

    async putDocumentBytes(putUrl, putHeaders, bytes): Promise<void> {
      await http.request({
        method: 'PUT',
        path: putUrl,
        // The presigned URL is the credential: no bearer token, and not the API's rate limit.
        authenticated: false,
        headers: { ...putHeaders, 'Content-Type': 'application/octet-stream' },
        bytes,
      });
    },

    async getFirm(): Promise<MyCaseFirm> {
      const response = await http.request({ method: 'GET', path: '/v1/firm' });
      return parseRecord(response.body, mycaseFirmSchema, 'mycase', 'MyCase firm');
    },

    async getMe(): Promise<MyCaseMe> {
      const response = await http.request({ method: 'GET', path: '/v1/me' });
      const me = parseRecord(response.body, mycaseMeSchema, 'mycase', 'MyCase user');
      return { id: me.id, firstName: me.first_name, lastName: me.last_name, email: me.email };
    },
  };
}
