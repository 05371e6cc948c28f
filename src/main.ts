import { ConfigError, loadConfig } from './config/config.js';
import { createLogger } from './observability/logger.js';
import { sandboxBanner, sandboxExplorer, startSandbox } from './dev/sandbox.js';
import { createGateway } from './gateway.js';

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
  // Before listening: a SIGTERM right after the startup line drains, never kills mid-start.
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
  let url: string;
  try {
    url = await gateway.start();
  } catch (error) {
    log.fatal({ code: (error as NodeJS.ErrnoException).code, host: config.host, port: config.port }, listenFailure(error, config.host, config.port));
    process.exit(1);
  }
  const port = new URL(url).port;
  const address = config.host.includes(':') ? `[${config.host}]:${port}` : `${config.host}:${port}`;
  const tenants = sandbox ? 1 : config.tenants.length;
  log.info(
    { address, url, sandbox: config.sandbox, tenants, analyzeEndpoint: config.analyzeEndpoint, redis: config.redisUrl !== null },
    'mi-gateway listening',
  );
  if (sandbox) process.stdout.write(`${sandboxBanner(url, sandbox.apiKey)}\n`);
}

/** Why listening failed, with the fix (the process's only chance to say it: it exits next). */
function listenFailure(error: unknown, host: string, port: number): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return `cannot listen: port ${port} on ${host} is already in use: stop the other process or set PORT to a free port`;
  if (code === 'EACCES') return `cannot listen: port ${port} needs privileges: set PORT to 1024 or above`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EINVAL')
    return `cannot listen: HOST ${JSON.stringify(host)} is not an address of this machine: set HOST to 0.0.0.0 (all IPv4 interfaces), :: or one of the machine's addresses`;
  return `cannot listen on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`;
}

main().catch((error: unknown) => {
  process.stderr.write(`mi-gateway: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
