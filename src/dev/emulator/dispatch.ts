import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkAuth } from './auth.js';
import { authFailed, bodyTooLarge, envelopeForStatus, routeNotFound, unexpectedError, type Reply } from './envelopes.js';
import type { Fault, FaultRules } from './faults.js';
import { encodeReply, parseBody, readBody, writeReply, type Timers } from './http.js';
import { ReplyError } from './routes/context.js';
import { matchRoute } from './routes/table.js';
import type { Store } from './store.js';
import { formatLocalDateTime } from './time.js';

export interface EmulatorRequest {
  method: string;
  /** The raw request-target (`req.url`), exactly as received and signed. */
  target: string;
  accessKey: string | undefined;
  signatureValid: boolean;
  /** The gateway's `x-request-id`, when it sent one. */
  requestId: string | undefined;
  /** The W3C `traceparent` the gateway sent (tracing on). */
  traceparent: string | undefined;
  body: unknown;
  /** The status answered; 0 when no answer was sent (hang, reset). */
  status: number;
  /** Epoch ms when the request arrived. */
  at: number;
}

export interface DispatchDeps {
  store: Store;
  faults: FaultRules;
  timers: Timers;
  secrets: ReadonlyMap<string, string>;
  timeZone: string;
  log: EmulatorRequest[];
}

/** Body text sent by the `malformed` fault: truncated JSON, the most likely real-world breakage. */
const MALFORMED_BODY = '{"code":"0","message":"success","result":{"status":';

export function createDispatcher(deps: DispatchDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const at = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const target = req.url ?? '/';
    let raw: { text: string; tooLarge: boolean };
    try {
      raw = await readBody(req);
    } catch {
      return; // client went away mid-body: nothing to answer, nothing worth logging
    }
    const body = raw.tooLarge ? undefined : parseBody(raw.text);
    const auth = checkAuth(req.headers, method, target, deps.secrets, at);
    const requestId = typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'] : undefined;
    const traceparent = typeof req.headers.traceparent === 'string' ? req.headers.traceparent : undefined;
    const record = (status: number) =>
      deps.log.push({ method, target, accessKey: auth.accessKey, signatureValid: auth.signatureValid, requestId, traceparent, body, status, at });

    // Faults pre-empt auth and routing: they model the network or an upstream, which answers regardless.
    const fault = deps.faults.take(method, target);
    const answer = (): Reply => {
      if (!auth.ok) return authFailed(auth.failure);
      if (raw.tooLarge) return bodyTooLarge();
      return route(deps, method, target, body);
    };
    if (!fault) {
      const reply = answer();
      record(reply.status);
      writeReply(res, reply);
      return;
    }
    await applyFault(fault, deps, res, answer, record);
  };
}

function route(deps: DispatchDeps, method: string, target: string, body: unknown): Reply {
  const queryAt = target.indexOf('?');
  const pathname = queryAt === -1 ? target : target.slice(0, queryAt);
  const match = matchRoute(method, pathname);
  if (!match) return routeNotFound();
  try {
    return match.handler({
      params: match.params,
      query: new URLSearchParams(queryAt === -1 ? '' : target.slice(queryAt + 1)),
      body,
      store: deps.store,
      now: Date.now(),
      time: (ms) => formatLocalDateTime(ms, deps.timeZone),
    });
  } catch (error) {
    if (error instanceof ReplyError) return error.reply;
    return unexpectedError();
  }
}

async function applyFault(fault: Fault, deps: DispatchDeps, res: ServerResponse, answer: () => Reply, record: (status: number) => void): Promise<void> {
  switch (fault.kind) {
    case 'status': {
      const reply: Reply = { status: fault.status, body: fault.body ?? envelopeForStatus(fault.status) };
      if (fault.rawBody !== undefined) reply.rawBody = fault.rawBody;
      if (fault.headers) reply.headers = fault.headers;
      record(reply.status);
      writeReply(res, reply);
      return;
    }
    case 'malformed':
      record(200);
      writeReply(res, { status: 200, body: null, rawBody: MALFORMED_BODY });
      return;
    case 'hang':
      record(0); // the socket stays open until the client gives up or close() destroys it
      return;
    case 'reset':
      record(0);
      res.socket?.destroy();
      return;
    case 'delay': {
      await deps.timers.sleep(fault.delayMs);
      const reply = answer(); // handled after the wait, so state reflects the time the answer leaves
      record(reply.status);
      writeReply(res, reply);
      return;
    }
    case 'slow-body': {
      const reply = answer();
      record(reply.status);
      const { payload, headers } = encodeReply(reply);
      const bytes = Buffer.from(payload);
      const half = Math.floor(bytes.length / 2);
      res.writeHead(reply.status, headers);
      res.write(bytes.subarray(0, half));
      await deps.timers.sleep(fault.delayMs);
      if (!res.destroyed) res.end(bytes.subarray(half));
      return;
    }
  }
}
