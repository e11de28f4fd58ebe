import type { BusHandler, BusMessage, OverflowPolicy } from './types.ts'

interface Pending {
  topic: string
  message: BusMessage
  /** When the oldest undelivered message this entry stands for was queued (performance.now). */
  since: number
}

export interface DeliveryCounters {
  delivered: number
  coalesced: number
  dropped: number
  errors: number
  maxQueued: number
  maxLagMs: number
}

export interface DeliveryQueue {
  readonly counters: Readonly<DeliveryCounters>
  /** `now`: performance.now() at publish, read once by a publisher with many subscribers. */
  push(topic: string, message: BusMessage, now?: number): void
  queued(): number
  /** Discards what waits and delivers nothing more. */
  close(): void
}

// A long backlog of synchronous handler calls yields to the event loop after this long, so
// one subscriber's backlog does not hold up I/O and the other subscribers' turns; the clock
// is read every CHECK_EVERY calls only, as fast handlers take well under a microsecond.
const MAX_TURN_MS = 4
const CHECK_EVERY = 64

/**
 * One subscriber's bounded queue. `push` only stores (never runs the handler); delivery
 * runs in a later microtask, one message at a time, and waits for a handler's promise
 * before the next. A busy or slow handler therefore costs the publisher nothing: its queue
 * fills, then coalesces per topic or drops its oldest entries, and the counters say how much
 * it missed.
 */
export function createDeliveryQueue(
  policy: OverflowPolicy,
  capacity: number,
  handler: BusHandler,
  onError?: (error: unknown, topic: string) => void,
): DeliveryQueue {
  const counters: DeliveryCounters = {
    delivered: 0,
    coalesced: 0,
    dropped: 0,
    errors: 0,
    maxQueued: 0,
    maxLagMs: 0,
  }
  const latest = new Map<string, Pending>() // coalesce
  const fifo: Pending[] = [] // drop-oldest, live part from `head`
  let head = 0
  let busy = false
  let scheduled = false
  let closed = false

  const queued = (): number => (policy === 'coalesce' ? latest.size : fifo.length - head)

  function take(): Pending | undefined {
    if (policy === 'coalesce') {
      const first = latest.values().next()
      if (first.done) return undefined
      latest.delete(first.value.topic)
      return first.value
    }
    if (head === fifo.length) return undefined
    const item = fifo[head]!
    fifo[head++] = undefined as unknown as Pending
    if (head >= 1024 && head * 2 >= fifo.length) {
      fifo.splice(0, head)
      head = 0
    }
    return item
  }

  function fail(error: unknown, topic: string): void {
    counters.errors++
    try {
      onError?.(error, topic)
    } catch {
      // An error callback that throws must not break delivery either.
    }
  }

  function deliver(item: Pending): void {
    counters.delivered++
    const lag = performance.now() - item.since
    if (lag > counters.maxLagMs) counters.maxLagMs = lag
    let result: void | Promise<void>
    try {
      result = handler(item.message, item.topic)
    } catch (error) {
      fail(error, item.topic)
      return
    }
    if (result && typeof (result as Promise<void>).then === 'function') {
      busy = true
      ;(result as Promise<void>).then(
        () => settle(),
        (error: unknown) => {
          fail(error, item.topic)
          settle()
        },
      )
    }
  }

  function settle(): void {
    busy = false
    drain()
  }

  function drain(): void {
    scheduled = false
    const started = performance.now()
    for (let n = 1; !closed && !busy; n++) {
      if (n % CHECK_EVERY === 0 && performance.now() - started > MAX_TURN_MS) {
        scheduled = true
        setImmediate(drain)
        return
      }
      const item = take()
      if (!item) return
      deliver(item)
    }
  }

  return {
    counters,
    queued,
    push(topic, message, now = performance.now()) {
      if (closed) return
      if (policy === 'coalesce') {
        const waiting = latest.get(topic)
        if (waiting) {
          waiting.message = message
          counters.coalesced++
        } else {
          if (latest.size >= capacity) {
            const oldest = latest.keys().next().value as string
            latest.delete(oldest)
            counters.dropped++
          }
          latest.set(topic, { topic, message, since: now })
        }
      } else {
        if (fifo.length - head >= capacity) {
          take()
          counters.dropped++
        }
        fifo.push({ topic, message, since: now })
      }
      const size = queued()
      if (size > counters.maxQueued) counters.maxQueued = size
      if (!busy && !scheduled) {
        scheduled = true
        queueMicrotask(drain)
      }
    },
    close() {
      closed = true
      latest.clear()
      fifo.length = 0
      head = 0
    },
  }
}
