import type { InstanceFailure, PluginInstance } from './instance.ts'

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

/** What a manager keeps per running row. */
export interface Supervised<Row extends { id: string; tenantId: string }> {
  row: Row
  instance: PluginInstance
  failure?: InstanceFailure
}

export interface SupervisorOptions<Row extends { id: string; tenantId: string }> {
  entries: Map<string, Supervised<Row>>
  maxInstances: number
  pollMs: number
  onError: (error: unknown) => void
  /** Takes up to `limit` rows wanted running that this process does not run yet. */
  claim(mine: string[], limit: number): Promise<Row[]>
  /** Starts one claimed row (adding it to `entries` when it runs). */
  launch(row: Row): Promise<void>
  /** Gives a row back (a launch that threw, shutting down). */
  release(row: Row): Promise<void>
  /** Renews leases and applies users' changes to `entries`. */
  follow(): Promise<void>
  /** On shutdown, before the release: e.g. a last checkpoint. */
  beforeRelease?(entry: Supervised<Row>): Promise<void>
}

export interface Supervisor {
  reconcile(): Promise<void>
  soon(): void
  running(): ({ id: string; tenantId: string } & ReturnType<PluginInstance['stats']>)[]
  stop(): Promise<void>
}

/**
 * The loop both managers share: each step follows what runs, then claims more up to
 * `maxInstances` (50 per step, so one step stays short); `stop` winds everything down and
 * gives every row back for the next engine.
 */
export function supervise<Row extends { id: string; tenantId: string }>(
  o: SupervisorOptions<Row>,
): Supervisor {
  const { entries } = o
  const claim = async () => {
    const room = o.maxInstances - entries.size
    if (room <= 0) return
    for (const row of await o.claim([...entries.keys()], Math.min(room, 50))) {
      try {
        await o.launch(row)
      } catch (e) {
        o.onError(e)
        await o.release(row).catch(() => {})
      }
    }
  }
  const loop = startLoop(
    async () => {
      await o.follow()
      await claim()
    },
    o.pollMs,
    o.onError,
  )
  return {
    reconcile: loop.run,
    soon: loop.soon,
    running: () =>
      [...entries.values()].map((e) => ({
        id: e.row.id,
        tenantId: e.row.tenantId,
        ...e.instance.stats(),
      })),
    async stop() {
      await loop.stop()
      await Promise.all(
        [...entries.values()].map(async (entry) => {
          await o.beforeRelease?.(entry).catch(() => {})
          await entry.instance.dispose()
          await o.release(entry.row).catch(o.onError)
        }),
      )
      entries.clear()
    },
  }
}
