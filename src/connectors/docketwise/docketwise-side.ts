/**
 * The Docketwise client: `SyncSide` over the public API v1 (shared/reference/docketwise-api.md)
 * plus documents. Persons and institutions come from one `/contacts` listing; institutions are
 * reported as companies and leads keep their flag, so the engine can skip them (R3, R16).
 */
import type { TokenSource } from '../../auth/token-source';
import { BadPayloadError, NotFoundError, ValidationError } from '../../core/errors';
import { normalizeEmail } from '../../core/normalize';
import type { ContactPatch, ListOptions, MatterPatch, Page, SyncSide } from '../../core/sync-side';
import type { ContactFields, MatterFields, RecordId, SideContact, SideMatter } from '../../core/types';
import type { HttpClock } from '../http/clock';
import { HttpClient, type FetchLike, type HttpClientOptions } from '../http/http-client';
import { DOCKETWISE_RATE_LIMIT } from '../http/rate-limiter';
import { parseRecord, parseRecordList, type ParsedRecords } from '../parse';
import { mapDocketwiseError } from './errors';
import {
  contactBody,
  contactBodyForCreate,
  contactFromDocketwise,
  matterBody,
  matterFromDocketwise,
  patchTouchesNestedRows,
  type DocketwiseExisting,
} from './mapping';
import {
  docketwiseContactSchema,
  docketwiseDocumentSchema,
  docketwiseDownloadSchema,
  docketwiseMatterSchema,
  docketwisePaginationSchema,
  type DocketwiseContact,
  type DocketwiseDocument,
} from './schemas';

/** Index actions return at most 200 records a page (reference §3). */
export const DOCKETWISE_PAGE_SIZE = 200;

/**
 * How many contacts' nested row ids (address, phones) the client remembers. Past this the oldest
 * are forgotten and an update of one of them reads the contact first, as without the memory.
 */
export const REMEMBERED_ROWS_LIMIT = 50_000;

/**
 * A write that named a nested row Docketwise no longer has (deleted in the app since the client
 * last saw the contact): Rails answers 404 (RecordNotFound) or, as the sandbox does, 422 on
 * `…_attributes.N.data.id`.
 */
function isStaleRowError(error: unknown): boolean {
  if (error instanceof NotFoundError) return true;
  return error instanceof ValidationError && /_attributes\b/.test(`${error.field} ${error.message}`);
}

export interface DocketwiseSideOptions {
  /** App origin, e.g. https://app.docketwise.com (the API is under /api/v1). */
  baseUrl: string;
  tokens: TokenSource;
  fetch?: FetchLike;
  clock?: HttpClock;
  http?: Pick<HttpClientOptions, 'timeoutMs' | 'maxRetries' | 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs' | 'random' | 'rateLimit'>;
}

export interface DocketwiseSide extends SyncSide {
  readonly side: 'docketwise';
  readonly http: HttpClient;
  getDocument(id: RecordId): Promise<DocketwiseDocument | null>;
  /** A pre-signed URL (valid one hour, no auth needed to fetch it). */
  getDocumentDownloadUrl(id: RecordId): Promise<string>;
  /**
   * "Test connection": one cheap authenticated read (the API has no "me" endpoint). Throws the
   * typed error (AuthRequiredError, PermissionDeniedError, …) when the token cannot read contacts.
   */
  checkAccess(): Promise<void>;
}

interface FetchedPage<T> {
  parsed: ParsedRecords<T>;
  next: string | null;
  total: number | null;
}

function parsePageNumber(resumeFrom: string | undefined): number {
  if (resumeFrom === undefined) return 1;
  const page = Number(resumeFrom);
  if (!Number.isInteger(page) || page < 1) throw new RangeError(`not a Docketwise page token: ${resumeFrom}`);
  return page;
}

/** Docketwise cannot filter by time: the inclusive lower bound is applied here instead. */
function updatedSince<T extends { updatedAt: string }>(records: T[], updatedAfter: string | undefined): T[] {
  if (updatedAfter === undefined) return records;
  const bound = Date.parse(updatedAfter);
  if (Number.isNaN(bound)) throw new RangeError(`updatedAfter is not an ISO-8601 time: ${updatedAfter}`);
  return records.filter((record) => Date.parse(record.updatedAt) >= bound);
}

export function createDocketwiseSide(options: DocketwiseSideOptions): DocketwiseSide {
  const http = new HttpClient({
    side: 'docketwise',
    baseUrl: options.baseUrl,
    tokens: options.tokens,
    fetch: options.fetch,
    clock: options.clock,
    rateLimit: DOCKETWISE_RATE_LIMIT,
    ...options.http,
    mapError: mapDocketwiseError,
  });

  async function fetchPage<T>(
    path: string,
    query: Record<string, string | undefined>,
    page: number,
    parse: (body: unknown) => ParsedRecords<T>,
  ): Promise<FetchedPage<T>> {
    const response = await http.request({
      method: 'GET',
      path,
      query: { ...query, page: String(page), per_page: String(DOCKETWISE_PAGE_SIZE) },
    });
    const parsed = parse(response.body);
    const raw = response.headers.get('X-Pagination');
    if (raw === null) {
      // The header's encoding is only seen in third-party code; without it a short page is the last.
      const count = Array.isArray(response.body) ? response.body.length : 0;
      return { parsed, next: count >= DOCKETWISE_PAGE_SIZE ? String(page + 1) : null, total: null };
    }
    let header: unknown;
    try {
      header = JSON.parse(raw) as unknown;
    } catch {
      throw new BadPayloadError(`GET ${path}: X-Pagination is not JSON`, 'docketwise', null, 'X-Pagination');
    }
    const pagination = docketwisePaginationSchema.safeParse(header);
    if (!pagination.success) {
      throw new BadPayloadError(`GET ${path}: X-Pagination does not fit its schema`, 'docketwise', null, 'X-Pagination');
    }
    const next = pagination.data.next_page;
    if (next != null && next <= page) {
      throw new BadPayloadError(`GET ${path}: X-Pagination next_page ${next} does not move forward`, 'docketwise', null, 'X-Pagination');
    }
    return { parsed, next: next != null ? String(next) : null, total: pagination.data.total ?? null };
  }

  /**
   * The nested row ids of every contact this client has read (listing, search, get, create,
   * update), newest last. An update addresses the address and phone rows by id; remembering them
   * saves the second read that would otherwise precede each such update. What the client last
   * read is at least as fresh as what the engine based its patch on (it read through here), and
   * a row deleted since is caught by `isStaleRowError`: the contact is read again and the write
   * retried once.
   */
  const rows = new Map<RecordId, DocketwiseExisting>();
  function remember(raw: DocketwiseContact): DocketwiseContact {
    rows.delete(raw.id);
    rows.set(raw.id, { address: raw.physical_address ?? null, phones: raw.phone_numbers ?? [] });
    if (rows.size > REMEMBERED_ROWS_LIMIT) {
      const oldest = rows.keys().next();
      if (oldest.done !== true) rows.delete(oldest.value);
    }
    return raw;
  }

  const parseContacts = (body: unknown) =>
    parseRecordList(body, docketwiseContactSchema, (raw: DocketwiseContact) => contactFromDocketwise(remember(raw)), 'docketwise', 'Docketwise contact');
  const parseMatters = (body: unknown) =>
    parseRecordList(body, docketwiseMatterSchema, matterFromDocketwise, 'docketwise', 'Docketwise matter');

  async function readContactRaw(id: RecordId): Promise<DocketwiseContact> {
    const response = await http.request({ method: 'GET', path: `/api/v1/contacts/${id}` });
    return remember(parseRecord(response.body, docketwiseContactSchema, 'docketwise', `Docketwise contact ${id}`));
  }

  async function readMatter(id: RecordId): Promise<SideMatter> {
    const response = await http.request({ method: 'GET', path: `/api/v1/matters/${id}` });
    return matterFromDocketwise(parseRecord(response.body, docketwiseMatterSchema, 'docketwise', `Docketwise matter ${id}`));
  }

  async function orNull<T>(read: Promise<T>): Promise<T | null> {
    try {
      return await read;
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  async function* paginate<T extends { updatedAt: string }>(
    path: string,
    query: Record<string, string | undefined>,
    parse: (body: unknown) => ParsedRecords<T>,
    list: ListOptions | undefined,
  ): AsyncIterable<Page<T>> {
    let page = parsePageNumber(list?.resumeFrom);
    for (;;) {
      const fetched: FetchedPage<T> = await fetchPage(path, query, page, parse);
      yield {
        records: updatedSince(fetched.parsed.records, list?.updatedAfter),
        rejected: fetched.parsed.rejected,
        next: fetched.next,
        total: fetched.total,
      };
      if (fetched.next === null) return;
      page = Number(fetched.next);
    }
  }

  return {
    side: 'docketwise',
    supportsUpdatedAfter: false,
    http,

    // `filter=all` includes leads and archived contacts: the engine needs both to be visible.
    listContacts: (list) => paginate('/api/v1/contacts', { filter: 'all' }, parseContacts, list),

    async getContact(id) {
      const raw = await orNull(readContactRaw(id));
      return raw === null ? null : contactFromDocketwise(raw);
    },

    async findContactsByEmail(email: string): Promise<SideContact[]> {
      const wanted = normalizeEmail(email);
      if (wanted === '') return [];
      // `search=` is not documented ([T]); every page of its answer is read and re-checked here,
      // so the result is right even if Docketwise ignores or widens the search.
      const found: SideContact[] = [];
      let page = 1;
      for (;;) {
        const fetched: FetchedPage<SideContact> = await fetchPage(
          '/api/v1/contacts',
          { filter: 'all', search: email.trim() },
          page,
          parseContacts,
        );
        found.push(...fetched.parsed.records.filter((c) => normalizeEmail(c.fields.email) === wanted));
        if (fetched.next === null) return found;
        page = Number(fetched.next);
      }
    },

    async createContact(fields: ContactFields): Promise<SideContact> {
      const response = await http.request({ method: 'POST', path: '/api/v1/contacts', json: contactBodyForCreate(fields) });
      return contactFromDocketwise(remember(parseRecord(response.body, docketwiseContactSchema, 'docketwise', 'created Docketwise contact')));
    },

    async updateContact(id: RecordId, patch: ContactPatch): Promise<SideContact> {
      const put = async (existing: DocketwiseExisting | null): Promise<SideContact> => {
        const body = contactBody(patch, existing, false);
        if (Object.keys(body.contact).length === 0) return contactFromDocketwise(await readContactRaw(id));
        const response = await http.request({ method: 'PUT', path: `/api/v1/contacts/${id}`, json: body });
        if (response.body === null) return contactFromDocketwise(await readContactRaw(id));
        return contactFromDocketwise(remember(parseRecord(response.body, docketwiseContactSchema, 'docketwise', `Docketwise contact ${id}`)));
      };
      if (!patchTouchesNestedRows(patch)) return put(null);
      const known = rows.get(id);
      if (known !== undefined) {
        try {
          return await put(known);
        } catch (error) {
          if (!isStaleRowError(error)) throw error;
          // A row was deleted in Docketwise since the client saw it: read again, retry once below.
          rows.delete(id);
        }
      }
      const current = await readContactRaw(id);
      return put({ address: current.physical_address ?? null, phones: current.phone_numbers ?? [] });
    },

    listMatters: (list) => paginate('/api/v1/matters', {}, parseMatters, list),

    getMatter: (id) => orNull(readMatter(id)),

    async createMatter(fields: MatterFields): Promise<SideMatter> {
      const clientId = fields.clientIds[0];
      if (clientId === undefined) {
        // Docketwise requires `client_id`; refusing here saves a request that must fail.
        throw new ValidationError('a Docketwise matter needs a client', 'docketwise', 'clientIds', 'required');
      }
      const response = await http.request({ method: 'POST', path: '/api/v1/matters', json: matterBody(fields, clientId) });
      return matterFromDocketwise(parseRecord(response.body, docketwiseMatterSchema, 'docketwise', 'created Docketwise matter'));
    },

    async updateMatter(id: RecordId, patch: MatterPatch): Promise<SideMatter> {
      // A Docketwise matter has one client: "these clients must be on it" sets the first (R15).
      const body = matterBody(patch, patch.clientIds?.[0]);
      if (Object.keys(body.matter).length === 0) return readMatter(id);
      const response = await http.request({ method: 'PUT', path: `/api/v1/matters/${id}`, json: body });
      if (response.body === null) return readMatter(id);
      return matterFromDocketwise(parseRecord(response.body, docketwiseMatterSchema, 'docketwise', `Docketwise matter ${id}`));
    },

    async getDocument(id) {
      return orNull(
        http
          .request({ method: 'GET', path: `/api/v1/documents/${id}` })
          .then((response) => parseRecord(response.body, docketwiseDocumentSchema, 'docketwise', `Docketwise document ${id}`)),
      );
    },

    async checkAccess() {
      const response = await http.request({ method: 'GET', path: '/api/v1/contacts', query: { page: '1', per_page: '1' } });
      if (!Array.isArray(response.body)) {
        throw new BadPayloadError('GET /api/v1/contacts: the answer is not a JSON array', 'docketwise', null, '<body>');
      }
    },

    async getDocumentDownloadUrl(id) {
      const response = await http.request({ method: 'GET', path: `/api/v1/documents/${id}/download` });
      return parseRecord(response.body, docketwiseDownloadSchema, 'docketwise', `Docketwise document ${id} download`).url;
    },
  };
}
