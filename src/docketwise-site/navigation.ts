/**
 * In-app navigation: Docketwise changes pages with history.pushState, without a reload. The
 * content script lives in an isolated world, so patching the page's `history.pushState` would
 * not see the page's own calls; instead it listens to WXT's `wxt:locationchange` (Navigation
 * API where the browser has it, else a 1 s URL check) and to `popstate` (back/forward), and
 * reports each new URL once.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

export type LocationListener = (url: URL) => void;

/** Something that can tell us when the URL changed; the feature manager takes it as a dependency. */
export type LocationSource = (listener: LocationListener) => void;

export function contentScriptLocationSource(ctx: ContentScriptContext): LocationSource {
  return (listener) => {
    let last = location.href;
    const check = (event: Event) => {
      // WXT's event fires from the Navigation API's "navigate", before `location` is updated,
      // so its own `newUrl` is the one to trust.
      const next = event instanceof Event && 'newUrl' in event && event.newUrl instanceof URL ? event.newUrl.href : location.href;
      if (next === last) return;
      last = next;
      listener(new URL(next));
    };
    ctx.addEventListener(window, 'wxt:locationchange', check);
    ctx.addEventListener(window, 'popstate', check);
  };
}
