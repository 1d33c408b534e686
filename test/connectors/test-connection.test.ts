import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestConnection } from '../../src/auth/handlers';
import type { Sandbox } from '../../sandbox/index';
import { createConnectionTester } from '../../src/connectors/test-connection';
import { PermissionDeniedError } from '../../src/core/errors';
import { startTestSandbox } from './helpers/sandbox';
import { sandboxTokens } from './helpers/sandbox-tokens';

describe('Test connection', () => {
  let sandbox: Sandbox;
  let tester: TestConnection;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    // Assigned to src/auth's type: the tester is what auth's `testConnection` dependency expects.
    tester = createConnectionTester({ mycaseBaseUrl: sandbox.mycase.url, docketwiseBaseUrl: sandbox.docketwise.url });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('names the MyCase firm and user', async () => {
    const identity = await tester('mycase', await sandboxTokens('mycase', sandbox.mycase.url));
    expect(identity.firmName).toMatch(/\S/);
    expect(identity.userName).toMatch(/\S/);
  });

  it('R7 a MyCase plan without API access is PermissionDeniedError(plan)', async () => {
    sandbox.mycase.control.config({ plan: 'basic' });
    try {
      const error = await tester('mycase', await sandboxTokens('mycase', sandbox.mycase.url)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PermissionDeniedError);
      expect(error).toMatchObject({ reason: 'plan' });
    } finally {
      sandbox.mycase.control.config({ plan: 'advanced' });
    }
  });

  it('proves a Docketwise token with one read, and refuses a dead one', async () => {
    const tokens = await sandboxTokens('docketwise', sandbox.docketwise.url);
    expect(await tester('docketwise', tokens)).toEqual({ firmName: null, userName: null });
    const dead = { ...tokens, getAccessToken: () => Promise.resolve('dw_at_not_a_token'), refresh: () => Promise.reject(new Error('invalid_grant')) };
    await expect(tester('docketwise', dead)).rejects.toMatchObject({ kind: 'auth-required' });
  });
});
