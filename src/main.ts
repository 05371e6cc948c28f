import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { sandboxBanner, sandboxExplorer, startSandbox } from './sandbox.js';
import { createGateway } from './server.js';

/** The only module that reads process.env, listens, and handles signals. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`mi-gateway: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  const sandbox = config.sandbox ? await startSandbox(config) : null;
  const gateway = createGateway(config, {
    logger: log,
    tenants: sandbox ? [sandbox.tenant] : [],
    ...(sandbox ? { explorer: sandboxExplorer(sandbox.apiKey) } : {}),
  });
  const url = await gateway.start();
  log.info({ url, sandbox: config.sandbox, tenants: config.tenants.length, analyzeEndpoint: config.analyzeEndpoint, redis: config.redisUrl !== null }, 'mi-gateway listening');
  if (sandbox) process.stdout.write(`${sandboxBanner(url, sandbox.apiKey)}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'draining');
    gateway
      .stop()
      .then(() => sandbox?.emulator.close())
      .then(() => {
        log.info('stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        log.error({ err: error }, 'stop failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`mi-gateway: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
