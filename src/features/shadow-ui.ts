/**
 * Our UI inside Docketwise pages lives in a shadow root, so the page's CSS cannot reach it and
 * ours cannot leak out. We attach the shadow root ourselves (instead of WXT's
 * createShadowRootUi) because our elements must sit inside the page's own structures (a menu's
 * list, next to a form's status), and this keeps the content script's CSS mode unchanged.
 * `:host` resets inherited styles, so the look never depends on the page's stylesheet.
 */
import { render, type ComponentChild } from 'preact';

/** Colours and type that match the Docketwise app (see sandbox/docketwise/web/public/app.css). */
export const BASE_CSS = `
:host { all: initial; display: block; font-family: 'Inter', 'Segoe UI', system-ui, -apple-system, sans-serif;
  font-size: 14px; line-height: 1.4; color: #1e293b; }
*, *::before, *::after { box-sizing: border-box; }
button { font: inherit; color: inherit; }
:focus-visible { outline: 2px solid #2563eb; outline-offset: 2px; }
`;

export interface ShadowUi {
  host: HTMLElement;
  root: ShadowRoot;
  /** Renders (or re-renders) the UI. */
  render(content: ComponentChild): void;
}

/**
 * Creates `<tag data-dw-mycase-sync="name">` with an open shadow root holding `css`, lets
 * `place` put it into the page, and removes it (unmounting the UI) when `signal` aborts.
 */
export function mountShadowUi(options: {
  name: string;
  /** Only elements that may hold a shadow root (not `li`, `td`, `button`…): wrap those. */
  tag?: 'div' | 'span';
  attributes?: Record<string, string>;
  css: string;
  place: (host: HTMLElement) => void;
  signal: AbortSignal;
}): ShadowUi {
  const host = document.createElement(options.tag ?? 'div');
  host.setAttribute('data-dw-mycase-sync', options.name);
  for (const [key, value] of Object.entries(options.attributes ?? {})) host.setAttribute(key, value);
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = BASE_CSS + options.css;
  const mount = document.createElement('div');
  root.append(style, mount);
  options.place(host);
  options.signal.addEventListener(
    'abort',
    () => {
      render(null, mount);
      host.remove();
    },
    { once: true },
  );
  return { host, root, render: (content) => render(content, mount) };
}
