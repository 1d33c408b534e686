/**
 * The package's file name (R24: `<matter name> - <form names> - <date>.pdf`) and its MyCase
 * document path. Rules where R24 is silent:
 * - Characters that Windows, macOS or MyCase's folder paths treat specially are replaced:
 *   `/ \ : |` → `-`, `"` → `'`, `* ? < >` and control characters become spaces; runs of spaces
 *   and dashes collapse; leading/trailing dots, dashes and spaces go (Windows refuses trailing
 *   dots). A matter name with nothing left becomes "Matter".
 * - Form names are listed once each, in the chosen order, joined with ", ". At most
 *   `MAX_LISTED_NAMES` are listed; the rest become "+ N more" ("I-130, I-485, G-28 + 2 more").
 * - One name is cut to `MAX_NAME_LENGTH` characters; if the whole name is still longer than
 *   `MAX_FILE_NAME_LENGTH`, the matter name is shortened (with "…"), never the date.
 * - The date is the user's calendar date (`YYYY-MM-DD`), in the given or the runtime's zone.
 */

export const MAX_LISTED_NAMES = 3;
export const MAX_NAME_LENGTH = 40;
/** Fits every common file system (255) with room for MyCase's folder path. */
export const MAX_FILE_NAME_LENGTH = 150;
export const MYCASE_FOLDER = 'Docketwise';

export interface PackageNameInput {
  matterName: string;
  /** The names shown in the file name, in the chosen order (see `namesForFileName`). */
  formNames: string[];
  date: Date;
  /** IANA zone for the calendar date; the runtime's own zone when omitted. */
  timeZone?: string;
}

export interface PackageNames {
  /** `<matter> - <forms> - <date>.pdf` */
  filename: string;
  /** MyCase `path`: folder plus the document name (the file name without `.pdf`). */
  path: string;
  /** The document name MyCase shows. */
  documentName: string;
}

/** Makes one piece of the name safe for file systems and for MyCase's `/`-separated path. */
export function safeFileNamePart(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[/\\:|]/g, '-')
    .replace(/"/g, "'")
    // Wildcards and control characters (tabs, newlines pasted into a matter name) become spaces.
    .replace(/[*?<>\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/-{2,}/g, '-')
    .replace(/^[\s.-]+|[\s.-]+$/g, '');
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(1, max - 1)).trimEnd()}…`;
}

/** `YYYY-MM-DD` of `date` in `timeZone` (en-CA formats dates in that order). */
export function calendarDate(date: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/**
 * Which titles name the package: the forms when there are any (documents such as a passport
 * scan ride along unnamed), else the documents.
 */
export function namesForFileName(items: readonly { title: string; kind: 'form' | 'document' }[]): string[] {
  const forms = items.filter((item) => item.kind === 'form');
  return (forms.length > 0 ? forms : items).map((item) => item.title);
}

export function packageNames(input: PackageNameInput): PackageNames {
  const unique: string[] = [];
  for (const name of input.formNames) {
    const safe = shorten(safeFileNamePart(name), MAX_NAME_LENGTH);
    if (safe !== '' && !unique.includes(safe)) unique.push(safe);
  }
  const listed = unique.slice(0, MAX_LISTED_NAMES).join(', ');
  const more = unique.length - MAX_LISTED_NAMES;
  const forms = more > 0 ? `${listed} + ${more} more` : listed;
  const date = calendarDate(input.date, input.timeZone);

  const tail = [forms, date].filter((part) => part !== '').join(' - ');
  const room = MAX_FILE_NAME_LENGTH - '.pdf'.length - tail.length - ' - '.length;
  const matter = shorten(safeFileNamePart(input.matterName), Math.max(room, 1)) || 'Matter';
  const documentName = `${matter} - ${tail}`;
  return { filename: `${documentName}.pdf`, path: `${MYCASE_FOLDER}/${documentName}`, documentName };
}
