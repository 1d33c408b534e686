/**
 * Schema checks shared by both connectors. A record that does not fit becomes a
 * BadPayloadError naming the record and the field, and the rest of the page still parses
 * (R22); a response that is not even a list is a BadPayloadError for the whole answer.
 */
import type { z } from 'zod';
import { BadPayloadError } from '../core/errors';
import type { RecordId, Side } from '../core/types';

export interface ParsedRecords<T> {
  records: T[];
  rejected: BadPayloadError[];
}

/** `what` names the resource in messages, e.g. 'MyCase client'. */
export function parseRecordList<S extends z.ZodType, T>(
  body: unknown,
  schema: S,
  map: (record: z.output<S>) => T,
  side: Side,
  what: string,
): ParsedRecords<T> {
  if (!Array.isArray(body)) {
    throw new BadPayloadError(`${what} list: the answer is not a JSON array`, side, null, '<body>');
  }
  const records: T[] = [];
  const rejected: BadPayloadError[] = [];
  body.forEach((raw: unknown, index) => {
    const result = schema.safeParse(raw);
    if (result.success) records.push(map(result.data));
    else rejected.push(badRecord(result.error, raw, side, what, index));
  });
  return { records, rejected };
}

/** One record (a show, create or update answer); throws BadPayloadError when it does not fit. */
export function parseRecord<S extends z.ZodType>(body: unknown, schema: S, side: Side, what: string): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw badRecord(result.error, body, side, what, null);
  return result.data;
}

function badRecord(error: z.ZodError, raw: unknown, side: Side, what: string, index: number | null): BadPayloadError {
  const recordId = idOf(raw);
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '<record>';
  const where = recordId !== null ? `${what} ${recordId}` : index !== null ? `${what} #${index + 1} (no id)` : what;
  return new BadPayloadError(`${where}: field ${field}: ${issue?.message ?? 'invalid'}`, side, recordId, field);
}

function idOf(raw: unknown): RecordId | null {
  if (typeof raw !== 'object' || raw === null || !('id' in raw)) return null;
  const id = (raw as { id: unknown }).id;
  return typeof id === 'number' && Number.isInteger(id) ? id : null;
}
