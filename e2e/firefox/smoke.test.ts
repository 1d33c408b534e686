import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtExtension } from '../support/paths';
import { serveStaticPages } from '../support/static-server';
import { launchFirefox, type FirefoxSession } from './bidi';

interface EvaluateResult {
  type: 'success' | 'exception';
  result?: { type: string; value?: unknown };
}

describe('the built extension in Firefox (firefox-esr, WebDriver BiDi)', () => {
  let firefox: FirefoxSession;
  let site: Awaited<ReturnType<typeof serveStaticPages>>;

  beforeAll(async () => {
    site = await serveStaticPages({ '/contacts': '<!doctype html><html><body><main>Contacts</main></body></html>' });
    firefox = await launchFirefox();
  });

  afterAll(async () => {
    await firefox?.close();
    await site?.close();
  });

  it('installs the Firefox build, and its content script runs and hears back from the background', async () => {
    const installed = await firefox.send<{ extension: string }>('webExtension.install', {
      extensionData: { type: 'path', path: builtExtension('firefox-mv3-sandbox') },
    });
    expect(installed.extension).toMatch(/@/);

    const tree = await firefox.send<{ contexts: Array<{ context: string }> }>('browsingContext.getTree', {});
    const context = tree.contexts[0]?.context;
    expect(context).toBeTruthy();
    await firefox.send('browsingContext.navigate', { context, url: `${site.url}/contacts`, wait: 'complete' });

    let marker: unknown = null;
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const evaluated = await firefox.send<EvaluateResult>('script.evaluate', {
        expression: 'document.documentElement.dataset.dwMycaseSync ?? null',
        target: { context },
        awaitPromise: false,
      });
      marker = evaluated.result?.value ?? null;
      if (marker) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(marker).toBe('ready');
  });
});
