// @vitest-environment happy-dom
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectPage } from '../../src/docketwise-site/pages';
import { selectors, type SavedPage, type SelectorDefinition } from '../../src/docketwise-site/selectors';
import { SAVED_PAGE_NAMES, SAVED_PAGES, savedPageHtml } from '../fixtures/docketwise/saved-pages';

function parse(name: SavedPage): Document {
  return new DOMParser().parseFromString(savedPageHtml(name), 'text/html');
}

describe('saved Docketwise pages', () => {
  for (const name of SAVED_PAGE_NAMES) {
    it(`${name}.html exists and was saved from a rendered page`, () => {
      expect(existsSync(join(import.meta.dirname, '../fixtures/docketwise', `${name}.html`))).toBe(true);
      const doc = parse(name);
      expect(doc.querySelector('#page')?.getAttribute('data-state')).toBe('ready');
      expect(doc.querySelectorAll('script')).toHaveLength(0);
    });

    it(`${name}.html is detected as the page it was saved from`, () => {
      const kind = detectPage(`https://app.docketwise.com${SAVED_PAGES[name]}`).kind;
      expect(kind).not.toBe('other');
      // The app names its route too (e.g. "matters#forms"): both must agree on the section.
      const route = parse(name).querySelector('#page')?.getAttribute('data-route') ?? '';
      expect(route.split('#')[0]).toContain(kind.split('-')[0]);
    });
  }
});

describe('selector registry', () => {
  const entries = Object.entries(selectors) as [string, SelectorDefinition][];

  it('every selector names at least one saved page where it must match', () => {
    for (const [name, definition] of entries) {
      const positives = Object.values(definition.expect).filter((count) => count > 0);
      expect(positives.length, name).toBeGreaterThan(0);
    }
  });

  for (const [name, definition] of entries) {
    for (const [page, count] of Object.entries(definition.expect) as [SavedPage, number][]) {
      it(`${name} matches ${count} element(s) on ${page}`, () => {
        expect(parse(page).querySelectorAll(definition.selector)).toHaveLength(count);
      });
    }
  }
});
