import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../observability/logger.js';

/** Listens on host:port; resolves with the base URL a client on this machine can use (http://host:port). */
export async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const bound = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${bound === '0.0.0.0' || bound === '[::]' ? '127.0.0.1' : bound}:${address.port}`;
}

/** Stops accepting, lets requests in flight finish within `graceMs`, then closes what is left. */
export async function drain(server: Server, graceMs: number, log: Logger): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const grace = new Promise<'timeout'>((resolve) => setTimeout(resolve, graceMs, 'timeout').unref());
  if ((await Promise.race([closed, grace])) === 'timeout') {
    log.warn({ graceMs }, 'grace period over; closing remaining connections');
    server.closeAllConnections();
    await closed;
  }
}
