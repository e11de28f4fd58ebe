import { limitFill, type Slippage, stopMarketFill } from './fills.ts'

/**
 * Stop-loss and target levels attached to each symbol's position. `at[s]` is the event whose
 * fill set them (-1: none), so the hot loop can skip symbols without a bracket.
 */
export class Brackets {
  readonly at: Int32Array
  private readonly stop: Float64Array
  private readonly target: Float64Array
  /** 1 when the entry filled inside its bar rather than at the open. */
  private readonly intrabar: Uint8Array
  /** Set by `exitPrice`: why the position exits. */
  reason: 'stop' | 'target' = 'stop'

  constructor(symbols: number) {
    this.at = new Int32Array(symbols).fill(-1)
    this.stop = new Float64Array(symbols).fill(Number.NaN)
    this.target = new Float64Array(symbols).fill(Number.NaN)
    this.intrabar = new Uint8Array(symbols)
  }

  /** Attaches levels (NaN for none) from a fill at event k; `intrabar` when not at the open. */
  set(s: number, stop: number, target: number, k: number, intrabar: boolean): void {
    this.stop[s] = stop
    this.target[s] = target
    this.at[s] = Number.isNaN(stop) && Number.isNaN(target) ? -1 : k
    this.intrabar[s] = intrabar ? 1 : 0
  }

  clear(s: number): void {
    this.set(s, Number.NaN, Number.NaN, -1, false)
  }

  /**
   * The exit price of a position (`dir` +1 long, -1 short) in bar k, or NaN; `reason` says
   * which leg. The stop exits like a stop-market order and is checked first, so a bar touching
   * both legs stops out (conservative). In the bar of an intrabar entry only the stop counts:
   * the target touch may have come before the entry.
   */
  exitPrice(
    s: number,
    dir: number,
    k: number,
    o: number,
    h: number,
    l: number,
    slippage: Slippage,
    tick: number,
  ) {
    const stop = this.stop[s]!
    if (!Number.isNaN(stop)) {
      const p = stopMarketFill(-dir, stop, o, h, l, slippage, tick)
      if (!Number.isNaN(p)) {
        this.reason = 'stop'
        return p
      }
    }
    const target = this.target[s]!
    if (Number.isNaN(target) || (this.at[s] === k && this.intrabar[s] === 1)) return Number.NaN
    this.reason = 'target'
    return limitFill(-dir, target, o, h, l)
  }
}
