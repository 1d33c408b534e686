import { describe, expect, it } from 'vitest';
import { classifySender, matchesPattern, type MessageSenderLike, type SenderPolicy } from '../../src/messaging/sender';

const EXT_ID = 'abcdefghijklmnopabcdefghijklmnop';
const policy: SenderPolicy = {
  extensionId: EXT_ID,
  extensionOrigin: `chrome-extension://${EXT_ID}`,
  docketwiseMatches: ['https://app.docketwise.com/*', 'http://127.0.0.1/*'],
};

const popup: MessageSenderLike = { id: EXT_ID, url: `chrome-extension://${EXT_ID}/popup.html`, origin: `chrome-extension://${EXT_ID}` };
const docketwiseTab: MessageSenderLike = {
  id: EXT_ID,
  url: 'https://app.docketwise.com/contacts/12',
  origin: 'https://app.docketwise.com',
  tab: { id: 7, url: 'https://app.docketwise.com/contacts/12' },
  frameId: 0,
};

describe('classifySender', () => {
  it('accepts the extension popup and options page', () => {
    expect(classifySender(popup, policy)).toEqual({ kind: 'extension-page', url: popup.url });
    const options = { ...popup, url: `chrome-extension://${EXT_ID}/options.html`, tab: { id: 3 } };
    expect(classifySender(options, policy)?.kind).toBe('extension-page');
  });

  it('accepts a content script in the top frame of a Docketwise tab', () => {
    expect(classifySender(docketwiseTab, policy)).toEqual({ kind: 'docketwise-tab', tabId: 7, url: docketwiseTab.url });
  });

  it('accepts the sandbox Docketwise on loopback on any port', () => {
    const sandbox = { ...docketwiseTab, url: 'http://127.0.0.1:4020/matters/3/forms', origin: 'http://127.0.0.1:4020' };
    expect(classifySender(sandbox, policy)?.kind).toBe('docketwise-tab');
  });

  const spoofed: Array<[string, MessageSenderLike]> = [
    ['another origin', { ...docketwiseTab, url: 'https://evil.example/contacts/12', origin: 'https://evil.example' }],
    ['a look-alike Docketwise host', { ...docketwiseTab, url: 'https://app.docketwise.com.evil.example/', origin: 'https://app.docketwise.com.evil.example' }],
    ['http instead of https for Docketwise', { ...docketwiseTab, url: 'http://app.docketwise.com/contacts/1', origin: 'http://app.docketwise.com' }],
    ['a look-alike chrome-extension id', { id: EXT_ID, url: `chrome-extension://${EXT_ID}.evil.com/popup.html` }],
    ['another extension id', { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', url: 'chrome-extension://zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz/popup.html' }],
    ['another extension claiming our page url', { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', url: popup.url }],
    ['a file: page', { id: EXT_ID, url: 'file:///home/user/evil.html', tab: { id: 9 }, frameId: 0 }],
    ['no origin and no url', { id: EXT_ID }],
    ['no sender id', { url: popup.url }],
    ['an origin that disagrees with the url', { ...popup, origin: 'https://evil.example' }],
    ['an iframe inside a Docketwise page', { ...docketwiseTab, frameId: 3 }],
    ['a Docketwise url without a tab', { id: EXT_ID, url: 'https://app.docketwise.com/contacts/1' }],
    ['a data: url', { id: EXT_ID, url: 'data:text/html,<p>hi</p>', tab: { id: 9 }, frameId: 0 }],
    ['an unparsable url', { id: EXT_ID, url: 'not a url', tab: { id: 9 } }],
  ];

  it.each(spoofed)('refuses %s', (_name, sender) => {
    expect(classifySender(sender, policy)).toBeNull();
  });
});

describe('matchesPattern', () => {
  it('matches host patterns exactly and wildcard subdomains only as subdomains', () => {
    expect(matchesPattern(new URL('https://x.s3.amazonaws.com/a'), 'https://*.s3.amazonaws.com/*')).toBe(true);
    expect(matchesPattern(new URL('https://s3.amazonaws.com.evil.io/a'), 'https://*.s3.amazonaws.com/*')).toBe(false);
    expect(matchesPattern(new URL('http://localhost:3000/'), 'http://localhost/*')).toBe(true);
    expect(matchesPattern(new URL('https://localhost/'), 'http://localhost/*')).toBe(false);
  });
});
