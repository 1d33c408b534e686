/**
 * Runs one simulated product on a plain Node `http` server: route dispatch, request logging and
 * fault injection (latency, 5xx, 429 bursts, dropping a committed write's response).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultInjector } from './faults';
import { json, matchRoute, parseCookies, readBody, writeResponse, type RequestContext, type Route, type SandboxResponse } from './http';
import type { RequestLog } from './request-log';
import type { Clock } from '../clock';

export interface ServerOptions {
  name: string;
  clock: Clock;
  routes: () => readonly Route[];
  /** Paths that faults apply to by default (the product API). */
  apiPrefixes: readonly string[];
  faults: FaultInjector;
  log: RequestLog;
  /** Answer for a path no route knows (the Docketwise web app serves files here). */
  fallback?: (ctx: RequestContext) => SandboxResponse | Promise<SandboxResponse>;
  /** The product's error body for faults (its own error shape). */
  errorBody: (status: number, description: string) => unknown;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function startServer(options: ServerOptions, host: string, port: number): Promise<RunningServer> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const method = (req.method ?? 'GET').toUpperCase();
      const origin = `http://${req.headers.host ?? `${host}:${port}`}`;
      const url = new URL(req.url ?? '/', origin);
      const path = url.pathname;
      let routeName = path;
      let response: SandboxResponse;
      let dropped = false;
      try {
        const body = await readBody(req);
        const matched = matchRoute(options.routes(), method, path);
        const ctx: RequestContext = {
          method,
          url,
          path,
          query: url.searchParams,
          params: matched && matched !== 'method-mismatch' ? matched.params : {},
          headers: req.headers,
          body,
          origin,
          route: matched && matched !== 'method-mismatch' ? matched.route.template : path,
        };
        routeName = ctx.route;
        const faultable = !path.startsWith('/__sandbox/') && options.apiPrefixes.some((p) => options.faults.applies(path, p));
        const faults = options.faults.current;
        if (faultable && faults.latencyMs > 0) await sleep(faults.latencyMs);
        const injectedError = faultable ? options.faults.rollError() : null;
        if (faultable && options.faults.takeBurst()) {
          response = json(429, options.errorBody(429, 'Too many requests (injected burst).'), { 'Retry-After': '1' });
        } else if (injectedError !== null) {
          response = json(injectedError, options.errorBody(injectedError, 'Injected server error.'));
        } else if (matched === 'method-mismatch') {
          response = json(405, options.errorBody(405, `${method} is not allowed on ${path}.`));
        } else if (matched) {
          response = await matched.route.handler(ctx);
        } else if (options.fallback) {
          response = await options.fallback(ctx);
        } else {
          response = json(404, options.errorBody(404, `No route for ${method} ${path}.`));
        }
        if (faultable && WRITE_METHODS.has(method) && response.status < 300 && options.faults.takeDrop()) {
          dropped = true;
        }
      } catch (error) {
        response = json(500, options.errorBody(500, error instanceof Error ? error.message : 'internal error'));
      }
      // The control API is not logged: the log counts what the product would have seen.
      if (!path.startsWith('/__sandbox/')) {
        const cookie = parseCookies(req.headers.cookie).dw_session;
        options.log.add({
          at: new Date(options.clock.now()).toISOString(),
          method,
          path,
          route: routeName,
          status: dropped ? 0 : response.status,
          auth: req.headers.authorization ? 'bearer' : cookie ? 'cookie' : 'none',
          dropped,
        });
      }
      if (dropped) {
        // The write is committed; the client sees a reset connection and must find out itself.
        req.socket.destroy();
        return;
      }
      try {
        writeResponse(res, response);
      } catch (error) {
        // A response Node refuses to write (e.g. a bad header value) must not take the whole
        // sandbox down: report it and close this connection only.
        process.stderr.write(`${options.name}: could not answer ${method} ${path}: ${String(error)}\n`);
        req.socket.destroy();
      }
    })();
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
