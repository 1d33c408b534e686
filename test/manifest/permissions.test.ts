import { describe, expect, it } from 'vitest';
import allowlist from '../../src/config/permissions-allowlist.json';
import { buildManifest, docketwiseMatches, hostPermissions } from '../../src/config/manifest';

const sorted = (values: readonly string[]) => [...values].sort();

describe('production manifest permissions', () => {
  for (const browser of ['chrome', 'firefox']) {
    it(`${browser}: asks for exactly the allow-listed permissions`, () => {
      const manifest = buildManifest({ browser, target: 'production' });
      expect(sorted(manifest.permissions)).toEqual(sorted(allowlist.permissions));
      expect(sorted(manifest.host_permissions)).toEqual(sorted(allowlist.host_permissions));
    });
  }

  it('runs the content script only on the Docketwise app in production', () => {
    expect(sorted(docketwiseMatches('production'))).toEqual(sorted(allowlist.content_script_matches));
  });

  it('never asks for broad or unneeded powers', () => {
    const all = [...hostPermissions('production'), ...buildManifest({ browser: 'chrome', target: 'production' }).permissions];
    for (const forbidden of ['<all_urls>', '*://*/*', 'tabs', 'cookies', 'webRequest', 'scripting', 'http://127.0.0.1/*']) {
      expect(all).not.toContain(forbidden);
    }
  });

  it('gives the Firefox build a stable gecko id', () => {
    const manifest = buildManifest({ browser: 'firefox', target: 'production' });
    expect(manifest.browser_specific_settings?.gecko.id).toMatch(/@/);
  });

  it('lets only the sandbox build reach loopback', () => {
    expect(hostPermissions('sandbox')).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
    expect(docketwiseMatches('sandbox')).toContain('http://127.0.0.1/*');
  });
});

describe('extension id', () => {
  it('pins the Chrome id with the public key, so redirect URIs and broker origins can be registered', async () => {
    const { createHash } = await import('node:crypto');
    const { CHROME_EXTENSION_ID, CHROME_EXTENSION_PUBLIC_KEY } = await import('../../src/config/extension-key');
    const digest = createHash('sha256').update(Buffer.from(CHROME_EXTENSION_PUBLIC_KEY, 'base64')).digest('hex').slice(0, 32);
    const id = [...digest].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
    expect(id).toBe(CHROME_EXTENSION_ID);
    expect(buildManifest({ browser: 'chrome', target: 'production' }).key).toBe(CHROME_EXTENSION_PUBLIC_KEY);
  });
});
