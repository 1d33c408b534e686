import { existsSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** A built extension folder, or a clear error saying which build command makes it. */
export function builtExtension(folder: 'chrome-mv3' | 'chrome-mv3-sandbox' | 'firefox-mv3' | 'firefox-mv3-sandbox'): string {
  const dir = path.join(ROOT, '.output', folder);
  if (!existsSync(path.join(dir, 'manifest.json'))) {
    const command = folder.endsWith('sandbox') ? 'npm run build:sandbox' : folder.startsWith('chrome') ? 'npm run build' : 'npm run build:firefox';
    throw new Error(`${dir} is missing: run \`${command}\` first (npm test does).`);
  }
  return dir;
}
