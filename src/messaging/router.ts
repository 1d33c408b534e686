/**
 * The background's single `runtime.onMessage` listener: checks the sender, parses the envelope
 * and the request with the protocol's schemas, dispatches to a typed handler, and validates
 * the reply before it leaves.
 */
import { z } from 'zod';
import { isSyncError } from '../core/errors';
import {
  envelopeSchema,
  isMessageType,
  protocol,
  type ErrorReply,
  type MessageType,
  type Reply,
  type RequestOf,
  type ResponseOf,
} from './protocol';
import { classifySender, type MessageSenderLike, type SenderContext, type SenderPolicy } from './sender';

export type Handler<T extends MessageType> = (
  request: RequestOf<T>,
  sender: SenderContext,
) => Promise<ResponseOf<T>> | ResponseOf<T>;

export type Handlers = { [T in MessageType]?: Handler<T> };

export type RefusalReason = 'sender' | 'envelope' | 'unknown-type' | 'audience' | 'request' | 'no-handler';

export class MessageRefusedError extends Error {
  constructor(readonly reason: RefusalReason, detail: string) {
    super(`message refused (${reason}): ${detail}`);
    this.name = 'MessageRefusedError';
  }
}

function refuse(reason: RefusalReason, detail: string): ErrorReply {
  return { ok: false, error: { kind: `refused:${reason}`, message: detail } };
}

export interface RouterOptions {
  policy: () => SenderPolicy;
  /** Called for every refused message so that refusals are visible in the console and tests. */
  onRefused?: (reason: RefusalReason, detail: string) => void;
}

export function createMessageRouter(handlers: Handlers, options: RouterOptions) {
  return async function route(message: unknown, rawSender: MessageSenderLike): Promise<Reply<unknown>> {
    const fail = (reason: RefusalReason, detail: string): ErrorReply => {
      options.onRefused?.(reason, detail);
      return refuse(reason, detail);
    };
    const sender = classifySender(rawSender, options.policy());
    if (!sender) return fail('sender', `from ${rawSender.url ?? 'no url'}`);

    const envelope = envelopeSchema.safeParse(message);
    if (!envelope.success) return fail('envelope', z.prettifyError(envelope.error));
    const { type, payload } = envelope.data;
    if (!isMessageType(type)) return fail('unknown-type', type);

    const definition = protocol[type];
    if (definition.audience === 'extension' && sender.kind !== 'extension-page') {
      return fail('audience', `${type} is for the extension's own pages`);
    }
    const request = definition.request.safeParse(payload);
    if (!request.success) return fail('request', `${type}: ${z.prettifyError(request.error)}`);

    const handler = handlers[type] as Handler<typeof type> | undefined;
    if (!handler) return fail('no-handler', type);

    try {
      const value = await handler(request.data as never, sender);
      const checked = definition.response.parse(value);
      return { ok: true, value: checked };
    } catch (error) {
      const kind = isSyncError(error) ? error.kind : 'internal';
      const text = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { kind, message: text } };
    }
  };
}
