/**
 * Sizes `range` calls so an honest plugin stays well inside its tier's CPU budget per call:
 * a range may hold thousands of bars, but the budget is per call, and a plugin over it is
 * stopped for good. Starts small, then aims each call at a quarter of the budget from the CPU
 * per event of recent calls (a costlier call counts at once, a cheaper one slowly), growing at
 * most fourfold per call.
 *
 * @example
 * const pace = new RangePacer(50)
 * const to = Math.min(blockEnd, from + pace.size())
 * pace.record(handled, cpuMs)
 */
export class RangePacer {
  static readonly FIRST = 64
  static readonly MAX = 65_536
  readonly #targetMs: number
  #size = RangePacer.FIRST
  /** CPU per event, in ms: the latest call's, or a slowly decaying earlier high. */
  #perEventMs = 0

  constructor(cpuMsPerCall: number) {
    this.#targetMs = cpuMsPerCall / 4
  }

  /** How many events to send in the next call. */
  size(): number {
    return this.#size
  }

  /** Records that a call handled `events` events in `cpuMs` of CPU. */
  record(events: number, cpuMs: number): void {
    if (!(events > 0 && cpuMs >= 0)) return
    this.#perEventMs = Math.max(this.#perEventMs * 0.75, cpuMs / events)
    const fits =
      this.#perEventMs > 0 ? Math.floor(this.#targetMs / this.#perEventMs) : RangePacer.MAX
    // Only a call that used its size says anything about a bigger one.
    const grown = events >= this.#size ? this.#size * 4 : this.#size
    this.#size = Math.max(1, Math.min(fits, grown, RangePacer.MAX))
  }
}
