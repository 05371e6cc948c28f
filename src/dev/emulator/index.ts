import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createDispatcher, type EmulatorRequest } from './dispatch.js';
import { FaultRules, type FaultRule } from './faults.js';
import { Timers } from './http.js';
import { seedDemoData, seedSandboxExamples } from './seed.js';
import { Store } from './store.js';
import { assertTimeZone } from './time.js';

export type { EmulatorRequest } from './dispatch.js';
export type { Fault, FaultRule } from './faults.js';

export interface EmulatorOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Accepted NCP keys. */
  credentials: Array<{ accessKey: string; secretKey: string }>;
  /** Time per analysis step (WAIT_ANALYZE -> ANALYZING -> ANALYZE_COMPLETED); default 3000. */
  analysisStepMs?: number;
  /** Time an import stays IN_PROGRESS; default 2000. */
  importStepMs?: number;
  /** Default true: the demo data of seed.ts; 'sandbox' adds the assets the sandbox's examples analyse. */
  seed?: boolean | 'sandbox';
  /** Zone of the offset-less date-times it writes; default 'Asia/Seoul'. */
  timeZone?: string;
}

export interface Emulator {
  /** e.g. http://127.0.0.1:43123 (no trailing slash). */
  url: string;
  /** Every request, in arrival-then-answer order, logged once its answer status is known. */
  requests: EmulatorRequest[];
  clearRequests(): void;
  /** Applies to matching requests instead of auth and routing; see faults.ts. */
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Closes the server and destroys open sockets, hanging ones included. */
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const timeZone = options.timeZone ?? 'Asia/Seoul';
  assertTimeZone(timeZone);
  const store = new Store({ analysisStepMs: options.analysisStepMs ?? 3000, importStepMs: options.importStepMs ?? 2000 });
  if (options.seed ?? true) seedDemoData(store);
  if (options.seed === 'sandbox') seedSandboxExamples(store);

  const faults = new FaultRules();
  const timers = new Timers();
  const log: EmulatorRequest[] = [];
  const secrets = new Map(options.credentials.map((c) => [c.accessKey, c.secretKey] as const));
  const dispatch = createDispatcher({ store, faults, timers, secrets, timeZone, log });

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => void dispatch(req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    requests: log,
    // Emptied in place so references held by tests stay live.
    clearRequests: () => void log.splice(0, log.length),
    injectFault: (rule: FaultRule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        timers.cancelAll();
        server.close((error) => (error ? reject(error) : resolve()));
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
