/**
 * Random values for the OAuth flow: the single-use `state` and the PKCE pair (RFC 7636, S256).
 * Uses the Web Crypto API, which exists in the service worker, extension pages and Node 20.
 */

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** `byteLength` random bytes, base64url-encoded (32 bytes → 43 characters, 256 bits). */
export function randomUrlSafe(byteLength = 32): string {
  const bytes = new Uint8Array(byteLength);
  crypto.getRandomValues(bytes);
  return base64Url(bytes);
}

/** The S256 challenge of a verifier: BASE64URL(SHA-256(ASCII(verifier))). */
export async function s256Challenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

export interface PkcePair {
  verifier: string;
  challenge: string;
}

/** A fresh verifier (43 characters from the unreserved set, as RFC 7636 §4.1 requires). */
export async function createPkcePair(): Promise<PkcePair> {
  const verifier = randomUrlSafe(32);
  return { verifier, challenge: await s256Challenge(verifier) };
}
