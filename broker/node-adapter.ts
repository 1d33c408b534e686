/**
 * Serves a Web-standard fetch handler with Node's http module (Node 20 has Request/Response).
 * Used by `npm run broker` and by the tests (port 0 = a random free port on 127.0.0.1).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_BODY_BYTES } from './handler';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  host?: string;
  port?: number;
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  // Event listeners rather than `for await`: leaving a for-await early destroys the request
  // (and with it the socket), and the client would see a reset instead of our 413.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is read and dropped: the handler would refuse it anyway.
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return headers;
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.end(Buffer.from(await response.arrayBuffer()));
}

export async function serveFetchHandler(handler: (request: Request) => Promise<Response>, options: ServeOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const method = req.method ?? 'GET';
        const hasBody = method !== 'GET' && method !== 'HEAD';
        const body = hasBody ? await readBody(req) : null;
        if (body === 'too-large') {
          res.writeHead(413, { 'Content-Type': 'application/json', Connection: 'close' }).end(JSON.stringify({ error: 'payload_too_large' }));
          return;
        }
        const request = new Request(new URL(req.url ?? '/', `http://${req.headers.host ?? host}`), {
          method,
          headers: toHeaders(req),
          body: body && body.length > 0 ? new Uint8Array(body) : null,
        });
        await writeResponse(res, await handler(request));
      } catch (error) {
        // The handler catches its own failures; this is a last resort so a bug becomes a 500
        // rather than a hung connection. The message names the error class only.
        console.error(`[broker] internal error: ${error instanceof Error ? error.name : 'unknown'}`);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: 'internal_error' }));
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
