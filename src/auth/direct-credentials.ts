/**
 * Direct mode: a firm with its own API credentials enters the client id and secret in the
 * options page, and the extension calls the token endpoints itself instead of the broker.
 */
import { z } from 'zod';
import type { Side } from '../core/types';
import type { StorageAreaLike } from './browser-apis';
import { AuthInputError } from './errors';
import { authKeys } from './storage-keys';

/** Shown next to the credential fields in the options page; the UI must show it verbatim. */
export const DIRECT_MODE_WARNING =
  'Only use this if your firm received its own API client id and secret from MyCase or ' +
  'Docketwise. The secret is saved in this browser profile (extension storage on this ' +
  "computer's disk, not encrypted): anyone who can use this computer account, or any " +
  'program that can read its browser profile, can read the secret and sign in to your ' +
  'firm\u2019s account as this app. Use it only on a computer your firm controls. Remove the ' +
  'credentials here (and ask the vendor to rotate the secret) if this computer is lost, ' +
  'shared or given away. Changing or removing them signs this account out.';

export interface DirectCredentials {
  clientId: string;
  clientSecret: string;
}

export const directCredentialsSchema = z.object({
  clientId: z.string().trim().min(1).max(512),
  clientSecret: z.string().trim().min(1).max(512),
});

export interface DirectCredentialsStore {
  get(product: Side): Promise<DirectCredentials | null>;
  /** Validates and stores; `null` removes them (back to broker mode). */
  set(product: Side, credentials: DirectCredentials | null): Promise<void>;
}

export function createDirectCredentialsStore(local: StorageAreaLike): DirectCredentialsStore {
  return {
    async get(product) {
      const key = authKeys.directCredentials(product);
      const stored = (await local.get(key))[key];
      if (stored === undefined) return null;
      const parsed = directCredentialsSchema.safeParse(stored);
      // A damaged entry is treated as absent (broker mode) rather than crashing sign-in;
      // the options page shows "not configured" and the firm can enter them again.
      return parsed.success ? parsed.data : null;
    },
    async set(product, credentials) {
      const key = authKeys.directCredentials(product);
      if (credentials === null) {
        await local.remove(key);
        return;
      }
      const parsed = directCredentialsSchema.safeParse(credentials);
      if (!parsed.success) {
        const field = String(parsed.error.issues[0]?.path[0] ?? 'clientId');
        throw new AuthInputError(`Enter the ${field === 'clientSecret' ? 'client secret' : 'client id'}.`, field);
      }
      await local.set({ [key]: parsed.data });
    },
  };
}
