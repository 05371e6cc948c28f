import { createServer } from 'node:http';
import { createForwarder, InputError, isKnownApiKey } from '../lib/forwarder.mjs';
import { announce } from '../lib/ready.mjs';

/**
 * The baseline: what Node can do for this mutation without a GraphQL engine. node:http, parse the
 * JSON body, check the API key, forward one signed POST through an undici Pool, answer the same
 * GraphQL-shaped JSON. It trusts that the query is the analyzeAsset mutation (a real server could not).
 */
const forwarder = createForwarder(process.env.UPSTREAM_URL);
const JSON_TYPE = 'application/json; charset=utf-8';

function reply(res, status, payload) {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text) }).end(text);
}

const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  if (req.method !== 'POST' || req.url !== '/graphql') return reply(res, 404, { errors: [{ message: 'not found' }] });
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    if (!isKnownApiKey(req.headers.authorization))
      return reply(res, 401, { errors: [{ message: 'unauthenticated', extensions: { code: 'UNAUTHENTICATED' } }] });
    let input;
    try {
      input = JSON.parse(Buffer.concat(chunks).toString('utf8')).variables.input;
    } catch {
      return reply(res, 400, { errors: [{ message: 'bad request', extensions: { code: 'BAD_REQUEST' } }] });
    }
    forwarder.analyze(input).then(
      (index) => reply(res, 200, { data: { analyzeAsset: { id: index.id, createdAt: index.createdAt.toISOString(), createdBy: index.createdBy } } }),
      (error) => {
        const code = error instanceof InputError ? 'BAD_USER_INPUT' : 'UPSTREAM_UNAVAILABLE';
        reply(res, 200, { data: { analyzeAsset: null }, errors: [{ message: error.message, extensions: { code } }] });
      },
    );
  });
});
server.listen(0, '127.0.0.1', () => announce(`http://127.0.0.1:${server.address().port}/graphql`, () => server.close()));
