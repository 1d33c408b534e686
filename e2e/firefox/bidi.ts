/**
 * A minimal WebDriver BiDi client for Debian's firefox-esr. Playwright cannot drive stock
 * Firefox (it needs its own patched build), but Firefox's built-in BiDi endpoint can install a
 * temporary add-on, open pages and evaluate script, which is all the smoke test needs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface BidiReply {
  id?: number;
  type?: string;
  result?: unknown;
  error?: string;
  message?: string;
}

export interface FirefoxSession {
  send<T = unknown>(method: string, params: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

export async function launchFirefox(): Promise<FirefoxSession> {
  const port = await freePort();
  const profile = mkdtempSync(path.join(os.tmpdir(), 'dw-mycase-firefox-'));
  const child: ChildProcess = spawn(FIREFOX, ['--headless', '--no-remote', '--profile', profile, `--remote-debugging-port=${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('firefox did not open its BiDi endpoint within 30 s')), 30_000);
    timer.unref();
    const onData = (chunk: Buffer) => {
      if (chunk.toString().includes('WebDriver BiDi listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`firefox exited early with code ${code}`));
    });
  });

  const ws = new WebSocket(`ws://127.0.0.1:${port}/session`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });

  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  ws.on('message', (data) => {
    const reply = JSON.parse(data.toString()) as BidiReply;
    if (reply.id === undefined) return; // an event; this client subscribes to none
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (reply.type === 'error') waiter.reject(new Error(`${reply.error}: ${reply.message}`));
    else waiter.resolve(reply.result);
  });

  const session: FirefoxSession = {
    send<T>(method: string, params: Record<string, unknown>) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: (value) => resolve(value as T), reject });
        ws.send(JSON.stringify({ id, method, params }));
      });
    },
    async close() {
      ws.terminate();
      child.kill('SIGTERM');
      await new Promise((resolve) => {
        if (child.exitCode !== null) resolve(undefined);
        else child.once('exit', resolve);
      });
      rmSync(profile, { recursive: true, force: true });
    },
  };
  await session.send('session.new', { capabilities: {} });
  return session;
}
