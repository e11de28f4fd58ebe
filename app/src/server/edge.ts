import 'server-only'

const DEFAULT_EDGE_URL = 'http://127.0.0.1:8787'

/**
 * Base URL of the edge API, without a trailing slash. Read on every call, not at build time,
 * so one built `.output` can be pointed at any edge.
 */
export function edgeUrl(): string {
  return (process.env.EDGE_URL || DEFAULT_EDGE_URL).replace(/\/+$/, '')
}

/** A one-line reason for a failed fetch: undici hides the useful part in `cause`. */
export function describeFetchError(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return 'no answer in time'
  if (error instanceof Error) {
    const cause = error.cause
    if (cause instanceof Error && cause.message) return cause.message
    return error.message
  }
  return String(error)
}
