// @vitest-environment happy-dom
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { ElementMissingError } from '../../src/docketwise-site/errors';
import { activeObservations, observe, waitForElement } from '../../src/docketwise-site/observe';
import { loadSavedPage } from '../fixtures/docketwise/saved-pages';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('observe', () => {
  const controllers: AbortController[] = [];
  const signal = () => {
    const controller = new AbortController();
    controllers.push(controller);
    return controller.signal;
  };
  afterEach(() => {
    controllers.splice(0).forEach((c) => c.abort());
    document.body.innerHTML = '';
  });

  it('reports elements already there and elements added later, each once', async () => {
    document.body.innerHTML = '<ul><li class="x">a</li></ul>';
    const seen: string[] = [];
    observe({ selector: 'li.x' }, (el) => seen.push(el.textContent ?? ''), { signal: signal() });
    expect(seen).toEqual(['a']);

    const list = document.querySelector('ul')!;
    list.insertAdjacentHTML('beforeend', '<li class="x">b</li><li>not me</li>');
    const wrapper = document.createElement('div');
    wrapper.innerHTML = '<section><li class="x">c</li></section>';
    document.body.append(wrapper);
    await tick();
    expect(seen).toEqual(['a', 'b', 'c']);

    // Moving a seen element (a re-render that keeps the node) does not report it again.
    document.body.append(list.firstElementChild!);
    await tick();
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('finds named selectors from the registry on a saved page', () => {
    loadSavedPage('matter-forms');
    const menus: Element[] = [];
    observe('formRowMenu', (el) => menus.push(el), { signal: signal() });
    expect(menus).toHaveLength(7);
  });

  it('shares one observer and lets go of it when every caller aborted', async () => {
    const Original = globalThis.MutationObserver;
    let created = 0;
    globalThis.MutationObserver = class extends Original {
      constructor(callback: MutationCallback) {
        super(callback);
        created++;
      }
    };
    onTestFinished(() => {
      globalThis.MutationObserver = Original;
    });
    const a = new AbortController();
    const b = new AbortController();
    observe({ selector: '.a' }, () => undefined, { signal: a.signal });
    observe({ selector: '.b' }, () => undefined, { signal: b.signal });
    expect(created).toBe(1);
    expect(activeObservations()).toBe(2);
    a.abort();
    b.abort();
    expect(activeObservations()).toBe(0);

    // The next caller gets a fresh observer that works.
    const seen: Element[] = [];
    observe({ selector: '.c' }, (el) => seen.push(el), { signal: signal() });
    expect(created).toBe(2);
    document.body.innerHTML = '<p class="c"></p>';
    await tick();
    expect(seen).toHaveLength(1);
  });

  it('stops reporting after its signal aborts', async () => {
    const controller = new AbortController();
    const seen: Element[] = [];
    observe({ selector: 'p.late' }, (el) => seen.push(el), { signal: controller.signal });
    controller.abort();
    document.body.innerHTML = '<p class="late"></p>';
    await tick();
    expect(seen).toEqual([]);
  });

  it('keeps telling other callers when one handler throws', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const seen: Element[] = [];
    observe({ selector: 'p.boom' }, () => { throw new Error('bad handler'); }, { signal: signal() });
    observe({ selector: 'p.boom' }, (el) => seen.push(el), { signal: signal() });
    document.body.innerHTML = '<p class="boom"></p>';
    await tick();
    expect(seen).toHaveLength(1);
    expect(error).toHaveBeenCalledTimes(1);
  });
});

describe('waitForElement', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('resolves with an element that is already there', async () => {
    document.body.innerHTML = '<form class="record-form"><span class="form-status" role="status"></span></form>';
    const el = await waitForElement('saveStatus', { signal: new AbortController().signal, timeout: 100 });
    expect(el.className).toBe('form-status');
    expect(activeObservations()).toBe(0);
  });

  it('resolves when the element is added later', async () => {
    const pending = waitForElement({ selector: '#later' }, { signal: new AbortController().signal, timeout: 1000 });
    setTimeout(() => document.body.insertAdjacentHTML('beforeend', '<div id="later"></div>'), 10);
    await expect(pending).resolves.toHaveProperty('id', 'later');
    expect(activeObservations()).toBe(0);
  });

  it('rejects with ElementMissingError naming the selector after the timeout', async () => {
    const pending = waitForElement('profileMenu', { signal: new AbortController().signal, timeout: 30 });
    await expect(pending).rejects.toBeInstanceOf(ElementMissingError);
    await expect(pending).rejects.toMatchObject({ description: 'top-right profile menu', timeoutMs: 30 });
    expect(activeObservations()).toBe(0);
  });

  it('rejects with the abort reason when its signal aborts', async () => {
    const controller = new AbortController();
    const pending = waitForElement({ selector: '#never' }, { signal: controller.signal, timeout: 5000 });
    const reason = new Error('navigated away');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(activeObservations()).toBe(0);
  });
});
