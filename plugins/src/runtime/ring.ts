/** A fixed-capacity buffer that keeps the newest `capacity` items; O(1) push. */
export class Ring<T> {
  readonly capacity: number
  #items: (T | undefined)[]
  #start = 0
  #length = 0

  constructor(capacity: number) {
    this.capacity = capacity
    this.#items = new Array(capacity)
  }

  get length(): number {
    return this.#length
  }

  // Wrapping by comparison rather than `%`: push and back run once per bar per series and
  // indicator, and a division there showed in backtest profiles.
  push(item: T): void {
    const capacity = this.capacity
    if (this.#length < capacity) {
      const i = this.#start + this.#length
      this.#items[i < capacity ? i : i - capacity] = item
      this.#length++
    } else {
      this.#items[this.#start] = item
      this.#start = this.#start + 1 < capacity ? this.#start + 1 : 0
    }
  }

  /** The item `ago` places back from the newest (0 = newest); undefined past the oldest. */
  back(ago: number): T | undefined {
    if (!(ago >= 0 && ago < this.#length)) return undefined
    const i = this.#start + this.#length - 1 - ago
    return this.#items[i < this.capacity ? i : i - this.capacity]
  }

  /** The newest `count` items, oldest first. */
  last(count: number): T[] {
    const n = Math.max(0, Math.min(count, this.#length))
    const out: T[] = new Array(n)
    for (let i = 0; i < n; i++) out[i] = this.back(n - 1 - i) as T
    return out
  }

  clear(): void {
    this.#items = new Array(this.capacity)
    this.#start = 0
    this.#length = 0
  }
}
