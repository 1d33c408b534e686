/**
 * `npm run sandbox` (sandbox/cli.ts): prints exactly one line per server, serves the seeded demo
 * firm, and exits cleanly on SIGTERM.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let child: ChildProcessWithoutNullStreams | null = null;

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = null;
});

function waitForLines(proc: ChildProcessWithoutNullStreams, count: number, timeoutMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no ${count} lines after ${timeoutMs} ms; stdout=${out} stderr=${err}`)), timeoutMs);
    proc.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const lines = out.split('\n').filter(Boolean);
      if (lines.length >= count) {
        clearTimeout(timer);
        resolve(lines);
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}: ${err}`));
    });
  });
}

describe('sandbox CLI', () => {
  it('prints "mycase <url>" and "docketwise <url>", serves the seeded firm, and stops on SIGTERM', async () => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', '--seed', '5', '--contacts', '40'], {
      cwd: ROOT,
      env: { ...process.env, MYCASE_PORT: '0', DOCKETWISE_PORT: '0' },
    });
    child = proc;
    const lines = await waitForLines(proc, 2, 30_000);
    expect(lines).toHaveLength(2);
    const [mcLine, dwLine] = lines;
    expect(mcLine).toMatch(/^mycase http:\/\/127\.0\.0\.1:\d+$/);
    expect(dwLine).toMatch(/^docketwise http:\/\/127\.0\.0\.1:\d+$/);
    const mc = (mcLine ?? '').split(' ')[1] ?? '';
    const dw = (dwLine ?? '').split(' ')[1] ?? '';
    const clients = (await (await fetch(`${mc}/__sandbox/records/clients`)).json()) as unknown[];
    expect(clients).toHaveLength(40);
    const contacts = (await (await fetch(`${dw}/__sandbox/records/contacts`)).json()) as unknown[];
    expect(contacts.length).toBeGreaterThanOrEqual(40);
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
