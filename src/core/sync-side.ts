/**
 * The one interface the engine uses to talk to either product. Implemented by the MyCase
 * client, the Docketwise client and the in-memory fake; all three pass one contract suite.
 */
import type { BadPayloadError } from './errors';
import type {
  ContactFields,
  MatterFields,
  RecordId,
  Side,
  SideContact,
  SideMatter,
} from './types';

/** One page of a listing. Records that failed their schema are reported, not thrown (R22). */
export interface Page<T> {
  records: T[];
  rejected: BadPayloadError[];
  /**
   * Opaque resume token for the page after this one (MyCase `page_token`, Docketwise page
   * number); null on the last page. Passing it as `resumeFrom` continues the same listing.
   */
  next: string | null;
  /** Total across all pages when the side reports it (`Item-Count`, `X-Pagination.total`). */
  total: number | null;
}

export interface ListOptions {
  /** Inclusive lower bound on `updated_at` (ISO-8601). Only sides with `supportsUpdatedAfter`. */
  updatedAfter?: string;
  /** A `next` token from an earlier page of the same listing (same options). */
  resumeFrom?: string;
}

/** A partial update: only the fields that differ are sent (R1). */
export type ContactPatch = Partial<ContactFields>;

/**
 * `clientIds` on a patch means "these clients must be on the matter": MyCase adds the
 * missing ones (it cannot remove one, R17); Docketwise sets `client_id` to the first.
 */
export type MatterPatch = Partial<MatterFields>;

export interface SyncSide {
  readonly side: Side;
  /** MyCase filters by `filter[updated_after]`; Docketwise has no such filter. */
  readonly supportsUpdatedAfter: boolean;

  listContacts(options?: ListOptions): AsyncIterable<Page<SideContact>>;
  getContact(id: RecordId): Promise<SideContact | null>;
  /** Exact, case-insensitive match, re-checked on the client side. Used for R8 lookups and crash recovery. */
  findContactsByEmail(email: string): Promise<SideContact[]>;
  /** Creates a person. Throws ValidationError(field 'email', code 'taken') on MyCase email clash (R2). */
  createContact(fields: ContactFields): Promise<SideContact>;
  /** Returns the record as stored after the update (re-read where the API answers 204). */
  updateContact(id: RecordId, patch: ContactPatch): Promise<SideContact>;

  listMatters(options?: ListOptions): AsyncIterable<Page<SideMatter>>;
  getMatter(id: RecordId): Promise<SideMatter | null>;
  /** Throws ValidationError(field 'name', code 'taken') on MyCase case-name clash (R6). */
  createMatter(fields: MatterFields): Promise<SideMatter>;
  updateMatter(id: RecordId, patch: MatterPatch): Promise<SideMatter>;
}
