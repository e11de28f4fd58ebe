import { withTenant } from '@vm-algo/db'
import { streamSSE } from 'hono/streaming'
import { requireAuth, requirePermission } from '../../../auth/middleware.ts'
import { createRoute, problems, router, z } from '../../../openapi.ts'
import {
  databaseOf,
  findJob,
  isFinal,
  JobParamsSchema,
  type JobRow,
  jobOrNotFound,
} from './jobs.ts'

/** How often the stream reads the job, sends a keep-alive comment, and gives up (client reconnects). */
export const EVENTS_POLL_MS = 500
export const EVENTS_KEEPALIVE_MS = 15_000
export const EVENTS_MAX_MS = 10 * 60_000

const route = createRoute({
  method: 'get',
  path: '/{id}/events',
  tags: ['Backtests'],
  summary: "A backtest's progress as Server-Sent Events, until it ends",
  description: [
    'An `EventSource` stream. Each change of status or progress is a `progress` event; the last event is `end`, with the final status, and the stream then closes. Data is JSON: `{ id, status, progress, progressMessage, error, cancelRequested, attempts }` (`progressMessage` says what a long job is doing, e.g. `run 37 of 100`).',
    `Comments (\`: keep-alive\`) flow every ${EVENTS_KEEPALIVE_MS / 1000} s. After ${EVENTS_MAX_MS / 60_000} minutes the server closes the stream without \`end\`; EventSource reconnects by itself.`,
  ].join('\n\n'),
  middleware: [requireAuth(), requirePermission('backtest')] as const,
  security: [{ bearer: [] }],
  request: { params: JobParamsSchema },
  responses: {
    200: {
      description: 'The event stream',
      content: { 'text/event-stream': { schema: z.string() } },
    },
    ...problems(401, 402, 404),
  },
})

const eventOf = (row: JobRow) => ({
  id: row.id,
  status: row.status,
  progress: row.progress,
  progressMessage: row.progressMessage,
  error: row.error,
  cancelRequested: row.cancelRequested,
  attempts: row.attempts,
})

/**
 * GET /api/v1/backtests/{id}/events — polls the job row (one short read every
 * EVENTS_POLL_MS) and sends what changed. Web streams only, so it runs on Workers and Deno.
 */
export const backtestEvents = router().openapi(route, async (c) => {
  const { logError } = c.get('services')
  const db = databaseOf(c.get('services'))
  const auth = c.get('auth')
  const requestId = c.get('requestId')
  // Checked before the stream starts, so a wrong id is a plain 404.
  let row: JobRow | null = await jobOrNotFound(db, auth, c.req.valid('param').id)
  return streamSSE(c, async (stream) => {
    const started = Date.now()
    let sent = ''
    let lastWrite = started
    let seq = 0
    let wake = () => {}
    stream.onAbort(() => wake())
    const pause = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms)
        wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    try {
      while (row && !stream.aborted) {
        const data = JSON.stringify(eventOf(row))
        const done = isFinal(row.status)
        if (data !== sent || done) {
          seq++
          await stream.writeSSE({
            event: done ? 'end' : 'progress',
            data,
            id: String(seq),
            // How long EventSource waits before reconnecting, sent once.
            ...(seq === 1 ? { retry: 2_000 } : {}),
          })
          sent = data
          lastWrite = Date.now()
        }
        if (done || Date.now() - started >= EVENTS_MAX_MS) return
        if (Date.now() - lastWrite >= EVENTS_KEEPALIVE_MS) {
          await stream.write(': keep-alive\n\n')
          lastWrite = Date.now()
        }
        await pause(EVENTS_POLL_MS)
        if (stream.aborted) return
        const id: string = row.id
        row = await withTenant(db, auth, (tx) => findJob(tx, auth.tenantId, id))
      }
    } catch (error) {
      // Never the error's own text: it may hold internals.
      logError(error, requestId)
      await stream.writeSSE({
        event: 'error',
        data: JSON.stringify({ code: 'internal', requestId }),
      })
    }
  })
})
