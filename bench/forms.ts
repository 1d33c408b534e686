/**
 * Form package benchmark: 8 forms × 12 pages (96 pages) built editable and flattened, next to
 * `qpdf --empty --pages … -- out.pdf` merging the same inputs (a plain merge: no bookmarks,
 * no per-item field renaming, no flattening — the floor for "just concatenate").
 *
 *   npx tsx bench/forms.ts                       # defaults below
 *   node --expose-gc --import tsx bench/forms.ts # cleaner heap baseline (gc() before each run)
 *
 * Sizes via env: FORMS_BENCH_FORMS (8), FORMS_BENCH_PAGES (12), FORMS_BENCH_RUNS (5).
 * Peak heap = highest `heapUsed` sampled every 2 ms during a build, minus the heap just before
 * it; the build yields between items and while saving, so the sampler does get turns. With
 * --expose-gc it comes from one extra run started after a full GC (timed runs never force a GC:
 * that slows V8 down several times); without, it is the largest of the timed runs.
 * Wall times on a shared machine swing with its load; `cpu ms` (this process's CPU time) is the
 * steadier figure to compare.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import { formValuesFor, generateFormPdf, type FormPerson } from '../sandbox/pdf/form-pdf';
import { buildPackage } from '../src/forms/build-package';

const FORM_NAMES = ['I-130', 'I-130A', 'I-485', 'I-765', 'I-131', 'I-864', 'G-28', 'N-400', 'I-129', 'I-90'];

const PEOPLE: FormPerson[] = [
  { firstName: 'Maria', lastName: 'Gonzalez', email: 'maria@example.com', street: '12 Main Street', unitNumber: '4B', unitType: 'apt', city: 'Austin', state: 'TX', zip: '78701', phone: '5125550100' },
  { firstName: 'Jose', lastName: 'Perez', email: 'jose@example.com', street: '400 Congress Avenue', unitNumber: '200', unitType: 'ste', city: 'Houston', state: 'TX', zip: '77002', phone: '7135550199' },
];

export interface FormsBenchOptions {
  forms?: number;
  pagesPerForm?: number;
  runs?: number;
}

export interface ModeResult {
  /** Wall time. On a shared, loaded machine compare `cpuMedianMs` too. */
  medianMs: number;
  /** CPU time of this process (user + system; includes GC threads). */
  cpuMedianMs: number;
  minMs: number;
  maxMs: number;
  peakHeapMb: number;
  bytes: number;
  pages: number;
  qpdfCheckOk: boolean;
}

export interface FormsBenchResult {
  forms: number;
  pagesPerForm: number;
  totalPages: number;
  runs: number;
  inputBytes: number;
  generator12PageMedianMs: number;
  generator12PageCpuMedianMs: number;
  editable: ModeResult;
  flattened: ModeResult;
  qpdf: { version: string; medianMs: number; cpuMedianMs: number; bytes: number; pages: number } | { version: null; error: string };
  gcExposed: boolean;
}

const envNumber = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
};

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) gc();
}

/** Runs `work` while sampling heapUsed; returns its result, wall time and peak heap growth. */
async function measured<T>(work: () => Promise<T>, cleanHeap = false): Promise<{ result: T; ms: number; cpuMs: number; peakHeapBytes: number }> {
  // A forced full GC also throws away V8's warm state and slows the next run several times,
  // so only the separate heap run asks for it.
  if (cleanHeap) collectGarbage();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 2);
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  try {
    const result = await work();
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuStart);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return { result, ms, cpuMs: (cpu.user + cpu.system) / 1000, peakHeapBytes: peak - baseline };
  } finally {
    clearInterval(sampler);
  }
}

function qpdfCheckOk(path: string): boolean {
  try {
    execFileSync('qpdf', ['--check', path], { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch (error) {
    // qpdf exits non-zero on warnings or errors; the table shows it rather than aborting.
    return error === null;
  }
}

export async function runFormsBench(options: FormsBenchOptions = {}): Promise<FormsBenchResult> {
  const forms = options.forms ?? envNumber('FORMS_BENCH_FORMS', 8);
  const pagesPerForm = options.pagesPerForm ?? envNumber('FORMS_BENCH_PAGES', 12);
  const runs = options.runs ?? envNumber('FORMS_BENCH_RUNS', 5);
  const dir = mkdtempSync(join(tmpdir(), 'forms-bench-'));
  try {
    const items: { title: string; bytes: Uint8Array }[] = [];
    for (let index = 0; index < forms; index += 1) {
      const title = FORM_NAMES[index % FORM_NAMES.length] ?? `Form ${index + 1}`;
      const person = PEOPLE[index % PEOPLE.length] as FormPerson;
      items.push({ title, bytes: await generateFormPdf({ formName: title, pageCount: pagesPerForm, values: formValuesFor(title, person) }) });
    }
    const inputPaths = items.map((item, index) => {
      const path = join(dir, `in-${index + 1}.pdf`);
      writeFileSync(path, item.bytes);
      return path;
    });

    const generatorTimes: number[] = [];
    const generatorCpu: number[] = [];
    const sample = PEOPLE[0] as FormPerson;
    for (let run = 0; run < runs + 1; run += 1) {
      const { ms, cpuMs } = await measured(() => generateFormPdf({ formName: 'I-130', pageCount: 12, values: formValuesFor('I-130', sample) }));
      // The first run warms the JIT.
      if (run > 0) {
        generatorTimes.push(ms);
        generatorCpu.push(cpuMs);
      }
    }

    const metadata = { title: 'Bench package', author: 'bench', subject: 'bench', creationDate: new Date(Date.UTC(2026, 0, 1)) };
    const modes: Record<'editable' | 'flattened', ModeResult> = {} as Record<'editable' | 'flattened', ModeResult>;
    for (const mode of ['editable', 'flattened'] as const) {
      await buildPackage({ items, editable: mode === 'editable', metadata }); // warm-up
      const times: number[] = [];
      const cpuTimes: number[] = [];
      let peak = 0;
      let last: { bytes: Uint8Array; pageCount: number } = { bytes: new Uint8Array(), pageCount: 0 };
      for (let run = 0; run < runs; run += 1) {
        const { result, ms, cpuMs, peakHeapBytes } = await measured(() => buildPackage({ items, editable: mode === 'editable', metadata }));
        times.push(ms);
        cpuTimes.push(cpuMs);
        peak = Math.max(peak, peakHeapBytes);
        last = result;
      }
      if (typeof (globalThis as { gc?: unknown }).gc === 'function') {
        // One more run for the heap only, from a collected baseline.
        peak = (await measured(() => buildPackage({ items, editable: mode === 'editable', metadata }), true)).peakHeapBytes;
      }
      const outPath = join(dir, `${mode}.pdf`);
      writeFileSync(outPath, last.bytes);
      const pages = (await PDFDocument.load(last.bytes)).getPageCount();
      modes[mode] = {
        medianMs: round(median(times)),
        cpuMedianMs: round(median(cpuTimes)),
        minMs: round(Math.min(...times)),
        maxMs: round(Math.max(...times)),
        peakHeapMb: round(peak / 1024 / 1024),
        bytes: last.bytes.length,
        pages,
        qpdfCheckOk: qpdfCheckOk(outPath),
      };
    }

    let qpdf: FormsBenchResult['qpdf'];
    try {
      const version = execFileSync('qpdf', ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? 'qpdf';
      const outPath = join(dir, 'qpdf.pdf');
      const times: number[] = [];
      const cpuTimes: number[] = [];
      for (let run = 0; run < runs; run += 1) {
        const started = performance.now();
        // bash's `time` reports the child's own CPU seconds (user, system).
        const timing = execFileSync(
          'bash',
          ['-c', 'TIMEFORMAT="%3U %3S"; { time qpdf "$@" >/dev/null 2>&1; } 2>&1', 'bash', '--empty', '--pages', ...inputPaths, '--', outPath],
          { encoding: 'utf8', timeout: 120_000 },
        );
        times.push(performance.now() - started);
        const [user = 0, system = 0] = timing.trim().split(/\s+/).map(Number);
        cpuTimes.push((user + system) * 1000);
      }
      const pages = (await PDFDocument.load(readFileSync(outPath))).getPageCount();
      qpdf = { version, medianMs: round(median(times)), cpuMedianMs: round(median(cpuTimes)), bytes: statSync(outPath).size, pages };
    } catch (error) {
      qpdf = { version: null, error: error instanceof Error ? error.message : String(error) };
    }

    return {
      forms,
      pagesPerForm,
      totalPages: forms * pagesPerForm,
      runs,
      inputBytes: items.reduce((sum, item) => sum + item.bytes.length, 0),
      generator12PageMedianMs: round(median(generatorTimes)),
      generator12PageCpuMedianMs: round(median(generatorCpu)),
      editable: modes.editable,
      flattened: modes.flattened,
      qpdf,
      gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printTable(result: FormsBenchResult): void {
  const kb = (bytes: number): string => `${round(bytes / 1024)} KiB`;
  console.log(
    `Form packages: ${result.forms} forms × ${result.pagesPerForm} pages = ${result.totalPages} pages, ` +
      `${result.runs} runs each, inputs ${kb(result.inputBytes)}${result.gcExposed ? '' : ' (run with --expose-gc for a cleaner heap baseline)'}`,
  );
  console.log(`Generator: 12-page form, median ${result.generator12PageMedianMs} ms wall, ${result.generator12PageCpuMedianMs} ms CPU`);
  const rows: Record<string, Record<string, string | number | boolean>> = {};
  for (const mode of ['editable', 'flattened'] as const) {
    const row = result[mode];
    rows[`buildPackage ${mode}`] = {
      'median ms': row.medianMs,
      'cpu ms': row.cpuMedianMs,
      'min ms': row.minMs,
      'max ms': row.maxMs,
      'peak heap MiB': row.peakHeapMb,
      size: kb(row.bytes),
      pages: row.pages,
      'qpdf --check': row.qpdfCheckOk,
    };
  }
  if (result.qpdf.version !== null) {
    rows[`qpdf --empty --pages (${result.qpdf.version})`] = {
      'median ms': result.qpdf.medianMs,
      'cpu ms': result.qpdf.cpuMedianMs,
      'min ms': '',
      'max ms': '',
      'peak heap MiB': '(separate process)',
      size: kb(result.qpdf.bytes),
      pages: result.qpdf.pages,
      'qpdf --check': '',
    };
  } else {
    console.log(`qpdf not run: ${result.qpdf.error}`);
  }
  console.table(rows);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runFormsBench();
  printTable(result);
  console.log(JSON.stringify(result));
}
