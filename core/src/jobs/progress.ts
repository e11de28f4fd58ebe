import type { ReportProgress } from './types.ts'

export interface ThrottledProgress {
  report: ReportProgress
  /** Stops writing: drops a pending value and waits for a write in flight. */
  close(): Promise<void>
}

/**
 * Turns a handler's progress calls (it may make thousands) into at most one `write` per
 * `everyMs`: the first value goes out at once, later ones are coalesced and the latest is
 * written when the interval has passed, so the last value before a pause is never lost.
 * Writes never overlap. Values are clamped to 0..1; non-numbers are ignored.
 */
export function throttledProgress(
  write: (fraction: number) => Promise<void>,
  everyMs: number,
): ThrottledProgress {
  let latest: number | undefined
  let written: number | undefined
  let lastWriteAt = Number.NEGATIVE_INFINITY
  let inFlight: Promise<void> | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let closed = false

  const flush = () => {
    timer = undefined
    if (closed || inFlight || latest === undefined || latest === written) return
    const wait = lastWriteAt + everyMs - Date.now()
    if (wait > 0) {
      timer = setTimeout(flush, wait)
      return
    }
    const value = latest
    lastWriteAt = Date.now()
    inFlight = write(value)
      .then(() => {
        written = value
      })
      .catch(() => {
        // A failed progress write is not worth failing the job: the next one may succeed,
        // and the lease heartbeat reports a lost connection on its own.
      })
      .finally(() => {
        inFlight = undefined
        if (latest !== written && !timer) flush()
      })
  }

  return {
    report(fraction) {
      if (closed || typeof fraction !== 'number' || Number.isNaN(fraction)) return
      latest = Math.min(1, Math.max(0, fraction))
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
