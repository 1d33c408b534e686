/**
 * The manifest, computed from the target browser and environment. Kept out of wxt.config.ts
 * so that test/manifest/permissions.test.ts can compare the production permissions with the
 * allow-list in src/config/permissions-allowlist.json: a change to either needs both.
 */
import { endpointsFor, type TargetEnv } from './endpoints';
import { CHROME_EXTENSION_PUBLIC_KEY } from './extension-key';

export interface ManifestInput {
  browser: string;
  target: TargetEnv;
}

/** `sandbox` builds point at the loopback sandbox; everything else is production. */
export function targetEnvFromProcess(): TargetEnv {
  // Also bundled into the content script (its `matches` are computed from this at build time),
  // where `process` does not exist: there the answer is unused, so fall back quietly.
  if (typeof process === 'undefined') return 'production';
  return process.env.WXT_TARGET_ENV === 'sandbox' ? 'sandbox' : 'production';
}

export const GECKO_ID = 'docketwise-mycase-sync@dw-mycase-sync.app';

/** The host of the presigned upload URLs MyCase hands out (S3, per mycase-api.md §2.4). */
export const MYCASE_UPLOAD_HOST_PATTERN = 'https://*.s3.amazonaws.com/*';

const LOOPBACK_PATTERNS = ['http://127.0.0.1/*', 'http://localhost/*'];

function originPattern(url: string): string {
  return `${new URL(url).origin}/*`;
}

export function docketwiseMatches(target: TargetEnv): string[] {
  const production = [originPattern(endpointsFor('production').docketwise)];
  return target === 'sandbox' ? [...production, ...LOOPBACK_PATTERNS] : production;
}

export function hostPermissions(target: TargetEnv): string[] {
  if (target === 'sandbox') return [...LOOPBACK_PATTERNS];
  const e = endpointsFor('production');
  // The broker is reached through CORS (it answers only our extension origins), so it needs
  // no host permission; MyCase's auth host is fetched only in direct mode (own credentials).
  return [
    originPattern(e.docketwise),
    originPattern(e.mycaseApi),
    originPattern(e.mycaseAuth),
    MYCASE_UPLOAD_HOST_PATTERN,
  ];
}

export const PERMISSIONS = ['storage', 'alarms', 'identity', 'notifications'] as const;

export function buildManifest({ browser, target }: ManifestInput) {
  return {
    name: target === 'sandbox' ? 'Docketwise ⇄ MyCase Sync (sandbox)' : 'Docketwise ⇄ MyCase Sync',
    description:
      'Keeps Docketwise and MyCase contacts and matters in step, and sends Docketwise form packages to MyCase.',
    permissions: [...PERMISSIONS],
    host_permissions: hostPermissions(target),
    content_security_policy:
      browser === 'firefox'
        ? undefined
        : { extension_pages: "script-src 'self'; object-src 'self'" },
    ...(browser !== 'firefox' && { key: CHROME_EXTENSION_PUBLIC_KEY }),
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: {
          id: GECKO_ID,
          strict_min_version: '140.0',
          data_collection_permissions: { required: ['authenticationInfo'] },
        },
      },
    }),
  };
}
