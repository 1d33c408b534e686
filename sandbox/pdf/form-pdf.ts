/**
 * Fillable, USCIS-like form PDFs for the sandbox's Docketwise "Download form" links.
 *
 * Every form made here uses the same field names (Pt1Line1a_FamilyName, Pt2Line1_Yes, …), as
 * real USCIS forms do: an I-130 and an I-485 both have a Pt1Line1a_FamilyName. The package
 * builder (src/forms) must therefore keep same-named fields of two forms apart.
 *
 * Output is deterministic: same input, same bytes (fixed dates, no random ids, standard fonts).
 */
import {
  PDFDocument,
  PDFFont,
  PDFHexString,
  PDFName,
  PDFPage,
  PDFRef,
  StandardFonts,
  drawCheckBox,
  rgb,
} from 'pdf-lib';
import type { UnitType } from '../../src/core/types';

/** The person whose data a generated form holds (contracts.md "PDFs"). */
export interface FormPerson {
  firstName: string;
  lastName: string;
  email: string;
  street: string;
  unitNumber: string;
  unitType: UnitType | null;
  city: string;
  state: string;
  zip: string;
  phone: string;
}

export interface GenerateFormPdfInput {
  formName: string;
  /** At least 1. Page 1 holds Parts 1 and 2; every further page holds one more Part. */
  pageCount: number;
  /** Field name → value: string for text fields, boolean for checkboxes. */
  values: Record<string, string | boolean>;
}

/** Text fields of Part 1 (page 1), in layout order. */
const PART1_TEXT_FIELDS = [
  { name: 'Pt1Line1a_FamilyName', label: '1.a. Family Name (Last Name)' },
  { name: 'Pt1Line1b_GivenName', label: '1.b. Given Name (First Name)' },
  { name: 'Pt1Line2_Email', label: '2. Email Address' },
  { name: 'Pt1Line3_StreetNumberName', label: '3.a. Street Number and Name' },
  { name: 'Pt1Line3_AptSteFlrNumber', label: '3.b. Apt. / Ste. / Flr. Number' },
  { name: 'Pt1Line3_CityOrTown', label: '3.c. City or Town' },
  { name: 'Pt1Line3_State', label: '3.d. State' },
  { name: 'Pt1Line3_ZipCode', label: '3.e. ZIP Code' },
  { name: 'Pt1Line4_DaytimePhone', label: "4. Daytime Telephone Number" },
] as const;

const UNIT_CHECKBOXES: readonly { name: string; label: string; type: UnitType }[] = [
  { name: 'Pt1Line3_Apt', label: 'Apt.', type: 'apt' },
  { name: 'Pt1Line3_Ste', label: 'Ste.', type: 'ste' },
  { name: 'Pt1Line3_Flr', label: 'Flr.', type: 'flr' },
];

/** Part 2 yes/no questions (page 1). */
const PART2_QUESTIONS = [
  'Have you ever filed a petition for this beneficiary or any other alien?',
  'Are you a U.S. citizen or lawful permanent resident?',
  'Have you ever been known by any other names?',
] as const;

/** Headings for Parts 3.. (one per extra page); cycled when a form has many pages. */
const LATER_PART_TITLES = [
  'Biographic Information',
  'Information About Your Employment',
  'Information About Your Parents',
  'Marital History',
  'Travel History',
  'General Eligibility and Inadmissibility Grounds',
  "Petitioner's Statement, Contact Information, Certification, and Signature",
  "Interpreter's Contact Information and Signature",
  'Contact Information of the Preparer',
  'Additional Information',
] as const;

const PAGE_WIDTH = 612;
const PAGE_HEIGHT = 792;
const MARGIN = 48;
/** Fixed so output does not depend on the clock. */
const FIXED_DATE = new Date(Date.UTC(2026, 0, 1, 0, 0, 0));

const yesName = (part: number, line: number): string => `Pt${part}Line${line}_Yes`;
const noName = (part: number, line: number): string => `Pt${part}Line${line}_No`;

/** Every field name a form with `pageCount` pages has, with its kind. */
export function formFieldNames(pageCount: number): Map<string, 'text' | 'checkbox'> {
  const names = new Map<string, 'text' | 'checkbox'>();
  for (const field of PART1_TEXT_FIELDS) names.set(field.name, 'text');
  for (const box of UNIT_CHECKBOXES) names.set(box.name, 'checkbox');
  PART2_QUESTIONS.forEach((_question, index) => {
    names.set(yesName(2, index + 1), 'checkbox');
    names.set(noName(2, index + 1), 'checkbox');
  });
  for (let page = 2; page <= pageCount; page += 1) {
    const part = page + 1;
    names.set(yesName(part, 1), 'checkbox');
    names.set(noName(part, 1), 'checkbox');
    names.set(`Pt${part}Line2_Explanation`, 'text');
  }
  return names;
}

/** Stable small hash so a form's yes/no answers differ by form but never between runs. */
function hashString(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return hash >>> 0;
}

/**
 * The values a sandbox form holds for `person`: Part 1 from the record, Part 2 answers
 * derived from the form name (so two forms of one person differ in their checkboxes).
 * Every key exists in any form from `generateFormPdf`, whatever its page count.
 */
export function formValuesFor(formName: string, person: FormPerson): Record<string, string | boolean> {
  const values: Record<string, string | boolean> = {
    Pt1Line1a_FamilyName: person.lastName,
    Pt1Line1b_GivenName: person.firstName,
    Pt1Line2_Email: person.email,
    Pt1Line3_StreetNumberName: person.street,
    Pt1Line3_AptSteFlrNumber: person.unitNumber,
    Pt1Line3_CityOrTown: person.city,
    Pt1Line3_State: person.state,
    Pt1Line3_ZipCode: person.zip,
    Pt1Line4_DaytimePhone: person.phone,
  };
  for (const box of UNIT_CHECKBOXES) values[box.name] = person.unitType === box.type;
  const bits = hashString(formName);
  PART2_QUESTIONS.forEach((_question, index) => {
    const yes = ((bits >> index) & 1) === 1;
    values[yesName(2, index + 1)] = yes;
    values[noName(2, index + 1)] = !yes;
  });
  return values;
}

interface PageContext {
  page: PDFPage;
  regular: PDFFont;
  bold: PDFFont;
}

function drawHeader(ctx: PageContext, formName: string, pageNumber: number, pageCount: number): void {
  const { page, regular, bold } = ctx;
  page.drawText('Department of Homeland Security', { x: MARGIN, y: PAGE_HEIGHT - 40, size: 9, font: regular });
  page.drawText('U.S. Citizenship and Immigration Services', { x: MARGIN, y: PAGE_HEIGHT - 52, size: 9, font: regular });
  const title = `Form ${formName}`;
  page.drawText(title, {
    x: PAGE_WIDTH - MARGIN - bold.widthOfTextAtSize(title, 16),
    y: PAGE_HEIGHT - 48,
    size: 16,
    font: bold,
  });
  page.drawLine({
    start: { x: MARGIN, y: PAGE_HEIGHT - 62 },
    end: { x: PAGE_WIDTH - MARGIN, y: PAGE_HEIGHT - 62 },
    thickness: 1.5,
  });
  const footer = `Form ${formName} Edition 01/01/26   Page ${pageNumber} of ${pageCount}`;
  page.drawText(footer, { x: MARGIN, y: 28, size: 8, font: regular });
}

function drawPartHeading(ctx: PageContext, y: number, text: string): void {
  ctx.page.drawRectangle({ x: MARGIN, y: y - 4, width: PAGE_WIDTH - 2 * MARGIN, height: 18, color: rgb(0.85, 0.85, 0.85) });
  ctx.page.drawText(text, { x: MARGIN + 4, y, size: 11, font: ctx.bold });
}

/** Checkbox widget size in points, border included. */
const BOX = 12;

/**
 * The on and off appearances every checkbox shares (all boxes have one size), as many real
 * forms do. pdf-lib's `createCheckBox().addToPage()` draws four streams per box; with ~30 boxes
 * that was most of the build time, and a 12-page form must build in well under 100 ms.
 */
function checkBoxAppearances(doc: PDFDocument): { on: PDFRef; off: PDFRef } {
  const stream = (filled: boolean): PDFRef =>
    doc.context.register(
      doc.context.formXObject(
        drawCheckBox({ x: 0, y: 0, width: BOX, height: BOX, thickness: 1.5, borderWidth: 1, markColor: rgb(0, 0, 0), color: rgb(1, 1, 1), borderColor: rgb(0, 0, 0), filled }),
        { BBox: doc.context.obj([0, 0, BOX, BOX]), Matrix: doc.context.obj([1, 0, 0, 1, 0, 0]) },
      ),
    );
  return { on: stream(true), off: stream(false) };
}

/** Builds one fillable form. Throws on a value for a field the form does not have (a typo). */
export async function generateFormPdf(input: GenerateFormPdfInput): Promise<Uint8Array> {
  const { formName, pageCount, values } = input;
  if (!Number.isInteger(pageCount) || pageCount < 1) {
    throw new RangeError(`pageCount must be a positive integer, got ${pageCount}`);
  }
  const fieldKinds = formFieldNames(pageCount);
  for (const [name, value] of Object.entries(values)) {
    const kind = fieldKinds.get(name);
    if (kind === undefined) throw new Error(`Form ${formName} has no field ${name}`);
    if ((kind === 'checkbox') !== (typeof value === 'boolean')) {
      throw new TypeError(`Field ${name} of form ${formName} is a ${kind}; got a ${typeof value}`);
    }
  }

  // updateMetadata: false keeps pdf-lib from stamping the current time and its own producer.
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(`Form ${formName}`);
  doc.setAuthor('Docketwise sandbox');
  doc.setSubject(`USCIS Form ${formName}`);
  doc.setProducer('docketwise-mycase-sync sandbox');
  doc.setCreator('docketwise-mycase-sync sandbox');
  doc.setCreationDate(FIXED_DATE);
  doc.setModificationDate(FIXED_DATE);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const form = doc.getForm();

  // Helvetica (a standard font, so nothing is embedded) only covers WinAnsi: "Nguyễn" is
  // written "Nguyen" and anything else it cannot show becomes "?", rather than failing the form.
  const charset = new Set(regular.getCharacterSet());
  const printable = (text: string): string =>
    Array.from(text.normalize('NFC'), (char) => {
      if (charset.has(char.codePointAt(0) ?? 0)) return char;
      const base = char.normalize('NFD').replace(/\p{M}+/gu, '');
      return base !== '' && Array.from(base).every((c) => charset.has(c.codePointAt(0) ?? 0)) ? base : '?';
    }).join('');
  const textValue = (name: string): string => {
    const value = values[name];
    return typeof value === 'string' ? printable(value) : '';
  };
  const checked = (name: string): boolean => values[name] === true;

  const addText = (ctx: PageContext, name: string, label: string, x: number, y: number, width: number): void => {
    ctx.page.drawText(label, { x, y: y + 22, size: 8, font: regular });
    const field = form.createTextField(name);
    field.setText(textValue(name));
    field.addToPage(ctx.page, { x, y, width, height: 18, font: regular, borderWidth: 1, borderColor: rgb(0, 0, 0) });
  };
  const boxLooks = checkBoxAppearances(doc);
  // Written as plain objects (a Btn field with one widget) so all boxes share `boxLooks`.
  const addBox = (ctx: PageContext, name: string, label: string, x: number, y: number): void => {
    const state = checked(name) ? 'Yes' : 'Off';
    const widget = doc.context.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      Rect: [x, y, x + BOX, y + BOX],
      F: 4, // Print
      P: ctx.page.ref,
      MK: { BC: [0, 0, 0], BG: [1, 1, 1] },
      BS: { W: 1 },
      AS: state,
      AP: { N: { Yes: boxLooks.on, Off: boxLooks.off } },
    });
    const widgetRef = doc.context.register(widget);
    const fieldRef = doc.context.register(doc.context.obj({ FT: 'Btn', T: PDFHexString.fromText(name), V: state, Kids: [widgetRef] }));
    widget.set(PDFName.of('Parent'), fieldRef);
    ctx.page.node.addAnnot(widgetRef);
    form.acroForm.addField(fieldRef);
    ctx.page.drawText(label, { x: x + 15, y: y + 2, size: 9, font: regular });
  };

  // Page 1: Part 1 (the person) and Part 2 (yes/no questions).
  const title = printable(formName);
  const first: PageContext = { page: doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]), regular, bold };
  drawHeader(first, title, 1, pageCount);
  let y = PAGE_HEIGHT - 90;
  drawPartHeading(first, y, 'Part 1. Information About You');
  y -= 44;
  const fullWidth = PAGE_WIDTH - 2 * MARGIN;
  const half = (fullWidth - 12) / 2;
  const byName = new Map(PART1_TEXT_FIELDS.map((field) => [field.name as string, field.label as string]));
  const label = (name: string): string => byName.get(name) ?? name;
  addText(first, 'Pt1Line1a_FamilyName', label('Pt1Line1a_FamilyName'), MARGIN, y, half);
  addText(first, 'Pt1Line1b_GivenName', label('Pt1Line1b_GivenName'), MARGIN + half + 12, y, half);
  y -= 44;
  addText(first, 'Pt1Line2_Email', label('Pt1Line2_Email'), MARGIN, y, fullWidth);
  y -= 44;
  first.page.drawText('Mailing Address', { x: MARGIN, y: y + 30, size: 9, font: bold });
  addText(first, 'Pt1Line3_StreetNumberName', label('Pt1Line3_StreetNumberName'), MARGIN, y, fullWidth);
  y -= 44;
  UNIT_CHECKBOXES.forEach((box, index) => addBox(first, box.name, box.label, MARGIN + index * 52, y + 4));
  addText(first, 'Pt1Line3_AptSteFlrNumber', label('Pt1Line3_AptSteFlrNumber'), MARGIN + 170, y, 120);
  y -= 44;
  addText(first, 'Pt1Line3_CityOrTown', label('Pt1Line3_CityOrTown'), MARGIN, y, 250);
  addText(first, 'Pt1Line3_State', label('Pt1Line3_State'), MARGIN + 262, y, 60);
  addText(first, 'Pt1Line3_ZipCode', label('Pt1Line3_ZipCode'), MARGIN + 334, y, 100);
  y -= 44;
  addText(first, 'Pt1Line4_DaytimePhone', label('Pt1Line4_DaytimePhone'), MARGIN, y, 200);
  y -= 48;
  drawPartHeading(first, y, 'Part 2. Additional Information');
  y -= 28;
  PART2_QUESTIONS.forEach((question, index) => {
    first.page.drawText(`${index + 1}. ${question}`, { x: MARGIN, y, size: 9, font: regular });
    addBox(first, yesName(2, index + 1), 'Yes', MARGIN + 12, y - 18);
    addBox(first, noName(2, index + 1), 'No', MARGIN + 72, y - 18);
    y -= 44;
  });

  // Pages 2..n: one Part each, with a yes/no question and an explanation line.
  for (let pageNumber = 2; pageNumber <= pageCount; pageNumber += 1) {
    const part = pageNumber + 1;
    const ctx: PageContext = { page: doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]), regular, bold };
    drawHeader(ctx, title, pageNumber, pageCount);
    const partTitle = LATER_PART_TITLES[(pageNumber - 2) % LATER_PART_TITLES.length] ?? 'Additional Information';
    let py = PAGE_HEIGHT - 90;
    drawPartHeading(ctx, py, `Part ${part}. ${partTitle}`);
    py -= 28;
    ctx.page.drawText(`1. Does any statement in Part ${part} apply to you?`, { x: MARGIN, y: py, size: 9, font: regular });
    addBox(ctx, yesName(part, 1), 'Yes', MARGIN + 12, py - 18);
    addBox(ctx, noName(part, 1), 'No', MARGIN + 72, py - 18);
    py -= 60;
    addText(ctx, `Pt${part}Line2_Explanation`, '2. If you answered "Yes," explain below.', MARGIN, py, fullWidth);
    py -= 40;
    // Instruction lines give every page some real text, as USCIS forms have.
    for (let line = 0; line < 6; line += 1) {
      ctx.page.drawText(
        `NOTE: Provide the information requested in Item Number ${line + 3} exactly as it appears on your documents.`,
        { x: MARGIN, y: py - line * 16, size: 8, font: regular, color: rgb(0.25, 0.25, 0.25) },
      );
    }
  }

  // Every widget got its appearance from addToPage, after its value was set; letting save()
  // regenerate them would only add orphaned streams and embed a second font.
  return doc.save({ updateFieldAppearances: false, objectsPerTick: Infinity });
}
