/**
 * R24 end to end: in the sandbox's Docketwise matter page, choose three forms and a document,
 * Sync → the package appears in the linked MyCase case's documents with exactly the bytes the
 * background built (its sha256 is in the run log), a valid PDF with one bookmark per item.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, PDFDict, PDFName, StandardFonts } from 'pdf-lib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAccount, send, waitForRunFinished } from '../support/drive';
import { startWorld, type World } from '../support/world';
import { launchExtension, waitFor, type ExtensionSession } from './harness';

async function onePagePdf(text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([612, 792]);
  page.drawText(text, { x: 72, y: 700, size: 18, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save();
}

function outlineCount(doc: PDFDocument): number {
  const outlines = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  if (!outlines) return 0;
  let count = 0;
  let item = outlines.lookupMaybe(PDFName.of('First'), PDFDict);
  while (item && count < 100) {
    count += 1;
    item = item.lookupMaybe(PDFName.of('Next'), PDFDict);
  }
  return count;
}

describe('Sync Form to MyCase uploads the package (Chromium, sandbox)', () => {
  let world: World;
  let session: ExtensionSession;
  let options: Page;

  beforeAll(async () => {
    world = await startWorld({ demoFirm: true, contacts: 20, seed: 5, autoApprove: true });
    session = await launchExtension('chrome-mv3-sandbox');
    options = await session.openExtensionPage('options.html#setup');
    await connectAccount(session, options, 'docketwise', false);
    await connectAccount(session, options, 'mycase', false);
    const since = Date.now();
    await send(options, 'integration/activate', { mode: 'two-way' });
    await waitForRunFinished(options, since, 120_000);
  });

  afterAll(async () => {
    await session?.close();
    await world?.close();
  });

  it('R24 three forms and a document become one package in the linked MyCase case, byte for byte', async () => {
    const dw = world.sandbox.docketwise;
    const person = (dw.control.list('contacts') as { id: number; type: string; email: string | null }[]).find((c) => c.type === 'Person' && c.email);
    expect(person).toBeTruthy();
    // A matter created after activation is sent to MyCase and linked (R17).
    const matter = dw.control.write('matters', null, { title: 'Khan adjustment of status', description: 'AOS', client_id: person!.id }) as { id: number };
    for (const name of ['I-130', 'I-485', 'G-28']) dw.control.write('forms', null, { matter_id: matter.id, name });
    const token = dw.control.issueTokens().access_token;
    const docBytes = await onePagePdf('Birth certificate (translation)');
    const created = await fetch(`${dw.url}/api/v1/documents`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        document: { title: 'Birth certificate', filename: 'birth-certificate.pdf', base64_data: Buffer.from(docBytes).toString('base64'), matter_id: matter.id, client_id: person!.id },
      }),
    });
    expect(created.status).toBe(201);
    await send(options, 'docketwise/record-saved', { entity: 'matter', id: matter.id });
    const caseId = await waitFor(
      async () => (await send(options, 'forms/eligibility', { matterId: matter.id })).caseId,
      (id) => id !== null,
      60_000,
      'the matter to be linked to a MyCase case',
    );

    const page = await session.context.newPage();
    await page.goto(`${dw.url}/matters/${matter.id}/forms`);
    await page.locator('tr.forms-table__row').first().waitFor();
    const boxes = page.locator('input.forms-table__select');
    expect(await boxes.count()).toBe(3);
    for (let i = 0; i < 3; i += 1) await boxes.nth(i).check();
    await page.locator('button.bulk-actions__toggle').click();
    await page.getByRole('menuitem', { name: 'Sync Form to MyCase' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('checkbox', { name: /Birth certificate/ }).check();
    await dialog.getByRole('radio', { name: /Flattened/ }).check();
    await dialog.getByRole('button', { name: /^Sync/ }).click();
    await dialog.getByText(/saved to the MyCase case/).waitFor({ timeout: 60_000 });

    const docs = (world.sandbox.mycase.control.list('documents') as { id: number; filename: string; path: string; case: { id: number } | null }[]).filter(
      (d) => d.case?.id === caseId,
    );
    expect(docs).toHaveLength(1);
    const doc = docs[0]!;
    expect(doc.filename).toMatch(/^Khan adjustment of status - I-130, I-485, G-28 - \d{4}-\d{2}-\d{2}\.pdf$/);
    expect(doc.path.startsWith('Docketwise/')).toBe(true);
    const stored = world.sandbox.mycase.control.documentBytes(doc.id);
    expect(stored).not.toBeNull();

    // Exactly the bytes the background built: the run log records their sha256 (R28).
    const log = await send(options, 'log/query', { entity: 'matter', direction: 'push', limit: 20, offset: 0 });
    const entry = log.entries.find((e) => e.reason?.includes('Form package'));
    const logged = /sha256 ([0-9a-f]{64})/.exec(entry?.reason ?? '')?.[1];
    expect(logged).toMatch(/^[0-9a-f]{64}$/);
    expect(createHash('sha256').update(stored!).digest('hex')).toBe(logged);

    // A valid PDF: qpdf accepts it, four bookmarks (three forms and the document), no form fields left.
    const pdf = await PDFDocument.load(stored!);
    expect(outlineCount(pdf)).toBe(4);
    expect(pdf.getForm().getFields()).toHaveLength(0);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'dw-pkg-')), 'package.pdf');
    writeFileSync(file, stored!);
    execFileSync('qpdf', ['--check', file], { stdio: 'ignore' });
    await page.close();
  });
});
