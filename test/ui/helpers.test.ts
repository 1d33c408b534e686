import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../src/ui/csv';
import { errorText, formatAgo, formatEta, formatProgress, isValidNightlyTime, phaseName } from '../../src/ui/format';
import { buildLogQuery, emptyFilters } from '../../src/ui/log-query';
import { parseOptionsLocation } from '../../src/ui/options-location';
import { linkChoices, parseRecordId } from '../../src/ui/review-links';
import { MessageFailedError } from '../../src/messaging/client';
import { makeEntry, makeReviewItem, T0 } from './fixtures';

/** A small RFC 4180 reader, to check that what we write reads back to the same cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

describe('toCsv (R28 export)', () => {
  it('R28 writes a header and one row per entry with when, trigger, entity, direction, outcome and reason', () => {
    const csv = toCsv([makeEntry(1, { reason: 'Email already used in MyCase: written without email' })]);
    const rows = parseCsv(csv);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual(['When (UTC)', 'Run', 'Trigger', 'Entity', 'Direction', 'Outcome', 'Record', 'Docketwise id', 'MyCase id', 'Reason']);
    expect(rows[1]).toEqual([
      new Date(T0 + 1000).toISOString(),
      'run-1',
      'Nightly sync',
      'contact',
      'MyCase to Docketwise',
      'Updated',
      'Person 1',
      '101',
      '201',
      'Email already used in MyCase: written without email',
    ]);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('quotes commas, quotes and newlines so they read back unchanged', () => {
    const label = 'Lopez, Ana "Annie"\nsecond line\r\nthird';
    const rows = parseCsv(toCsv([makeEntry(1, { label, reason: 'a,b' })]));
    expect(rows).toHaveLength(2);
    expect(rows[1]?.[6]).toBe(label);
    expect(rows[1]?.[9]).toBe('a,b');
  });

  it.each(['=HYPERLINK("http://x")', '+1 555', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'])('neutralises a formula-looking cell %j with a leading apostrophe', (value) => {
    const rows = parseCsv(toCsv([makeEntry(1, { label: value })]));
    expect(rows[1]?.[6]).toBe(`'${value}`);
  });

  it('leaves ordinary text, empty values and ids alone', () => {
    expect(csvCell('Ana')).toBe('Ana');
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
    expect(csvCell('a=b')).toBe('a=b');
    const rows = parseCsv(toCsv([makeEntry(1, { docketwiseId: null, reason: null })]));
    expect(rows[1]?.[7]).toBe('');
    expect(rows[1]?.[9]).toBe('');
  });

  it('writes only the header for an empty log', () => {
    expect(parseCsv(toCsv([]))).toHaveLength(1);
  });
});

describe('text helpers', () => {
  it('estimates the time left in words, rounded up', () => {
    expect(formatEta(null)).toBe('Estimating the time left…');
    expect(formatEta(20)).toBe('Less than a minute left');
    expect(formatEta(61)).toBe('About 2 minutes left');
    expect(formatEta(60)).toBe('About 1 minute left');
    expect(formatEta(3600 + 120)).toBe('About 1 hour 2 minutes left');
    expect(formatEta(7200)).toBe('About 2 hours left');
  });
  it('says how long ago and how far along', () => {
    expect(formatAgo(T0 - 30_000, T0)).toBe('just now');
    expect(formatAgo(T0 - 5 * 60_000, T0)).toBe('5 minutes ago');
    expect(formatAgo(T0 - 3 * 3_600_000, T0)).toBe('3 hours ago');
    expect(formatAgo(T0 - 3 * 86_400_000, T0)).toBe('3 days ago');
    expect(formatProgress(120, 1500)).toBe('120 of 1,500 done');
    expect(formatProgress(5, null)).toBe('5 done so far');
  });
  it('names engine steps in words and keeps unknown ones', () => {
    expect(phaseName('drain-outbox')).toBe('Sending waiting changes to MyCase');
    expect(phaseName('something-new')).toBe('something-new');
    expect(phaseName(null)).toBeNull();
  });
  it('R13 accepts only HH:MM nightly times', () => {
    expect(isValidNightlyTime('02:00')).toBe(true);
    expect(isValidNightlyTime('23:59')).toBe(true);
    expect(isValidNightlyTime('24:00')).toBe(false);
    expect(isValidNightlyTime('2:00')).toBe(false);
  });
  it('shows a typed message failure without its kind', () => {
    expect(errorText(new MessageFailedError('refused:no-handler', 'no handler for status/get'))).toBe('no handler for status/get');
    expect(errorText('plain')).toBe('plain');
  });
});

describe('buildLogQuery (R28 filters)', () => {
  it('R28 sends no filter for empty fields, and pages by limit and offset', () => {
    expect(buildLogQuery(emptyFilters, 2, 50)).toEqual({ limit: 50, offset: 100 });
  });
  it('R28 turns dates into whole local days and passes entity, direction, outcome and run', () => {
    const query = buildLogQuery({ from: '2026-12-01', to: '2026-12-02', entity: 'matter', direction: 'push', outcome: 'failed', runId: 'run-9' }, 0, 25);
    expect(query).toEqual({
      limit: 25,
      offset: 0,
      from: new Date(2026, 11, 1).getTime(),
      to: new Date(2026, 11, 3).getTime() - 1,
      entity: 'matter',
      direction: 'push',
      outcome: 'failed',
      runId: 'run-9',
    });
  });
  it('ignores a malformed date instead of sending NaN', () => {
    expect(buildLogQuery({ ...emptyFilters, from: 'yesterday' }, 0, 10)).toEqual({ limit: 10, offset: 0 });
  });
});

describe('review links (R11)', () => {
  it('R11 offers each Docketwise candidate paired with the MyCase candidate', () => {
    expect(linkChoices(makeReviewItem()).map((c) => [c.docketwiseId, c.mycaseId])).toEqual([
      [31, 501],
      [32, 501],
    ]);
  });
  it('offers no pair when candidates are on one side only', () => {
    expect(linkChoices(makeReviewItem({ candidates: [{ side: 'mycase', id: 1, label: 'A' }] }))).toEqual([]);
  });
  it('R29 offers no link for a deleted record: the pair is already linked', () => {
    const pair = [
      { side: 'docketwise' as const, id: 1, label: 'A' },
      { side: 'mycase' as const, id: 2, label: 'A' },
    ];
    expect(linkChoices(makeReviewItem({ kind: 'deleted-on-mycase', candidates: pair }))).toEqual([]);
    expect(linkChoices(makeReviewItem({ kind: 'no-person-client', candidates: pair }))).toEqual([]);
    expect(linkChoices(makeReviewItem({ kind: 'email-in-use', candidates: pair }))).toHaveLength(1);
  });
  it('caps the pairs at 20', () => {
    const many = Array.from({ length: 10 }, (_, i) => [
      { side: 'docketwise' as const, id: i + 1, label: `d${i}` },
      { side: 'mycase' as const, id: i + 100, label: `m${i}` },
    ]).flat();
    expect(linkChoices(makeReviewItem({ candidates: many }))).toHaveLength(20);
  });
  it('reads typed ids, with or without #', () => {
    expect(parseRecordId(' 123 ')).toBe(123);
    expect(parseRecordId('#45')).toBe(45);
    expect(parseRecordId('0')).toBeNull();
    expect(parseRecordId('12a')).toBeNull();
    expect(parseRecordId('-3')).toBeNull();
    expect(parseRecordId('')).toBeNull();
  });
});

describe('parseOptionsLocation', () => {
  const base = 'chrome-extension://abc/options.html';
  it('reads the section and the run or item from the hash, as options/open writes them', () => {
    expect(parseOptionsLocation(`${base}#log?run=run%207`)).toEqual({ section: 'log', runId: 'run 7', itemId: null });
    expect(parseOptionsLocation(`${base}#review?item=r1`)).toEqual({ section: 'review', runId: null, itemId: 'r1' });
  });
  it('maps #connections to the setup section and reads a query before the hash too', () => {
    expect(parseOptionsLocation(`${base}#connections`)).toEqual({ section: 'setup', runId: null, itemId: null });
    expect(parseOptionsLocation(`${base}?run=x#log`)).toEqual({ section: 'log', runId: 'x', itemId: null });
    expect(parseOptionsLocation(base)).toEqual({ section: '', runId: null, itemId: null });
  });
});
