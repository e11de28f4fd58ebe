import type { BacktestStatus } from './backtests.ts'

// A running backtest's progress from `GET /api/v1/backtests/{id}/events` (Server-Sent Events,
// through the app's same-origin /api proxy, so the session cookie goes with it).

export interface JobProgress {
  id: string
  status: BacktestStatus
  progress: number
  error: string | null
  cancelRequested: boolean
  /** Once the edge sends it (see `progressMessageOf`). */
  progressMessage?: string
}

const STATUSES: readonly string[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled']

/**
 * One event's data, or null when it is not a job's progress (the stream's `error` event
 * carries `{ code, requestId }` instead).
 *
 * @example parseJobEvent('{"id":"btj_1","status":"running","progress":0.5,"error":null,"cancelRequested":false}')?.progress // 0.5
 */
export function parseJobEvent(data: string): JobProgress | null {
  let value: unknown
  try {
    value = JSON.parse(data)
  } catch {
    return null
  }
  if (!value || typeof value !== 'object') return null
  const v = value as Record<string, unknown>
  if (typeof v.id !== 'string' || typeof v.status !== 'string' || !STATUSES.includes(v.status))
    return null
  return {
    id: v.id,
    status: v.status as BacktestStatus,
    progress: typeof v.progress === 'number' ? v.progress : 0,
    error: typeof v.error === 'string' ? v.error : null,
    cancelRequested: v.cancelRequested === true,
    ...(typeof v.progressMessage === 'string' ? { progressMessage: v.progressMessage } : {}),
  }
}

export interface FollowHandlers {
  onProgress(progress: JobProgress): void
  /** The job reached its final status; the stream is closed. */
  onEnd(progress: JobProgress): void
  /** The stream cannot be used (no EventSource, refused, or failed on the server): poll instead. */
  onUnavailable(): void
}

/**
 * Follows a job's events until its final status. EventSource reconnects by itself after a
 * dropped connection (and after the server's 10-minute limit); a refused stream (an expired
 * session answers 401, which EventSource does not retry) or the server's `error` event hands
 * over to polling, which refreshes the session as every API call does. Returns a function that
 * stops following.
 *
 * @example onMount(() => onCleanup(followJob(id, { onProgress, onEnd, onUnavailable })))
 */
export function followJob(id: string, handlers: FollowHandlers): () => void {
  if (typeof EventSource === 'undefined') {
    handlers.onUnavailable()
    return () => {}
  }
  const source = new EventSource(`/api/v1/backtests/${encodeURIComponent(id)}/events`)
  let done = false
  const finish = () => {
    done = true
    source.close()
  }
  source.addEventListener('progress', (event) => {
    const progress = parseJobEvent((event as MessageEvent<string>).data)
    if (progress && !done) handlers.onProgress(progress)
  })
  source.addEventListener('end', (event) => {
    const progress = parseJobEvent((event as MessageEvent<string>).data)
    if (done) return
    finish()
    if (progress) handlers.onEnd(progress)
    else handlers.onUnavailable()
  })
  source.addEventListener('error', (event) => {
    if (done) return
    // A MessageEvent is the server's own `error` event; a plain Event is the connection's.
    const fromServer = event instanceof MessageEvent
    if (fromServer || source.readyState === EventSource.CLOSED) {
      finish()
      handlers.onUnavailable()
    }
  })
  return finish
}
