import { describe, expect, it, vi } from 'vitest';
import { createMessageClient } from '../../src/messaging/client';
import { createMessageRouter } from '../../src/messaging/router';
import type { MessageSenderLike, SenderPolicy } from '../../src/messaging/sender';

const EXT_ID = 'abcdefghijklmnopabcdefghijklmnop';
const policy: SenderPolicy = {
  extensionId: EXT_ID,
  extensionOrigin: `chrome-extension://${EXT_ID}`,
  docketwiseMatches: ['https://app.docketwise.com/*'],
};
const popup: MessageSenderLike = { id: EXT_ID, url: `chrome-extension://${EXT_ID}/popup.html` };
const tab: MessageSenderLike = { id: EXT_ID, url: 'https://app.docketwise.com/contacts/1', tab: { id: 4 }, frameId: 0 };
const evil: MessageSenderLike = { id: EXT_ID, url: 'https://evil.example/', tab: { id: 5 }, frameId: 0 };

function makeRouter() {
  const connect = vi.fn(async () => ({ connected: true }));
  const onRefused = vi.fn();
  const route = createMessageRouter(
    {
      ping: ({ from }) => ({ pong: true, echo: from, at: 1 }),
      'auth/connect': connect,
    },
    { policy: () => policy, onRefused },
  );
  return { route, connect, onRefused };
}

describe('message router', () => {
  it('answers a valid request from an extension page', async () => {
    const { route } = makeRouter();
    await expect(route({ type: 'ping', payload: { from: 'popup' } }, popup)).resolves.toEqual({
      ok: true,
      value: { pong: true, echo: 'popup', at: 1 },
    });
  });

  it('refuses every message from a spoofed sender, whatever it asks', async () => {
    const { route, connect, onRefused } = makeRouter();
    const reply = await route({ type: 'auth/connect', payload: { product: 'mycase' } }, evil);
    expect(reply).toMatchObject({ ok: false, error: { kind: 'refused:sender' } });
    expect(connect).not.toHaveBeenCalled();
    expect(onRefused).toHaveBeenCalledWith('sender', expect.any(String));
  });

  it('keeps privileged messages to the extension pages: a Docketwise tab cannot start sign-in', async () => {
    const { route, connect } = makeRouter();
    const reply = await route({ type: 'auth/connect', payload: { product: 'mycase' } }, tab);
    expect(reply).toMatchObject({ ok: false, error: { kind: 'refused:audience' } });
    expect(connect).not.toHaveBeenCalled();
  });

  it('lets a Docketwise tab send the messages meant for it', async () => {
    const { route } = makeRouter();
    await expect(route({ type: 'ping', payload: { from: '/contacts/1' } }, tab)).resolves.toMatchObject({ ok: true });
  });

  it('refuses malformed envelopes, unknown types and invalid payloads with a clear reason', async () => {
    const { route } = makeRouter();
    await expect(route('ping', popup)).resolves.toMatchObject({ error: { kind: 'refused:envelope' } });
    await expect(route({ type: 'tokens/dump', payload: {} }, popup)).resolves.toMatchObject({ error: { kind: 'refused:unknown-type' } });
    await expect(route({ type: 'auth/connect', payload: { product: 'clio' } }, popup)).resolves.toMatchObject({
      error: { kind: 'refused:request' },
    });
    await expect(route({ type: 'toString', payload: {} }, popup)).resolves.toMatchObject({ error: { kind: 'refused:unknown-type' } });
  });

  it('reports a message with no handler instead of hanging', async () => {
    const { route } = makeRouter();
    await expect(route({ type: 'sync/progress', payload: {} }, popup)).resolves.toMatchObject({ error: { kind: 'refused:no-handler' } });
  });

  it('round-trips through the typed client', async () => {
    const { route } = makeRouter();
    const send = createMessageClient((message) => route(message, popup));
    await expect(send('ping', { from: 'test' })).resolves.toEqual({ pong: true, echo: 'test', at: 1 });
    const refusing = createMessageClient((message) => route(message, evil));
    await expect(refusing('ping', { from: 'test' })).rejects.toThrow(/refused/);
  });
});
