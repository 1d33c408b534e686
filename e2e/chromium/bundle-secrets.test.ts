import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCKETWISE_SANDBOX_CLIENT, MYCASE_SANDBOX_CLIENT } from '../../sandbox/credentials';
import { builtExtension } from '../support/paths';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

// Client secrets belong to the token broker. The sandbox's secrets are the ones a build could
// plausibly pick up by mistake; a real secret given to the build through the environment is
// checked too when present.
const secrets = [
  MYCASE_SANDBOX_CLIENT.clientSecret,
  DOCKETWISE_SANDBOX_CLIENT.clientSecret,
  process.env.MYCASE_CLIENT_SECRET,
  process.env.DOCKETWISE_CLIENT_SECRET,
].filter((value): value is string => typeof value === 'string' && value.length >= 8);

describe('the built bundles contain no client secret and no private key', () => {
  for (const folder of ['chrome-mv3', 'firefox-mv3', 'chrome-mv3-sandbox', 'firefox-mv3-sandbox'] as const) {
    it(folder, () => {
      const files = filesUnder(builtExtension(folder));
      expect(files.length).toBeGreaterThan(3);
      for (const file of files) {
        const text = readFileSync(file, 'latin1');
        for (const secret of secrets) expect(text.includes(secret), `${secret} in ${file}`).toBe(false);
        expect(/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text), `private key in ${file}`).toBe(false);
      }
    });
  }
});
