import pg from 'pg';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  type MockInstance,
  vi,
} from 'vitest';
import { type DemoServer, openDemoServer } from '../helpers/serve.js';
import {
  type BackendMessage,
  CANCEL_REQUEST_CODE,
  cstring,
  errorFields,
  frame,
  int16,
  int32,
  PROTOCOL_3_0,
  queryMessage,
  RawClient,
  SSL_REQUEST_CODE,
  saslInitialResponse,
  startupPacket,
} from './bad-input-wire-client.js';

/**
 * Malformed wire-protocol input against a running `jcsql serve`, over raw TCP. Each case states
 * what a careful server answers: an ErrorResponse with the SQLSTATE Postgres would use (the
 * connection kept, at ReadyForQuery, for an ERROR; closed for a FATAL), or a clean close for
 * framing it cannot read. After every case the server still answers a normal authenticated
 * query, still accepts new connections, and printed no stack trace.
 */

const LOGIN = { user: 'jcsql', database: 'jcsql' };
const utf8Invalid = (before: string, bytes: number[], after: string) =>
  Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);
const parse = (sql: string | Buffer, types: Buffer[] = [], count = types.length) =>
  frame('P', Buffer.concat([cstring(''), cstring(sql), int16(count), ...types]));
const bind = (statement: string, params: Buffer[], count = params.length) =>
  frame('B', Buffer.concat([cstring(''), cstring(statement), int16(0), int16(count), ...params, int16(0)]));
const textParam = (value: Buffer | string) => {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  return Buffer.concat([int32(bytes.length), bytes]);
};
const execute = (portal = '') => frame('E', Buffer.concat([cstring(portal), int32(0)]));
const sync = frame('S');

/** Before authentication: the server answers FATAL with this SQLSTATE and closes, or (null) just closes. */
interface StartupCase {
  name: string;
  /** Written in turn. */
  writes: Buffer[];
  /** Close our side after writing (a client gone mid-message). */
  end?: boolean;
  /** The one-byte answer expected first (an SSLRequest's 'N'). */
  firstByte?: string;
  /** Written once the server asked for a password (AuthenticationSASL), as a client waits for it. */
  afterAuthRequest?: Buffer;
  fatal: RegExp | null;
}

const startupCases: StartupCase[] = [
  {
    name: 'a startup packet cut short, then the client leaves',
    writes: [Buffer.from([0, 0, 0, 40, 0, 3, 0, 0, 117, 115])],
    end: true,
    fatal: null,
  },
  {
    name: 'protocol version 2.0',
    writes: [startupPacket(LOGIN, 0x20000)],
    fatal: /^08P01$/,
  },
  {
    name: 'protocol version 3.1',
    writes: [startupPacket(LOGIN, 0x30001)],
    fatal: /^08P01$|^0A000$/,
  },
  {
    name: 'protocol version 4.0',
    writes: [startupPacket(LOGIN, 0x40000)],
    fatal: /^08P01$|^0A000$/,
  },
  {
    name: 'a startup packet over 10,000 bytes',
    writes: [Buffer.concat([int32(10_008 + 1), int32(PROTOCOL_3_0), Buffer.alloc(10_001, 97)])],
    fatal: /^08P01$/,
  },
  { name: 'a startup length of 4 (no version)', writes: [int32(4)], fatal: /^08P01$/ },
  { name: 'a startup length of 0', writes: [int32(0), int32(PROTOCOL_3_0)], fatal: /^08P01$/ },
  {
    name: 'a startup packet without its final terminator',
    writes: [Buffer.concat([int32(8 + 10), int32(PROTOCOL_3_0), Buffer.from('user\0jcsql')])],
    fatal: /^08P01$/,
  },
  {
    name: 'a startup packet without a user',
    writes: [startupPacket({ database: 'jcsql' })],
    fatal: /^(08|28)/,
  },
  {
    name: 'a user name that is invalid UTF-8',
    writes: [startupPacket({ user: Buffer.from([0xff, 0xfe]), database: 'jcsql' })],
    fatal: /^28000$/,
  },
  {
    name: 'a database name that is invalid UTF-8',
    writes: [startupPacket({ user: 'jcsql', database: Buffer.from([0xc3, 0x28]) })],
    fatal: /^3D000$/,
  },
  {
    name: 'an SSLRequest, then a startup packet of the wrong version',
    writes: [Buffer.concat([int32(8), int32(SSL_REQUEST_CODE)]), startupPacket(LOGIN, 0x10000)],
    firstByte: 'N',
    fatal: /^08P01$/,
  },
  {
    name: 'an SSLRequest with a body',
    writes: [Buffer.concat([int32(12), int32(SSL_REQUEST_CODE), int32(0)])],
    fatal: /^08P01$/,
  },
  {
    name: 'a CancelRequest with a key no session holds',
    writes: [Buffer.concat([int32(16), int32(CANCEL_REQUEST_CODE), int32(12_345), int32(678)])],
    fatal: null, // Postgres answers a CancelRequest with nothing, and closes
  },
  {
    name: 'a CancelRequest cut short',
    writes: [Buffer.concat([int32(12), int32(CANCEL_REQUEST_CODE), int32(12_345)])],
    fatal: /^08P01$/,
  },
  {
    name: 'a CancelRequest with extra bytes',
    writes: [Buffer.concat([int32(20), int32(CANCEL_REQUEST_CODE), int32(1), int32(2), int32(3)])],
    fatal: /^08P01$/,
  },
  {
    name: 'a SASL mechanism the server does not offer',
    writes: [startupPacket(LOGIN)],
    afterAuthRequest: saslInitialResponse('PLAIN', Buffer.from('\0jcsql\0guess')),
    fatal: /^28/,
  },
];

/**
 * After authentication, on a live session: an ERROR with this SQLSTATE, then ReadyForQuery, and
 * the same session answers the next query.
 */
interface SessionCase {
  name: string;
  writes: Buffer[];
  error: RegExp;
  /** Postgres itself quotes the offending token, however long: the message may be too. */
  echoesInput?: true;
}

const sessionCases: SessionCase[] = [
  {
    name: 'a Query with invalid UTF-8',
    writes: [queryMessage(utf8Invalid("select '", [0xff, 0xfe], "'"))],
    error: /^22021$/,
  },
  {
    name: 'a Query on a JumpCloud table with invalid UTF-8 in a literal',
    writes: [
      queryMessage(utf8Invalid("select id from jumpcloud_user where username = '", [0xc3, 0x28], "'")),
    ],
    error: /^22021$/,
  },
  {
    name: 'a Query with an overlong UTF-8 encoding',
    writes: [queryMessage(utf8Invalid("select '", [0xc0, 0xaf], "'"))],
    error: /^22021$/,
  },
  {
    name: 'a Query with a UTF-16 surrogate encoded in UTF-8',
    writes: [queryMessage(utf8Invalid("select '", [0xed, 0xa0, 0x80], "'"))],
    error: /^22021$/,
  },
  {
    name: 'a Query with bytes after its terminator',
    writes: [frame('Q', 'select 1\0trailing garbage\0')],
    error: /^08P01$/,
  },
  { name: 'a Query with a syntax error', writes: [queryMessage('selec 1')], error: /^42601$/ },
  {
    name: 'a Query that writes to a JumpCloud table',
    writes: [queryMessage("update jumpcloud_user set email = 'x'")],
    error: /^25006$/,
  },
  {
    name: 'a 2 MB Query naming a column that does not exist',
    writes: [queryMessage(`select ${'x'.repeat(2_000_000)}`)],
    error: /^42703$/,
  },
  {
    name: 'a 1 MB Query with an unterminated string',
    writes: [queryMessage(`select '${'a'.repeat(1 << 20)}`)],
    error: /^42601$/,
    echoesInput: true,
  },
  {
    name: 'a Parse with invalid UTF-8',
    writes: [parse(utf8Invalid("select '", [0xff], "'")), sync],
    error: /^22021$/,
  },
  {
    name: 'a Parse that declares more parameter types than it carries',
    writes: [parse('select $1', [], 5), sync],
    error: /^08P01$/,
  },
  {
    name: 'a Parse with a negative parameter type count',
    writes: [parse('select 1', [int32(23)], -1), sync],
    error: /^08P01$/,
  },
  {
    name: 'a Parse that references parameter $70000',
    writes: [parse('select $70000'), sync],
    error: /^42P/,
  },
  {
    name: 'a Bind with a negative parameter count',
    writes: [parse('select $1::text as x'), bind('', [textParam('a')], -1), execute(), sync],
    error: /^08P01$/,
  },
  {
    name: 'a Bind with fewer parameters than the statement takes',
    writes: [parse('select $1::int as x'), bind('', []), execute(), sync],
    error: /^08P01$/,
  },
  {
    name: 'a Bind with more parameters than the statement takes',
    writes: [parse('select 1 as x'), bind('', [textParam('1'), textParam('2')]), execute(), sync],
    error: /^08P01$/,
  },
  {
    name: 'a Bind on a JumpCloud query with the wrong parameter count',
    writes: [
      parse('select id from jumpcloud_user where username = $1'),
      bind('', [textParam('a'), textParam('b')]),
      execute(),
      sync,
    ],
    error: /^08P01$/,
  },
  {
    name: 'a Bind whose value is shorter than its length says',
    writes: [
      parse('select $1::text as x'),
      frame(
        'B',
        Buffer.concat([cstring(''), cstring(''), int16(0), int16(1), int32(100), Buffer.from('ab')]),
      ),
      sync,
    ],
    error: /^08P01$/,
  },
  {
    name: 'a Bind with a parameter that is invalid UTF-8',
    writes: [
      parse('select $1::text as x'),
      bind('', [textParam(Buffer.from([0xff, 0xfe]))]),
      execute(),
      sync,
    ],
    error: /^22021$/,
  },
  {
    name: 'a Bind of a JumpCloud query with a parameter that is invalid UTF-8',
    writes: [
      parse('select id from jumpcloud_user where username = $1'),
      bind('', [textParam(Buffer.from([0x61, 0xc3, 0x28]))]),
      execute(),
      sync,
    ],
    error: /^22021$/,
  },
  {
    name: 'a Bind to a prepared statement that does not exist',
    writes: [bind('nope', []), sync],
    error: /^26000$/,
  },
  { name: 'an Execute of a portal that does not exist', writes: [execute('nope'), sync], error: /^34000$/ },
  {
    name: 'a Describe of an unknown kind',
    writes: [frame('D', Buffer.concat([Buffer.from('X'), cstring('')])), sync],
    error: /^08P01$/,
  },
  {
    name: 'a Close of an unknown kind',
    writes: [frame('C', Buffer.concat([Buffer.from('X'), cstring('')])), sync],
    error: /^08P01$/,
  },
  {
    name: 'a FunctionCall of a function that does not exist',
    writes: [frame('F', Buffer.concat([int32(0), int16(0), int16(0), int16(0)]))],
    error: /^42883$/,
  },
  {
    // PGlite ends the whole session on COPY data from a client: refused before it gets there.
    name: 'a COPY FROM STDIN',
    writes: [queryMessage('copy some_temp_table from stdin')],
    error: /^0A000$/,
  },
];

/** After authentication, framing the server cannot go on from: the connection ends, and the session with it. */
interface ClosingCase {
  name: string;
  writes: Buffer[];
  /** Close our side after writing. */
  end: boolean;
  /** A FATAL with this SQLSTATE before the close, or (null) a close without one. */
  fatal: RegExp | null;
}

const closingCases: ClosingCase[] = [
  // These used to hang the whole server: PGlite loops forever on a message type it does not expect.
  {
    name: 'a password message on a ready session',
    writes: [frame('p', cstring('secret'))],
    end: false,
    fatal: /^08P01$/,
  },
  { name: "an unknown message type 'z'", writes: [frame('z', cstring('x'))], end: false, fatal: /^08P01$/ },
  {
    name: "an Authentication message ('R') from the client",
    writes: [frame('R', int32(0))],
    end: false,
    fatal: /^08P01$/,
  },
  {
    name: 'a Query without its terminator',
    writes: [frame('Q', Buffer.from('select 1'))],
    end: false,
    fatal: /^08P01$/,
  },
  {
    name: 'half a Query, then the client leaves',
    writes: [queryMessage('select 1 from jumpcloud_user').subarray(0, 12)],
    end: true,
    fatal: null,
  },
  {
    name: 'a message header claiming 2 GB, then the client leaves',
    writes: [Buffer.concat([Buffer.from('Q'), int32(0x7fff_ffff), Buffer.from('select 1')])],
    end: true,
    fatal: null,
  },
  {
    name: 'a negative message length, then the client leaves',
    writes: [Buffer.concat([Buffer.from('Q'), int32(-1), Buffer.from('select 1')])],
    end: true,
    fatal: null,
  },
  {
    name: 'a Parse and Bind with no Sync, then the client leaves',
    writes: [parse('select id from jumpcloud_user where username = $1'), bind('', [textParam('a')])],
    end: true,
    fatal: null,
  },
];

describe('bad input: wire protocol', () => {
  let demo: DemoServer;
  /** A client connected before any garbage arrives: it must keep being answered. */
  let bystander: pg.Client;
  /** The raw session shared by the session cases; reopened if a case ends it. */
  let shared: RawClient | undefined;
  let consoleError: MockInstance<typeof console.error>;

  beforeAll(async () => {
    demo = await openDemoServer();
    bystander = new pg.Client(demo.connection);
    await bystander.connect();
  });
  afterAll(async () => {
    shared?.destroy();
    await bystander?.end();
    await demo?.close();
  });
  beforeEach(() => {
    consoleError = vi.spyOn(console, 'error');
  });
  afterEach(async () => {
    // No stack trace or other console noise from the server (pg-gateway prints errors it does not expect).
    expect(consoleError).not.toHaveBeenCalled();
    consoleError.mockRestore();
    // The server still answers an authenticated client, and still accepts new connections.
    expect((await bystander.query('select 1 as ok')).rows).toEqual([{ ok: 1 }]);
    const probe = await RawClient.open(demo.connection.port);
    await probe.write(startupPacket(LOGIN));
    const sasl = await probe.expect('R');
    expect(sasl.body.readInt32BE(0)).toBe(10); // AuthenticationSASL
    probe.destroy();
  });

  const login = () => ({ ...LOGIN, password: demo.connection.password });
  /** The message types, without ParameterStatus ('S'), which a server may send at any time. */
  const kinds = (messages: BackendMessage[]) =>
    messages.map((message) => message.type).filter((type) => type !== 'S');
  const codes = (messages: BackendMessage[]) =>
    messages.filter((message) => message.type === 'E').map((message) => errorFields(message));

  describe('before authentication', () => {
    for (const testCase of startupCases) {
      it(`${testCase.fatal ? 'refuses' : 'drops'} ${testCase.name}`, async () => {
        const client = await RawClient.open(demo.connection.port);
        for (const bytes of testCase.writes) await client.write(bytes);
        if (testCase.end) client.end();
        const authRequest = testCase.afterAuthRequest && (await client.expect('R'));
        if (testCase.afterAuthRequest) await client.write(testCase.afterAuthRequest);
        if (testCase.firstByte)
          expect(String.fromCharCode((await client.readByte()) ?? 0)).toBe(testCase.firstByte);
        const messages = [...(authRequest ? [authRequest] : []), ...(await client.untilClosed())];
        const errors = codes(messages);
        if (testCase.fatal) {
          expect(errors, JSON.stringify(errors)).toHaveLength(1);
          expect(errors[0]!.severity).toBe('FATAL');
          expect(errors[0]!.code).toMatch(testCase.fatal);
          expect(errors[0]!.message.length).toBeGreaterThan(0);
        } else {
          expect(errors).toEqual([]);
        }
        // Never past authentication: nothing but the auth request and the error.
        expect(messages.every((message) => message.type === 'E' || message.type === 'R')).toBe(true);
      });
    }

    it('refuses a wrong SCRAM proof', async () => {
      const client = await RawClient.open(demo.connection.port);
      await expect(client.authenticate({ ...login(), password: 'not the password' })).rejects.toThrow(
        /password authentication failed/,
      );
      await client.untilClosed();
      expect(client.closed).toBe(true);
    });
  });

  describe('on an authenticated session', () => {
    const session = async (): Promise<RawClient> => {
      if (!shared || shared.closed) shared = await RawClient.authenticated(demo.connection.port, login());
      return shared;
    };

    for (const testCase of sessionCases) {
      it(`answers ${testCase.name} with an error, and the session goes on`, async () => {
        const client = await session();
        for (const bytes of testCase.writes) await client.write(bytes);
        const { messages, closed } = await client.untilReady();
        expect(closed, 'the server closed the session').toBe(false);
        const errors = codes(messages);
        expect(errors, JSON.stringify(errors)).toHaveLength(1);
        expect(errors[0]!.severity).toBe('ERROR');
        expect(errors[0]!.code).toMatch(testCase.error);
        // A short message: never the whole (possibly megabytes long) statement echoed back.
        if (!testCase.echoesInput) expect(errors[0]!.message.length).toBeLessThan(200);
        expect(messages.at(-1)!.body.toString()).toBe('I');
        await client.write(queryMessage('select 7 as seven'));
        const after = await client.untilReady();
        expect(codes(after.messages)).toEqual([]);
        expect(kinds(after.messages)).toEqual(['T', 'D', 'C', 'Z']);
      });
    }

    it('answers an extended-protocol query of a JSON value nested 100,000 deep with an error, or ends the session: never a hang or an empty answer', async () => {
      // PGlite answers it with an ErrorResponse or, its WASM stack overflowing, with no result.
      const client = await RawClient.authenticated(demo.connection.port, login());
      await client.write(
        Buffer.concat([
          parse(`select '${'['.repeat(100_000)}${']'.repeat(100_000)}'::jsonb`),
          bind('', []),
          frame('D', Buffer.concat([Buffer.from('P'), cstring('')])),
          frame('E', Buffer.concat([cstring(''), int32(0)])),
          frame('S', Buffer.alloc(0)),
        ]),
      );
      const { messages, closed } = await client.untilReady();
      expect(kinds(messages)).not.toContain('D'); // no row passed off as the answer
      if (closed) {
        expect(codes(messages).map((error) => error.code)).toEqual(['XX000']);
        return;
      }
      expect(codes(messages)).toHaveLength(1);
      await client.write(queryMessage('select 7 as seven'));
      expect(kinds((await client.untilReady()).messages)).toEqual(['T', 'D', 'C', 'Z']);
      client.destroy();
    });

    for (const testCase of closingCases) {
      it(`ends the session on ${testCase.name}`, async () => {
        const client = await RawClient.authenticated(demo.connection.port, login());
        await vi.waitFor(() => expect(demo.server.clients).toBe(2 + (shared?.closed === false ? 1 : 0)));
        for (const bytes of testCase.writes) await client.write(bytes);
        if (testCase.end) client.end();
        const errors = codes(await client.untilClosed());
        if (testCase.fatal)
          expect(errors.map((error) => error.code)).toEqual([expect.stringMatching(testCase.fatal)]);
        else expect(errors).toEqual([]);
        // Its session (and engine) are released.
        await vi.waitFor(() => expect(demo.server.clients).toBe(1 + (shared?.closed === false ? 1 : 0)), {
          timeout: 10_000,
        });
      });
    }
  });

  describe('awkward but valid framing (not counted as bad input)', () => {
    // On the main thread PGlite's stack overflowed on this (no ReadyForQuery, a damaged engine);
    // on its own thread (engine-thread.ts) the stack holds it.
    it('answers a Query of 5,000 nested NOTs', async () => {
      const client = await RawClient.authenticated(demo.connection.port, login());
      await client.write(queryMessage(`select ${'not '.repeat(5_000)}true as t`));
      const { messages } = await client.untilReady();
      expect(kinds(messages)).toEqual(['T', 'D', 'C', 'Z']);
      expect(
        messages
          .find((message) => message.type === 'D')!
          .body.subarray(-1)
          .toString(),
      ).toBe('t');
      client.destroy();
    });

    it('answers a Query split across three writes', async () => {
      const client = await RawClient.authenticated(demo.connection.port, login());
      const bytes = queryMessage('select 42 as x');
      for (const part of [bytes.subarray(0, 3), bytes.subarray(3, 9), bytes.subarray(9)]) {
        await client.write(part);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const { messages } = await client.untilReady();
      expect(kinds(messages)).toEqual(['T', 'D', 'C', 'Z']);
      client.destroy();
    });

    it('answers an extended-protocol query of a JumpCloud table sent one byte at a time', async () => {
      const client = await RawClient.authenticated(demo.connection.port, login());
      const bytes = Buffer.concat([
        parse('select count(*)::int as n from jumpcloud_user where username = $1'),
        bind('', [textParam('nobody-by-this-name')]),
        execute(),
        sync,
      ]);
      for (const byte of bytes) await client.write(Buffer.from([byte]));
      const { messages } = await client.untilReady();
      expect(codes(messages)).toEqual([]);
      expect(kinds(messages)).toEqual(['1', '2', 'D', 'C', 'Z']);
      client.destroy();
    });
  });
});
