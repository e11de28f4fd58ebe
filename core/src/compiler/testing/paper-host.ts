import type { BatchOutput, OrderEvent, PlaceIntent, PluginEvent, Position } from '@vm-algo/plugins'
import type { VmPlugin } from './vm-plugin.ts'

/** One batch the host sends: the clock and the market events since the previous batch. */
export interface Step {
  now: number
  events: PluginEvent[]
}

export interface Fill {
  /** Index of the step whose output placed the order. */
  step: number
  intent: PlaceIntent
  price: number
}

export interface PaperRun {
  outputs: BatchOutput[]
  fills: Fill[]
  /** Net positions after each step's fills. */
  positions: Record<string, Position>[]
}

/**
 * The smallest host that trades: sends each step as one batch, fills every place intent at
 * once at the latest close of its symbol, and reports the fill (an order update and the new
 * position) with the next batch — as an order manager would, without costs or slippage. For
 * tests of plugins, not a backtester.
 */
export function runPaper(
  plugin: VmPlugin,
  steps: readonly Step[],
  init: { params?: object; seed?: number } = {},
): PaperRun {
  const start = plugin.send({
    kind: 'init',
    params: { ...init.params } as never,
    seed: init.seed ?? 1,
  })
  if (start.error) throw new Error(`init failed: ${start.error.name}: ${start.error.message}`)
  const held = new Map<string, Position>()
  const lastClose = new Map<string, number>()
  const run: PaperRun = { outputs: [], fills: [], positions: [] }
  let reports: OrderEvent[] = []
  steps.forEach((step, i) => {
    for (const e of step.events) if (e.type === 'bar') lastClose.set(e.symbol, e.bar.close)
    const out = plugin.send({
      kind: 'batch',
      now: step.now,
      events: [...reports, ...step.events],
      positions: Object.fromEntries(held),
    })
    if (out.error) throw new Error(`step ${i} failed: ${out.error.name}: ${out.error.message}`)
    reports = []
    for (const intent of out.intents) {
      if (intent.action !== 'place') continue
      const price = lastClose.get(intent.symbol)
      if (price === undefined) throw new Error(`no price for ${intent.symbol}`)
      held.set(
        intent.symbol,
        apply(held.get(intent.symbol), intent.side === 'BUY' ? intent.qty : -intent.qty, price),
      )
      run.fills.push({ step: i, intent, price })
      const update = {
        clientOrderId: intent.clientOrderId,
        status: 'complete',
        filledQty: intent.qty,
        avgPrice: price,
      } as const
      reports.push({ type: 'order', update })
    }
    for (const [symbol, p] of held) if (p.qty === 0) held.delete(symbol)
    run.outputs.push(out)
    run.positions.push(Object.fromEntries(held))
  })
  return run
}

function apply(p: Position | undefined, delta: number, price: number): Position {
  const qty = (p?.qty ?? 0) + delta
  if (!p || p.qty === 0 || Math.sign(qty) !== Math.sign(p.qty))
    return { qty, avgPrice: qty === 0 ? 0 : price }
  if (Math.abs(qty) < Math.abs(p.qty)) return { qty, avgPrice: p.avgPrice }
  return { qty, avgPrice: (p.avgPrice * p.qty + price * delta) / qty }
}
