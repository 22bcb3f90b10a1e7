/**
 * The one way the web app talks to the API: same-origin fetch with the session cookie,
 * JSON in and out, and RFC 9457 problem+json turned into an ApiError with the stable `code`.
 */

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string | undefined,
    readonly errors: FieldError[] = [],
    readonly title = 'Request failed',
  ) {
    super(detail ?? title);
    this.name = 'ApiError';
  }

  /** The endpoint itself does not exist (yet): a feature the server has not shipped. */
  get isMissingEndpoint(): boolean {
    return this.status === 404 && this.code === 'route_not_found';
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  /** A plain value is sent as JSON; a Blob/File is sent raw with its own type. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** `/api/v1` + path + query string, leaving out empty parameters. */
export function apiUrl(path: string, query?: Query): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return `/api/v1${path}${s ? `?${s}` : ''}`;
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  let body: BodyInit | undefined;
  if (opts.body instanceof Blob) {
    body = opts.body;
    headers['content-type'] ??= opts.body.type || 'application/octet-stream';
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(apiUrl(path, opts.query), {
      method: opts.method ?? 'GET',
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', 'Could not reach the store. Check your connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) throw toApiError(res.status, json);
  return json as T;
}

function toApiError(status: number, json: unknown): ApiError {
  const p = (json ?? {}) as { code?: unknown; detail?: unknown; title?: unknown; errors?: unknown };
  const code = typeof p.code === 'string' ? p.code : `http_${status}`;
  const errors = Array.isArray(p.errors) ? (p.errors as FieldError[]) : [];
  return new ApiError(
    status,
    code,
    typeof p.detail === 'string' ? p.detail : undefined,
    errors,
    typeof p.title === 'string' ? p.title : undefined,
  );
}
