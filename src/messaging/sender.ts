/**
 * Who sent a message. The background accepts a message only from the extension's own pages or
 * from a content script in the top frame of a Docketwise tab; everything else is refused.
 */

/** The parts of `runtime.MessageSender` we rely on (Chrome and Firefox both fill these). */
export interface MessageSenderLike {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

export type SenderContext =
  | { kind: 'extension-page'; url: string }
  | { kind: 'docketwise-tab'; tabId: number; url: string };

export interface SenderPolicy {
  /** `runtime.id`. */
  extensionId: string;
  /** `runtime.getURL('')` without the trailing slash, e.g. `chrome-extension://abc`. */
  extensionOrigin: string;
  /** Match patterns of the Docketwise pages the content script runs on. */
  docketwiseMatches: readonly string[];
}

function parseUrl(value: string | undefined): URL | null {
  if (!value) return null;
  try {
    return new URL(value);
  } catch {
    // An unparsable sender URL can only be refused; there is nothing to log it against.
    return null;
  }
}

/**
 * Tests one URL against a WebExtension match pattern of the forms we use:
 * `scheme://host/*` or `scheme://*.host/*`. A pattern without a port matches any port, as
 * browsers do for 127.0.0.1 and localhost.
 */
export function matchesPattern(url: URL, pattern: string): boolean {
  const m = /^(https?|\*):\/\/([^/]+)\/(.*)$/.exec(pattern);
  if (!m) return false;
  const [, scheme, host] = m;
  if (scheme !== '*' && `${scheme}:` !== url.protocol) return false;
  if (scheme === '*' && url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (host === undefined) return false;
  if (host.startsWith('*.')) {
    const base = host.slice(2);
    return url.hostname === base || url.hostname.endsWith(`.${base}`);
  }
  return url.hostname === host;
}

/**
 * `scheme://host[:port]`, or null for URLs without a host (file:, data:, about:). Computed by
 * hand because `URL.origin` is the string "null" for non-special schemes such as
 * chrome-extension: and moz-extension: in some runtimes, which would make unrelated URLs equal.
 */
export function originOf(url: URL): string | null {
  if (!url.host) return null;
  return `${url.protocol}//${url.host}`;
}

export function classifySender(sender: MessageSenderLike, policy: SenderPolicy): SenderContext | null {
  if (sender.id !== policy.extensionId) return null;
  const url = parseUrl(sender.url);
  if (!url) return null;
  const origin = originOf(url);
  if (!origin) return null;
  const extensionUrl = parseUrl(`${policy.extensionOrigin}/`);
  const expectedOrigin = extensionUrl ? originOf(extensionUrl) : null;
  if (!expectedOrigin) return null;

  // Chrome also reports `origin`; when present it must agree with the URL.
  if (sender.origin !== undefined && sender.origin !== origin) return null;

  if (origin === expectedOrigin) {
    return { kind: 'extension-page', url: url.href };
  }

  const tabId = sender.tab?.id;
  if (tabId === undefined || tabId < 0) return null;
  // Only the top frame: an iframe inside a Docketwise page is not Docketwise.
  if (sender.frameId !== undefined && sender.frameId !== 0) return null;
  if (!policy.docketwiseMatches.some((pattern) => matchesPattern(url, pattern))) return null;
  return { kind: 'docketwise-tab', tabId, url: url.href };
}
