/**
 * A reconcile loop: runs `step` every `everyMs`, never two at once; `soon()` asks for the next
 * step now (e.g. a plugin failed). Errors of a step are reported and the loop goes on — a
 * database hiccup must not end the engine's supervision.
 */
export interface Loop {
  /** Runs one step now (after the one in progress) and resolves when it ends. */
  run(): Promise<void>
  soon(): void
  /** Ends the loop after the step in progress. */
  stop(): Promise<void>
}

export function startLoop(
  step: () => Promise<void>,
  everyMs: number,
  onError: (error: unknown) => void,
): Loop {
  let current: Promise<void> = Promise.resolve()
  let timer: NodeJS.Timeout | undefined
  let stopped = false

  const run = (): Promise<void> => {
    const next = current.then(async () => {
      if (stopped) return
      try {
        await step()
      } catch (e) {
        onError(e)
      }
    })
    current = next
    return next
  }
  const schedule = () => {
    if (stopped) return
    // One timer at a time: a `soon()` while a step runs must not start a second chain.
    clearTimeout(timer)
    timer = setTimeout(() => {
      void run().then(schedule)
    }, everyMs)
    timer.unref?.()
  }
  void run().then(schedule)

  return {
    run,
    soon() {
      if (stopped) return
      clearTimeout(timer)
      void run().then(schedule)
    },
    async stop() {
      stopped = true
      clearTimeout(timer)
      await current
    },
  }
}

/**
 * How often something that failed through no fault of its own (its worker died) is started
 * again: at most `max` times per rolling `windowMs`, then it fails for good.
 */
export class RestartBudget {
  readonly #times = new Map<string, number[]>()
  readonly max: number
  readonly windowMs: number
  constructor(max = 3, windowMs = 10 * 60_000) {
    this.max = max
    this.windowMs = windowMs
  }

  /** Records a restart of `id` if the budget allows it; returns whether it does. */
  take(id: string, now = Date.now()): boolean {
    const recent = (this.#times.get(id) ?? []).filter((t) => now - t < this.windowMs)
    if (recent.length >= this.max) {
      this.#times.delete(id)
      return false
    }
    this.#times.set(id, [...recent, now])
    return true
  }
}
