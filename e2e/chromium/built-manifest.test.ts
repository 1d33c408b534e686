import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import allowlist from '../../src/config/permissions-allowlist.json';
import { builtExtension } from '../support/paths';

interface BuiltManifest {
  manifest_version: number;
  permissions?: string[];
  host_permissions?: string[];
  content_scripts?: Array<{ matches: string[] }>;
  browser_specific_settings?: { gecko?: { id?: string } };
}

function readManifest(folder: 'chrome-mv3' | 'firefox-mv3'): BuiltManifest {
  return JSON.parse(readFileSync(path.join(builtExtension(folder), 'manifest.json'), 'utf8')) as BuiltManifest;
}

const sorted = (values: readonly string[] | undefined) => [...(values ?? [])].sort();

describe('the production builds ask only for the allow-listed permissions', () => {
  for (const folder of ['chrome-mv3', 'firefox-mv3'] as const) {
    it(`${folder}`, () => {
      const manifest = readManifest(folder);
      expect(manifest.manifest_version).toBe(3);
      expect(sorted(manifest.permissions)).toEqual(sorted(allowlist.permissions));
      expect(sorted(manifest.host_permissions)).toEqual(sorted(allowlist.host_permissions));
      const matches = new Set((manifest.content_scripts ?? []).flatMap((script) => script.matches));
      expect(sorted([...matches])).toEqual(sorted(allowlist.content_script_matches));
    });
  }

  it('the Firefox build carries its gecko id', () => {
    expect(readManifest('firefox-mv3').browser_specific_settings?.gecko?.id).toBeTruthy();
  });
});
