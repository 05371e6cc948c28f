import { createServer } from 'node:http';
import { UPSTREAM_ANSWER } from './lib/workload.mjs';
import { announce } from './lib/ready.mjs';

/**
 * A vendor stand-in that costs as little as possible: it answers POST …/index (the vendor's current
 * generation, the gateway's default MI_ANALYZE_ENDPOINT) at once (or after
 * UPSTREAM_LATENCY_MS) and verifies nothing beyond the presence of a signature header. GET /__last
 * shows the last body and path it received, for the harness's correctness check.
 */
const latencyMs = Number(process.env.UPSTREAM_LATENCY_MS ?? 0);
const answer = Buffer.from(UPSTREAM_ANSWER);
const headers = { 'content-type': 'application/json', 'content-length': String(answer.length) };
let last = null;

const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  if (req.method === 'GET' && req.url === '/__last') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(last));
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    if (req.method !== 'POST' || !req.url.endsWith('/index') || !req.headers['x-ncp-apigw-signature-v2']) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"code":"401","message":"bench upstream: bad request"}');
      return;
    }
    last = { path: req.url, body: Buffer.concat(chunks).toString('utf8') };
    if (latencyMs > 0) setTimeout(() => res.writeHead(200, headers).end(answer), latencyMs);
    else res.writeHead(200, headers).end(answer);
  });
});
server.listen(0, '127.0.0.1', () => announce(`http://127.0.0.1:${server.address().port}`, () => server.close()));
