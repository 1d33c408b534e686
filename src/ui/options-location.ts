/**
 * Where the options page was opened: the section to show and the run or review item to focus.
 * Links put them in the hash (`options.html#log?run=ID`, `#review?item=ID`), as the background's
 * `options/open` does; a query string before the hash is read too. Pure.
 */
export interface OptionsLocation {
  section: string;
  runId: string | null;
  itemId: string | null;
}

/** `options/open` names the setup section "connections". */
const aliases: Record<string, string> = { connections: 'setup' };

export function parseOptionsLocation(href: string): OptionsLocation {
  const url = new URL(href);
  const hash = url.hash.slice(1);
  const cut = hash.indexOf('?');
  const name = cut === -1 ? hash : hash.slice(0, cut);
  const params = new URLSearchParams(url.search);
  if (cut !== -1) new URLSearchParams(hash.slice(cut + 1)).forEach((value, key) => params.set(key, value));
  return { section: aliases[name] ?? name, runId: params.get('run'), itemId: params.get('item') };
}
