/** RFC 8288 `Link` header: the URL of the link with the given rel, or null. */
export function linkUrl(header: string | null, rel: string): string | null {
  if (!header) return null;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!match) continue;
    const [, url, params] = match;
    const rels = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(params ?? '')?.[1]?.split(/\s+/) ?? [];
    if (url !== undefined && rels.some((r) => r.toLowerCase() === rel)) return url;
  }
  return null;
}
