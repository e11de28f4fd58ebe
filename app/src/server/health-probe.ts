import 'server-only'
import { type HealthProbe, isEdgeHealth } from '../lib/health.ts'
import { describeFetchError, edgeUrl } from './edge.ts'

const TIMEOUT_MS = 3_000

/** Asks the edge for its health document; never throws, so the page always has something to say. */
export async function probeEdgeHealth(base = edgeUrl()): Promise<HealthProbe> {
  const started = performance.now()
  const checkedAt = Date.now()
  let response: Response
  try {
    response = await fetch(`${base}/api/v1/health`, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
  } catch (error) {
    return { kind: 'unreachable', edgeUrl: base, reason: describeFetchError(error), checkedAt }
  }
  const latencyMs = performance.now() - started
  const body: unknown = await response.json().catch(() => undefined)
  if (!isEdgeHealth(body)) {
    const reason = `HTTP ${response.status} without a health document`
    return { kind: 'invalid', edgeUrl: base, reason, checkedAt }
  }
  return {
    kind: 'answered',
    edgeUrl: base,
    httpStatus: response.status,
    latencyMs,
    checkedAt,
    health: body,
  }
}
