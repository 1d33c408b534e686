/**
 * `npm run broker`: the token broker on Node. Listens on 127.0.0.1:4030 by default
 * (BROKER_HOST, BROKER_PORT). With no configuration at all (or BROKER_SANDBOX=1) it brokers
 * for the local sandbox; see README.md for production.
 */
import { BrokerConfigError, describeConfig, loadBrokerConfig } from './config';
import { createBrokerHandler } from './handler';
import { serveFetchHandler } from './node-adapter';

async function main(): Promise<void> {
  let config;
  try {
    config = loadBrokerConfig(process.env);
  } catch (error) {
    if (error instanceof BrokerConfigError) {
      console.error(`[broker] ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const port = Number(process.env.BROKER_PORT ?? 4030);
  const host = process.env.BROKER_HOST ?? '127.0.0.1';
  const server = await serveFetchHandler(createBrokerHandler(config), { host, port });
  console.log(`[broker] listening on ${server.url}\n${describeConfig(config)}`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
