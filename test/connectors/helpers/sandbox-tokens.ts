/**
 * A TokenSource for tests against the sandbox: the first token pair comes from the control API
 * (`POST /__sandbox/oauth/issue`), refreshes go straight to the product's token endpoint with
 * the sandbox client credentials (the real extension goes through src/auth and the broker).
 */
import { z } from 'zod';
import type { TokenSource } from '../../../src/auth/token-source';
import { AuthRequiredError } from '../../../src/core/errors';
import type { Side } from '../../../src/core/types';
import { DOCKETWISE_SANDBOX_CLIENT, MYCASE_SANDBOX_CLIENT } from '../../../sandbox/credentials';

const tokenResponseSchema = z.object({ access_token: z.string().min(1), refresh_token: z.string().min(1) });

export interface SandboxTokenSource extends TokenSource {
  /** How many times `refresh()` was called (not how many reached the server). */
  refreshCalls: number;
}

export async function sandboxTokens(product: Side, serverUrl: string): Promise<SandboxTokenSource> {
  const issued = await fetch(`${serverUrl}/__sandbox/oauth/issue`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  if (!issued.ok) throw new Error(`sandbox token issue failed: ${issued.status}`);
  let pair = tokenResponseSchema.parse(await issued.json());

  const source: SandboxTokenSource = {
    product,
    refreshCalls: 0,
    getAccessToken: () => Promise.resolve(pair.access_token),
    async refresh() {
      source.refreshCalls += 1;
      const response =
        product === 'mycase'
          ? await fetch(`${serverUrl}/tokens`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({
                client_id: MYCASE_SANDBOX_CLIENT.clientId,
                client_secret: MYCASE_SANDBOX_CLIENT.clientSecret,
                refresh_token: pair.refresh_token,
                grant_type: 'refresh_token',
              }),
            })
          : await fetch(`${serverUrl}/oauth/token`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams({
                client_id: DOCKETWISE_SANDBOX_CLIENT.clientId,
                client_secret: DOCKETWISE_SANDBOX_CLIENT.clientSecret,
                refresh_token: pair.refresh_token,
                grant_type: 'refresh_token',
              }).toString(),
            });
      if (!response.ok) throw new AuthRequiredError(`refresh refused with ${response.status}`, product);
      pair = tokenResponseSchema.parse(await response.json());
      return pair.access_token;
    },
  };
  return source;
}
