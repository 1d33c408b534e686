/**
 * The broker for serverless platforms that call a `fetch(request, env)` export: Cloudflare
 * Workers (`env` holds the variables/secrets), Deno Deploy, Vercel and Netlify edge functions
 * (variables in `process.env` / `Deno.env`). No Node API is used by the handler.
 *
 * Each instance builds its handler (and its rate-limit buckets) once; instances do not share
 * buckets (see README.md).
 */
import { BrokerConfigError, loadBrokerConfig, type Env } from './config';
import { createBrokerHandler } from './handler';

let cached: { env: Env; handler: (request: Request) => Promise<Response> } | null = null;

function processEnv(): Env {
  const g = globalThis as { process?: { env?: Env } };
  return g.process?.env ?? {};
}

export default {
  async fetch(request: Request, env?: Env): Promise<Response> {
    const source = env ?? processEnv();
    if (cached === null || cached.env !== source) {
      try {
        cached = { env: source, handler: createBrokerHandler(loadBrokerConfig(source)) };
      } catch (error) {
        // The details (which variable is missing) go to the platform's log, not to callers.
        console.error(`[broker] ${error instanceof BrokerConfigError ? error.message : 'configuration failed'}`);
        return new Response(JSON.stringify({ error: 'broker_misconfigured' }), {
          status: 500,
          headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
        });
      }
    }
    return cached.handler(request);
  },
};
