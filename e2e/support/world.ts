/**
 * The world the built sandbox extension talks to: both sandbox products on their default ports
 * (the sandbox build's configured base URLs, src/config/endpoints.ts) and the token broker on
 * 4030, all in this process. Used by the end-to-end suites and by `npm run demo`.
 */
import { loadBrokerConfig } from '../../broker/config';
import { createBrokerHandler, type BrokerLogEntry } from '../../broker/handler';
import { serveFetchHandler, type RunningServer } from '../../broker/node-adapter';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/index';
import { sandboxEndpoints } from '../../src/config/endpoints';

export interface World {
  sandbox: Sandbox;
  broker: RunningServer;
  close(): Promise<void>;
}

const quietLog = (entry: BrokerLogEntry): void => {
  if (process.env.DEBUG_BROKER === '1') console.log(JSON.stringify(entry));
};

const portOf = (url: string): number => Number(new URL(url).port);

export interface WorldOptions extends Omit<SandboxOptions, 'mycasePort' | 'docketwisePort'> {
  /** Skip the products' Allow pages (the sandbox approves at once). */
  autoApprove?: boolean;
  /** Extra broker environment, e.g. `BROKER_ALLOWED_ORIGINS`. */
  brokerEnv?: Record<string, string>;
  /** Receives the broker's log lines (default: kept quiet unless DEBUG_BROKER=1; they never hold tokens). */
  brokerLog?: (entry: BrokerLogEntry) => void;
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
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
    broker = await serveFetchHandler(createBrokerHandler(loadBrokerConfig({ BROKER_SANDBOX: '1', ...options.brokerEnv }), { log: options.brokerLog ?? quietLog }), {
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
