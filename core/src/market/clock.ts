/** Wall clock and timer, injectable so tests control time. */
export interface FeedClock {
  now(): number
  /** Calls `fn` after `ms` wall ms (0: after pending I/O); returns a function that cancels. */
  setTimer(fn: () => void, ms: number): () => void
}

// Node fires longer timeouts immediately; callers re-check their schedule when woken anyway.
const MAX_TIMER_MS = 2 ** 31 - 1

/** Real time: Date.now, and setImmediate for zero delays (setTimeout clamps to 1 ms). */
export const systemClock: FeedClock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    if (ms <= 0) {
      const handle = setImmediate(fn)
      return () => clearImmediate(handle)
    }
    const handle = setTimeout(fn, Math.min(ms, MAX_TIMER_MS))
    return () => clearTimeout(handle)
  },
}
