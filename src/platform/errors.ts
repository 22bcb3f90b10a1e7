/**
 * The one error catalogue. Every error a client can see has a stable `code`, an HTTP status
 * and a title; the HTTP layer renders them as RFC 9457 problem+json. A test checks that every
 * code here is documented in docs/api.md.
 */

export interface ErrorSpec {
  readonly status: number;
  readonly title: string;
  /** Worth reporting to operators (logged at error level) rather than a normal client mistake. */
  readonly report?: boolean;
}

export const errorCatalogue = {
  // generic request problems
  validation_failed: { status: 400, title: 'The request is not valid' },
  malformed_json: { status: 400, title: 'The request body is not valid JSON' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'The content type is not supported' },
  route_not_found: { status: 404, title: 'No such endpoint' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal_error: { status: 500, title: 'Something went wrong on our side', report: true },
  service_unavailable: { status: 503, title: 'The service is temporarily unavailable' },
  server_busy: { status: 503, title: 'The server is busy; try again shortly' },
  conflict: { status: 409, title: 'The request conflicts with the current state' },
  not_found: { status: 404, title: 'Not found' },
  // auth
  unauthenticated: { status: 401, title: 'Sign in required' },
  invalid_credentials: { status: 401, title: 'Email or password is wrong' },
  forbidden: { status: 403, title: 'You are not allowed to do this' },
  csrf_rejected: { status: 403, title: 'Cross-site request rejected' },
  too_many_login_attempts: { status: 429, title: 'Too many failed sign-in attempts' },
  email_taken: { status: 409, title: 'An account with this email already exists' },
  already_developer: { status: 409, title: 'This account is already a developer' },
  developer_required: { status: 403, title: 'A developer account is required' },
  api_key_not_found: { status: 404, title: 'No such API key' },
  user_not_found: { status: 404, title: 'No such user' },
  developer_not_found: { status: 404, title: 'No such developer' },
  // catalog
  app_not_found: { status: 404, title: 'No such app' },
  bundle_id_taken: { status: 409, title: 'This bundle id is already in use' },
  unknown_category: { status: 400, title: 'Unknown category' },
  unknown_country: { status: 400, title: 'Unknown country' },
  media_not_found: { status: 404, title: 'No such media file' },
  unsupported_image: { status: 415, title: 'Images must be PNG, JPEG, WebP or SVG' },
  too_many_screenshots: { status: 422, title: 'Too many screenshots' },
  // search
  query_required: { status: 400, title: 'A search query or a category is required' },
  query_too_long: { status: 400, title: 'The search query is too long' },
  invalid_limit: { status: 400, title: 'The page size is out of range' },
  invalid_offset: { status: 400, title: 'The page offset is out of range' },
  // events
  dead_letter_not_found: { status: 404, title: 'No such dead letter' },
  // blobs
  blob_not_found: { status: 404, title: 'No such blob' },
  range_not_satisfiable: { status: 416, title: 'The requested range is not satisfiable' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof errorCatalogue;

const extraCodes = new Map<string, ErrorSpec>();

/**
 * Modules added later register their own codes here at import time (e.g. commerce's
 * `already_owned`), so the catalogue stays one table at run time.
 */
export function registerErrors(specs: Record<string, ErrorSpec>): void {
  for (const [code, spec] of Object.entries(specs)) {
    const existing = lookupError(code);
    if (existing && existing.status !== spec.status) throw new Error(`error code ${code} registered twice`);
    if (!existing) extraCodes.set(code, spec);
  }
}

export function lookupError(code: string): ErrorSpec | undefined {
  return (errorCatalogue as Record<string, ErrorSpec>)[code] ?? extraCodes.get(code);
}

export function allErrorCodes(): Array<[string, ErrorSpec]> {
  return [...Object.entries(errorCatalogue), ...extraCodes.entries()];
}

/** A failure a client can act on. `detail` is human text; `extra` adds machine-readable members. */
export class AppError extends Error {
  readonly status: number;
  readonly title: string;
  readonly report: boolean;
  constructor(
    readonly code: ErrorCode | (string & {}),
    readonly detail?: string,
    readonly extra?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    const spec = lookupError(code);
    if (!spec) throw new Error(`unknown error code ${code}`);
    super(detail ?? spec.title);
    this.name = 'AppError';
    this.status = spec.status;
    this.title = spec.title;
    this.report = spec.report ?? false;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
