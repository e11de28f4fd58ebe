import type { ReportProgress } from './types.ts'

export interface ThrottledProgress {
  report: ReportProgress
  /** Stops writing: drops a pending value and waits for a write in flight. */
  close(): Promise<void>
}

/** The longest progress message stored ("run 37 of 100" needs far less). */
export const MAX_MESSAGE_LENGTH = 200

/**
 * Turns a handler's progress calls (it may make thousands) into at most one `write` per
 * `everyMs`: the first value goes out at once, later ones are coalesced and the latest is
 * written when the interval has passed, so the last value before a pause is never lost.
 * Writes never overlap. Values are clamped to 0..1; non-numbers are ignored. A message (what
 * the job is doing) travels with its fraction; a call without one keeps the last message.
 */
export function throttledProgress(
  write: (fraction: number, message?: string) => Promise<void>,
  everyMs: number,
): ThrottledProgress {
  let latest: number | undefined
  let written: number | undefined
  // What the job is doing ("run 37 of 100"): written with the fraction it came with.
  let latestMessage: string | undefined
  let writtenMessage: string | undefined
  let lastWriteAt = Number.NEGATIVE_INFINITY
  let inFlight: Promise<void> | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let closed = false
  const changed = () => latest !== written || latestMessage !== writtenMessage

  const flush = () => {
    timer = undefined
    if (closed || inFlight || latest === undefined || !changed()) return
    const wait = lastWriteAt + everyMs - Date.now()
    if (wait > 0) {
      timer = setTimeout(flush, wait)
      return
    }
    const value = latest
    const message = latestMessage
    lastWriteAt = Date.now()
    inFlight = write(value, message)
      .then(() => {
        written = value
        writtenMessage = message
      })
      .catch(() => {
        // A failed progress write is not worth failing the job: the next one may succeed,
        // and the lease heartbeat reports a lost connection on its own.
      })
      .finally(() => {
        inFlight = undefined
        if (changed() && !timer) flush()
      })
  }

  return {
    report(fraction, message) {
      if (closed || typeof fraction !== 'number' || Number.isNaN(fraction)) return
      latest = Math.min(1, Math.max(0, fraction))
      if (typeof message === 'string') latestMessage = message.slice(0, MAX_MESSAGE_LENGTH)
      if (!timer && !inFlight) flush()
    },
    async close() {
      closed = true
      if (timer) clearTimeout(timer)
      timer = undefined
      await inFlight
    },
  }
}
