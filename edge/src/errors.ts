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
  // Billing (Stripe).
  invalid_signature: { status: 400, title: 'The webhook signature is not valid' },
  already_subscribed: { status: 409, title: 'This workspace already has a subscription' },
  no_billing_account: { status: 409, title: 'This workspace has no billing account yet' },
  payment_provider_error: { status: 503, title: 'The payment provider is not available' },
  // Identity (sign-up, login, tokens, two-factor).
  email_taken: { status: 409, title: 'This email is already registered' },
  invalid_credentials: { status: 401, title: 'Email or password is wrong' },
  account_locked: { status: 429, title: 'Too many failed sign-ins; try again later' },
  // 401 at login (send the code); 403 from requireMfa() (this action needs the second factor).
  mfa_required: { status: 401, title: 'Two-factor code required' },
  invalid_totp: { status: 401, title: 'The two-factor code is wrong or was already used' },
  invalid_refresh_token: { status: 401, title: 'The refresh token is not valid' },
  refresh_reused: { status: 401, title: 'The refresh token was already used' },
  csrf_failed: { status: 403, title: 'CSRF check failed' },
  // Team, invitations and account deletion.
  last_owner: { status: 409, title: 'A workspace needs at least one owner' },
  already_member: { status: 409, title: 'Already a member of this workspace' },
  invitation_invalid: { status: 404, title: 'This invitation link is not valid' },
  invitation_used: { status: 409, title: 'This invitation was already used' },
  invitation_expired: { status: 410, title: 'This invitation has expired' },
  invitation_email_mismatch: { status: 403, title: 'This invitation is for another email address' },
  subscription_active: { status: 409, title: 'A workspace you own still has a paid subscription' },
  // Backtests.
  quota_exceeded: { status: 429, title: "Your plan's quota for this is used up" },
  // Plugins, deployments and scans. compile_failed and invalid_expression carry `diagnostics`.
  // (unprocessable first: the general code of its status, see BY_STATUS.)
  unprocessable: { status: 422, title: 'The request cannot be processed' },
  compile_failed: { status: 422, title: 'The plugin does not compile' },
  invalid_expression: { status: 422, title: 'The scan expression is not valid' },
  kind_mismatch: { status: 422, title: 'The plugin is of the wrong kind for this' },
  name_taken: { status: 409, title: 'A plugin with this name already exists' },
  version_exists: { status: 409, title: 'This plugin version already exists' },
  plan_limit_reached: { status: 402, title: "Your plan's limit is reached" },
  invalid_transition: { status: 409, title: 'Not possible in the current state' },
  live_trading_unavailable: { status: 409, title: 'Live trading is not available yet' },
  // Datasets. invalid_csv carries `diagnostics` (the bad row's line, column 1).
  invalid_csv: { status: 422, title: 'The CSV of bars is not valid' },
  // Brokers (Zerodha Kite).
  kite_not_configured: { status: 409, title: 'No Kite API key is saved' },
  kite_credentials_unreadable: { status: 409, title: 'The saved Kite credentials cannot be read' },
  kite_session_required: { status: 412, title: 'A live Kite session is needed' },
  kite_refused: { status: 422, title: 'Kite refused the request' },
  kite_unavailable: { status: 502, title: 'Kite is not available' },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string }>

export type ErrorCode = keyof typeof ERROR_CODES

export interface FieldIssue {
  path: string
  message: string
}

/**
 * A problem in submitted text (a plugin's source, a scan expression, a CSV), in the
 * `diagnostics` member of `compile_failed`, `invalid_expression` and `invalid_csv` problems:
 * 1-based line and column.
 */
export interface Diagnostic {
  severity: 'error' | 'warning'
  message: string
  line: number
  column: number
  /** `TS2322` for type errors, else the compiler's own code, e.g. `FORBIDDEN_IMPORT`. */
  code?: string
  /** Characters from the column that the problem is about, when known (for underlining). */
  length?: number
}

/** The one error type handlers throw; onError turns it into problem+json. */
export class ApiError extends Error {
  override name = 'ApiError'
  readonly code: ErrorCode
  readonly detail: string | undefined
  readonly issues: FieldIssue[] | undefined
  readonly diagnostics: Diagnostic[] | undefined
  readonly headers: Record<string, string> | undefined
  /** The HTTP status: the code's own, unless `extra.status` names another (see mfa_required). */
  readonly status: ContentfulStatusCode

  constructor(
    code: ErrorCode,
    detail?: string,
    extra: {
      issues?: FieldIssue[]
      diagnostics?: Diagnostic[]
      headers?: Record<string, string>
      status?: ContentfulStatusCode
    } = {},
  ) {
    super(detail ?? ERROR_CODES[code].title)
    this.code = code
    this.detail = detail
    this.issues = extra.issues
    this.diagnostics = extra.diagnostics
    this.headers = extra.headers
    this.status = extra.status ?? ERROR_CODES[code].status
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
  diagnostics?: Diagnostic[]
}

/** Renders any thrown value as problem+json; unknown errors become a bare 500 with no internals. */
export function problemResponse(c: Context, error: unknown): Response {
  const apiError = toApiError(error)
  const { title } = ERROR_CODES[apiError.code]
  const status = apiError.status
  const body: Problem = {
    type: 'about:blank',
    title,
    status,
    code: apiError.code,
    ...(apiError.detail ? { detail: apiError.detail } : {}),
    instance: new URL(c.req.url).pathname,
    requestId: c.get('requestId'),
    ...(apiError.issues ? { errors: apiError.issues } : {}),
    ...(apiError.diagnostics ? { diagnostics: apiError.diagnostics } : {}),
  }
  const headers = new Headers(apiError.headers)
  headers.set('content-type', 'application/problem+json')
  return new Response(JSON.stringify(body), { status, headers })
}

// The first code listed for a status is its general one (400 → bad_request, 401 →
// unauthenticated); the specific codes added after it must not take its place.
const BY_STATUS = new Map<number, ErrorCode>()
for (const [code, { status }] of Object.entries(ERROR_CODES)) {
  if (!BY_STATUS.has(status)) BY_STATUS.set(status, code as ErrorCode)
}

/** Our ApiError as-is; Hono's HTTPExceptions by status; anything else is an internal error. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  if (error instanceof HTTPException) {
    const code = BY_STATUS.get(error.status) ?? (error.status >= 500 ? 'internal' : 'bad_request')
    return new ApiError(code, error.status < 500 ? error.message || undefined : undefined)
  }
  return new ApiError('internal')
}
