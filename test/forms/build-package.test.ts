import {
  PDFArray,
  PDFCheckBox,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFPageLeaf,
  PDFRef,
  PDFTextField,
} from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPackage, fieldPrefix } from '../../src/forms/build-package';
import { PackageItemError } from '../../src/forms/errors';
import { FIXED_METADATA, JOSE, MARIA, makeForm, type FormFixture } from './fixtures';
import { darkPixelsIn, encrypt, pageImage, pdfToText, qpdfCheck, qpdfJson, renderGrey, renderedPngCount } from './pdf-tools';

let i130: FormFixture;
let i485: FormFixture;
let g28: FormFixture;

beforeAll(async () => {
  i130 = await makeForm('I-130', 3, MARIA);
  i485 = await makeForm('I-485', 4, JOSE);
  g28 = await makeForm('G-28', 2, MARIA);
});

const items = (...forms: FormFixture[]) => forms.map((form) => ({ title: form.title, bytes: form.bytes }));

/** Titles and first-page indexes of the outline, read with pdf-lib's low-level objects. */
function readOutline(doc: PDFDocument): { title: string; pageIndex: number }[] {
  const root = doc.catalog.lookup(PDFName.of('Outlines'), PDFDict);
  const pageRefs = doc.getPages().map((page) => page.ref);
  const entries: { title: string; pageIndex: number }[] = [];
  let ref = root.get(PDFName.of('First'));
  let previous: PDFRef | undefined;
  for (let guard = 0; ref instanceof PDFRef && guard < 1000; guard += 1) {
    const item = doc.context.lookup(ref, PDFDict);
    expect(item.get(PDFName.of('Parent'))).toBe(doc.catalog.get(PDFName.of('Outlines')));
    expect(item.get(PDFName.of('Prev'))).toBe(previous);
    const dest = item.lookup(PDFName.of('Dest'), PDFArray);
    entries.push({
      title: item.lookup(PDFName.of('Title'), PDFHexString).decodeText(),
      pageIndex: pageRefs.indexOf(dest.get(0) as PDFRef),
    });
    previous = ref;
    ref = item.get(PDFName.of('Next'));
  }
  expect(root.get(PDFName.of('Last'))).toBe(previous);
  return entries;
}

function pageObjectCount(doc: PDFDocument): number {
  return doc.context.enumerateIndirectObjects().filter(([, object]) => object instanceof PDFPageLeaf || (object instanceof PDFDict && object.get(PDFName.of('Type')) === PDFName.of('Page'))).length;
}

describe('buildPackage — editable', () => {
  let output: Uint8Array;
  let doc: PDFDocument;

  beforeAll(async () => {
    const built = await buildPackage({ items: items(i130, i485, g28), editable: true, metadata: FIXED_METADATA });
    output = built.bytes;
    expect(built.pageCount).toBe(9);
    expect(built.warnings).toEqual([]);
    doc = await PDFDocument.load(output);
  });

  it('R24 merges every page in the chosen order into a valid PDF (qpdf --check, pdftoppm renders each page)', () => {
    expect(qpdfCheck(output)).toMatchObject({ status: 0 });
    expect(renderedPngCount(output)).toBe(9);
    expect(doc.getPageCount()).toBe(9);
    expect(pageObjectCount(doc)).toBe(9);
    const pages = pdfToText(output).split('\f');
    expect(pages[0]).toContain('Form I-130');
    expect(pages[3]).toContain('Form I-485');
    expect(pages[7]).toContain('Form G-28');
  });

  it('R24 has one bookmark per item, in order, each opening its first page', () => {
    expect(readOutline(doc)).toEqual([
      { title: 'I-130', pageIndex: 0 },
      { title: 'I-485', pageIndex: 3 },
      { title: 'G-28', pageIndex: 7 },
    ]);
    const outlines = qpdfJson(output).outlines;
    expect(outlines.map((entry) => [entry.title, entry.destpageposfrom1])).toEqual([
      ['I-130', 1],
      ['I-485', 4],
      ['G-28', 8],
    ]);
  });

  it('R24 keeps every field of every item, renamed per item, with its value, on its own pages', () => {
    const form = doc.getForm();
    const expected = [i130, i485, g28].flatMap((fixture, index) =>
      Object.keys(fixture.values).map((name) => `${fieldPrefix(index, fixture.title)}${name}`),
    );
    const names = form.getFields().map((field) => field.getName());
    for (const name of expected) expect(names).toContain(name);
    // Every field of each generator form (including the empty later-page ones) is there.
    expect(names).toHaveLength(new Set(names).size);
    [i130, i485, g28].forEach((fixture, index) => {
      for (const [name, value] of Object.entries(fixture.values)) {
        const full = `${fieldPrefix(index, fixture.title)}${name}`;
        if (typeof value === 'boolean') expect(form.getCheckBox(full).isChecked(), full).toBe(value);
        else expect(form.getTextField(full).getText(), full).toBe(value);
      }
    });
    // qpdf agrees on names and finds each item's widgets on that item's pages.
    const ranges = [[1, 3], [4, 7], [8, 9]] as const;
    const fields = qpdfJson(output).acroform.fields;
    expect(new Set(fields.map((field) => field.fullname)).size).toBe(names.length);
    for (const field of fields) {
      const index = Number(/^f(\d+)_/.exec(field.fullname)?.[1]) - 1;
      const [from, to] = ranges[index] ?? [0, -1];
      expect(field.pageposfrom1, field.fullname).toBeGreaterThanOrEqual(from);
      expect(field.pageposfrom1, field.fullname).toBeLessThanOrEqual(to);
    }
  });

  it('R24 same-named fields of two forms stay two fields: changing one keeps the other', async () => {
    const first = `${fieldPrefix(0, 'I-130')}Pt1Line1a_FamilyName`;
    const second = `${fieldPrefix(2, 'G-28')}Pt1Line1a_FamilyName`;
    const firstBox = `${fieldPrefix(0, 'I-130')}Pt1Line3_Apt`;
    const secondBox = `${fieldPrefix(2, 'G-28')}Pt1Line3_Apt`;
    const editing = await PDFDocument.load(output);
    editing.getForm().getTextField(first).setText('Gonzalez-Smith');
    editing.getForm().getCheckBox(firstBox).uncheck();
    const saved = await editing.save();
    expect(qpdfCheck(saved).status).toBe(0);

    const reloaded = (await PDFDocument.load(saved)).getForm();
    expect(reloaded.getTextField(first).getText()).toBe('Gonzalez-Smith');
    expect(reloaded.getTextField(second).getText()).toBe('Gonzalez');
    expect(reloaded.getCheckBox(firstBox).isChecked()).toBe(false);
    expect(reloaded.getCheckBox(secondBox).isChecked()).toBe(true);
    const text = pdfToText(saved).split('\f');
    expect(text[0]).toContain('Gonzalez-Smith');
    expect(text[7]).toContain('Gonzalez');
    expect(text[7]).not.toContain('Gonzalez-Smith');
  });

  it('shows the values on the page without any viewer redraw (appearances kept)', () => {
    const text = pdfToText(output);
    for (const value of ['Gonzalez', 'maria.gonzalez@example.com', 'Perez', '400 Congress Avenue', '77002']) expect(text).toContain(value);
    const acroForm = doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict);
    expect(acroForm.has(PDFName.of('NeedAppearances'))).toBe(false);
    // The fonts named by the fields' default appearance are in the form's resources.
    const fonts = acroForm.lookup(PDFName.of('DR'), PDFDict).lookup(PDFName.of('Font'), PDFDict);
    expect(fonts.has(PDFName.of('Helvetica'))).toBe(true);
  });

  it('writes the document title and metadata', () => {
    expect(doc.getTitle()).toBe(FIXED_METADATA.title);
    expect(doc.getAuthor()).toBe(FIXED_METADATA.author);
    expect(doc.getSubject()).toBe(FIXED_METADATA.subject);
    expect(doc.getCreationDate()?.toISOString()).toBe(FIXED_METADATA.creationDate.toISOString());
    expect(doc.catalog.get(PDFName.of('PageMode'))).toBe(PDFName.of('UseOutlines'));
  });
});

describe('buildPackage — flattened', () => {
  let output: Uint8Array;
  let doc: PDFDocument;

  beforeAll(async () => {
    const built = await buildPackage({ items: items(i130, i485), editable: false, metadata: FIXED_METADATA });
    output = built.bytes;
    expect(built.pageCount).toBe(7);
    doc = await PDFDocument.load(output);
  });

  it('R24 leaves no form field and no widget, and the file is valid', () => {
    expect(qpdfCheck(output)).toMatchObject({ status: 0 });
    expect(renderedPngCount(output)).toBe(7);
    expect(doc.catalog.has(PDFName.of('AcroForm'))).toBe(false);
    expect(doc.getForm().getFields()).toHaveLength(0);
    for (const page of doc.getPages()) {
      const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
      const widgets = (annots?.asArray() ?? []).filter((entry) => doc.context.lookupMaybe(entry, PDFDict)?.get(PDFName.of('Subtype')) === PDFName.of('Widget'));
      expect(widgets).toHaveLength(0);
    }
    expect(qpdfJson(output).acroform.fields).toHaveLength(0);
  });

  it('R24 shows every text value as page content (pdftotext)', () => {
    const pages = pdfToText(output).split('\f');
    for (const value of ['Gonzalez', 'Maria', 'maria.gonzalez@example.com', '12 Main Street', '4B', 'Austin', '78701', '5125550100']) {
      expect(pages[0]).toContain(value);
    }
    for (const value of ['Perez', 'Jose', '400 Congress Avenue', '200', 'Houston', '77002']) expect(pages[3]).toContain(value);
  });

  it('R24 draws checked boxes with their check mark and unchecked boxes empty', async () => {
    // Box positions come from the source form; the flattened page is rendered and looked at.
    const source = (await PDFDocument.load(i130.bytes)).getForm();
    const rendered = renderGrey(output, 1, 144);
    const boxes = Object.entries(i130.values).filter(([name, value]) => typeof value === 'boolean' && name.startsWith('Pt'));
    expect(boxes.filter(([, value]) => value === true).length).toBeGreaterThan(0);
    expect(boxes.filter(([, value]) => value === false).length).toBeGreaterThan(0);
    for (const [name, checked] of boxes) {
      const widget = (source.getField(name) as PDFCheckBox).acroField.getWidgets()[0];
      if (widget === undefined || (source.getField(name) as PDFCheckBox).acroField.getWidgets().length !== 1) throw new Error(name);
      const rect = widget.getRectangle();
      // Inside the border only.
      const inner = { x: rect.x + 2.5, y: rect.y + 2.5, width: rect.width - 5, height: rect.height - 5 };
      const dark = darkPixelsIn(rendered, inner, doc.getPage(0).getHeight());
      if (checked) expect(dark, name).toBeGreaterThan(10);
      else expect(dark, name).toBe(0);
    }
  });
});

describe('buildPackage — other sources', () => {
  it('keeps hierarchical field names apart (form1[0].#subform[0]… in two forms)', async () => {
    const makeHierarchical = async (value: string): Promise<Uint8Array> => {
      const source = await PDFDocument.create();
      const page = source.addPage([612, 792]);
      const field = source.getForm().createTextField('form1[0].#subform[0].Pt1Line1a_FamilyName[0]');
      field.setText(value);
      field.addToPage(page, { x: 50, y: 700, width: 200, height: 20 });
      return source.save();
    };
    const built = await buildPackage({
      items: [{ title: 'I-130', bytes: await makeHierarchical('Alpha') }, { title: 'I-130A', bytes: await makeHierarchical('Beta') }],
      editable: true,
      metadata: FIXED_METADATA,
    });
    expect(qpdfCheck(built.bytes).status).toBe(0);
    const form = (await PDFDocument.load(built.bytes)).getForm();
    expect(form.getTextField('f1_I-130__form1[0].#subform[0].Pt1Line1a_FamilyName[0]').getText()).toBe('Alpha');
    expect(form.getTextField('f2_I-130A__form1[0].#subform[0].Pt1Line1a_FamilyName[0]').getText()).toBe('Beta');
  });

  it('copies a field whose widgets sit on two pages once, without stray page copies', async () => {
    const source = await PDFDocument.create();
    const pages = [source.addPage([612, 792]), source.addPage([612, 792])];
    const field = source.getForm().createTextField('ANumber');
    field.setText('A-123456789');
    for (const page of pages) field.addToPage(page, { x: 400, y: 750, width: 150, height: 18 });
    const bytes = await source.save();
    for (const editable of [true, false]) {
      const built = await buildPackage({ items: [{ title: 'I-864', bytes }, { title: 'G-28', bytes: g28.bytes }], editable, metadata: FIXED_METADATA });
      const doc = await PDFDocument.load(built.bytes);
      expect(qpdfCheck(built.bytes).status).toBe(0);
      expect(pageObjectCount(doc)).toBe(4);
      const text = pdfToText(built.bytes).split('\f');
      expect(text[0]).toContain('A-123456789');
      expect(text[1]).toContain('A-123456789');
      if (editable) expect(doc.getForm().getTextField('f1_I-864__ANumber').acroField.getWidgets()).toHaveLength(2);
    }
  });

  it('draws values of a form saved without appearances (NeedAppearances) in both modes', async () => {
    const source = await PDFDocument.create();
    const page = source.addPage([612, 792]);
    const field = source.getForm().createTextField('Pt1Line1a_FamilyName');
    field.setText('Nakamura');
    field.addToPage(page, { x: 50, y: 700, width: 200, height: 20 });
    for (const widget of field.acroField.getWidgets()) widget.dict.delete(PDFName.of('AP'));
    source.getForm().acroForm.dict.set(PDFName.of('NeedAppearances'), source.context.obj(true));
    const bytes = await source.save({ updateFieldAppearances: false });
    const widgetHasAppearance = async (pdf: Uint8Array, name: string): Promise<boolean> =>
      (await PDFDocument.load(pdf)).getForm().getTextField(name).acroField.getWidgets().every((widget) => widget.getAppearances()?.normal !== undefined);
    expect(await widgetHasAppearance(bytes, 'Pt1Line1a_FamilyName')).toBe(false);

    // Flattened: no field is left, so pdftotext can only find the value in the page content.
    const flat = await buildPackage({ items: [{ title: 'I-90', bytes }], editable: false, metadata: FIXED_METADATA });
    expect(pdfToText(flat.bytes)).toContain('Nakamura');
    expect(qpdfJson(flat.bytes).acroform.fields).toHaveLength(0);
    const editable = await buildPackage({ items: [{ title: 'I-90', bytes }], editable: true, metadata: FIXED_METADATA });
    expect(await widgetHasAppearance(editable.bytes, 'f1_I-90__Pt1Line1a_FamilyName')).toBe(true);
    expect((await PDFDocument.load(editable.bytes)).getForm().acroForm.dict.get(PDFName.of('NeedAppearances'))).toBeDefined();
  });

  it('redraws stale appearances when the source says NeedAppearances (value set, old drawing kept)', async () => {
    const source = await PDFDocument.create();
    const page = source.addPage([612, 792]);
    const field = source.getForm().createTextField('Pt1Line1a_FamilyName');
    field.setText('OldName');
    field.addToPage(page, { x: 50, y: 700, width: 200, height: 20 });
    // A filler changed the value without drawing it, and asked viewers to redraw.
    field.acroField.dict.set(PDFName.of('V'), PDFHexString.fromText('NewName'));
    source.getForm().acroForm.dict.set(PDFName.of('NeedAppearances'), source.context.obj(true));
    const bytes = await source.save({ updateFieldAppearances: false });

    const flat = await buildPackage({ items: [{ title: 'I-90', bytes }], editable: false, metadata: FIXED_METADATA });
    const text = pdfToText(flat.bytes);
    expect(text).toContain('NewName');
    expect(text).not.toContain('OldName');
  });

  it('puts scanned documents (PNG, JPEG) on a page of their own, with a bookmark', async () => {
    const png = pageImage(i130.bytes, 'png');
    const jpeg = pageImage(i485.bytes, 'jpeg');
    const built = await buildPackage({
      items: [{ title: 'I-130', bytes: i130.bytes }, { title: 'Passport scan', bytes: png }, { title: 'Birth certificate', bytes: jpeg }],
      editable: true,
      metadata: FIXED_METADATA,
    });
    expect(built.pageCount).toBe(5);
    expect(qpdfCheck(built.bytes).status).toBe(0);
    expect(renderedPngCount(built.bytes)).toBe(5);
    expect(readOutline(await PDFDocument.load(built.bytes))).toEqual([
      { title: 'I-130', pageIndex: 0 },
      { title: 'Passport scan', pageIndex: 3 },
      { title: 'Birth certificate', pageIndex: 4 },
    ]);
  });

  it('is deterministic: the same choice gives the same bytes (same sha256 in the log)', async () => {
    const input = { items: items(i130, g28), editable: true, metadata: FIXED_METADATA };
    const first = await buildPackage(input);
    const second = await buildPackage(input);
    expect(Buffer.from(first.bytes).equals(Buffer.from(second.bytes))).toBe(true);
  });

  it.each([
    ['a password-protected PDF', () => encrypt(g28.bytes), 'encrypted'],
    ['an empty file', () => new Uint8Array(), 'empty'],
    ['a Word document', () => new TextEncoder().encode('PK\u0003\u0004 word/document.xml'), 'unsupported-type'],
    ['a damaged PDF', () => new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF'), 'unreadable'],
  ] as const)('names the item when it is %s, and builds nothing', async (_label, bytes, problem) => {
    const failure = buildPackage({ items: [{ title: 'I-130', bytes: i130.bytes }, { title: 'Bad item', bytes: bytes() }], editable: false, metadata: FIXED_METADATA });
    await expect(failure).rejects.toBeInstanceOf(PackageItemError);
    await expect(failure).rejects.toMatchObject({ itemIndex: 1, itemTitle: 'Bad item', problem });
  });

  it('yields to the event loop between items, so the background worker keeps answering messages', async () => {
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
    }, 0);
    try {
      await buildPackage({ items: items(g28, g28, g28, g28, g28), editable: true, metadata: FIXED_METADATA });
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThanOrEqual(4);
  });

  it('refuses an empty choice', async () => {
    await expect(buildPackage({ items: [], editable: true, metadata: FIXED_METADATA })).rejects.toThrow(RangeError);
  });

  it('keeps the text field type when renaming (PDFTextField stays PDFTextField)', async () => {
    const built = await buildPackage({ items: items(i130), editable: true, metadata: FIXED_METADATA });
    const field = (await PDFDocument.load(built.bytes)).getForm().getField('f1_I-130__Pt1Line2_Email');
    expect(field).toBeInstanceOf(PDFTextField);
  });
});

describe('fieldPrefix', () => {
  it('gives each position its own prefix with no period (periods split field names)', () => {
    expect(fieldPrefix(0, 'I-130')).toBe('f1_I-130__');
    expect(fieldPrefix(1, 'I-130')).toBe('f2_I-130__');
    expect(fieldPrefix(4, 'Form I-864 (Affidavit of Support) v.2')).toBe('f5_Form-I-864-Affidavit-of__');
    expect(fieldPrefix(0, '...')).toBe('f1_item__');
    expect(fieldPrefix(2, 'Año.pdf')).not.toContain('.');
  });
});
