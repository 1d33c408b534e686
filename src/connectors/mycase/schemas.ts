/**
 * MyCase Open API responses (shared/reference/mycase-api.md §2), only the fields the sync and
 * the document upload read. Unknown fields are ignored, so MyCase adding one breaks nothing.
 */
import { z } from 'zod';
import { idRef, recordId, text, timestamp } from '../schema-helpers';

export const mycaseAddressSchema = z.object({
  address1: text,
  address2: text,
  city: text,
  state: text,
  zip_code: text,
  country: text,
});

export const mycaseClientSchema = z.object({
  id: recordId,
  first_name: text,
  last_name: text,
  email: text,
  address: mycaseAddressSchema.nullish(),
  cell_phone_number: text,
  work_phone_number: text,
  archived: z.boolean().nullish(),
  created_at: timestamp,
  updated_at: timestamp,
});
export type MyCaseClient = z.output<typeof mycaseClientSchema>;

export const mycaseCompanySchema = z.object({
  id: recordId,
  name: text,
  email: text,
  address: mycaseAddressSchema.nullish(),
  main_phone_number: text,
  archived: z.boolean().nullish(),
  created_at: timestamp,
  updated_at: timestamp,
});
export type MyCaseCompany = z.output<typeof mycaseCompanySchema>;

export const mycaseCaseSchema = z.object({
  id: recordId,
  name: text,
  description: text,
  status: z.string().nullish(),
  clients: z.array(idRef).nullish(),
  archived: z.boolean().nullish(),
  created_at: timestamp,
  updated_at: timestamp,
});
export type MyCaseCase = z.output<typeof mycaseCaseSchema>;

/** `POST /v1/cases/{id}/documents` (201): the record plus where to PUT the bytes. */
export const mycaseDocumentPostSchema = z.object({
  id: recordId,
  name: text,
  filename: text,
  path: text,
  put_url: z.string().url(),
  put_headers: z.record(z.string(), z.string()).nullish(),
});

export const mycaseDocumentSchema = z.object({
  id: recordId,
  name: text,
  filename: text,
  path: text,
  description: text,
  case: idRef.nullish(),
  created_at: timestamp,
  updated_at: timestamp,
});
export type MyCaseDocument = z.output<typeof mycaseDocumentSchema>;

export const mycaseFirmSchema = z.object({ name: text, url: text });
export type MyCaseFirm = z.output<typeof mycaseFirmSchema>;

/** `GET /v1/me` (StaffResponse). */
export const mycaseMeSchema = z.object({
  id: recordId,
  first_name: text,
  last_name: text,
  email: text,
});
export type MyCaseMe = z.output<typeof mycaseMeSchema>;
