import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuthRequiredError, TransientError } from '../../src/core/errors';
import { runPackageJob, type PackageJobItem, type PackageProgress } from '../../src/forms/package-job';
import { FakeDocumentsApi } from './fake-documents-api';
import { JOSE, MARIA, makeForm, type FormFixture } from './fixtures';
import { pdfToText, qpdfCheck } from './pdf-tools';

interface Item extends PackageJobItem {
  id: number;
}

let library: Map<number, FormFixture>;
const chosen: Item[] = [
  { id: 1, title: 'I-130', kind: 'form' },
  { id: 2, title: 'I-485', kind: 'form' },
  { id: 3, title: 'G-28', kind: 'form' },
];

beforeAll(async () => {
  library = new Map([
    [1, await makeForm('I-130', 3, MARIA)],
    [2, await makeForm('I-485', 4, JOSE)],
    [3, await makeForm('G-28', 2, MARIA)],
  ]);
});

function setup(faults: ConstructorParameters<typeof FakeDocumentsApi>[0] = {}) {
  const api = new FakeDocumentsApi(faults);
  const progress: PackageProgress[] = [];
  const fetched: number[] = [];
  let time = 1_000;
  return {
    api,
    progress,
    fetched,
    deps: {
      api,
      onProgress: (event: PackageProgress) => progress.push(event),
      fetchBytes: async (item: Item) => {
        fetched.push(item.id);
        const form = library.get(item.id);
        if (form === undefined) throw new Error('404 Not Found');
        return form.bytes;
      },
      clock: () => (time += 250),
    },
  };
}

const input = {
  matter: { name: 'Gonzalez Family', mycaseCaseId: 501 },
  items: chosen,
  editable: true,
  author: 'Paula Paralegal',
  now: new Date(Date.UTC(2026, 1, 2, 15, 30)),
  timeZone: 'UTC',
};

describe('runPackageJob', () => {
  it('R24 fetches in order, builds one package and uploads it to the linked case, reporting each step', async () => {
    const { api, progress, fetched, deps } = setup();
    const result = await runPackageJob(input, deps);

    expect(fetched).toEqual([1, 2, 3]);
    expect(progress).toEqual([
      { stage: 'fetching', done: 0, total: 3, title: 'I-130' },
      { stage: 'fetching', done: 1, total: 3, title: 'I-485' },
      { stage: 'fetching', done: 2, total: 3, title: 'G-28' },
      { stage: 'fetching', done: 3, total: 3, title: '' },
      { stage: 'building', total: 3 },
      { stage: 'uploading', bytes: api.puts[0]?.bytes.length },
    ]);
    expect(api.creates).toEqual([
      {
        caseId: 501,
        document: {
          path: 'Docketwise/Gonzalez Family - I-130, I-485, G-28 - 2026-02-02',
          filename: 'Gonzalez Family - I-130, I-485, G-28 - 2026-02-02.pdf',
          description: 'Sent from Docketwise: I-130, I-485, G-28 (editable PDF, 9 pages).',
        },
      },
    ]);
    const uploaded = api.puts[0]?.bytes ?? new Uint8Array();
    expect(qpdfCheck(uploaded).status).toBe(0);
    const doc = await PDFDocument.load(uploaded);
    expect(doc.getPageCount()).toBe(9);
    expect(doc.getTitle()).toBe('Gonzalez Family - I-130, I-485, G-28 - 2026-02-02');
    expect(doc.getForm().getFields().length).toBeGreaterThan(0);
    expect(result).toMatchObject({
      status: 'uploaded',
      caseId: 501,
      documentId: 9001,
      filename: 'Gonzalez Family - I-130, I-485, G-28 - 2026-02-02.pdf',
      bytes: uploaded.length,
      pageCount: 9,
      itemCount: 3,
      editable: true,
      warnings: [],
    });
    expect(result.durationMs).toBeGreaterThan(0);
  });

  it('R24 sends a flattened package when asked', async () => {
    const { api, deps } = setup();
    const result = await runPackageJob({ ...input, editable: false }, deps);
    expect(result.status).toBe('uploaded');
    const uploaded = api.puts[0]?.bytes ?? new Uint8Array();
    expect((await PDFDocument.load(uploaded)).getForm().getFields()).toHaveLength(0);
    expect(pdfToText(uploaded)).toContain('Perez');
    expect(api.creates[0]?.document.description).toContain('flattened PDF');
  });

  it('R25 refuses an unlinked matter before fetching anything', async () => {
    const { api, fetched, deps } = setup();
    const result = await runPackageJob({ ...input, matter: { name: 'Gonzalez Family', mycaseCaseId: null } }, deps);
    expect(result).toMatchObject({ status: 'failed', stage: 'checking', outcomeUnknown: false });
    expect(result.status === 'failed' && result.reason).toMatch(/not linked/);
    expect(fetched).toEqual([]);
    expect(api.creates).toEqual([]);
  });

  it('R25 refuses the Family Green Card Smart Form before fetching anything', async () => {
    const { api, fetched, deps } = setup();
    const result = await runPackageJob({ ...input, items: [...chosen, { id: 4, title: 'Family Green Card Smart Form', kind: 'form' }] }, deps);
    expect(result).toMatchObject({ status: 'failed', stage: 'checking' });
    expect(result.status === 'failed' && result.reason).toContain('Family Green Card Smart Form');
    expect(fetched).toEqual([]);
    expect(api.creates).toEqual([]);
  });

  it('R28 a failed download names the item and uploads nothing', async () => {
    const { api, deps } = setup();
    const result = await runPackageJob({ ...input, items: [chosen[0] as Item, { id: 99, title: 'Passport scan', kind: 'document' }] }, deps);
    expect(result).toMatchObject({ status: 'failed', stage: 'fetching', itemIndex: 1, documentId: null });
    expect(result.status === 'failed' && result.reason).toBe('Could not download "Passport scan" from Docketwise: 404 Not Found');
    expect(api.creates).toEqual([]);
  });

  it('R28 an unreadable item fails the build with its name and uploads nothing', async () => {
    const { api, deps } = setup();
    const result = await runPackageJob(input, { ...deps, fetchBytes: async (item: Item) => (item.id === 2 ? new TextEncoder().encode('<html>Sign in</html>') : (library.get(item.id)?.bytes ?? new Uint8Array())) });
    expect(result).toMatchObject({ status: 'failed', stage: 'building', itemIndex: 1 });
    expect(result.status === 'failed' && result.reason).toContain('"I-485"');
    expect(api.creates).toEqual([]);
  });

  it('R28 an upload with an unknown outcome is reported as such, not retried', async () => {
    const { api, deps } = setup({ createFails: new TransientError('timeout', 'mycase') });
    const result = await runPackageJob(input, deps);
    expect(result).toMatchObject({ status: 'failed', stage: 'uploading', outcomeUnknown: true, filename: 'Gonzalez Family - I-130, I-485, G-28 - 2026-02-02.pdf' });
    expect(api.creates).toHaveLength(1);
  });

  it('R28 an upload whose bytes did not arrive reports the created document', async () => {
    const { deps } = setup({ putFails: new TransientError('S3 503', 'mycase') });
    const result = await runPackageJob(input, deps);
    expect(result).toMatchObject({ status: 'failed', stage: 'uploading', outcomeUnknown: false, documentId: 9001 });
  });

  it('R28 a refused upload says what to do in plain words', async () => {
    const { deps } = setup({ createFails: new AuthRequiredError('refresh failed', 'mycase') });
    const result = await runPackageJob(input, deps);
    expect(result).toMatchObject({ status: 'failed', stage: 'uploading', outcomeUnknown: false });
    expect(result.status === 'failed' && result.reason).toMatch(/connected again/);
  });
});
