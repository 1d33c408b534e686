/**
 * The sandbox's OAuth clients. These are sandbox-only values, known to every test and to the
 * sandbox build of the extension's broker; no real secret ever lives here.
 */

export interface OAuthClientCredentials {
  clientId: string;
  clientSecret: string;
}

export const MYCASE_SANDBOX_CLIENT: OAuthClientCredentials = {
  clientId: 'mycase-sandbox-client',
  clientSecret: 'mycase-sandbox-secret',
};

export const DOCKETWISE_SANDBOX_CLIENT: OAuthClientCredentials = {
  clientId: 'docketwise-sandbox-client',
  clientSecret: 'docketwise-sandbox-secret',
};

/**
 * Redirect URIs the sandbox accepts (the real products accept only the one registered by their
 * support teams): the two browsers' extension identity URLs and loopback for tests.
 */
const REDIRECT_URI_PATTERNS: readonly RegExp[] = [
  /^https:\/\/[a-z0-9-]+\.chromiumapp\.org\//,
  /^https:\/\/[a-z0-9-]+\.extensions\.allizom\.org\//,
  /^http:\/\/127\.0\.0\.1:\d{1,5}\//,
];

export function isAcceptedRedirectUri(uri: string): boolean {
  return REDIRECT_URI_PATTERNS.some((pattern) => pattern.test(uri));
}
