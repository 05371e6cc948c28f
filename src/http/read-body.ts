import type { IncomingMessage } from 'node:http';

export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`request body larger than ${limitBytes} bytes`);
  }
}

/**
 * Reads a request body up to `limitBytes`; stops keeping it (and fails) as soon as it is exceeded.
 * Plain 'data'/'end' listeners rather than `for await`: cheaper than the async iterator on every request.
 * Past the limit the rest is drained, not destroyed, so the caller's 413 reaches the client; the caller
 * sends it with `connection: close`, and Node closes the socket once it is written.
 */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limitBytes) return Promise.reject(new BodyTooLargeError(limitBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (error: Error | null) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      if (error) return reject(error);
      resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8'));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        settle(new BodyTooLargeError(limitBytes));
        // Not destroyed: that would reset the connection before the caller's 413 goes out. The rest is
        // read and dropped (nothing is kept); the caller answers with `connection: close`.
        req.resume();
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => settle(null);
    const onError = (error: Error) => settle(error);
    // Closed before 'end' (the client went away): fail rather than wait forever.
    const onClose = () => settle(Object.assign(new Error('request body ended prematurely'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
