import { setImmediate } from 'node:timers/promises';
import { Semaphore } from '../util/semaphore.js';
import { JumpCloudApiError } from './errors.js';
import { sleep } from './limiter.js';
import { AnswerCutShort, Transport } from './transport.js';

export interface RetryPolicy {
  /**
   * Attempts in all, the first included. While the API is seen to answer (one of the client's last
   * 10 attempts, this request's own included, succeeded), a request may take up to twice as many:
   * a passing fault does not sink a query, and an API that is down fails it after this many.
   */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest wait a Retry-After header is honoured for; a longer one is cut to it. */
  maxRetryAfterMs: number;
}

export interface HttpClientOptions {
  /** An origin: https://console.jumpcloud.com, or the simulator's http://127.0.0.1:PORT. */
  origin: string;
  apiKey: string;
  /** Sent as x-org-id where the endpoint accepts it (multi-tenant admins). */
  orgId?: string | undefined;
  maxConcurrency?: number;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Called once per HTTP request sent (retries included): drives `API calls: N`. */
  onRequest?: (info: { method: string; path: string }) => void;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | string[] | undefined>;
  body?: unknown;
  /** false for the organizations endpoints, which refuse x-org-id with 403. */
  sendOrgId?: boolean;
  signal?: AbortSignal | undefined;
}

const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
};
/** How many of the client's latest attempts tell whether the API is up. */
const HEALTH_WINDOW = 10;
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/**
 * The one place that talks HTTP to JumpCloud: auth headers, a per-connection concurrency bound,
 * a timeout per attempt, retries with exponential backoff and full jitter on 429, 5xx, network
 * errors and unreadable bodies (honouring Retry-After), more of them while the API is otherwise
 * answering (see RetryPolicy), and typed errors that never carry the key.
 */
export class HttpClient {
  readonly origin: string;
  readonly #apiKey: string;
  readonly #orgId: string | undefined;
  readonly #semaphore: Semaphore;
  readonly #transport: Transport;
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #onRequest: HttpClientOptions['onRequest'];
  /** The outcomes of the client's latest attempts (true: answered, not a fault worth retrying). */
  readonly #recent: boolean[] = [];

  constructor(options: HttpClientOptions) {
    this.origin = options.origin.replace(/\/+$/, '');
    this.#apiKey = options.apiKey;
    this.#orgId = options.orgId || undefined;
    this.#semaphore = new Semaphore(options.maxConcurrency ?? 10);
    this.#transport = new Transport(this.origin);
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
    this.#onRequest = options.onRequest;
  }

  get maxConcurrency(): number {
    return this.#semaphore.limit;
  }

  async get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('GET', path, options);
  }

  /** For the read-only POSTs only (v1 search, Directory Insights events). */
  async post<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, options);
  }

  async request<T>(method: 'GET' | 'POST', path: string, options: RequestOptions): Promise<T> {
    return (await this.exchange<T>(method, path, options)).value;
  }

  /** A request's answer with its response headers (Directory Insights pages by a header). */
  async exchange<T>(
    method: 'GET' | 'POST',
    path: string,
    options: RequestOptions,
  ): Promise<{ value: T; headers: Readonly<Record<string, string | string[] | undefined>> }> {
    if (method === 'POST' && !isReadOnlyPost(path))
      throw new Error(`jcsql never writes to JumpCloud: POST ${path} is not one of the read-only POSTs`);
    const url = this.#url(path, options.query);
    const headers: Record<string, string> = { accept: 'application/json', 'x-api-key': this.#apiKey };
    if (this.#orgId && options.sendOrgId !== false) headers['x-org-id'] = this.#orgId;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    // A statement's signal is shared by every request it makes. Each request listens through a
    // signal of its own (AbortSignal.any adds no listener to its source), so twenty queued or
    // backing-off requests never pile listeners on the shared one (Node warns past ten).
    const signal = options.signal && AbortSignal.any([options.signal]);

    for (let attempt = 1; ; attempt++) {
      const outcome = await this.#attempt(method, path, url, headers, body, signal);
      const retryable =
        !outcome.ok && (outcome.error.status === undefined || RETRYABLE_STATUS.has(outcome.error.status));
      this.#remember(!retryable);
      if (outcome.ok) return { value: outcome.value as T, headers: outcome.headers };
      const { error, retryAfterMs } = outcome;
      const { maxAttempts } = this.#retry;
      const attempts = attempt >= maxAttempts && this.#apiIsUp() ? 2 * maxAttempts : maxAttempts;
      if (!retryable || attempt >= attempts || signal?.aborted) {
        throw attempt > 1 ? error.afterAttempts(attempt) : error;
      }
      const wait =
        retryAfterMs === undefined
          ? this.#backoff(attempt)
          : Math.min(retryAfterMs, this.#retry.maxRetryAfterMs);
      await sleep(wait, signal);
    }
  }

  #remember(answered: boolean): void {
    this.#recent.push(answered);
    if (this.#recent.length > HEALTH_WINDOW) this.#recent.shift();
  }

  /** One of the latest attempts was answered: faults now are passing ones, worth more retries. */
  #apiIsUp(): boolean {
    return this.#recent.includes(true);
  }

  async #attempt(
    method: string,
    path: string,
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<
    | { ok: true; value: unknown; headers: Record<string, string | string[] | undefined> }
    | { ok: false; error: JumpCloudApiError; retryAfterMs?: number }
  > {
    const release = await this.#semaphore.acquire(signal);
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      this.#onRequest?.({ method, path });
      const response = await this.#transport.send(url, { method, headers, body, signal: combined });
      const { text } = response;
      // The answer is in: the next request may go out now, before this one's body is parsed.
      release();
      await yieldToSends();
      if (response.status < 200 || response.status > 299) {
        const location = response.headers.location;
        const error = new JumpCloudApiError({
          status: response.status,
          method,
          path,
          apiMessage:
            response.status >= 300 && response.status < 400 && location
              ? `redirected to ${this.#withoutKey(location).slice(0, 200)}`
              : apiMessage(this.#withoutKey(text)),
        });
        return { ok: false, error, ...retryAfter(response.headers['retry-after']) };
      }
      try {
        return { ok: true, value: text === '' ? null : JSON.parse(text), headers: response.headers };
      } catch (cause) {
        const reason = 'returned a body that is not valid JSON';
        return { ok: false, error: new JumpCloudApiError({ method, path, reason, cause }) };
      }
    } catch (cause) {
      if (signal?.aborted) throw signal.reason;
      const reason = timeout.aborted
        ? `timed out after ${this.#timeoutMs / 1000} s`
        : cause instanceof AnswerCutShort
          ? 'sent an answer that was cut short'
          : `could not be reached (${networkReason(cause)})`;
      return { ok: false, error: new JumpCloudApiError({ method, path, reason, cause }) };
    } finally {
      release();
    }
  }

  /** An error page may quote the request's headers (a proxy's, say): never pass the key on. */
  #withoutKey(text: string): string {
    const forms = [
      this.#apiKey,
      encodeURIComponent(this.#apiKey),
      Buffer.from(this.#apiKey).toString('base64'),
    ];
    return forms
      .filter((form) => form.length >= 4)
      .reduce((out, form) => out.split(form).join('<redacted>'), text);
  }

  #backoff(attempt: number): number {
    const ceiling = Math.min(this.#retry.maxDelayMs, this.#retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  #url(path: string, query: RequestOptions['query']): string {
    const url = new URL(this.origin + path);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
    }
    return url.toString();
  }
}

/**
 * The only POSTs jcsql sends: reads that the API takes as a POST body (v1 search, Directory
 * Insights events and their counts). Anything else would be a write.
 */
const READ_ONLY_POSTS = [
  /^\/api\/search\/[a-z]+$/,
  /^\/insights\/directory\/v1\/events(\/(count|distinct|interval))?$/,
];
const isReadOnlyPost = (path: string): boolean => READ_ONLY_POSTS.some((pattern) => pattern.test(path));

/**
 * Lets requests granted a slot meanwhile be written to their sockets (node:http writes on the next
 * tick) before this answer is parsed and its rows built, which would hold them back a few
 * milliseconds each, on every page.
 */
const yieldToSends = () => setImmediate();

/** JumpCloud's error bodies carry `message` (v1, v2) or `error`; fall back to a short text. */
function apiMessage(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { message?: unknown; error?: unknown };
    const message = parsed.message ?? parsed.error;
    if (typeof message === 'string' && message) return message;
  } catch {
    // not JSON: a proxy's HTML page, say
  }
  const trimmed = text.replace(/\s+/g, ' ').trim();
  return trimmed ? trimmed.slice(0, 200) : undefined;
}

function retryAfter(header: string | undefined): { retryAfterMs?: number } {
  if (!header) return {};
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return { retryAfterMs: Math.min(seconds * 1000, 60_000) };
  const date = Date.parse(header);
  return Number.isNaN(date) ? {} : { retryAfterMs: Math.min(Math.max(0, date - Date.now()), 60_000) };
}

/** A socket error's code (ECONNREFUSED, ENOTFOUND, ECONNRESET…), else its message. */
function networkReason(cause: unknown): string {
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : cause instanceof Error ? cause.message : String(cause);
}
