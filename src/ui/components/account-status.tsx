import { productName } from '../format';
import type { AccountStatus, Product } from '../view-types';

export function accountFor(accounts: readonly AccountStatus[], product: Product): AccountStatus {
  return accounts.find((a) => a.product === product) ?? { product, state: 'disconnected', displayName: null, credentials: 'broker' };
}

/** One sentence about one account's connection. */
export function accountSentence(account: AccountStatus): string {
  const name = productName[account.product];
  switch (account.state) {
    case 'connected': {
      const who = account.displayName !== null ? ` as ${account.displayName}` : '';
      const how = account.credentials === 'direct' ? " (with your firm's own API credentials)" : '';
      return `${name}: connected${who}${how}.`;
    }
    case 'disconnected':
      return `${name}: not connected.`;
    case 'reconnect-required':
      return `${name}: the sign-in has expired. Syncing with ${name} is paused until you reconnect.`;
  }
}
