// Adds up every suite of `npm test` (vitest JSON reports plus single-check steps) and prints
// one closing line, `N passed, N failed`, which is what CI reads.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? 'test-results';
let passed = 0;
let failed = 0;
const rows = [];

for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const report = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  // A file that failed to load counts as a failure even if it declared no tests.
  const brokenFiles = (report.testResults ?? []).filter((r) => r.status === 'failed' && (r.assertionResults ?? []).length === 0).length;
  const pending = report.numPendingTests + report.numTodoTests;
  passed += report.numPassedTests;
  failed += report.numFailedTests + brokenFiles + pending;
  rows.push(`${path.basename(file, '.json')}: ${report.numPassedTests} passed, ${report.numFailedTests + brokenFiles} failed${pending ? `, ${pending} skipped (counted as failed)` : ''}`);
}

const stepsFile = path.join(dir, 'steps.tsv');
if (existsSync(stepsFile)) {
  for (const line of readFileSync(stepsFile, 'utf8').split('\n').filter(Boolean)) {
    const [name, outcome, seconds] = line.split('\t');
    if (outcome === 'pass') passed += 1;
    else failed += 1;
    rows.push(`${name}: ${outcome} (${seconds}s)`);
  }
}

console.log('\n=== summary');
for (const row of rows) console.log(`  ${row}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
