import { describe, expect, it } from 'vitest';
import {
  MAX_FILE_NAME_LENGTH,
  MAX_NAME_LENGTH,
  calendarDate,
  namesForFileName,
  packageNames,
  safeFileNamePart,
} from '../../src/forms/file-name';

const date = new Date(Date.UTC(2026, 1, 2, 15, 30));

describe('package file name', () => {
  it('R24 is "<matter name> - <form names> - <date>.pdf" with a YYYY-MM-DD date', () => {
    const names = packageNames({ matterName: 'Gonzalez Family Petition', formNames: ['I-130', 'I-485'], date, timeZone: 'UTC' });
    expect(names.filename).toBe('Gonzalez Family Petition - I-130, I-485 - 2026-02-02.pdf');
    expect(names.documentName).toBe('Gonzalez Family Petition - I-130, I-485 - 2026-02-02');
  });

  it('R24 puts the document under the Docketwise folder; the MyCase path ends with the document name', () => {
    const names = packageNames({ matterName: 'Perez', formNames: ['G-28'], date, timeZone: 'UTC' });
    expect(names.path).toBe('Docketwise/Perez - G-28 - 2026-02-02');
    expect(names.path.split('/')).toHaveLength(2);
  });

  it('R24 uses the calendar date where the user is, not UTC', () => {
    const lateEvening = new Date(Date.UTC(2026, 1, 3, 3, 0)); // 22:00 on Feb 2 in New York
    expect(calendarDate(lateEvening, 'America/New_York')).toBe('2026-02-02');
    expect(calendarDate(lateEvening, 'UTC')).toBe('2026-02-03');
    expect(packageNames({ matterName: 'A', formNames: ['I-90'], date: lateEvening, timeZone: 'America/New_York' }).filename).toBe('A - I-90 - 2026-02-02.pdf');
  });

  it('R24 replaces characters that file systems or MyCase folders cannot take', () => {
    const names = packageNames({ matterName: 'Smith/Jones: "Adjustment" <2026>?*|\\', formNames: ['I-130\tA'], date, timeZone: 'UTC' });
    expect(names.filename).toBe("Smith-Jones- 'Adjustment' 2026 - I-130 A - 2026-02-02.pdf");
    expect(names.filename).not.toMatch(/[/\\:*?"<>|\u0000-\u001f]/);
    expect(names.path.split('/')).toHaveLength(2);
    expect(safeFileNamePart('  ..Trailing dots.. ')).toBe('Trailing dots');
    expect(safeFileNamePart('Café\u0301')).toBe('Café́'.normalize('NFC'));
  });

  it('R24 lists each form once, at most three, and counts the rest', () => {
    const names = packageNames({ matterName: 'Lee', formNames: ['I-130', 'I-130A', 'I-130', 'I-485', 'I-765', 'I-131'], date, timeZone: 'UTC' });
    expect(names.filename).toBe('Lee - I-130, I-130A, I-485 + 2 more - 2026-02-02.pdf');
  });

  it('R24 keeps the whole name within the limit by shortening the matter name, never the date', () => {
    const longMatter = 'Very Long Matter Name '.repeat(20);
    const longForm = 'Application for a Very Long Named Benefit With Many Words In Its Title';
    const names = packageNames({ matterName: longMatter, formNames: [longForm, 'I-485', 'I-765', 'I-131'], date, timeZone: 'UTC' });
    expect(names.filename.length).toBeLessThanOrEqual(MAX_FILE_NAME_LENGTH);
    expect(names.filename).toMatch(/^Very Long Matter Name.*… - Application for a Very Long.*…, I-485, I-765 \+ 1 more - 2026-02-02\.pdf$/);
    const formPart = names.filename.split(' - ')[1]?.split(', ')[0] ?? '';
    expect(formPart).toHaveLength(MAX_NAME_LENGTH);
  });

  it('names an empty matter name "Matter" rather than starting with a dash', () => {
    expect(packageNames({ matterName: ' / ', formNames: ['I-90'], date, timeZone: 'UTC' }).filename).toBe('Matter - I-90 - 2026-02-02.pdf');
    expect(packageNames({ matterName: '???', formNames: ['I-90'], date, timeZone: 'UTC' }).filename).toBe('Matter - I-90 - 2026-02-02.pdf');
  });

  it('names the package after its forms; documents alone name it only when there is no form', () => {
    expect(namesForFileName([{ title: 'Passport', kind: 'document' }, { title: 'I-130', kind: 'form' }])).toEqual(['I-130']);
    expect(namesForFileName([{ title: 'Passport', kind: 'document' }, { title: 'Birth certificate', kind: 'document' }])).toEqual(['Passport', 'Birth certificate']);
  });
});
