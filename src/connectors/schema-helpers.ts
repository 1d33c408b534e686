/** Small zod building blocks both products' schemas share. */
import { z } from 'zod';

export const recordId = z.number().int().positive();

/** A string the API may send as null or leave out; read as '' (the core's "empty"). */
export const text = z
  .string()
  .nullish()
  .transform((value) => value ?? '');

/** An ISO-8601 timestamp: change detection and R12 depend on it, so garbage is rejected. */
export const timestamp = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'not an ISO-8601 time');

export const idRef = z.object({ id: recordId });
