/** A TokenSource for HTTP-layer tests: tokens `t0`, `t1`, … and a count of refresh calls. */
import type { TokenSource } from '../../../src/auth/token-source';
import type { Side } from '../../../src/core/types';

export interface CountingTokens extends TokenSource {
  refreshCalls: number;
  current: string;
}

export function countingTokens(
  product: Side,
  options: { failRefresh?: boolean; refreshDelay?: () => Promise<void> } = {},
): CountingTokens {
  const tokens: CountingTokens = {
    product,
    refreshCalls: 0,
    current: 't0',
    getAccessToken: () => Promise.resolve(tokens.current),
    async refresh() {
      tokens.refreshCalls += 1;
      await options.refreshDelay?.();
      if (options.failRefresh) throw new Error('invalid_grant');
      tokens.current = `t${tokens.refreshCalls}`;
      return tokens.current;
    },
  };
  return tokens;
}
