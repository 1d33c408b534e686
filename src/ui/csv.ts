/**
 * CSV export of the run log (R28). RFC 4180 quoting, CRLF line ends, and spreadsheet formula
 * injection protection: a cell a spreadsheet would read as a formula gets a leading apostrophe,
 * because labels and reasons come from records anyone in the firm (or a client) could have typed.
 */
import { entryOutcomeName, triggerName } from './format';
import type { LogEntry } from './view-types';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  // Numbers we produce (ids, never negative) are safe; only text can smuggle a formula in.
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const CSV_HEADER = [
  'When (UTC)',
  'Run',
  'Trigger',
  'Entity',
  'Direction',
  'Outcome',
  'Record',
  'Docketwise id',
  'MyCase id',
  'Reason',
] as const;

export function toCsv(entries: readonly LogEntry[]): string {
  const rows = entries.map((e) =>
    [
      new Date(e.at).toISOString(),
      e.runId,
      triggerName(e.trigger),
      e.entity,
      e.direction === 'pull' ? 'MyCase to Docketwise' : 'Docketwise to MyCase',
      entryOutcomeName(e.outcome),
      e.label,
      e.docketwiseId,
      e.mycaseId,
      e.reason,
    ]
      .map(csvCell)
      .join(','),
  );
  return [CSV_HEADER.map(csvCell).join(','), ...rows].join('\r\n') + '\r\n';
}
