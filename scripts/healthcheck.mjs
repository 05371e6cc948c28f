// The image's HEALTHCHECK: GET /healthz on the address the gateway listens on (HOST, PORT), so a gateway
// bound to one specific address (HOST=10.0.0.5) is checked there rather than on 127.0.0.1.
// Exit 0 when it answers 200 within 2 s, else 1.
const host = process.env.HOST?.trim() || '0.0.0.0';
const port = process.env.PORT?.trim() || '4000';
// A wildcard bind is reachable on loopback; an IPv6 literal needs brackets in a URL.
const target = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
fetch(`http://${target}:${port}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
  (res) => process.exit(res.ok ? 0 : 1),
  () => process.exit(1),
);
