/**
 * The edge's `GET /api/v1/health` document (200 when every check is ok, 503 when degraded).
 * The app keeps its own copy of this view type until the contract moves to a shared package.
 */
export interface EdgeHealth {
  status: 'ok' | 'degraded'
  service: 'edge'
  version: string
  /** ISO time on the edge when the document was built. */
  time: string
  uptimeS: number
  checks: {
    database: DatabaseCheck
    core: CoreCheck
  }
}

export type CheckStatus = 'ok' | 'down'

export interface DatabaseCheck {
  status: CheckStatus
  latencyMs: number
  driver: 'pglite' | 'postgres'
  error?: string
}

export interface CoreCheck {
  status: CheckStatus
  latencyMs: number
  error?: string
  feed?: FeedHealth
}

export interface FeedHealth {
  kind: 'replay'
  state: 'running' | 'paused' | 'stopped'
  /** Replay speed as a multiple of real time. */
  speed: number
  symbols: string[]
  events: number
  /** Epoch ms (wall clock) of the last event the feed emitted. */
  lastEventAt: number | null
  /** Epoch ms of the market clock the feed has reached. */
  marketTime: number | null
}

/** What the status page knows after asking the edge: its document, or why there is none. */
export type HealthProbe =
  | {
      kind: 'answered'
      edgeUrl: string
      httpStatus: number
      latencyMs: number
      checkedAt: number
      health: EdgeHealth
    }
  | { kind: 'unreachable'; edgeUrl: string; reason: string; checkedAt: number }
  | { kind: 'invalid'; edgeUrl: string; reason: string; checkedAt: number }
  /** The browser could not reach the app server itself while refreshing. */
  | { kind: 'offline'; reason: string; checkedAt: number }

/** Enough of a shape check to render safely; the edge's own tests pin the full contract. */
export function isEdgeHealth(value: unknown): value is EdgeHealth {
  const doc = value as Partial<EdgeHealth> | null
  return (
    typeof doc === 'object' &&
    doc !== null &&
    (doc.status === 'ok' || doc.status === 'degraded') &&
    typeof doc.time === 'string' &&
    typeof doc.checks?.database?.status === 'string' &&
    typeof doc.checks?.core?.status === 'string'
  )
}
