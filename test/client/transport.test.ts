/**
 * The HTTP transport under the client, against a real node:http server: compressed bodies (as
 * JumpCloud sends them), kept-alive connections, what it sends, and answers cut short.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient, JumpCloudApiError } from '../../src/client/index.js';
import { JCSQL_VERSION } from '../../src/version.js';

const BODY = { totalCount: 1, results: [{ _id: 'u1', username: 'zoë', email: 'zoë@example.com' }] };
const compressors: Record<string, (body: Buffer) => Buffer> = {
  gzip: gzipSync,
  deflate: deflateSync,
  br: brotliCompressSync,
};

let server: Server;
let origin: string;
let connections = 0;
const seen: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];

/** Answers by path: /compressed/<encoding>, /cut (a body shorter than its length), /plain. */
function answer(request: IncomingMessage, response: ServerResponse): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const url = request.url ?? '';
    seen.push({
      method: request.method ?? '',
      url,
      headers: request.headers,
      body: Buffer.concat(chunks).toString(),
    });
    const json = Buffer.from(JSON.stringify(BODY));
    const encoding = /^\/compressed\/([\w-]+)/.exec(url)?.[1];
    if (encoding) {
      const compress = compressors[encoding];
      const body = compress ? compress(json) : json;
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding });
      response.end(body);
    } else if (url.startsWith('/moved')) {
      response.writeHead(301, { location: `${origin}/plain` });
      response.end('Moved Permanently');
    } else if (url.startsWith('/cut')) {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': json.length });
      response.write(json.subarray(0, 10));
      setTimeout(() => response.socket?.destroy(), 20);
    } else {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(json);
    }
  });
}

beforeAll(async () => {
  server = createServer(answer);
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen.length = 0;
  connections = 0;
});

const client = (maxAttempts = 1) =>
  new HttpClient({ origin, apiKey: 'test-key', orgId: 'org-1', retry: { maxAttempts, baseDelayMs: 1 } });

describe('the HTTP transport', () => {
  it.each(['gzip', 'deflate', 'br'])('reads a %s-compressed body', async (encoding) => {
    expect(await client().get(`/compressed/${encoding}`)).toEqual(BODY);
  });

  it('asks for compressed bodies, names itself, and sends the key and org headers', async () => {
    await client().get('/plain', { query: { limit: 100, fields: 'a b' } });
    const [request] = seen;
    expect(request?.url).toBe('/plain?limit=100&fields=a+b');
    expect(request?.headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(request?.headers['user-agent']).toBe(`jcsql/${JCSQL_VERSION}`);
    expect(request?.headers['x-api-key']).toBe('test-key');
    expect(request?.headers['x-org-id']).toBe('org-1');
  });

  it('sends a POST body with its length', async () => {
    await client().post('/api/search/systemusers', { body: { filter: 'zoë' } });
    const [request] = seen;
    expect(request?.method).toBe('POST');
    expect(request?.body).toBe('{"filter":"zoë"}');
    expect(request?.headers['content-length']).toBe(String(Buffer.byteLength('{"filter":"zoë"}')));
    expect(request?.headers['content-type']).toBe('application/json');
  });

  it('keeps connections alive: 30 requests, 10 at a time, over at most 10 connections', async () => {
    const http = client();
    await Promise.all(Array.from({ length: 30 }, () => http.get('/plain')));
    expect(seen).toHaveLength(30);
    expect(connections).toBeGreaterThan(0);
    expect(connections).toBeLessThanOrEqual(10);
  });

  it('never follows a redirect (it would take the key along): one line naming where it points', async () => {
    const error = await client()
      .get('/moved')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JumpCloudApiError);
    expect((error as JumpCloudApiError).message).toBe(
      `JumpCloud API GET /moved returned 301: redirected to ${origin}/plain`,
    );
    expect((error as JumpCloudApiError).hint).toMatch(/does not follow redirects.*set api_url/);
    expect(seen.map((request) => request.url)).toEqual(['/moved']);
  });

  it('fails an answer in an encoding it cannot read, with one line', async () => {
    const error = await client()
      .get('/compressed/zstd-unknown')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JumpCloudApiError);
    expect((error as Error).message).toContain('encoding jcsql cannot read (zstd-unknown)');
    expect((error as Error).message).not.toContain('\n');
  });

  it('never takes an answer cut short for a whole one: it asks again, then fails naming the endpoint', async () => {
    const error = await client(2)
      .get('/cut')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JumpCloudApiError);
    expect((error as Error).message).toMatch(
      /^JumpCloud API GET \/cut sent an answer that was cut short \(after 2 attempts\)$/,
    );
    expect(seen).toHaveLength(2);
  });
});

describe("a statement's signal shared by many requests", () => {
  it('takes no listener per queued request (Node would warn past ten), and still cancels them all', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    try {
      const http = new HttpClient({ origin, apiKey: 'test-key', maxConcurrency: 2 });
      const statement = new AbortController();
      const answered = await Promise.all(
        Array.from({ length: 30 }, () => http.get('/plain', { signal: statement.signal })),
      );
      expect(answered).toHaveLength(30);
      const pending = Array.from({ length: 30 }, () =>
        http.get('/plain', { signal: statement.signal }).catch((error: unknown) => error),
      );
      statement.abort(new Error('cancelled by the test'));
      for (const outcome of await Promise.all(pending))
        expect((outcome as Error).message).toBe('cancelled by the test');
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
