/**
 * Hand-written plugin scripts for the sandbox's tests: each implements the compiled-plugin
 * contract (`globalThis.__vmAlgoDispatch(input: string): string`) directly, the way the
 * compiler's output does, so hostile behaviour can be written exactly.
 */
import type { BarEvent, BatchInput } from '@vm-algo/plugins'

/**
 * A script whose dispatch parses the input into `msg`, lets `body` fill
 * `out = { intents, logs, matches }` and returns it as JSON. `prelude` runs once, at load.
 */
export function dispatchScript(body: string, prelude = ''): string {
  return `${prelude}
globalThis.__vmAlgoDispatch = function (input, block) {
  const msg = JSON.parse(input)
  const out = { intents: [], logs: [], matches: [] }
  ${body}
  return JSON.stringify(out)
}`
}

/** A script that misbehaves with `body` on batches only (init and stop succeed). */
export function onBatch(body: string, prelude = ''): string {
  return dispatchScript(`if (msg.kind === 'batch') { ${body} }`, prelude)
}

/**
 * A well-behaved strategy: counts bars and sums closes across batches, logs both, and buys one
 * share (client order id `c-<n>`) on each bar that closes above 100.
 */
export const COUNTER_PLUGIN = dispatchScript(
  `if (msg.kind === 'init') { globalThis.count = 0; globalThis.sum = 0 }
   if (msg.kind === 'batch') {
     for (const e of msg.events) {
       if (e.type !== 'bar') continue
       globalThis.count++
       globalThis.sum += e.bar.close
       if (e.bar.close > 100) out.intents.push({ action: 'place', clientOrderId: 'c-' + globalThis.count,
         symbol: e.symbol, side: 'BUY', qty: 1, orderType: 'MARKET', product: 'MIS' })
     }
     out.logs.push({ level: 'info', message: 'count=' + globalThis.count + ' sum=' + globalThis.sum, ts: msg.now })
   }`,
)

const T0 = Date.UTC(2024, 0, 1, 3, 45)

/** A 1-minute bar event of `symbol`, `i` minutes after 09:15 IST on 2024-01-01. */
export function bar(i: number, close: number, symbol = 'INFY'): BarEvent {
  return {
    type: 'bar',
    symbol,
    timeframe: '1m',
    bar: { ts: T0 + i * 60_000, open: close, high: close, low: close, close, volume: 100 },
  }
}

/** A batch holding the given events, its clock at the last one. */
export function batchOf(i: number, ...events: BarEvent[]): Omit<BatchInput, 'kind'> {
  return { now: T0 + i * 60_000, events, positions: {} }
}
