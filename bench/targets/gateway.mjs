import { loadConfig } from '../../dist/config.js';
import { createGateway } from '../../dist/server.js';
import { announce } from '../lib/ready.mjs';

/**
 * mi-gateway from the built output, configured as in production: the harness sets TENANTS_FILE,
 * NODE_ENV=production and LOG_LEVEL=info, and sends stdout (the JSON logs) to /dev/null or a file.
 * Everything else keeps its default.
 */
const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1' });
const gateway = createGateway(config);
gateway.start().then((url) => announce(`${url}/graphql`, () => gateway.stop()));
