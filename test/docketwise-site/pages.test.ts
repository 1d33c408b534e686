// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { detectPage, detectors, hasRecordForm, OTHER_EXAMPLES } from '../../src/docketwise-site/pages';

describe('detectPage', () => {
  for (const detector of detectors) {
    for (const url of detector.examples) {
      it(`${url} is a ${detector.kind} page`, () => {
        expect(detectPage(url).kind).toBe(detector.kind);
      });
    }
  }

  it('no example matches a second detector', () => {
    for (const detector of detectors) {
      for (const url of detector.examples) {
        const path = new URL(url).pathname;
        const matching = detectors.filter((d) => d.path.test(path)).map((d) => d.kind);
        expect(matching, url).toEqual([detector.kind]);
      }
    }
  });

  for (const url of OTHER_EXAMPLES) {
    it(`${url} is no known page`, () => {
      expect(detectPage(url)).toEqual({ kind: 'other' });
    });
  }

  it('reads the record ids', () => {
    expect(detectPage('https://app.docketwise.com/contacts/42')).toEqual({ kind: 'contact', contactId: 42 });
    expect(detectPage('https://app.docketwise.com/matters/11/forms?x=1')).toEqual({ kind: 'matter-forms', matterId: 11 });
    expect(detectPage(new URL('http://127.0.0.1:4020/matters/7/files'))).toEqual({ kind: 'matter-files', matterId: 7 });
  });

  it('defaults to the current location', () => {
    history.replaceState({}, '', '/matters/5');
    expect(detectPage()).toEqual({ kind: 'matter', matterId: 5 });
  });

  it('knows which pages hold an edit form', () => {
    const withForm = ['/contacts/1', '/contacts/new', '/matters/2', '/matters/new'];
    const without = ['/contacts', '/contacts/1/forms', '/matters/2/forms', '/matters/2/files', '/dashboard'];
    for (const path of withForm) expect(hasRecordForm(detectPage(`https://app.docketwise.com${path}`)), path).toBe(true);
    for (const path of without) expect(hasRecordForm(detectPage(`https://app.docketwise.com${path}`)), path).toBe(false);
  });
});
