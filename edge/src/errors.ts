import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/**
 * Every machine-readable error code the API returns, with its HTTP status and title. Clients
 * switch on `code`; it never changes once published.
 */
export const ERROR_CODES = {
  bad_request: { status: 400, title: 'Bad request' },
  validation_failed: { status: 400, title: 'The request is not valid' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  payment_required: { status: 402, title: 'Your plan does not include this' },
  forbidden: { status: 403, title: 'Not allowed' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  payload_too_large: { status: 413, title: 'Request body too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal error' },
  service_unavailable: { status: 503, title: 'Service unavailable' },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string }>

export type ErrorCode = keyof typeof ERROR_CODES

export interface FieldIssue {
  path: string
  message: string
}

/** The one error type handlers throw; onError turns it into problem+json. */
export class ApiError extends Error {
  override name = 'ApiError'
  readonly code: ErrorCode
  readonly detail: string | undefined
  readonly issues: FieldIssue[] | undefined
  readonly headers: Record<string, string> | undefined

  constructor(
    code: ErrorCode,
    detail?: string,
    extra: { issues?: FieldIssue[]; headers?: Record<string, string> } = {},
  ) {
    super(detail ?? ERROR_CODES[code].title)
    this.code = code
    this.detail = detail
    this.issues = extra.issues
    this.headers = extra.headers
  }
}

/** RFC 9457 problem details, plus our stable `code` and the request id. */
export interface Problem {
  type: string
  title: string
  status: number
  code: ErrorCode
  detail?: string
  instance?: string
  requestId?: string
  errors?: FieldIssue[]
}

/** Renders any thrown value as problem+json; unknown errors become a bare 500 with no internals. */
export function problemResponse(c: Context, error: unknown): Response {
  const apiError = toApiError(error)
  const { status, title } = ERROR_CODES[apiError.code]
  const body: Problem = {
    type: 'about:blank',
    title,
    status,
    code: apiError.code,
    ...(apiError.detail ? { detail: apiError.detail } : {}),
    instance: new URL(c.req.url).pathname,
    requestId: c.get('requestId'),
    ...(apiError.issues ? { errors: apiError.issues } : {}),
  }
  const headers = new Headers(apiError.headers)
  headers.set('content-type', 'application/problem+json')
  return new Response(JSON.stringify(body), { status, headers })
}

const BY_STATUS = new Map<number, ErrorCode>(
  Object.entries(ERROR_CODES).map(([code, { status }]) => [status, code as ErrorCode]),
)
// The first code per status wins above; these statuses read better as their general code.
BY_STATUS.set(400, 'bad_request')

/** Our ApiError as-is; Hono's HTTPExceptions by status; anything else is an internal error. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  if (error instanceof HTTPException) {
    const code = BY_STATUS.get(error.status) ?? (error.status >= 500 ? 'internal' : 'bad_request')
    return new ApiError(code, error.status < 500 ? error.message || undefined : undefined)
  }
  return new ApiError('internal')
}
