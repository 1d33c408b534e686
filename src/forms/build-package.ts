/**
 * Builds the one PDF package of R24 from the chosen forms and documents: pages merged in the
 * chosen order, one bookmark per item, document title and metadata, and either every form field
 * kept working (editable) or every field drawn into the page (flattened).
 *
 * Runs in the extension's background worker: pdf-lib and Web APIs only (no Node, no browser.*).
 *
 * Why not plain `copyPages` + `form.flatten()`:
 * - Fields live in the catalog's /AcroForm, which copying pages does not carry. The field tree
 *   must be copied with the *same* copier as the pages so widgets and fields stay one object.
 * - Real USCIS forms share field names across forms; every item's top-level field names get a
 *   per-item prefix (see `fieldPrefix`) so two forms' `Pt1Line1a_FamilyName` stay two fields.
 * - pdf-lib 1.17.1's `flatten()` leaves dangling widget references in /Annots (it removes the
 *   appearance ref instead of the widget ref) and ignores the appearance's /BBox and /Matrix;
 *   `flattenInPlace` below does the same job from each widget's own appearance state.
 */
import {
  EncryptedPDFError,
  PDFArray,
  PDFBool,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFObject,
  PDFContext,
  PDFObjectCopier,
  PDFPage,
  PDFPageLeaf,
  PDFRef,
  PDFStream,
  PDFString,
  concatTransformationMatrix,
  drawObject,
  popGraphicsState,
  pushGraphicsState,
} from 'pdf-lib';
import { PackageItemError } from './errors';

export interface PackageItem {
  /** Shown as the item's bookmark; also used in the field-name prefix. */
  title: string;
  /** A PDF, or a PNG/JPEG image (a scanned document), which becomes one page. */
  bytes: Uint8Array;
}

export interface PackageMetadata {
  title: string;
  author: string;
  subject: string;
  creationDate: Date;
}

export interface BuildPackageInput {
  items: PackageItem[];
  editable: boolean;
  metadata: PackageMetadata;
}

export interface BuiltPackage {
  bytes: Uint8Array;
  pageCount: number;
  /** Things the package still holds but that may look different (for the log), in plain words. */
  warnings: string[];
}

const N = {
  Annots: PDFName.of('Annots'),
  AP: PDFName.of('AP'),
  AS: PDFName.of('AS'),
  BBox: PDFName.of('BBox'),
  DA: PDFName.of('DA'),
  DR: PDFName.of('DR'),
  F: PDFName.of('F'),
  Fields: PDFName.of('Fields'),
  Font: PDFName.of('Font'),
  Kids: PDFName.of('Kids'),
  Matrix: PDFName.of('Matrix'),
  NeedAppearances: PDFName.of('NeedAppearances'),
  Normal: PDFName.of('N'),
  P: PDFName.of('P'),
  Parent: PDFName.of('Parent'),
  Resources: PDFName.of('Resources'),
  Subtype: PDFName.of('Subtype'),
  T: PDFName.of('T'),
  Widget: PDFName.of('Widget'),
} as const;

/** Bounds every walk up or down a field tree: a malformed file may have cycles. */
const MAX_FIELD_DEPTH = 32;
/** Annotation flags (PDF 32000-1 §12.5.3): Hidden, NoView. */
const HIDDEN_FLAGS = 2 | 32;

/**
 * Typed readers for possibly indirect values. Unlike pdf-lib's `lookupMaybe`, a value of the
 * wrong type reads as undefined instead of throwing: real-world files are often a little off.
 */
function resolve(context: PDFContext, value: PDFObject | undefined): PDFObject | undefined {
  return value === undefined ? undefined : context.lookup(value);
}
function dictOf(context: PDFContext, value: PDFObject | undefined): PDFDict | undefined {
  const object = resolve(context, value);
  return object instanceof PDFDict ? object : undefined;
}
function arrayOf(context: PDFContext, value: PDFObject | undefined): PDFArray | undefined {
  const object = resolve(context, value);
  return object instanceof PDFArray ? object : undefined;
}
function streamOf(context: PDFContext, value: PDFObject | undefined): PDFStream | undefined {
  const object = resolve(context, value);
  return object instanceof PDFStream ? object : undefined;
}
function textOf(context: PDFContext, value: PDFObject | undefined): string | undefined {
  const object = resolve(context, value);
  return object instanceof PDFString || object instanceof PDFHexString ? object.decodeText() : undefined;
}
function numberList(context: PDFContext, value: PDFObject | undefined, count: number): number[] | undefined {
  const array = arrayOf(context, value);
  if (array === undefined || array.size() !== count) return undefined;
  const values: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const item = resolve(context, array.get(i));
    if (!(item instanceof PDFNumber)) return undefined;
    values.push(item.asNumber());
  }
  return values;
}

/** Gives the worker's event loop a turn between items, so messages are answered during a big build. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export async function buildPackage(input: BuildPackageInput): Promise<BuiltPackage> {
  const { items, editable, metadata } = input;
  if (items.length === 0) throw new RangeError('A package needs at least one item.');

  // updateMetadata: false keeps pdf-lib from stamping "now"; the caller's date makes the output
  // reproducible (same choice → same bytes → same sha256 in the log).
  const out = await PDFDocument.create({ updateMetadata: false });
  const warnings: string[] = [];
  const merged: MergedForm = { fields: [], fonts: new Map(), needAppearances: false };
  const firstPages: PDFRef[] = [];

  for (const [index, item] of items.entries()) {
    if (index > 0) await yieldToEventLoop();
    const before = out.getPageCount();
    const kind = sniffType(item.bytes);
    if (kind === 'png' || kind === 'jpeg') {
      await addImagePage(out, item, index, kind);
    } else if (kind === 'pdf') {
      const source = await loadSource(item, index);
      try {
        refreshMissingAppearances(source, item, warnings);
        if (!editable) flattenInPlace(source);
        // Fonts embedded by the appearance update are only written into the source at flush.
        await source.flush();
        copyItem(source, out, editable ? { prefix: fieldPrefix(index, item.title), merged } : null);
      } catch (error) {
        // A file pdf-lib could parse but not walk (broken page tree, wrong object types).
        throw new PackageItemError(`"${item.title}" is a damaged PDF.`, index, item.title, 'unreadable', { cause: error });
      }
    } else {
      throw new PackageItemError(
        `"${item.title}" is not a PDF or an image (PNG, JPEG), so it cannot go into the package.`,
        index,
        item.title,
        item.bytes.length === 0 ? 'empty' : 'unsupported-type',
      );
    }
    if (out.getPageCount() === before) {
      throw new PackageItemError(`"${item.title}" has no pages.`, index, item.title, 'empty');
    }
    firstPages.push(out.getPage(before).ref);
  }

  if (editable && merged.fields.length > 0) writeAcroForm(out, merged);
  writeOutline(out, items.map((item, index) => ({ title: item.title, page: firstPages[index] as PDFRef })));

  out.setTitle(metadata.title, { showInWindowTitleBar: true });
  out.setAuthor(metadata.author);
  out.setSubject(metadata.subject);
  // pdf-lib joins keywords with spaces; titles contain spaces, so they are joined here.
  out.setKeywords([items.map((item) => item.title).join(', ')]);
  out.setCreator('Docketwise-MyCase companion extension');
  out.setProducer('pdf-lib');
  out.setCreationDate(metadata.creationDate);
  out.setModificationDate(metadata.creationDate);

  const bytes = await out.save({ updateFieldAppearances: false });
  return { bytes, pageCount: out.getPageCount(), warnings };
}

/**
 * The prefix every top-level field name of item `index` gets in an editable package:
 * `f<position>_<slug>__`, e.g. `f2_I-485__Pt1Line1a_FamilyName`. The position keeps two copies
 * of one form apart; the slug makes the name readable. Partial names must not contain a period
 * (it separates the parts of a fully qualified name), so the slug keeps letters, digits and '-'.
 */
export function fieldPrefix(index: number, title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, 24)
    .replace(/^-+|-+$/g, '');
  return `f${index + 1}_${slug === '' ? 'item' : slug}__`;
}

type SourceKind = 'pdf' | 'png' | 'jpeg' | 'other';

function sniffType(bytes: Uint8Array): SourceKind {
  const starts = (...signature: number[]): boolean => signature.every((byte, i) => bytes[i] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'png';
  if (starts(0xff, 0xd8, 0xff)) return 'jpeg';
  // The header may follow a little junk (allowed by readers within the first 1024 bytes).
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return head.includes('%PDF-') ? 'pdf' : 'other';
}

async function loadSource(item: PackageItem, index: number): Promise<PDFDocument> {
  try {
    return await PDFDocument.load(item.bytes, { updateMetadata: false });
  } catch (error) {
    // pdf-lib reports some encrypted files (AES-256 with object streams) as parse errors.
    if (error instanceof EncryptedPDFError || new TextDecoder('latin1').decode(item.bytes).includes('/Encrypt')) {
      throw new PackageItemError(
        `"${item.title}" is password-protected; save an unprotected copy in Docketwise and try again.`,
        index,
        item.title,
        'encrypted',
        { cause: error },
      );
    }
    throw new PackageItemError(`"${item.title}" could not be read as a PDF.`, index, item.title, 'unreadable', { cause: error });
  }
}

/** Letter page with the image scaled to fit inside a half-inch margin (landscape if wider). */
async function addImagePage(out: PDFDocument, item: PackageItem, index: number, kind: 'png' | 'jpeg'): Promise<void> {
  let image;
  try {
    image = kind === 'png' ? await out.embedPng(item.bytes) : await out.embedJpg(item.bytes);
  } catch (error) {
    throw new PackageItemError(`"${item.title}" is a damaged image.`, index, item.title, 'unreadable', { cause: error });
  }
  const landscape = image.width > image.height;
  const [width, height] = landscape ? [792, 612] : [612, 792];
  const margin = 36;
  const scale = Math.min((width - 2 * margin) / image.width, (height - 2 * margin) / image.height, 1);
  const drawn = { width: image.width * scale, height: image.height * scale };
  const page = out.addPage([width, height]);
  page.drawImage(image, { x: (width - drawn.width) / 2, y: (height - drawn.height) / 2, ...drawn });
}

/**
 * Creates appearance streams for fields that have none, and redraws all of them when the file
 * says its appearances need it, so values show in the package and can be flattened. Otherwise
 * fields are left exactly as their author drew them.
 */
function refreshMissingAppearances(source: PDFDocument, item: PackageItem, warnings: string[]): void {
  const acroForm = source.catalog.getAcroForm();
  if (acroForm === undefined) return;
  try {
    const form = source.getForm();
    // NeedAppearances says the drawn appearances may be stale (a filler that set values without
    // drawing them): redraw every field from its value, as a viewer would.
    if (acroForm.dict.get(N.NeedAppearances) === PDFBool.True) {
      for (const field of form.getFields()) form.markFieldAsDirty(field.ref);
    }
    form.updateFieldAppearances();
  } catch (error) {
    // Not fatal: pdf-lib cannot draw some fields (text outside WinAnsi, unusual fonts). Those
    // keep whatever appearance they have; the log says which item may look incomplete.
    const reason = error instanceof Error ? error.message : String(error);
    warnings.push(`Some fields of "${item.title}" may show no value: ${reason}`);
  }
}

/** Every annotation dict of a page, with the way it is referenced from /Annots. */
function pageAnnotations(page: PDFPage): { entry: PDFRef | PDFDict; dict: PDFDict }[] {
  const annots = arrayOf(page.doc.context, page.node.get(N.Annots));
  if (annots === undefined) return [];
  const found: { entry: PDFRef | PDFDict; dict: PDFDict }[] = [];
  for (let i = 0; i < annots.size(); i += 1) {
    const entry = annots.get(i);
    const dict = dictOf(page.doc.context, entry);
    if (dict !== undefined && (entry instanceof PDFRef || entry instanceof PDFDict)) found.push({ entry, dict });
  }
  return found;
}

const isWidget = (dict: PDFDict): boolean => dict.get(N.Subtype) === N.Widget;

/** The appearance a widget shows now: its /N stream, or for on/off widgets the one named by /AS. */
function currentAppearance(source: PDFDocument, widget: PDFDict): PDFRef | undefined {
  const normal = dictOf(source.context, widget.get(N.AP))?.get(N.Normal);
  if (normal instanceof PDFRef && streamOf(source.context, normal) !== undefined) return normal;
  const states = dictOf(source.context, normal);
  const state = widget.get(N.AS);
  if (states === undefined || !(state instanceof PDFName)) return undefined;
  const chosen = states.get(state);
  return chosen instanceof PDFRef ? chosen : undefined;
}

/**
 * Draws every visible widget's current appearance into its page and removes every widget and
 * the AcroForm. Placement follows PDF 32000-1 §12.5.5: the form's /BBox, transformed by its
 * /Matrix, is mapped onto the annotation's /Rect.
 */
function flattenInPlace(source: PDFDocument): void {
  for (const page of source.getPages()) {
    const annotations = pageAnnotations(page);
    if (!annotations.some(({ dict }) => isWidget(dict))) continue;
    const kept = source.context.obj([]);
    for (const { entry, dict } of annotations) {
      if (!isWidget(dict)) {
        kept.push(entry);
        continue;
      }
      const flagValue = resolve(source.context, dict.get(N.F));
      const flags = flagValue instanceof PDFNumber ? flagValue.asNumber() : 0;
      const appearance = currentAppearance(source, dict);
      const stream = streamOf(source.context, appearance);
      const rect = numberList(source.context, dict.get(PDFName.of('Rect')), 4);
      if ((flags & HIDDEN_FLAGS) !== 0 || appearance === undefined || stream === undefined || rect === undefined) continue;
      const bbox = numberList(source.context, stream.dict.get(N.BBox), 4);
      if (bbox === undefined) continue;
      const matrix = numberList(source.context, stream.dict.get(N.Matrix), 6) ?? [1, 0, 0, 1, 0, 0];
      const transform = fitToRect(bbox, matrix, rect);
      if (transform === undefined) continue;
      const name = page.node.newXObject('FlatWidget', appearance);
      page.pushOperators(pushGraphicsState(), concatTransformationMatrix(...transform), drawObject(name), popGraphicsState());
    }
    page.node.set(N.Annots, kept);
  }
  // The field tree now points at nothing visible; dropping the AcroForm leaves no field behind.
  source.catalog.delete(PDFName.of('AcroForm'));
}

/** The `cm` that maps the appearance's transformed bounding box onto the annotation rectangle. */
function fitToRect(
  bbox: number[],
  matrix: number[],
  rect: number[],
): [number, number, number, number, number, number] | undefined {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = matrix;
  const [bx1 = 0, by1 = 0, bx2 = 0, by2 = 0] = bbox;
  const corners = [
    [bx1, by1],
    [bx2, by1],
    [bx1, by2],
    [bx2, by2],
  ].map(([x = 0, y = 0]) => [a * x + c * y + e, b * x + d * y + f] as const);
  const xs = corners.map(([x]) => x);
  const ys = corners.map(([, y]) => y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const [rx1 = 0, ry1 = 0, rx2 = 0, ry2 = 0] = rect;
  const [left, bottom, right, top] = [Math.min(rx1, rx2), Math.min(ry1, ry2), Math.max(rx1, rx2), Math.max(ry1, ry2)];
  if (maxX - minX <= 0 || maxY - minY <= 0) return undefined;
  const sx = (right - left) / (maxX - minX);
  const sy = (top - bottom) / (maxY - minY);
  // `Do` applies the form's own /Matrix; this only scales and moves its result onto the rectangle.
  return [sx, 0, 0, sy, left - minX * sx, bottom - minY * sy];
}

/** What the editable package's /AcroForm collects across items. */
interface MergedForm {
  fields: PDFRef[];
  fonts: Map<string, PDFRef | PDFDict>;
  needAppearances: boolean;
}

/**
 * The top-level fields of a source: those its /AcroForm lists, plus the roots of widgets that
 * sit on pages without being listed (some producers forget them).
 */
function topLevelFields(source: PDFDocument): PDFRef[] {
  const roots: PDFRef[] = [];
  const seen = new Set<PDFRef>();
  const add = (ref: PDFRef): void => {
    if (!seen.has(ref)) {
      seen.add(ref);
      roots.push(ref);
    }
  };
  const listed = arrayOf(source.context, source.catalog.getAcroForm()?.dict.get(N.Fields));
  for (let i = 0; i < (listed?.size() ?? 0); i += 1) {
    const entry = listed?.get(i);
    if (entry instanceof PDFRef) add(entry);
  }
  for (const page of source.getPages()) {
    for (const { entry, dict } of pageAnnotations(page)) {
      if (!isWidget(dict) || !(entry instanceof PDFRef)) continue;
      let ref: PDFRef = entry;
      let node: PDFDict = dict;
      for (let depth = 0; depth < MAX_FIELD_DEPTH; depth += 1) {
        const parent = node.get(N.Parent);
        const parentDict = dictOf(source.context, parent);
        if (!(parent instanceof PDFRef) || parentDict === undefined) break;
        ref = parent;
        node = parentDict;
      }
      add(ref);
    }
  }
  return roots;
}

/** Calls `visit` on every dict of a field tree (fields and widgets), bounded in depth and count. */
function walkFieldTree(source: PDFDocument, root: PDFRef, visit: (dict: PDFDict) => void): void {
  const seen = new Set<PDFDict>();
  const stack: { ref: PDFObject | undefined; depth: number }[] = [{ ref: root, depth: 0 }];
  while (stack.length > 0) {
    const next = stack.pop();
    if (next === undefined) break;
    const dict = dictOf(source.context, next.ref);
    if (dict === undefined || seen.has(dict) || next.depth > MAX_FIELD_DEPTH) continue;
    seen.add(dict);
    visit(dict);
    const kids = arrayOf(source.context, dict.get(N.Kids));
    for (let i = 0; i < (kids?.size() ?? 0); i += 1) stack.push({ ref: kids?.get(i), depth: next.depth + 1 });
  }
}

/**
 * Copies every page of `source` to the end of `out` with one copier, so objects shared between
 * pages (fonts, field trees, shared appearances) are copied once. With `form`, the item's field
 * tree comes along, renamed with `form.prefix`, and is collected for the merged /AcroForm.
 */
function copyItem(source: PDFDocument, out: PDFDocument, form: { prefix: string; merged: MergedForm } | null): void {
  const roots = form === null ? [] : topLevelFields(source);
  // An annotation's /P points at its page; copying it would drag a second copy of that page
  // (and, through fields spanning pages, of other pages) into the output. /P is re-set after.
  for (const page of source.getPages()) for (const { dict } of pageAnnotations(page)) dict.delete(N.P);
  for (const root of roots) walkFieldTree(source, root, (dict) => dict.delete(N.P));

  const copier = PDFObjectCopier.for(source.context, out.context);
  for (const page of source.getPages()) {
    const leaf = copier.copy(page.node);
    if (!(leaf instanceof PDFPageLeaf)) continue;
    const ref = out.context.register(leaf);
    const copied = PDFPage.of(leaf, ref, out);
    out.addPage(copied);
    for (const { dict } of pageAnnotations(copied)) dict.set(N.P, ref);
  }
  if (form === null) return;

  const sourceForm = source.catalog.getAcroForm()?.dict;
  if (sourceForm?.get(N.NeedAppearances) === PDFBool.True) form.merged.needAppearances = true;
  const formDa = resolve(source.context, sourceForm?.get(N.DA));
  const fonts = dictOf(source.context, dictOf(source.context, sourceForm?.get(N.DR))?.get(N.Font));
  if (fonts !== undefined) {
    const copiedFonts = copier.copy(fonts);
    for (const [name, font] of copiedFonts.entries()) {
      // First item wins on a shared name: viewers look fonts up by name in one /DR.
      if (!form.merged.fonts.has(name.decodeText()) && (font instanceof PDFRef || font instanceof PDFDict)) {
        form.merged.fonts.set(name.decodeText(), font);
      }
    }
  }
  const copiedRoots: PDFRef[] = [];
  roots.forEach((root, index) => {
    const ref = copier.copy(root);
    const field = dictOf(out.context, ref);
    if (!(ref instanceof PDFRef) || field === undefined) return;
    const own = textOf(out.context, field.get(N.T)) ?? `field${index + 1}`;
    field.set(N.T, PDFHexString.fromText(`${form.prefix}${own}`));
    // The source's form-wide default appearance cannot follow into the merged /AcroForm (one
    // per file), so it moves down to the item's own top-level fields, where children inherit it.
    if ((formDa instanceof PDFString || formDa instanceof PDFHexString) && !field.has(N.DA)) field.set(N.DA, formDa);
    copiedRoots.push(ref);
  });
  form.merged.fields.push(...copiedRoots);
  collectAppearanceFonts(out, copiedRoots, form.merged);
}

/**
 * pdf-lib and some other producers name a font in a field's /DA without listing it in /DR.
 * A viewer redrawing the field after an edit needs it there: take it from the widget's own
 * appearance resources, which hold that font under the same name. /DA is inherited down the
 * field tree, so the walk carries the nearest one.
 */
function collectAppearanceFonts(out: PDFDocument, roots: PDFRef[], merged: MergedForm): void {
  for (const root of roots) {
    const stack: { ref: PDFObject | undefined; font: string | undefined; depth: number }[] = [{ ref: root, font: undefined, depth: 0 }];
    const seen = new Set<PDFDict>();
    while (stack.length > 0) {
      const next = stack.pop();
      const dict = dictOf(out.context, next?.ref);
      if (next === undefined || dict === undefined || seen.has(dict) || next.depth > MAX_FIELD_DEPTH) continue;
      seen.add(dict);
      const da = textOf(out.context, dict.get(N.DA));
      const font = (da === undefined ? undefined : /\/([^\s/]+)\s+[\d.]+\s+Tf/.exec(da)?.[1]) ?? next.font;
      if (font !== undefined && !merged.fonts.has(font)) {
        const stream = streamOf(out.context, dictOf(out.context, dict.get(N.AP))?.get(N.Normal));
        const resources = dictOf(out.context, stream?.dict.get(N.Resources));
        const resource = dictOf(out.context, resources?.get(N.Font))?.get(PDFName.of(font));
        if (resource instanceof PDFRef || resource instanceof PDFDict) merged.fonts.set(font, resource);
      }
      const kids = arrayOf(out.context, dict.get(N.Kids));
      for (let i = 0; i < (kids?.size() ?? 0); i += 1) stack.push({ ref: kids?.get(i), font, depth: next.depth + 1 });
    }
  }
}

function writeAcroForm(out: PDFDocument, merged: MergedForm): void {
  const fonts = out.context.obj({});
  for (const [name, font] of merged.fonts) fonts.set(PDFName.of(name), font);
  // No form-wide /DA: each item's default appearance was moved onto its own fields.
  const acroForm = out.context.obj({
    Fields: out.context.obj(merged.fields),
    DR: out.context.obj({ Font: fonts }),
  });
  // Appearances are present (made above when missing); only ask viewers to redraw when a
  // source asked for it too.
  if (merged.needAppearances) acroForm.set(N.NeedAppearances, PDFBool.True);
  out.catalog.set(PDFName.of('AcroForm'), out.context.register(acroForm));
}

/**
 * The document outline (bookmarks): one entry per item, in order, each opening that item's
 * first page. pdf-lib has no outline API, so the dictionaries of PDF 32000-1 §12.3.3 are
 * written directly.
 */
function writeOutline(out: PDFDocument, entries: { title: string; page: PDFRef }[]): void {
  const rootRef = out.context.nextRef();
  const refs = entries.map(() => out.context.nextRef());
  entries.forEach((entry, index) => {
    const item = out.context.obj({
      Title: PDFHexString.fromText(entry.title),
      Parent: rootRef,
      Dest: out.context.obj([entry.page, PDFName.of('XYZ'), PDFNull, PDFNull, PDFNull]),
    });
    const prev = refs[index - 1];
    const next = refs[index + 1];
    if (prev !== undefined) item.set(PDFName.of('Prev'), prev);
    if (next !== undefined) item.set(PDFName.of('Next'), next);
    out.context.assign(refs[index] as PDFRef, item);
  });
  const root = out.context.obj({ Type: 'Outlines', Count: entries.length });
  const first = refs[0];
  const last = refs[refs.length - 1];
  if (first !== undefined && last !== undefined) {
    root.set(PDFName.of('First'), first);
    root.set(PDFName.of('Last'), last);
  }
  out.context.assign(rootRef, root);
  out.catalog.set(PDFName.of('Outlines'), rootRef);
  // Open with the bookmarks panel showing, so the package's parts are visible at once.
  out.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}
