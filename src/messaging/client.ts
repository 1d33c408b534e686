/**
 * The typed client that pages and content scripts use to reach the background. Requests are
 * checked before they leave and replies are checked when they arrive.
 */
import { protocol, replySchema, type MessageType, type RequestOf, type ResponseOf } from './protocol';

export class MessageFailedError extends Error {
  constructor(readonly kind: string, detail: string) {
    super(`${kind}: ${detail}`);
    this.name = 'MessageFailedError';
  }
}

export type Transport = (message: { type: string; payload: unknown }) => Promise<unknown>;

export function createMessageClient(transport: Transport) {
  return async function send<T extends MessageType>(type: T, request: RequestOf<T>): Promise<ResponseOf<T>> {
    const payload = protocol[type].request.parse(request);
    const raw = await transport({ type, payload });
    const reply = replySchema.parse(raw);
    if (!reply.ok) throw new MessageFailedError(reply.error.kind, reply.error.message);
    return protocol[type].response.parse(reply.value) as ResponseOf<T>;
  };
}

export type MessageClient = ReturnType<typeof createMessageClient>;

/** The client over `browser.runtime.sendMessage`, for extension pages and content scripts. */
export function createRuntimeMessageClient(): MessageClient {
  return createMessageClient((message) => browser.runtime.sendMessage(message));
}
