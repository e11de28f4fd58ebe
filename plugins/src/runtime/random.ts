/**
 * Seeded pseudo-random numbers (mulberry32): the same seed gives the same sequence on every
 * run, so backtests that use `ctx.random()` are reproducible. Not for cryptography.
 */
export class SeededRandom {
  #state: number

  constructor(seed: number) {
    this.#state = seed >>> 0
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0
    let t = this.#state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** The internal state, to resume the same sequence after a restart. */
  get state(): number {
    return this.#state
  }

  set state(value: number) {
    this.#state = value >>> 0
  }
}
