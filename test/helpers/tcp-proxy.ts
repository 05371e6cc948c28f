import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpProxy {
  /** http://127.0.0.1:<port>; use it as a tenant's baseUrl. */
  url: string;
  /** Where connections go; may be set after creation (before the first connection). */
  target: string;
  /** Every byte the gateway sent upstream, as text: lets tests read the signed headers on the wire. */
  readonly sent: string[];
  /** Resolves when the gateway's first bytes arrive: the request is on its way upstream. */
  firstData: Promise<void>;
  close(): Promise<void>;
}

/**
 * A byte-for-byte TCP relay between the gateway and the emulator. Tests use it to see exactly what
 * left the gateway (headers included, which the emulator's request log omits) and when.
 */
export async function startTcpProxy(target = ''): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let signal!: () => void;
  const firstData = new Promise<void>((resolve) => (signal = resolve));
  const proxy: TcpProxy = {
    url: '',
    target,
    sent: [],
    firstData,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer((client) => {
    const { hostname, port } = new URL(proxy.target);
    const upstream = connect(Number(port), hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => {
      proxy.sent.push(chunk.toString('latin1'));
      signal();
    });
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
