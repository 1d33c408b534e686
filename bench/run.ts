/**
 * `npm run bench`: the sync benchmarks — on the in-process sandbox with the real clients, and the
 * engine alone over fake sides — (request counts against their lower bound, CPU, wall time
 * and the wall time under the real rate limits, peak heap) and the form-package benchmark, one
 * after the other, and the planning CPU alone (bench/planning.ts). Prints the tables and writes
 * bench/results.json. Not a test: nothing here passes or fails. Sizes: BENCH_SIZE (sync, default 10,000), FORMS_BENCH_FORMS / _PAGES / _RUNS.
 */
import { writeFileSync } from 'node:fs';
import { printTable, runFormsBench } from './forms';
import { runPlanningBench } from './planning';
import { runSandboxSyncBench } from './sync-sandbox';
import { runSyncBench } from './sync';

const sandbox = await runSandboxSyncBench();
console.log(`\nSync on the in-process sandbox (real clients over loopback HTTP, virtual clock), ${sandbox.size} people per side`);
console.table(sandbox.rows.map(({ mcByRoute: _mc, dwByRoute: _dw, ...row }) => row));
for (const row of sandbox.rows) console.log(`  ${row.workload}:`, { mycase: row.mcByRoute, docketwise: row.dwByRoute });

const planning = runPlanningBench();
console.log(`\nPlanning alone (pure src/core: match keys, planner, field merge), ${planning.size} people per side`);
console.table(planning.rows);

const sync = await runSyncBench();
console.log(`\nSync engine alone (in-memory fake sides), ${sync.size} people per side`);
console.table(sync.rows);

console.log('\nForm packages');
const forms = await runFormsBench();
printTable(forms);

writeFileSync(
  new URL('./results.json', import.meta.url),
  `${JSON.stringify({ at: new Date().toISOString(), node: process.version, sandbox, planning, sync, forms }, null, 2)}\n`,
);
console.log('\nWrote bench/results.json');
