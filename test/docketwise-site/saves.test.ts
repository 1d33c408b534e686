// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { watchSaves, type SavedRecord } from '../../src/docketwise-site/saves';
import { loadSavedPage } from '../fixtures/docketwise/saved-pages';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** What the web app does around its PUT/POST (sandbox/docketwise/web/public/app.js setStatus). */
function setStatus(state: string, text: string) {
  const status = document.querySelector<HTMLElement>('form.record-form .form-status')!;
  status.dataset.state = state;
  status.textContent = text;
}

describe('watchSaves', () => {
  let controller = new AbortController();
  afterEach(() => {
    controller.abort();
    controller = new AbortController();
  });

  function watch(): SavedRecord[] {
    const saved: SavedRecord[] = [];
    watchSaves((record) => saved.push(record), { signal: controller.signal });
    return saved;
  }

  it('R18 reports a contact once the page confirms the save', async () => {
    loadSavedPage('contact');
    const saved = watch();
    setStatus('saving', 'Saving…');
    await tick();
    expect(saved).toEqual([]);
    setStatus('saved', 'Saved');
    await tick();
    expect(saved).toEqual([{ entity: 'contact', id: 1 }]);
  });

  it('reports every save, not just the first', async () => {
    loadSavedPage('matter');
    const saved = watch();
    for (let i = 0; i < 3; i++) {
      setStatus('saving', 'Saving…');
      await tick();
      setStatus('saved', 'Saved');
      await tick();
    }
    expect(saved).toEqual([
      { entity: 'matter', id: 11 },
      { entity: 'matter', id: 11 },
      { entity: 'matter', id: 11 },
    ]);
  });

  it('does not report a save the server refused', async () => {
    loadSavedPage('contact');
    const saved = watch();
    setStatus('saving', 'Saving…');
    await tick();
    setStatus('error', 'Not saved: email has already been taken');
    await tick();
    expect(saved).toEqual([]);
  });

  it('reports a new contact with the id the app put on the form', async () => {
    loadSavedPage('contact-new');
    const saved = watch();
    setStatus('saving', 'Saving…');
    await tick();
    document.querySelector<HTMLElement>('form.contact-form')!.dataset.contactId = '1042';
    setStatus('saved', 'Saved · contact created');
    await tick();
    expect(saved).toEqual([{ entity: 'contact', id: 1042 }]);
  });

  it('recognises "Saved" by its text when the state attribute is missing', async () => {
    loadSavedPage('contact');
    document.querySelector('.form-status')!.removeAttribute('data-state');
    const saved = watch();
    document.querySelector('.form-status')!.textContent = 'Saving…';
    await tick();
    document.querySelector('.form-status')!.textContent = 'Saved';
    await tick();
    expect(saved).toEqual([{ entity: 'contact', id: 1 }]);
  });

  it('stops watching when its signal aborts', async () => {
    loadSavedPage('contact');
    const saved = watch();
    controller.abort();
    setStatus('saving', 'Saving…');
    await tick();
    setStatus('saved', 'Saved');
    await tick();
    expect(saved).toEqual([]);
  });
});
