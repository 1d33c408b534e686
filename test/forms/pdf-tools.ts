/**
 * Real command-line PDF tools (qpdf, poppler) run on test output, so the checks do not rely on
 * pdf-lib reading back what pdf-lib wrote. Files go to a fresh temporary folder per call.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TOOL_TIMEOUT_MS = 20_000;

function withFile<T>(bytes: Uint8Array, use: (path: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'forms-test-'));
  try {
    const path = join(dir, 'in.pdf');
    writeFileSync(path, bytes);
    return use(path, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `qpdf --check`: exit code and output. qpdf exits 0 when clean, 3 on warnings, 2 on errors. */
export function qpdfCheck(bytes: Uint8Array): { status: number | null; output: string } {
  return withFile(bytes, (path) => {
    const run = spawnSync('qpdf', ['--check', path], { encoding: 'utf8', timeout: TOOL_TIMEOUT_MS });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  });
}

export interface QpdfJsonField {
  fullname: string;
  value: unknown;
  pageposfrom1: number;
  ischeckbox: boolean;
}

export interface QpdfJsonOutline {
  title: string;
  destpageposfrom1: number;
  kids: QpdfJsonOutline[];
}

export function qpdfJson(bytes: Uint8Array): { acroform: { fields: QpdfJsonField[] }; outlines: QpdfJsonOutline[]; pages: unknown[] } {
  return withFile(bytes, (path) =>
    JSON.parse(execFileSync('qpdf', ['--json=2', '--json-key=acroform', '--json-key=outlines', '--json-key=pages', path], { encoding: 'utf8', timeout: TOOL_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 })),
  );
}

export function pdfToText(bytes: Uint8Array): string {
  return withFile(bytes, (path) => execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8', timeout: TOOL_TIMEOUT_MS }));
}

/** Renders every page to PNG at a low resolution and returns how many files pdftoppm wrote. */
export function renderedPngCount(bytes: Uint8Array): number {
  return withFile(bytes, (path, dir) => {
    execFileSync('pdftoppm', ['-r', '20', '-png', path, join(dir, 'page')], { timeout: TOOL_TIMEOUT_MS });
    return readdirSync(dir).filter((name) => name.endsWith('.png')).length;
  });
}

/** One page rendered to 8-bit grey (PGM), for looking at pixels. */
export interface GreyPage {
  width: number;
  height: number;
  dpi: number;
  pixel(x: number, y: number): number;
}

export function renderGrey(bytes: Uint8Array, pageFrom1: number, dpi: number): GreyPage {
  return withFile(bytes, (path, dir) => {
    execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-f', String(pageFrom1), '-l', String(pageFrom1), '-singlefile', path, join(dir, 'page')], { timeout: TOOL_TIMEOUT_MS });
    const data = readFileSync(join(dir, 'page.pgm'));
    // Binary PGM: "P5\n<w> <h>\n<max>\n" then one byte per pixel.
    const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 50).toString('latin1'));
    if (header === null) throw new Error('pdftoppm did not write a binary PGM');
    const [, w, h] = header.map(Number) as [number, number, number];
    const offset = header[0].length;
    return { width: w, height: h, dpi, pixel: (x, y) => data[offset + y * w + x] ?? 255 };
  });
}

/** Dark pixels inside a PDF-space rectangle (points, origin bottom-left) of a rendered page. */
export function darkPixelsIn(page: GreyPage, rect: { x: number; y: number; width: number; height: number }, pageHeightPt: number): number {
  const k = page.dpi / 72;
  const x0 = Math.ceil(rect.x * k);
  const x1 = Math.floor((rect.x + rect.width) * k);
  const y0 = Math.ceil((pageHeightPt - rect.y - rect.height) * k);
  const y1 = Math.floor((pageHeightPt - rect.y) * k);
  let dark = 0;
  for (let y = y0; y < y1; y += 1) for (let x = x0; x < x1; x += 1) if (page.pixel(x, y) < 128) dark += 1;
  return dark;
}

/** Encrypts a PDF with qpdf (AES-256, a user password), for the "password-protected" case. */
export function encrypt(bytes: Uint8Array): Uint8Array {
  return withFile(bytes, (path, dir) => {
    const out = join(dir, 'locked.pdf');
    execFileSync('qpdf', ['--encrypt', 'user-pw', 'owner-pw', '256', '--', path, out], { timeout: TOOL_TIMEOUT_MS });
    return new Uint8Array(readFileSync(out));
  });
}

/** First page as PNG or JPEG bytes (a "scanned document" item). */
export function pageImage(bytes: Uint8Array, format: 'png' | 'jpeg'): Uint8Array {
  return withFile(bytes, (path, dir) => {
    execFileSync('pdftoppm', ['-r', '30', `-${format}`, '-f', '1', '-l', '1', '-singlefile', path, join(dir, 'img')], { timeout: TOOL_TIMEOUT_MS });
    return new Uint8Array(readFileSync(join(dir, format === 'png' ? 'img.png' : 'img.jpg')));
  });
}
