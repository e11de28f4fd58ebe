/**
 * An API call that did not succeed, in words a user can act on. The edge answers errors as
 * problem+json (`{ title, detail, code, errors?[{ path, message }], requestId }`); anything
 * else — a network failure, an HTML error page — is described without its internals.
 */
export class ApiProblem extends Error {
  override name = 'ApiProblem'
  /** HTTP status; 0 when no answer came. */
  readonly status: number
  /** The edge's stable error code, or `network` / `unexpected_response`. */
  readonly code: string
  readonly title: string
  /** Per-field messages, keyed by the field's path (`password`, `email`, …). */
  readonly fields: Readonly<Record<string, string>>
  /** Quote this to support: the edge logs unexpected errors under it. */
  readonly requestId: string | undefined

  constructor(init: {
    status: number
    code: string
    title: string
    message: string
    fields?: Record<string, string>
    requestId?: string | undefined
  }) {
    super(init.message)
    this.status = init.status
    this.code = init.code
    this.title = init.title
    this.fields = init.fields ?? {}
    this.requestId = init.requestId
  }
}

interface ProblemBody {
  title?: unknown
  detail?: unknown
  code?: unknown
  requestId?: unknown
  errors?: unknown
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value : undefined

/**
 * Reads a failed response as an ApiProblem. Never throws: a body that is not problem+json
 * becomes a generic message naming the status.
 *
 * @example
 * if (!response.ok) throw await problemOf(response)
 */
export async function problemOf(response: Response): Promise<ApiProblem> {
  const body = (await response.json().catch(() => null)) as ProblemBody | null
  const code = text(body?.code)
  if (!body || !code) {
    return new ApiProblem({
      status: response.status,
      code: 'unexpected_response',
      title: 'Unexpected answer',
      message: `Something went wrong (HTTP ${response.status}). Try again in a moment.`,
    })
  }
  const title = text(body.title) ?? 'Request failed'
  const requestId = text(body.requestId)
  const fields: Record<string, string> = {}
  if (Array.isArray(body.errors)) {
    for (const issue of body.errors as Array<{ path?: unknown; message?: unknown }>) {
      const path = text(issue?.path)
      const message = text(issue?.message)
      // The first message per field is the one to fix first.
      if (path && message && !(path in fields)) fields[path] = message
    }
  }
  return new ApiProblem({
    status: response.status,
    code,
    title,
    message: messageFor(code, text(body.detail) ?? title, requestId),
    fields,
    requestId,
  })
}

function messageFor(code: string, detail: string, requestId: string | undefined): string {
  switch (code) {
    // The proxy's detail names the edge's internal address: not for users.
    case 'edge_unreachable':
    case 'service_unavailable':
      return 'vm-algo is not answering right now. Try again in a moment.'
    case 'internal':
      return `Something went wrong on our side. Try again; if it keeps happening, contact support${requestId ? ` and quote ${requestId}` : ''}.`
    default:
      return detail
  }
}

/** The problem for a fetch that got no answer at all (offline, DNS, connection refused). */
export function networkProblem(): ApiProblem {
  return new ApiProblem({
    status: 0,
    code: 'network',
    title: 'No connection',
    message: 'Could not reach vm-algo. Check your connection and try again.',
  })
}

/** Any thrown value as an ApiProblem, for showing next to the form or list that failed. */
export function asProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error
  return new ApiProblem({
    status: 0,
    code: 'client_error',
    title: 'Something went wrong',
    message: 'Something went wrong in this page. Reload it and try again.',
  })
}
