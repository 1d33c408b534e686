/**
 * The world the built sandbox extension talks to: both sandbox products on their default ports
 * (the sandbox build's configured base URLs, src/config/endpoints.ts) and the token broker on
 * 4030, all in this process. Used by the end-to-end suites and by `npm run demo`.
 */
import { loadBrokerConfig } from '../../broker/config';
import { createBrokerHandler } from '../../broker/handler';
import { serveFetchHandler, type RunningServer } from '../../broker/node-adapter';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/index';
import { sandboxEndpoints } from '../../src/config/endpoints';

export interface World {
  sandbox: Sandbox;
  broker: RunningServer;
  close(): Promise<void>;
}

const portOf = (url: string): number => Number(new URL(url).port);

export async function startWorld(options: Omit<SandboxOptions, 'mycasePort' | 'docketwisePort'> & { autoApprove?: boolean } = {}): Promise<World> {
  const sandbox = await startSandbox({
    ...options,
    mycasePort: portOf(sandboxEndpoints.mycaseApi),
    docketwisePort: portOf(sandboxEndpoints.docketwise),
  });
  if (options.autoApprove) {
    sandbox.mycase.control.config({ autoApprove: true });
    sandbox.docketwise.control.config({ autoApprove: true });
  }
  let broker: RunningServer;
  try {
    // Sandbox mode: the sandbox's own token endpoints and client credentials.
    broker = await serveFetchHandler(createBrokerHandler(loadBrokerConfig({ BROKER_SANDBOX: '1' })), {
      host: '127.0.0.1',
      port: portOf(sandboxEndpoints.broker),
    });
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  return {
    sandbox,
    broker,
    async close() {
      await Promise.all([broker.close(), sandbox.close()]);
    },
  };
}
