/**
 * `npm run sandbox`: both simulated products on 127.0.0.1 with the demo firm, one line per
 * server on stdout (`mycase <url>`, `docketwise <url>`), until SIGINT/SIGTERM.
 *   --seed N      PRNG seed (default 1)   --contacts K   people per side (default 300)
 *   Ports: MYCASE_PORT (4010), DOCKETWISE_PORT (4020); 0 picks free ports.
 */
import { parseArgs } from 'node:util';
import { startSandbox } from './index';

function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return Number.parseInt(value, 10);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { seed: { type: 'string' }, contacts: { type: 'string' }, empty: { type: 'boolean' } },
    strict: true,
  });
  const sandbox = await startSandbox({
    host: '127.0.0.1',
    mycasePort: intOption(process.env.MYCASE_PORT, 'MYCASE_PORT', 4010),
    docketwisePort: intOption(process.env.DOCKETWISE_PORT, 'DOCKETWISE_PORT', 4020),
    seed: intOption(values.seed, '--seed', 1),
    contacts: intOption(values.contacts, '--contacts', 300),
    demoFirm: !values.empty,
  });
  process.stdout.write(`mycase ${sandbox.mycase.url}\ndocketwise ${sandbox.docketwise.url}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`sandbox: close failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
