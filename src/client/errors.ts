import { UserError } from '../errors.js';

/** What went wrong talking to JumpCloud, without ever carrying the API key. */
export class JumpCloudApiError extends UserError {
  override name = 'JumpCloudApiError';
  readonly status: number | undefined;
  readonly method: string;
  readonly path: string;
  readonly apiMessage: string | undefined;

  readonly #init: ApiErrorInit;

  constructor(init: ApiErrorInit) {
    const what = `JumpCloud API ${init.method} ${init.path}`;
    const status =
      init.status === undefined ? init.reason : `returned ${init.status}${statusText(init.status)}`;
    const detail = init.apiMessage ? `: ${init.apiMessage}` : '';
    const attempts = init.attempts && init.attempts > 1 ? ` (after ${init.attempts} attempts)` : '';
    super(`${what} ${status}${detail}${attempts}`, { hint: hintFor(init.status), cause: init.cause });
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.apiMessage = init.apiMessage;
    this.#init = init;
  }

  /** The same failure, reported after `attempts` tries. */
  afterAttempts(attempts: number): JumpCloudApiError {
    return new JumpCloudApiError({ ...this.#init, attempts, cause: this });
  }
}

interface ApiErrorInit {
  status?: number | undefined;
  method: string;
  path: string;
  apiMessage?: string | undefined;
  /** Why there is no status: a timeout, a network error, an unreadable body. */
  reason?: string;
  attempts?: number;
  cause?: unknown;
}

export const isNotFound = (error: unknown): boolean =>
  error instanceof JumpCloudApiError && error.status === 404;

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function statusText(status: number): string {
  const text = STATUS_TEXT[status];
  return text ? ` ${text}` : '';
}

function hintFor(status: number | undefined): string | undefined {
  switch (status) {
    case 401:
      return 'The API key was refused: check JUMPCLOUD_API_KEY or api_key in your .spc file (an admin key from the JumpCloud console, API Settings)';
    case 403:
      return 'The key is valid but may not read this: check the admin role, and for a multi-tenant admin the org_id (JUMPCLOUD_ORG_ID)';
    case 429:
      return 'JumpCloud is rate limiting this key; lower max_concurrency in the connection config or try again later';
    default:
      // Never followed: a redirect would take the API key to wherever it points.
      return status !== undefined && status >= 300 && status < 400
        ? 'jcsql does not follow redirects, which would send the API key on; if the address it names is right, set api_url (or JUMPCLOUD_API_URL) to it'
        : undefined;
  }
}
