import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** One backend message: its type byte and its body (without the length). */
export interface BackendMessage {
  type: string;
  body: Buffer;
}

/** What an ErrorResponse ('E') says: severity, SQLSTATE and message. */
export interface ErrorFields {
  severity: string;
  code: string;
  message: string;
}

export const PROTOCOL_3_0 = 196608;
export const SSL_REQUEST_CODE = 80877103;
export const CANCEL_REQUEST_CODE = 80877102;

/** A frontend message: type byte, int32 length (itself included), body. */
export function frame(type: string, body: Buffer | string = Buffer.alloc(0)): Buffer {
  const payload = typeof body === 'string' ? Buffer.from(body) : body;
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(payload.length + 4, 1);
  return Buffer.concat([header, payload]);
}

export const cstring = (text: string | Buffer): Buffer =>
  Buffer.concat([typeof text === 'string' ? Buffer.from(text) : text, Buffer.from([0])]);

export const int16 = (value: number): Buffer => {
  const out = Buffer.alloc(2);
  out.writeInt16BE(value);
  return out;
};

export const int32 = (value: number): Buffer => {
  const out = Buffer.alloc(4);
  out.writeInt32BE(value);
  return out;
};

/** A StartupMessage of this protocol version with these parameters. */
export function startupPacket(params: Record<string, string | Buffer>, version = PROTOCOL_3_0): Buffer {
  const body = Buffer.concat([
    int32(version),
    ...Object.entries(params).flatMap(([key, value]) => [cstring(key), cstring(value)]),
    Buffer.from([0]),
  ]);
  return Buffer.concat([int32(body.length + 4), body]);
}

export const queryMessage = (sql: string | Buffer): Buffer => frame('Q', cstring(sql));

export function errorFields(message: BackendMessage): ErrorFields {
  const fields: Record<string, string> = {};
  let offset = 0;
  while (offset < message.body.length && message.body[offset] !== 0) {
    const key = String.fromCharCode(message.body[offset]!);
    const end = message.body.indexOf(0, offset + 1);
    fields[key] = message.body.subarray(offset + 1, end).toString('utf8');
    offset = end + 1;
  }
  return { severity: fields.V ?? fields.S ?? '', code: fields.C ?? '', message: fields.M ?? '' };
}

/**
 * A Postgres client over a raw socket, so a test can send bytes no driver would: it reads backend
 * messages one at a time and tells when the server closed the connection.
 */
export class RawClient {
  #buffer = Buffer.alloc(0);
  #closed = false;
  #waiters: Array<() => void> = [];
  /** The TCP connection to the server. */
  readonly socket: Socket;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#wake();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.#closed = true;
      this.#wake();
    });
  }

  static open(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  /** A client past startup and SCRAM-SHA-256 authentication, at its first ReadyForQuery. */
  static async authenticated(
    port: number,
    login: { user: string; password: string; database: string },
  ): Promise<RawClient> {
    const client = await RawClient.open(port);
    await client.authenticate(login);
    return client;
  }

  get closed(): boolean {
    return this.#closed;
  }

  #wake(): void {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }

  #wait(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  write(bytes: Buffer): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.write(bytes, () => resolve());
    });
  }

  /** Half-closes our side: the server sees end of stream. */
  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** The next raw bytes (for the one-byte SSLRequest answer); undefined once closed with nothing left. */
  async readByte(): Promise<number | undefined> {
    while (this.#buffer.length === 0 && !this.#closed) await this.#wait();
    if (this.#buffer.length === 0) return undefined;
    const byte = this.#buffer[0]!;
    this.#buffer = this.#buffer.subarray(1);
    return byte;
  }

  /** The next whole backend message; undefined once the server closed the connection. */
  async next(): Promise<BackendMessage | undefined> {
    for (;;) {
      if (this.#buffer.length >= 5) {
        const length = this.#buffer.readInt32BE(1);
        if (this.#buffer.length >= 1 + length) {
          const message = {
            type: String.fromCharCode(this.#buffer[0]!),
            body: this.#buffer.subarray(5, 1 + length),
          };
          this.#buffer = this.#buffer.subarray(1 + length);
          return message;
        }
      }
      if (this.#closed) return undefined;
      await this.#wait();
    }
  }

  /** Messages up to and including ReadyForQuery, or up to the close. */
  async untilReady(): Promise<{ messages: BackendMessage[]; closed: boolean }> {
    const messages: BackendMessage[] = [];
    for (;;) {
      const message = await this.next();
      if (!message) return { messages, closed: true };
      messages.push(message);
      if (message.type === 'Z') return { messages, closed: false };
    }
  }

  /** Every message until the server closes the connection. */
  async untilClosed(): Promise<BackendMessage[]> {
    const messages: BackendMessage[] = [];
    for (;;) {
      const message = await this.next();
      if (!message) return messages;
      messages.push(message);
    }
  }

  /** Startup and SCRAM-SHA-256 (RFC 5802 / 7677), as libpq does it. */
  async authenticate(login: { user: string; password: string; database: string }): Promise<void> {
    await this.write(startupPacket({ user: login.user, database: login.database }));
    const sasl = await this.expect('R');
    if (sasl.body.readInt32BE(0) !== 10) throw new Error('expected AuthenticationSASL');
    const nonce = randomBytes(18).toString('base64');
    const firstBare = `n=*,r=${nonce}`;
    await this.write(saslInitialResponse('SCRAM-SHA-256', Buffer.from(`n,,${firstBare}`)));
    const continued = await this.expect('R');
    const serverFirst = continued.body.subarray(4).toString('utf8');
    const attributes = Object.fromEntries(serverFirst.split(',').map((part) => [part[0], part.slice(2)]));
    const salted = pbkdf2Sync(
      login.password,
      Buffer.from(attributes.s ?? '', 'base64'),
      Number(attributes.i),
      32,
      'sha256',
    );
    const clientKey = createHmac('sha256', salted).update('Client Key').digest();
    const storedKey = createHash('sha256').update(clientKey).digest();
    const finalWithoutProof = `c=biws,r=${attributes.r}`;
    const authMessage = `${firstBare},${serverFirst},${finalWithoutProof}`;
    const signature = createHmac('sha256', storedKey).update(authMessage).digest();
    const proof = Buffer.from(clientKey.map((byte, i) => byte ^ signature[i]!));
    await this.write(frame('p', `${finalWithoutProof},p=${proof.toString('base64')}`));
    const { messages, closed } = await this.untilReady();
    const error = messages.find((message) => message.type === 'E');
    if (closed || error)
      throw new Error(`authentication failed: ${error ? errorFields(error).message : 'closed'}`);
  }

  /** The next message, which must be of this type (an ErrorResponse is reported in the thrown error). */
  async expect(type: string): Promise<BackendMessage> {
    const message = await this.next();
    if (message?.type === type) return message;
    const got = !message
      ? 'the connection closed'
      : message.type === 'E'
        ? errorFields(message).message
        : message.type;
    throw new Error(`expected message ${type}, got ${got}`);
  }
}

export function saslInitialResponse(mechanism: string, data: Buffer): Buffer {
  return frame('p', Buffer.concat([cstring(mechanism), int32(data.length), data]));
}
