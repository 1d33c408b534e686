/**
 * The public key that pins the Chrome extension id, so that OAuth redirect URIs
 * (https://<id>.chromiumapp.org/…) and the broker's allowed origins can be registered ahead of
 * time (sync-anchors.md B3). Only the public half is here; no private key is needed to load the
 * unpacked build, and the Chrome Web Store signs store packages with its own key — when the
 * store item exists, replace this with the store's public key so both ids agree.
 */
export const CHROME_EXTENSION_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAskYOOCcTv6CykShAKV7G8MHzKQPYfYwPQlunCyhVvwSmVcdJWcn7z9JekO4CN9vodaSQH5W/0NW4xsHybaSrqz2YQ6UUclLFkLOAzZ9dIct2tHsI7wKdKqBYEZGkKPCQ/H+VXHKwwBO4EjNmS/kr/F6e5hmQH1paC+W0tsReo/t88ppZvFDSULgsD5QaFplUQuuJKer3egyo2/7aDyetOYAmPnaLdnrbTwRkdDqGzJgPD89vB2ryua4Yi3oSdE/GRRx8yH4QiFxTrubXi0LK5SyCwTpqBPqx8Oru2qFlxqZfwZx/RWfuCN4PVwROpDf/G2/iOZ9izgIwU8iLm7xxqwIDAQAB';

/** sha256(public key DER), first 32 hex digits written with the letters a–p. */
export const CHROME_EXTENSION_ID = 'dbekdbdnkheckhihnncakpkjjmeocgmj';
