import { pathToFileURL } from 'node:url';
import { announce } from '../lib/ready.mjs';

/**
 * mi-gateway from the built output, configured as in production: the harness sets TENANTS_FILE,
 * NODE_ENV=production and LOG_LEVEL=info, and sends stdout (the JSON logs) to /dev/null or a file.
 * Everything else keeps its default. BENCH_GATEWAY_DIST (a dist/ folder, e.g. another checkout's)
 * measures that build instead of this one's.
 */
const dist = process.env.BENCH_GATEWAY_DIST ? pathToFileURL(`${process.env.BENCH_GATEWAY_DIST}/`).href : new URL('../../dist/', import.meta.url).href;
/** The first of `paths` that exists in `dist` (the layout changed: an older build keeps its own paths). */
async function importFirst(...paths) {
  for (const path of paths) {
    try {
      return await import(`${dist}${path}`);
    } catch (error) {
      if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes(path)) throw error;
    }
  }
  throw new Error(`none of ${paths.join(', ')} in ${dist}`);
}
const { loadConfig } = await importFirst('config/config.js', 'config.js');
const { createGateway } = await importFirst('gateway.js', 'server.js');
const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1' });
const gateway = createGateway(config);
gateway.start().then((url) => announce(`${url}/graphql`, () => gateway.stop()));
