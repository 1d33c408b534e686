/**
 * The matter's documents (its Files tab) for the dialog. The Forms tab does not show them, so we
 * ask the web app the way its own Files tab does: `GET /app-api/matters/:id/documents`,
 * same origin, with the user's session cookie (no token: the content script holds none). Each
 * record goes through zod; one that does not fit is reported by name and field and skipped.
 */
import { z } from 'zod';
import { BadPageDataError } from '../../docketwise-site/errors';

const documentSchema = z.object({
  id: z.number().int().positive(),
  title: z.string().nullish(),
  filename: z.string().nullish(),
  archived: z.boolean().optional(),
});

export interface MatterDocument {
  id: number;
  name: string;
}

export interface MatterDocumentsReading {
  documents: MatterDocument[];
  problems: BadPageDataError[];
}

/** The reply was not a list, or the request failed: the dialog says so and offers the forms. */
export class DocumentsUnavailableError extends Error {
  constructor(readonly matterId: number, detail: string) {
    super(`The documents of matter ${matterId} could not be loaded: ${detail}`);
    this.name = 'DocumentsUnavailableError';
  }
}

export type DocumentsLoader = (matterId: number, signal: AbortSignal) => Promise<MatterDocumentsReading>;

export function parseMatterDocuments(matterId: number, body: unknown): MatterDocumentsReading {
  if (!Array.isArray(body)) throw new DocumentsUnavailableError(matterId, 'the reply is not a list');
  const documents: MatterDocument[] = [];
  const problems: BadPageDataError[] = [];
  body.forEach((raw: unknown, index) => {
    const parsed = documentSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const id = typeof raw === 'object' && raw !== null && 'id' in raw ? String(raw.id) : `#${index + 1}`;
      problems.push(new BadPageDataError(`document ${id}`, issue?.path.join('.') || 'record', issue?.message ?? 'is invalid'));
      return;
    }
    // Archived files are not offered: the Files tab does not show them either.
    if (parsed.data.archived) return;
    const name = parsed.data.title?.trim() || parsed.data.filename?.trim() || `Document ${parsed.data.id}`;
    documents.push({ id: parsed.data.id, name: name.slice(0, 300) });
  });
  return { documents, problems };
}

/**
 * Firefox runs a content script's own `fetch` with the extension's principal; `content.fetch`
 * is the page's, so the request is same-origin and carries the session like the app's own.
 * Chromium has no `content`: its content-script `fetch` already behaves as the page's.
 */
function pageFetch(): typeof fetch {
  const page = (globalThis as { content?: { fetch?: typeof fetch } }).content;
  return typeof page?.fetch === 'function' ? page.fetch.bind(page) : fetch;
}

/** The loader the feature uses in the page: same-origin fetch with the page's cookies. */
export const fetchMatterDocuments: DocumentsLoader = async (matterId, signal) => {
  let response: Response;
  try {
    response = await pageFetch()(`/app-api/matters/${matterId}/documents`, {
      credentials: 'include',
      headers: { Accept: 'application/json' },
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new DocumentsUnavailableError(matterId, error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) throw new DocumentsUnavailableError(matterId, `Docketwise answered ${response.status}`);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    // The body's own parse error says nothing a user can act on; the status line does.
    throw new DocumentsUnavailableError(matterId, 'the reply is not JSON');
  }
  return parseMatterDocuments(matterId, body);
};
