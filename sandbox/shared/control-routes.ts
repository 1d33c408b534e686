/**
 * The control API both sandbox servers share (`/__sandbox/…`, documented in sandbox/README.md):
 * reset, seed, config, faults, token expiry and issue, the request log, and direct record reads
 * and writes. Each server adds its own extras (Docketwise: web sessions; MyCase: uploaded bytes).
 */
import { z } from 'zod';
import { SeedOptionsError } from './demo-data';
import { isRecord, json, parseBody, route, toInt, type RequestContext, type Route, type SandboxResponse } from './http';

/** What a server's control object offers, whatever its collections and config are. */
export interface CommonControl<C extends string> {
  reset(): void;
  seed(options: Record<string, unknown>): unknown;
  config(update?: Record<string, unknown>): unknown;
  faults(update?: Record<string, unknown>): unknown;
  expireTokens(): number;
  revokeTokens(): number;
  issueTokens(clientId?: string): unknown;
  log(limit?: number): unknown;
  clearLog(): void;
  list(collection: C): unknown[];
  get(collection: C, id: number): unknown;
  write(collection: C, id: number | null, patch: Record<string, unknown>): unknown;
  remove(collection: C, id: number): boolean;
}

export function controlError(status: number, message: string): SandboxResponse {
  return json(status, { error: message });
}

export function jsonBody(ctx: RequestContext): Record<string, unknown> | null {
  const parsed = parseBody(ctx);
  return parsed.ok && isRecord(parsed.value) ? parsed.value : null;
}

/** Bad control input (a seed or config that fails its schema) is a 400, not a crash. */
export function guard(fn: (ctx: RequestContext) => SandboxResponse) {
  return (ctx: RequestContext): SandboxResponse => {
    try {
      return fn(ctx);
    } catch (error) {
      if (error instanceof z.ZodError || error instanceof SeedOptionsError) return controlError(400, error.message);
      throw error;
    }
  };
}

export function commonControlRoutes<C extends string>(control: CommonControl<C>, collections: readonly [C, ...C[]]): Route[] {
  const collectionSchema = z.enum(collections);
  const collection = (ctx: RequestContext): C | null => {
    const parsed = collectionSchema.safeParse(ctx.params.collection);
    return parsed.success ? (parsed.data as C) : null;
  };
  return [
    route('POST', '/__sandbox/reset', () => {
      control.reset();
      return json(200, { ok: true });
    }),
    route('POST', '/__sandbox/seed', guard((ctx) => json(200, control.seed(jsonBody(ctx) ?? {})))),
    route('GET', '/__sandbox/config', () => json(200, control.config())),
    route('PUT', '/__sandbox/config', guard((ctx) => json(200, control.config(jsonBody(ctx) ?? {})))),
    route('GET', '/__sandbox/faults', () => json(200, control.faults())),
    route('PUT', '/__sandbox/faults', guard((ctx) => json(200, control.faults(jsonBody(ctx) ?? {})))),
    route('POST', '/__sandbox/tokens/expire', () => json(200, { expired: control.expireTokens() })),
    route('POST', '/__sandbox/tokens/revoke', () => json(200, { revoked: control.revokeTokens() })),
    route('POST', '/__sandbox/oauth/issue', guard((ctx) => {
      const b = jsonBody(ctx) ?? {};
      return json(200, control.issueTokens(typeof b.client_id === 'string' ? b.client_id : undefined));
    })),
    route('GET', '/__sandbox/log', (ctx) => json(200, control.log(toInt(ctx.query.get('limit')) ?? 1000))),
    route('DELETE', '/__sandbox/log', () => {
      control.clearLog();
      return json(200, { ok: true });
    }),
    route('GET', '/__sandbox/records/:collection', (ctx) => {
      const c = collection(ctx);
      return c ? json(200, control.list(c)) : controlError(404, 'unknown collection');
    }),
    route('GET', '/__sandbox/records/:collection/:id', (ctx) => {
      const c = collection(ctx);
      const found = c ? control.get(c, toInt(ctx.params.id) ?? -1) : null;
      return found ? json(200, found) : controlError(404, 'not found');
    }),
    route('POST', '/__sandbox/records/:collection', (ctx) => {
      const c = collection(ctx);
      const b = jsonBody(ctx);
      if (!c || !b) return controlError(400, 'unknown collection or body');
      const created = control.write(c, null, b);
      return created ? json(201, created) : controlError(400, 'could not create the record');
    }),
    route('PUT', '/__sandbox/records/:collection/:id', (ctx) => {
      const c = collection(ctx);
      const b = jsonBody(ctx);
      if (!c || !b) return controlError(400, 'unknown collection or body');
      const updated = control.write(c, toInt(ctx.params.id) ?? -1, b);
      return updated ? json(200, updated) : controlError(404, 'not found');
    }),
    route('DELETE', '/__sandbox/records/:collection/:id', (ctx) => {
      const c = collection(ctx);
      return c && control.remove(c, toInt(ctx.params.id) ?? -1) ? json(200, { ok: true }) : controlError(404, 'not found');
    }),
  ];
}
