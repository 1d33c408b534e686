/**
 * Where the extension reaches each product and the token broker. Production and the sandbox
 * differ by this file's configuration alone: connectors and auth take these URLs as arguments
 * and never hard-code a host.
 */

export interface Endpoints {
  /** MyCase Open API origin; paths start with `/v1/`. */
  mycaseApi: string;
  /** MyCase OAuth origin (`/login_sessions/new`, `/tokens`). */
  mycaseAuth: string;
  /** Docketwise app origin: web app, OAuth (`/oauth/*`) and API (`/api/v1/*`) share it. */
  docketwise: string;
  /** The token broker that holds both client secrets (see broker/README.md). */
  broker: string;
  /** Public OAuth client ids (not secrets). */
  mycaseClientId: string;
  docketwiseClientId: string;
}

export const productionEndpoints: Endpoints = {
  mycaseApi: 'https://external-integrations.mycase.com',
  mycaseAuth: 'https://auth.mycase.com',
  docketwise: 'https://app.docketwise.com',
  // Deployment choice: the broker is ours to host; see broker/README.md.
  broker: 'https://broker.dw-mycase-sync.app',
  mycaseClientId: 'dw-mycase-sync',
  docketwiseClientId: 'dw-mycase-sync',
};

/** The local sandbox started by `npm run sandbox` / `npm run broker` on their default ports. */
export const sandboxEndpoints: Endpoints = {
  mycaseApi: 'http://127.0.0.1:4010',
  mycaseAuth: 'http://127.0.0.1:4010',
  docketwise: 'http://127.0.0.1:4020',
  broker: 'http://127.0.0.1:4030',
  mycaseClientId: 'mycase-sandbox-client',
  docketwiseClientId: 'docketwise-sandbox-client',
};

export type TargetEnv = 'production' | 'sandbox';

export function endpointsFor(target: TargetEnv): Endpoints {
  return target === 'sandbox' ? sandboxEndpoints : productionEndpoints;
}
