// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { BadPageDataError } from '../../src/docketwise-site/errors';
import { readMatterForms } from '../../src/docketwise-site/forms';
import { loadSavedPage } from '../fixtures/docketwise/saved-pages';

describe('readMatterForms', () => {
  beforeEach(() => loadSavedPage('matter-forms'));

  it('reads every form row with its absolute PDF link', () => {
    const { forms, problems } = readMatterForms();
    expect(problems).toEqual([]);
    expect(forms.map((f) => f.name)).toEqual(['I-130', 'I-130A', 'I-485', 'I-765', 'G-28', 'Green Card Smart Form', 'Family Green Card Smart Form']);
    expect(forms[0]).toMatchObject({ id: 501, kind: 'uscis', checked: false, downloadUrl: `${location.origin}/downloads/forms/501.pdf` });
    expect(forms[6]?.kind).toBe('smart-form');
  });

  it('reports which rows the user checked', () => {
    const boxes = document.querySelectorAll<HTMLInputElement>('input.forms-table__select');
    boxes[1]!.checked = true;
    boxes[3]!.checked = true;
    expect(readMatterForms().forms.filter((f) => f.checked).map((f) => f.name)).toEqual(['I-130A', 'I-765']);
  });

  it('skips a row with bad data and names the row and field', () => {
    const row = document.querySelector<HTMLElement>('tr.forms-table__row[data-form-name="I-485"]')!;
    row.dataset.formId = 'not-a-number';
    const { forms, problems } = readMatterForms();
    expect(forms).toHaveLength(6);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toBeInstanceOf(BadPageDataError);
    expect(problems[0]).toMatchObject({ record: 'form I-485', field: 'formId' });
  });

  it('finds no forms on an empty forms tab', () => {
    loadSavedPage('matter-forms-empty');
    expect(readMatterForms()).toEqual({ forms: [], problems: [] });
  });
});
