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

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { service: 'mi-gateway' },
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}
