import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../observability/logger.js';

/** Node's own answers (lib/_http_server.js socketOnError), written here too since a listener replaces them. */
const ANSWERS: Record<string, string> = {
  ERR_HTTP_REQUEST_TIMEOUT: 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n',
  HPE_HEADER_OVERFLOW: 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 'HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\n\r\n',
};
const BAD_REQUEST = 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n';
/** The client went away: nothing to answer, nothing worth a line above debug. */
const GONE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT']);

/**
 * Answers client errors as Node would (408 for a request whose headers
 * or body did not arrive within headersTimeoutMs / requestTimeoutMs, 431, 400), with one log line each:
 * Node's default handler answers but writes nothing to the log. Never logs headers or bytes of the request.
 */
export function logClientErrors(server: Server, options: { headersTimeoutMs: number; requestTimeoutMs: number; log: Logger }): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex & { _httpMessage?: { headersSent?: boolean } | null; remoteAddress?: string }) => {
    const code = error.code ?? 'UNKNOWN';
    if (GONE.has(code) || !socket.writable) {
      options.log.debug({ code }, 'client connection error');
      socket.destroy();
      return;
    }
    const answer = ANSWERS[code] ?? BAD_REQUEST;
    const status = Number(answer.split(' ')[1]);
    const fields = { code, status, remoteAddress: socket.remoteAddress };
    if (status === 408)
      options.log.warn({ ...fields, headersTimeoutMs: options.headersTimeoutMs, requestTimeoutMs: options.requestTimeoutMs }, 'client request timed out');
    else options.log.info(fields, 'malformed client request refused');
    // As Node does: answer only if nothing of a response went out yet on this socket.
    if (!socket._httpMessage?.headersSent) socket.write(answer);
    socket.destroy();
  });
}
