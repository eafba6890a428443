import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import { HttpProblem, PROBLEM_TYPES } from './problem';

/**
 * The longest request target (path and query) the API reads, as nginx and Apache do by default. Tutti's
 * longest real URL (a 128-character customer id and a 200-character case id) is far shorter.
 */
export const MAX_URL_LENGTH = 8 * 1024;

/** A URL longer than MAX_URL_LENGTH (that Node's parser still took in) is a 414, before any route reads it. */
export function refuseLongUrls(req: Request, _res: Response, next: NextFunction): void {
  if (req.originalUrl.length > MAX_URL_LENGTH) {
    throw new HttpProblem(
      414,
      'URI too long',
      `The request target is ${req.originalUrl.length} characters; at most ${MAX_URL_LENGTH} are read.`,
      { type: PROBLEM_TYPES.uriTooLong },
    );
  }
  next();
}

const HTTP_METHOD = /^[A-Z]+ /;

/**
 * Node's HTTP parser refuses a request whose request line and headers exceed `maxHeaderSize` (16 KiB) before
 * Express sees it, and answers a bare 431 with no body (and a 400 with none for other malformed requests).
 * This answers them as problem+json like every other error: 414 when it is the request line that is too long
 * (the URL), 431 when the headers are, 400 for anything else the parser refused.
 */
export function answerClientErrorsAsProblems(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable || socket.writableEnded) {
      socket.destroy();
      return;
    }
    socket.end(rawProblem(clientErrorProblem(error)));
  });
}

function clientErrorProblem(error: NodeJS.ErrnoException & { rawPacket?: Buffer }): HttpProblem {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    // The packet the parser choked on: if it starts a request whose first line is still too long, the URL is.
    const packet = error.rawPacket?.toString('latin1') ?? '';
    const lineEnd = packet.indexOf('\r\n');
    const requestLine = lineEnd === -1 ? packet.length : lineEnd;
    if (HTTP_METHOD.test(packet) && requestLine > MAX_URL_LENGTH) {
      return new HttpProblem(
        414,
        'URI too long',
        `The request target is longer than ${MAX_URL_LENGTH} characters.`,
        {
          type: PROBLEM_TYPES.uriTooLong,
        },
      );
    }
    return new HttpProblem(
      431,
      'Request header fields too large',
      'The request line and headers together exceed 16 KiB. Send smaller headers (cookies, tokens).',
      { type: PROBLEM_TYPES.headersTooLarge },
    );
  }
  return new HttpProblem(400, 'Bad request', 'The request is not well-formed HTTP.', {
    type: PROBLEM_TYPES.malformedRequest,
  });
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  414: 'URI Too Long',
  431: 'Request Header Fields Too Large',
};

/** A whole HTTP/1.1 response, written straight to the socket: the request never reached Express. */
function rawProblem(problem: HttpProblem): string {
  const body = JSON.stringify({
    type: problem.extra.type ?? 'about:blank',
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
  });
  return [
    `HTTP/1.1 ${problem.status} ${REASONS[problem.status] ?? 'Error'}`,
    'Content-Type: application/problem+json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}
