/**
 * The one message protocol between the extension's pages, the Docketwise content script and
 * the background. Every request and response is a zod schema; `audience` says who may send it:
 * 'extension' = the extension's own pages only (popup, options), 'any' = those pages and content
 * scripts on Docketwise origins. Nothing here ever carries token material.
 */
import { z } from 'zod';

export type Audience = 'extension' | 'any';

interface MessageDefinition<Req extends z.ZodType, Res extends z.ZodType> {
  audience: Audience;
  request: Req;
  response: Res;
}

function define<Req extends z.ZodType, Res extends z.ZodType>(
  audience: Audience,
  request: Req,
  response: Res,
): MessageDefinition<Req, Res> {
  return { audience, request, response };
}

const entity = z.enum(['contact', 'matter']);
const product = z.enum(['mycase', 'docketwise']);

export const protocol = {
  /** Liveness check used by the pages and the end-to-end tests. */
  ping: define('any', z.object({ from: z.string().max(200) }), z.object({ pong: z.literal(true), echo: z.string(), at: z.number() })),

  /** A contact or matter was saved in an open Docketwise tab: queue its push (R18). */
  'docketwise/record-saved': define(
    'any',
    z.object({ entity, id: z.number().int().positive() }),
    z.object({ queued: z.boolean(), reason: z.string().optional() }),
  ),

  /** "Sync MyCase" in Docketwise and "Sync now" in the popup (R13). */
  'sync/start': define(
    'any',
    z.object({ trigger: z.enum(['docketwise-menu', 'popup', 'options']) }),
    z.object({ started: z.boolean(), runId: z.string().nullable(), reason: z.string().optional() }),
  ),

  /** Small progress view for the Docketwise tab and the popup while a run is going. */
  'sync/progress': define(
    'any',
    z.object({}),
    z.object({
      running: z.boolean(),
      runId: z.string().nullable(),
      phase: z.string().nullable(),
      done: z.number().int().nonnegative(),
      total: z.number().int().nonnegative().nullable(),
      etaSeconds: z.number().nonnegative().nullable(),
    }),
  ),

  /** Connect one product through the browser's identity API (started in the background). */
  'auth/connect': define('extension', z.object({ product }), z.object({ connected: z.boolean(), message: z.string().optional() })),
  'auth/disconnect': define('extension', z.object({ product: product.optional() }), z.object({ disconnected: z.boolean() })),
} as const;

export type Protocol = typeof protocol;
export type MessageType = keyof Protocol;
export type RequestOf<T extends MessageType> = z.infer<Protocol[T]['request']>;
export type ResponseOf<T extends MessageType> = z.infer<Protocol[T]['response']>;

/** What travels over `runtime.sendMessage`. */
export const envelopeSchema = z.object({
  type: z.string().min(1).max(100),
  payload: z.unknown(),
});

export type ErrorReply = { ok: false; error: { kind: string; message: string } };
export type Reply<T> = { ok: true; value: T } | ErrorReply;

export const replySchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ kind: z.string(), message: z.string() }) }),
]);

export function isMessageType(type: string): type is MessageType {
  return Object.hasOwn(protocol, type);
}
