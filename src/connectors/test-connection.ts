/**
 * The "Test connection" check src/auth injects (`TestConnection` in src/auth/handlers.ts): proves
 * a token works and names the firm and user where the product can. MyCase reads `/v1/firm` and
 * `/v1/me` (a plan without API access → PermissionDeniedError('plan')); Docketwise has no
 * "me" endpoint, so one contact read proves the token and no name is given.
 */
import type { TokenSource } from '../auth/token-source';
import type { Side } from '../core/types';
import { createDocketwiseSide } from './docketwise/docketwise-side';
import type { FetchLike } from './http/http-client';
import { createMyCaseSide } from './mycase/mycase-side';

export interface ConnectionIdentity {
  firmName: string | null;
  userName: string | null;
}

export function createConnectionTester(options: {
  mycaseBaseUrl: string;
  docketwiseBaseUrl: string;
  fetch?: FetchLike;
}): (product: Side, tokens: TokenSource) => Promise<ConnectionIdentity> {
  return async (product, tokens) => {
    if (product === 'mycase') {
      const side = createMyCaseSide({ baseUrl: options.mycaseBaseUrl, tokens, fetch: options.fetch });
      const firm = await side.getFirm();
      const me = await side.getMe();
      const userName = `${me.firstName} ${me.lastName}`.trim();
      return { firmName: firm.name || null, userName: userName || null };
    }
    const side = createDocketwiseSide({ baseUrl: options.docketwiseBaseUrl, tokens, fetch: options.fetch });
    await side.checkAccess();
    return { firmName: null, userName: null };
  };
}
