import { PDFCheckBox, PDFDocument, PDFTextField } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { formFieldNames, formValuesFor, generateFormPdf } from '../../sandbox/pdf/form-pdf';
import { JOSE, MARIA } from './fixtures';
import { pdfToText, qpdfCheck, renderedPngCount } from './pdf-tools';

describe('sandbox form PDF generator', () => {
  it('makes a real fillable PDF: every page, text fields and checkboxes holding the values', async () => {
    const values = formValuesFor('I-130', MARIA);
    const bytes = await generateFormPdf({ formName: 'I-130', pageCount: 5, values });

    expect(qpdfCheck(bytes).status).toBe(0);
    expect(renderedPngCount(bytes)).toBe(5);
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(5);
    const form = doc.getForm();
    expect(form.getFields().map((field) => field.getName()).sort()).toEqual([...formFieldNames(5).keys()].sort());
    for (const [name, value] of Object.entries(values)) {
      const field = form.getField(name);
      if (typeof value === 'boolean') {
        expect(field, name).toBeInstanceOf(PDFCheckBox);
        expect((field as PDFCheckBox).isChecked(), name).toBe(value);
      } else {
        expect(field, name).toBeInstanceOf(PDFTextField);
        expect((field as PDFTextField).getText(), name).toBe(value);
      }
    }
    expect(form.getTextField('Pt1Line1a_FamilyName').getText()).toBe('Gonzalez');
    expect(form.getCheckBox('Pt1Line3_Apt').isChecked()).toBe(true);
    expect(form.getCheckBox('Pt1Line3_Ste').isChecked()).toBe(false);
  });

  it('draws a USCIS-like layout whose text and values a reader can extract', async () => {
    const bytes = await generateFormPdf({ formName: 'I-485', pageCount: 3, values: formValuesFor('I-485', JOSE) });
    const text = pdfToText(bytes);
    for (const expected of ['Form I-485', 'U.S. Citizenship and Immigration Services', 'Part 1. Information About You', 'Family Name', 'Part 3.', 'Page 3 of 3', 'Perez', 'jose.perez@example.com', '77002']) {
      expect(text).toContain(expected);
    }
  });

  it('reuses the same field names in different forms, as real USCIS forms do', async () => {
    const names = async (formName: string): Promise<string[]> => {
      const bytes = await generateFormPdf({ formName, pageCount: 2, values: formValuesFor(formName, MARIA) });
      return (await PDFDocument.load(bytes)).getForm().getFields().map((field) => field.getName());
    };
    expect(await names('I-130')).toEqual(await names('G-28'));
  });

  it('is deterministic: the same input gives the same bytes', async () => {
    const input = { formName: 'I-765', pageCount: 4, values: formValuesFor('I-765', JOSE) };
    const first = await generateFormPdf(input);
    const second = await generateFormPdf(input);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    const other = await generateFormPdf({ ...input, values: formValuesFor('I-765', MARIA) });
    expect(Buffer.from(first).equals(Buffer.from(other))).toBe(false);
  });

  it('answers the yes/no questions differently for different forms of one person', () => {
    const answers = (formName: string): boolean[] =>
      Object.entries(formValuesFor(formName, MARIA)).filter(([name]) => name.startsWith('Pt2')).map(([, value]) => value === true);
    const distinct = new Set(['I-130', 'I-485', 'I-765', 'G-28', 'N-400', 'I-131', 'I-864'].map((name) => answers(name).join()));
    expect(distinct.size).toBeGreaterThan(1);
  });

  it('refuses a value for a field the form does not have, and a wrong value type', async () => {
    await expect(generateFormPdf({ formName: 'I-130', pageCount: 1, values: { Pt9Line1_Yes: true } })).rejects.toThrow(/no field Pt9Line1_Yes/);
    await expect(generateFormPdf({ formName: 'I-130', pageCount: 1, values: { Pt1Line3_Apt: 'yes' } })).rejects.toThrow(/checkbox/);
    await expect(generateFormPdf({ formName: 'I-130', pageCount: 0, values: {} })).rejects.toThrow(RangeError);
  });

  it('writes names outside Helvetica\'s WinAnsi set without failing (Nguyễn → Nguyen, others → ?)', async () => {
    const values = formValuesFor('I-130', { ...MARIA, lastName: 'Nguyễn', firstName: 'José', city: '東京' });
    const bytes = await generateFormPdf({ formName: 'I-130', pageCount: 1, values });
    const form = (await PDFDocument.load(bytes)).getForm();
    expect(form.getTextField('Pt1Line1a_FamilyName').getText()).toBe('Nguyen');
    expect(form.getTextField('Pt1Line1b_GivenName').getText()).toBe('José');
    expect(form.getTextField('Pt1Line3_CityOrTown').getText()).toBe('??');
  });
});
