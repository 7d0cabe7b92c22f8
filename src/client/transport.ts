import http from 'node:http';
import https from 'node:https';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { JCSQL_VERSION } from '../version.js';

export interface TransportRequest {
  method: string;
  headers: Record<string, string>;
  body?: string | undefined;
  signal?: AbortSignal | undefined;
}

export interface TransportResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body, decompressed and decoded as UTF-8. */
  text: string;
}

const decompressors: Record<string, (body: Buffer) => Promise<Buffer>> = {
  gzip: promisify(zlib.gunzip),
  'x-gzip': promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress),
};
const ACCEPT_ENCODING = 'gzip, deflate, br';

/** The connection ended (or failed) after the answer began and before it was whole. */
export class AnswerCutShort extends Error {
  constructor(cause?: unknown) {
    super('the answer was cut short', { cause });
    this.name = 'AnswerCutShort';
  }
}

/**
 * HTTP/1.1 requests over kept-alive connections to one origin, with node:http(s) rather than
 * fetch. In a fresh process, fetch (undici's first load and per-request cost) took about 300 ms
 * more CPU than node:http for 100 small pages, and about 120 ms more in a 10,000-user scan, where
 * the client's CPU, not the API, set the pace. Bodies may come compressed (gzip, deflate, br).
 */
export class Transport {
  readonly #agent: http.Agent;
  readonly #send: typeof http.request;

  constructor(origin: string) {
    const secure = origin.toLowerCase().startsWith('https:');
    // Free sockets are unref'd by the agent, so idle connections never keep the process alive;
    // Node drops them before the server's Keep-Alive timeout.
    this.#agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
    this.#send = secure ? https.request : http.request;
  }

  send(url: string, request: TransportRequest): Promise<TransportResponse> {
    const headers: Record<string, string | number> = {
      'user-agent': `jcsql/${JCSQL_VERSION}`,
      'accept-encoding': ACCEPT_ENCODING,
      ...request.headers,
    };
    if (request.body !== undefined) headers['content-length'] = Buffer.byteLength(request.body);
    return new Promise((resolve, reject) => {
      const outgoing = this.#send(
        url,
        { method: request.method, headers, agent: this.#agent, signal: request.signal },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.once('error', (error) =>
            reject(request.signal?.aborted ? error : new AnswerCutShort(error)),
          );
          response.once('close', () => {
            if (!response.complete) reject(new AnswerCutShort());
          });
          response.once('end', () => {
            decode(Buffer.concat(chunks), response.headers['content-encoding']).then(
              (text) => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }),
              reject,
            );
          });
        },
      );
      outgoing.once('error', reject);
      outgoing.end(request.body);
    });
  }
}

async function decode(body: Buffer, encoding: string | undefined): Promise<string> {
  const name = encoding?.trim().toLowerCase();
  if (!name || name === 'identity') return body.toString('utf8');
  const decompress = decompressors[name];
  if (!decompress) throw new Error(`the answer came in an encoding jcsql cannot read (${name})`);
  return (await decompress(body)).toString('utf8');
}
