/**
 * The few pieces of the Postgres wire protocol (v3) the server reads or writes itself; every
 * other message passes through to PGlite untouched.
 * https://www.postgresql.org/docs/current/protocol-message-formats.html
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const CANCEL_REQUEST_CODE = 80877102;

/** Splits whole messages (type byte + length) off the front of a buffer; returns what is left. */
export function splitMessages(buffer: Uint8Array): { messages: Uint8Array[]; rest: Uint8Array } {
  const messages: Uint8Array[] = [];
  let offset = 0;
  while (buffer.length - offset >= 5) {
    const length = readInt32(buffer, offset + 1);
    if (length < 4) throw new ProtocolError(`invalid message length ${length}`);
    if (buffer.length - offset < 1 + length) break;
    messages.push(buffer.subarray(offset, offset + 1 + length));
    offset += 1 + length;
  }
  return { messages, rest: buffer.subarray(offset) };
}

export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

export const messageType = (message: Uint8Array): string => String.fromCharCode(message[0]!);

export function readInt32(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>>
    0
  );
}

function readInt16(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! << 8) | bytes[offset + 1]!;
}

/** A reader over one message's body. */
class Reader {
  #offset = 5;
  constructor(private readonly data: Uint8Array) {}

  cstring(): string {
    const end = this.data.indexOf(0, this.#offset);
    if (end < 0) throw new ProtocolError('unterminated string');
    const text = decoder.decode(this.data.subarray(this.#offset, end));
    this.#offset = end + 1;
    return text;
  }

  int16(): number {
    const value = readInt16(this.data, this.#offset);
    this.#offset += 2;
    return value;
  }

  int32(): number {
    const value = readInt32(this.data, this.#offset) | 0;
    this.#offset += 4;
    return value;
  }

  bytes(length: number): Uint8Array {
    const value = this.data.subarray(this.#offset, this.#offset + length);
    this.#offset += length;
    return value;
  }
}

/** Query ('Q'): the SQL text. */
export const parseQuery = (message: Uint8Array): string => new Reader(message).cstring();

/** Parse ('P'): the statement name and its SQL. */
export function parseParse(message: Uint8Array): { name: string; sql: string } {
  const reader = new Reader(message);
  return { name: reader.cstring(), sql: reader.cstring() };
}

/** Close ('C'): what it closes (S a prepared statement, P a portal) and its name. */
export function parseClose(message: Uint8Array): { kind: string; name: string } {
  const reader = new Reader(message);
  const kind = String.fromCharCode(reader.bytes(1)[0] ?? 0);
  return { kind, name: reader.cstring() };
}

/**
 * Bind ('B'): the statement it binds and the parameter values. Text-format values are read;
 * binary ones (and NULL) are left undefined, so they are never pushed down.
 */
export function parseBind(message: Uint8Array): { statement: string; params: Array<string | undefined> } {
  const reader = new Reader(message);
  reader.cstring(); // portal
  const statement = reader.cstring();
  const formatCount = reader.int16();
  const formats = Array.from({ length: formatCount }, () => reader.int16());
  const count = reader.int16();
  const params: Array<string | undefined> = [];
  for (let i = 0; i < count; i++) {
    const length = reader.int32();
    const format = formatCount === 0 ? 0 : formatCount === 1 ? formats[0] : formats[i];
    if (length < 0) {
      params.push(undefined);
      continue;
    }
    const value = reader.bytes(length);
    params.push(format === 0 ? decoder.decode(value) : undefined);
  }
  return { statement, params };
}

/**
 * Whether Postgres answered what was sent as it always does: a Query or a Sync up to
 * ReadyForQuery, and a Query or an Execute with a completion (CommandComplete,
 * EmptyQueryResponse, ErrorResponse, PortalSuspended). A COPY in progress waits for the client.
 */
export function answeredInFull(sent: readonly Uint8Array[], response: Uint8Array): boolean {
  const asked = new Set(sent.map(messageType));
  const answered = new Set(splitMessages(response).messages.map(messageType));
  if (answered.has('G') || answered.has('W')) return true;
  if ((asked.has('Q') || asked.has('S')) && !answered.has('Z')) return false;
  const completions = ['C', 'I', 'E', 's'];
  return !(asked.has('Q') || asked.has('E')) || completions.some((type) => answered.has(type));
}

/** The transaction status of the last ReadyForQuery ('Z') in a response: I, T or E. */
export function lastReadyStatus(response: Uint8Array): 'I' | 'T' | 'E' | undefined {
  let status: 'I' | 'T' | 'E' | undefined;
  let offset = 0;
  while (response.length - offset >= 5) {
    const length = readInt32(response, offset + 1);
    if (response[offset] === 0x5a && length === 5)
      status = String.fromCharCode(response[offset + 5]!) as 'I' | 'T' | 'E';
    offset += 1 + length;
  }
  return status;
}

function message(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(5 + body.length);
  out[0] = type.charCodeAt(0);
  new DataView(out.buffer).setInt32(1, 4 + body.length);
  out.set(body, 5);
  return out;
}

export const queryMessage = (sql: string): Uint8Array => message('Q', encoder.encode(`${sql}\0`));

export const syncMessage = (): Uint8Array => message('S', new Uint8Array(0));

/** Messages (or any byte strings) end to end. */
export function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function backendKeyData(processId: number, secret: number): Uint8Array {
  const body = new Uint8Array(8);
  const view = new DataView(body.buffer);
  view.setInt32(0, processId);
  view.setInt32(4, secret);
  return message('K', body);
}

/** What an ErrorResponse tells the client (severity ERROR). */
export interface ErrorFields {
  code: string;
  message: string;
  detail?: string | undefined;
  hint?: string | undefined;
}

/** An ErrorResponse (severity ERROR) with these fields. */
export const errorResponse = (fields: ErrorFields): Uint8Array => fieldsMessage('E', 'ERROR', fields);

/** A NoticeResponse of severity WARNING (SQLSTATE 01000): psql prints it as `WARNING:  …`. */
export const warningResponse = (text: string): Uint8Array =>
  fieldsMessage('N', 'WARNING', { code: '01000', message: text });

function fieldsMessage(
  type: 'E' | 'N',
  severity: string,
  { code, message: text, detail, hint }: ErrorFields,
): Uint8Array {
  const fields: Array<[string, string | undefined]> = [
    ['S', severity],
    ['V', severity],
    ['C', code],
    ['M', text],
    ['D', detail],
    ['H', hint],
  ];
  const body = fields
    .flatMap(([field, value]) => (value === undefined ? [] : [`${field}${value}\0`]))
    .join('');
  return message(type, encoder.encode(`${body}\0`));
}

/** A ReadyForQuery with this transaction status. */
export const readyForQuery = (status: 'I' | 'T' | 'E'): Uint8Array => message('Z', encoder.encode(status));

/** A StartupMessage (protocol 3.0) with these parameters. */
export function startupMessage(params: Record<string, string>): Uint8Array {
  const pairs = Object.entries(params).flat();
  const body = encoder.encode(`${pairs.map((text) => `${text}\0`).join('')}\0`);
  const out = new Uint8Array(8 + body.length);
  const view = new DataView(out.buffer);
  view.setInt32(0, out.length);
  view.setInt32(4, 196608);
  out.set(body, 8);
  return out;
}
