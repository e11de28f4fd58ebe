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

/**
 * A Ring of numbers or undefined in typed arrays: an indicator pushes a value every bar, and a
 * number stored in a plain array is a heap object of its own. Reads give back exactly what was
 * pushed (NaN included).
 */
export class NumberRing {
  readonly capacity: number
  #values: Float64Array
  #defined: Uint8Array
  #start = 0
  #length = 0

  constructor(capacity: number) {
    this.capacity = capacity
    this.#values = new Float64Array(capacity)
    this.#defined = new Uint8Array(capacity)
  }

  get length(): number {
    return this.#length
  }

  /** Takes a number, or undefined for "no value yet"; anything else is a caller's bug. */
  push(item: unknown): void {
    const capacity = this.capacity
    let i: number
    if (this.#length < capacity) {
      i = this.#start + this.#length
      if (i >= capacity) i -= capacity
      this.#length++
    } else {
      i = this.#start
      this.#start = i + 1 < capacity ? i + 1 : 0
    }
    if (typeof item === 'number') {
      this.#values[i] = item
      this.#defined[i] = 1
    } else {
      if (item !== undefined) throw new TypeError('NumberRing holds numbers or undefined')
      this.#defined[i] = 0
    }
  }

  back(ago: number): number | undefined {
    if (!(ago >= 0 && ago < this.#length)) return undefined
    let i = this.#start + this.#length - 1 - ago
    if (i >= this.capacity) i -= this.capacity
    return this.#defined[i] === 1 ? this.#values[i] : undefined
  }

  clear(): void {
    this.#start = 0
    this.#length = 0
  }
}
