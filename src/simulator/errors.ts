/** An error answered as an HTTP response; `body` overrides the default Error body when the API has its own. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body?: Record<string, unknown>,
  ) {
    super(message);
  }
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export const reason = (status: number): string => REASONS[status] ?? 'Error';

/** The spec's `Error` schema (v1 and v2): `{code, message, status}`. */
export const errorBody = (status: number, message: string) => ({
  code: status,
  message,
  status: reason(status),
});

export const badRequest = (message: string): ApiError => new ApiError(400, message);
export const notFound = (what: string, id: string): ApiError => new ApiError(404, `${what} ${id} not found`);
