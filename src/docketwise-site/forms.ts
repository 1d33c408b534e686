/**
 * Reading a matter's forms from its Forms tab: each row's id, name, kind and PDF link. Rows are
 * checked with zod; a row that does not fit is reported as a `BadPageDataError` naming the row
 * and the field, and skipped, so one odd row never hides the others.
 */
import { z } from 'zod';
import { BadPageDataError } from './errors';
import { findWithin, selectors } from './selectors';

const rowSchema = z.object({
  formId: z.coerce.number().int().positive(),
  formName: z.string().trim().min(1),
  formKind: z.enum(['uscis', 'smart-form']),
  downloadUrl: z.string().min(1),
});

export interface MatterFormRow {
  id: number;
  name: string;
  kind: 'uscis' | 'smart-form';
  /** Absolute URL of the filled PDF (same origin, the page's session cookie applies). */
  downloadUrl: string;
  checked: boolean;
  row: Element;
}

export interface MatterFormsReading {
  forms: MatterFormRow[];
  problems: BadPageDataError[];
}

export function readMatterForms(root: ParentNode = document, baseUrl: string = location.href): MatterFormsReading {
  const forms: MatterFormRow[] = [];
  const problems: BadPageDataError[] = [];
  root.querySelectorAll(selectors.matterFormRows.selector).forEach((row, index) => {
    const data = row instanceof HTMLElement ? { ...row.dataset } : {};
    const parsed = rowSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const name = data.formName ?? `row ${index + 1}`;
      problems.push(new BadPageDataError(`form ${name}`, String(issue?.path.join('.') ?? 'row'), issue?.message ?? 'is invalid'));
      return;
    }
    const checkbox = findWithin(row, 'formRowCheckbox');
    forms.push({
      id: parsed.data.formId,
      name: parsed.data.formName,
      kind: parsed.data.formKind,
      downloadUrl: new URL(parsed.data.downloadUrl, baseUrl).href,
      checked: checkbox instanceof HTMLInputElement && checkbox.checked,
      row,
    });
  });
  return { forms, problems };
}
