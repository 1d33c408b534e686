/**
 * URL → Docketwise page kind. Pure: takes any URL (default `location`) so the detectors run in
 * the page and in tests alike. Each detector carries the example URLs that must match it; the
 * tests (test/docketwise-site/pages.test.ts) turn every example into a case, and check that no
 * example matches a second detector. Routes are documented in sandbox/docketwise/web/README.md.
 */

export type ContactPageKind = 'contact' | 'contact-forms' | 'contact-files';
export type MatterPageKind = 'matter' | 'matter-forms' | 'matter-files';
export type PlainPageKind = 'dashboard' | 'contacts' | 'contact-new' | 'matters' | 'matter-new' | 'forms' | 'settings';
export type PageKind = ContactPageKind | MatterPageKind | PlainPageKind | 'other';

export type DocketwisePage =
  | { kind: ContactPageKind; contactId: number }
  | { kind: MatterPageKind; matterId: number }
  | { kind: PlainPageKind | 'other' };

interface Detector {
  kind: Exclude<PageKind, 'other'>;
  /** Matched against the path (query and hash ignored); group 1 is the record id when there is one. */
  path: RegExp;
  examples: readonly string[];
}

export const detectors: readonly Detector[] = [
  { kind: 'dashboard', path: /^\/(?:dashboard)?\/?$/, examples: ['https://app.docketwise.com/', 'https://app.docketwise.com/dashboard'] },
  { kind: 'contacts', path: /^\/contacts\/?$/, examples: ['https://app.docketwise.com/contacts', 'https://app.docketwise.com/contacts?page=2', 'http://127.0.0.1:4020/contacts/'] },
  { kind: 'contact-new', path: /^\/contacts\/new\/?$/, examples: ['https://app.docketwise.com/contacts/new'] },
  { kind: 'contact', path: /^\/contacts\/(\d+)\/?$/, examples: ['https://app.docketwise.com/contacts/42', 'http://127.0.0.1:4020/contacts/7/', 'https://app.docketwise.com/contacts/42#notes'] },
  { kind: 'contact-forms', path: /^\/contacts\/(\d+)\/forms\/?$/, examples: ['https://app.docketwise.com/contacts/42/forms'] },
  { kind: 'contact-files', path: /^\/contacts\/(\d+)\/files\/?$/, examples: ['https://app.docketwise.com/contacts/42/files'] },
  { kind: 'matters', path: /^\/matters\/?$/, examples: ['https://app.docketwise.com/matters', 'https://app.docketwise.com/matters?page=3'] },
  { kind: 'matter-new', path: /^\/matters\/new\/?$/, examples: ['https://app.docketwise.com/matters/new'] },
  { kind: 'matter', path: /^\/matters\/(\d+)\/?$/, examples: ['https://app.docketwise.com/matters/11', 'http://localhost:4020/matters/11'] },
  { kind: 'matter-forms', path: /^\/matters\/(\d+)\/forms\/?$/, examples: ['https://app.docketwise.com/matters/11/forms', 'https://app.docketwise.com/matters/11/forms?selected=3'] },
  { kind: 'matter-files', path: /^\/matters\/(\d+)\/files\/?$/, examples: ['https://app.docketwise.com/matters/11/files'] },
  { kind: 'forms', path: /^\/forms\/?$/, examples: ['https://app.docketwise.com/forms'] },
  { kind: 'settings', path: /^\/settings(?:\/[a-z-]+)?\/?$/, examples: ['https://app.docketwise.com/settings', 'https://app.docketwise.com/settings/integrations'] },
];

/** URLs that are Docketwise but none of the pages above. */
export const OTHER_EXAMPLES: readonly string[] = [
  'https://app.docketwise.com/contacts/abc',
  'https://app.docketwise.com/matters/11/forms/5/edit',
  'https://app.docketwise.com/invoices/3',
  'https://app.docketwise.com/api/v1/contacts/42',
  'https://app.docketwise.com/documents/901',
];

type UrlLike = string | URL | Location;

function pathOf(url: UrlLike): string {
  return new URL(typeof url === 'string' ? url : url.href).pathname;
}

export function detectPage(url: UrlLike = location): DocketwisePage {
  const path = pathOf(url);
  for (const detector of detectors) {
    const match = detector.path.exec(path);
    if (!match) continue;
    const id = match[1] === undefined ? undefined : Number(match[1]);
    switch (detector.kind) {
      case 'contact':
      case 'contact-forms':
      case 'contact-files':
        if (id !== undefined) return { kind: detector.kind, contactId: id };
        break;
      case 'matter':
      case 'matter-forms':
      case 'matter-files':
        if (id !== undefined) return { kind: detector.kind, matterId: id };
        break;
      default:
        return { kind: detector.kind };
    }
  }
  return { kind: 'other' };
}

export const isContactPage = (url: UrlLike = location) => detectPage(url).kind === 'contact';
export const isMatterPage = (url: UrlLike = location) => detectPage(url).kind === 'matter';
export const isMatterFormsPage = (url: UrlLike = location) => detectPage(url).kind === 'matter-forms';

/** Pages that show a contact or matter edit form (new or existing). */
export function hasRecordForm(page: DocketwisePage): boolean {
  return page.kind === 'contact' || page.kind === 'contact-new' || page.kind === 'matter' || page.kind === 'matter-new';
}
