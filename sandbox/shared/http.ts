/**
 * The little HTTP kit both simulated products share: a route table, request context and a
 * response value. Handlers return a response instead of writing it, so the server can apply
 * faults after a write committed (e.g. drop the connection instead of answering).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  /** Objects are sent as JSON; strings as given (set Content-Type); bytes as given. */
  body?: unknown;
}

export interface RequestContext {
  method: string;
  url: URL;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** The origin the client used to reach this server (for absolute links). */
  origin: string;
  /** The route template that matched, e.g. `/v1/clients/:id` (for the request log). */
  route: string;
}

export type Handler = (ctx: RequestContext) => SandboxResponse | Promise<SandboxResponse>;

export interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

export function route(method: string, template: string, handler: Handler): Route {
  const keys: string[] = [];
  const source = template
    .split('/')
    .map((part) => {
      if (part.startsWith(':')) {
        keys.push(part.slice(1));
        return '([^/]+)';
      }
      if (part === '*') {
        keys.push('rest');
        return '(.*)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { method, template, pattern: new RegExp(`^${source}$`), keys, handler };
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** Finds the route; `methodMismatch` tells a 405 from a 404. */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch | 'method-mismatch' | null {
  let sawPath = false;
  for (const candidate of routes) {
    const found = candidate.pattern.exec(path);
    if (!found) continue;
    sawPath = true;
    if (candidate.method !== method) continue;
    const params: Record<string, string> = {};
    candidate.keys.forEach((key, i) => {
      params[key] = decodeURIComponent(found[i + 1] ?? '');
    });
    return { route: candidate, params };
  }
  return sawPath ? 'method-mismatch' : null;
}

const MAX_BODY_BYTES = 110 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export type ParsedBody = { ok: true; value: unknown } | { ok: false; reason: string };

/** JSON or form-encoded, by Content-Type (form bodies become a flat string record). */
export function parseBody(ctx: RequestContext): ParsedBody {
  const type = String(ctx.headers['content-type'] ?? '').toLowerCase();
  const text = ctx.body.toString('utf8');
  if (type.includes('application/x-www-form-urlencoded')) {
    return { ok: true, value: Object.fromEntries(new URLSearchParams(text)) };
  }
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : 'invalid JSON' };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function json(status: number, body: unknown, headers: Record<string, string | string[]> = {}): SandboxResponse {
  return { status, headers, body };
}

export function noContent(headers: Record<string, string | string[]> = {}): SandboxResponse {
  return { status: 204, headers };
}

export function html(status: number, markup: string, headers: Record<string, string | string[]> = {}): SandboxResponse {
  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8', ...headers }, body: markup };
}

export function redirect(location: string, status = 302): SandboxResponse {
  return { status, headers: { Location: location } };
}

export function writeResponse(res: ServerResponse, response: SandboxResponse): void {
  const headers: Record<string, string | string[]> = { ...(response.headers ?? {}) };
  let payload: Buffer | string | undefined;
  if (response.body instanceof Uint8Array) {
    payload = Buffer.from(response.body.buffer, response.body.byteOffset, response.body.byteLength);
  } else if (typeof response.body === 'string') {
    payload = response.body;
  } else if (response.body !== undefined) {
    payload = JSON.stringify(response.body);
    if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json; charset=utf-8';
  }
  if (payload !== undefined) headers['Content-Length'] = String(Buffer.byteLength(payload));
  else if (response.status !== 204 && response.status !== 304) headers['Content-Length'] = '0';
  res.writeHead(response.status, headers);
  res.end(payload);
}

function hasHeader(headers: Record<string, unknown>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    if (key) cookies[key] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return cookies;
}

export function bearerToken(headers: IncomingMessage['headers']): string | null {
  const value = headers.authorization;
  if (typeof value !== 'string') return null;
  const found = /^Bearer\s+(\S+)$/i.exec(value.trim());
  return found?.[1] ?? null;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Integer from a query/path value, or null when it is not one. */
export function toInt(value: string | null | undefined): number | null {
  if (value === null || value === undefined || !/^-?\d+$/.test(value.trim())) return null;
  return Number.parseInt(value, 10);
}
