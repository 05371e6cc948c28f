import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs on stdout. Redaction is configuration, not discipline: any of these paths is censored
 * wherever a log call puts it (tested in test/unit/logger.test.ts).
 */
export const REDACT_PATHS = [
  'secretKey',
  '*.secretKey',
  'apiKey',
  '*.apiKey',
  'apiKeys',
  '*.apiKeys',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers["x-ncp-apigw-signature-v2"]',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
  '*.headers["x-ncp-apigw-signature-v2"]',
  'signature',
  '*.signature',
];

/**
 * pino's isoTime with the string reused within one millisecond (several lines share one under load):
 * the same output without a Date and toISOString per line.
 */
let lastMs = -1;
let lastTime = '';
function isoTime(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastTime = `,"time":"${new Date(now).toISOString()}"`;
  }
  return lastTime;
}

/**
 * Without a destination, lines go to stdout synchronously, as Node's own process.stdout does for files and
 * pipes on Linux: a line is in the pipe when the call returns, so nothing is lost when the process dies
 * (tested), and there is no thread-pool hand-off or re-measured pending buffer per line, as with pino's
 * default asynchronous destination. A full pipe blocks the event loop, as it would for console.log.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { service: 'mi-gateway' },
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    timestamp: isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return pino(options, destination ? (destination as pino.DestinationStream) : pino.destination({ dest: 1, sync: true }));
}

/**
 * The same logger without the redaction walk, for the per-request lines whose fields are a fixed set of
 * known-safe scalars (request id, tenant id, operation, status, outcome, endpoint, duration). None of
 * them can match a REDACT_PATHS entry, so redacting them would only cost time.
 * Never pass client or vendor objects to it: use the redacting logger for anything else.
 */
export function safeFieldsLogger(log: Logger): Logger {
  return log.child({}, { redact: { paths: [] } });
}

/** Writes one info line of known-safe fields; see createInfoLineWriter. */
export type InfoLineWriter = (fields: object, msg: string) => void;

/**
 * The per-request lines (`graphql request`, `upstream call`), written in pino's exact format (level,
 * time, the logger's bindings, the fields, msg) with one JSON.stringify of the fields instead of pino's
 * key-by-key serialiser: the same bytes for objects of plain scalars and flat records
 * (test/unit/logger.test.ts compares both). Only for loggers without a mixin, stream hook, message prefix
 * or nested key (ours have none); for any other logger it is `log.info`.
 */
export function createInfoLineWriter(log: Logger): InfoLineWriter {
  const internals = log as unknown as Record<symbol, unknown>;
  // pino exports these symbols (`pino.symbols`); msgPrefixSym is missing from its typings only.
  const symbols = pino.symbols as typeof pino.symbols & { msgPrefixSym: symbol };
  const hooks = internals[symbols.hooksSym] as { streamWrite?: unknown } | undefined;
  const plain =
    !internals[symbols.mixinSym] &&
    !hooks?.streamWrite &&
    !internals[symbols.msgPrefixSym] &&
    !internals[symbols.nestedKeySym] &&
    (internals[symbols.messageKeySym] ?? 'msg') === 'msg';
  const stream = internals[symbols.streamSym] as { write(line: string): unknown; [key: symbol]: unknown } | undefined;
  if (!plain || !stream || stream[symbols.needsMetadataGsym] === true) return (fields, msg) => log.info(fields, msg);
  const levelPrefix = (internals[symbols.lsCacheSym] as Record<number, string>)[30]!;
  const time = internals[symbols.timeSym] as () => string;
  const bindings = internals[symbols.chindingsSym] as string;
  const end = internals[symbols.endSym] as string;
  return (fields, msg) => {
    if (!log.isLevelEnabled('info')) return;
    const props = JSON.stringify(fields);
    stream.write(`${levelPrefix}${time()}${bindings}${props.length > 2 ? `,${props.slice(1, -1)}` : ''},"msg":${JSON.stringify(msg)}${end}`);
  };
}
