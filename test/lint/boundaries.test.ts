import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The import-boundary rules are only worth having if they fire: lint small snippets as if
// they lived in the guarded folders and check the right rule reports them.
const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? 'parse-error');
}

describe('import boundaries', () => {
  it('src/core may not import IndexedDB or browser code', async () => {
    expect(await ruleIds("import { openDB } from 'idb';\nexport const x = openDB;\n", 'src/core/x.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { browser } from 'wxt/browser';\nexport const x = browser;\n", 'src/core/x.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { openStore } from '../store/db';\nexport const x = openStore;\n", 'src/core/x.ts')).toContain('no-restricted-imports');
  });

  it('src/core may not call fetch or the browser global', async () => {
    expect(await ruleIds("export const x = () => fetch('https://x');\n", 'src/core/x.ts')).toContain('no-restricted-globals');
    expect(await ruleIds('export const x = () => browser.runtime.id;\n', 'src/core/x.ts')).toContain('no-restricted-globals');
  });

  it('components may not import connectors, store or hooks', async () => {
    expect(await ruleIds("import { x } from '../../connectors/mycase/client';\nexport const y = x;\n", 'src/ui/components/y.tsx')).toContain('no-restricted-imports');
    expect(await ruleIds("import { x } from '../../store/db';\nexport const y = x;\n", 'src/ui/components/y.tsx')).toContain('no-restricted-imports');
    expect(await ruleIds("import { x } from '../hooks/use-background';\nexport const y = x;\n", 'src/ui/components/y.tsx')).toContain('no-restricted-imports');
  });

  it('allows pure code in src/core', async () => {
    expect(await ruleIds("import type { Side } from './types';\nexport const s: Side = 'mycase';\n", 'src/core/x.ts')).toEqual([]);
  });

  it('forbids empty catch blocks and explicit any everywhere', async () => {
    expect(await ruleIds('try { JSON.parse("x"); } catch { }\n', 'src/sync/x.ts')).toContain('no-empty');
    expect(await ruleIds('export const f = (v: any) => v;\n', 'src/sync/x.ts')).toContain('@typescript-eslint/no-explicit-any');
  });
});
