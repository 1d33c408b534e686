/** The run log's filter form (R28) and the `log/query` request it stands for. Pure. */
import type { Direction, Entity, LogEntry, LogQuery } from './view-types';

export interface LogFilters {
  /** Dates from `<input type="date">` (YYYY-MM-DD, local time), or '' for "any". */
  from: string;
  to: string;
  entity: Entity | '';
  direction: Direction | '';
  outcome: LogEntry['outcome'] | '';
  runId: string | null;
}

export const emptyFilters: LogFilters = { from: '', to: '', entity: '', direction: '', outcome: '', runId: null };

function localDay(value: string, offsetDays: number): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + offsetDays).getTime();
}

/** `to` includes the whole day it names. */
export function buildLogQuery(filters: LogFilters, page: number, pageSize: number): LogQuery {
  const query: LogQuery = { limit: pageSize, offset: page * pageSize };
  const from = localDay(filters.from, 0);
  const toNext = localDay(filters.to, 1);
  if (from !== undefined) query.from = from;
  if (toNext !== undefined) query.to = toNext - 1;
  if (filters.entity !== '') query.entity = filters.entity;
  if (filters.direction !== '') query.direction = filters.direction;
  if (filters.outcome !== '') query.outcome = filters.outcome;
  if (filters.runId !== null) query.runId = filters.runId;
  return query;
}
