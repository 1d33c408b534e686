/**
 * Docketwise API responses (shared/reference/docketwise-api.md §2, docs/contracts.md): only the
 * fields the sync reads. `type`, `phone_numbers[].kind`, `physical_address.zip_code` and
 * `apartment_type` are undocumented ([I]); a record without them still parses.
 */
import { z } from 'zod';
import { recordId, text, timestamp } from '../schema-helpers';

export const docketwiseAddressSchema = z.object({
  id: recordId.nullish(),
  street_number_and_name: text,
  apartment_number: text,
  apartment_type: z.enum(['apt', 'ste', 'flr']).nullish(),
  city: text,
  state: text,
  province: text,
  zip_code: text,
  country: text,
});
export type DocketwiseAddress = z.output<typeof docketwiseAddressSchema>;

export const docketwisePhoneSchema = z.object({
  id: recordId,
  number: text,
  daytime: z.boolean().nullish(),
  kind: z.string().nullish(),
});
export type DocketwisePhone = z.output<typeof docketwisePhoneSchema>;

export const docketwiseContactSchema = z.object({
  id: recordId,
  first_name: text,
  last_name: text,
  company_name: text,
  email: text,
  lead: z.boolean().nullish(),
  type: z.enum(['Person', 'Institution']).nullish(),
  archived: z.boolean().nullish(),
  discarded_at: z.string().nullish(),
  created_at: timestamp,
  updated_at: timestamp,
  physical_address: docketwiseAddressSchema.nullish(),
  phone_numbers: z.array(docketwisePhoneSchema).nullish(),
});
export type DocketwiseContact = z.output<typeof docketwiseContactSchema>;

export const docketwiseMatterSchema = z.object({
  id: recordId,
  number: z.string().nullish(),
  title: text,
  description: text,
  client_id: recordId.nullish(),
  archived: z.boolean().nullish(),
  discarded_at: z.string().nullish(),
  created_at: timestamp,
  updated_at: timestamp,
});
export type DocketwiseMatter = z.output<typeof docketwiseMatterSchema>;

export const docketwiseDocumentSchema = z.object({
  id: recordId,
  title: text,
  filename: text,
  client_id: recordId.nullish(),
  matter_id: recordId.nullish(),
  size: z.number().int().nonnegative().nullish(),
  archived: z.boolean().nullish(),
  created_at: timestamp,
  updated_at: timestamp,
});
export type DocketwiseDocument = z.output<typeof docketwiseDocumentSchema>;

/** `GET /documents/:id/download` → a pre-signed URL valid for one hour. */
export const docketwiseDownloadSchema = z.object({ url: z.string().url() });

/** `X-Pagination` (JSON, [T]): `{ total, total_pages, next_page, previous_page }`. */
export const docketwisePaginationSchema = z.object({
  total: z.number().int().nonnegative().nullish(),
  total_pages: z.number().int().nonnegative().nullish(),
  next_page: z.number().int().positive().nullish(),
  previous_page: z.number().int().positive().nullish(),
});
