import { readFileSync } from 'node:fs'
import type { BarEvent, DispatchInput, Timeframe } from '@vm-algo/plugins'
import ivm from 'isolated-vm'
import { beforeAll, describe, expect, it } from 'vitest'
import { type Bar, loadBars } from '../market/index.ts'
import { compileInThread } from './compile.ts'
import { runPaper, type Step } from './testing/paper-host.ts'
import { loadInVm } from './testing/vm-plugin.ts'

// The example plugins, compiled as authors' code is, run in a bare context against the
// bundled NSE data, and checked against plain-loop computations of what they should do.

const bundles: Record<string, string> = {}
const example = (name: string) => loadInVm(bundles[name]!)

beforeAll(async () => {
  for (const name of [
    'sma-crossover',
    'high-52-week-scanner',
    'rsi-oversold-scanner',
    'opening-range-breakout',
    'rsi-mean-reversion',
  ]) {
    const result = await compileInThread(
      readFileSync(new URL(`../../../plugins/examples/${name}.ts`, import.meta.url), 'utf8'),
    )
    if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.diagnostics)}`)
    bundles[name] = result.js
  }
}, 60_000)

const TF_MS: Record<Timeframe, number> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1d': 86_400_000,
}
const barEvent = (symbol: string, timeframe: Timeframe, bar: Bar): BarEvent => ({
  type: 'bar',
  symbol,
  timeframe,
  bar,
})

/** One step per timestamp, holding every symbol's bar of that time. */
function steps(series: Record<string, Bar[]>, timeframe: Timeframe): Step[] {
  const byTs = new Map<number, BarEvent[]>()
  for (const [symbol, bars] of Object.entries(series)) {
    for (const bar of bars)
      byTs.set(bar.ts, [...(byTs.get(bar.ts) ?? []), barEvent(symbol, timeframe, bar)])
  }
  return [...byTs.keys()]
    .sort((a, b) => a - b)
    .map((ts) => ({ now: ts + TF_MS[timeframe], events: byTs.get(ts)! }))
}

function plainSma(values: number[], n: number): (number | undefined)[] {
  return values.map((_, i) => {
    if (i < n - 1) return undefined
    let sum = 0
    for (let j = i - n + 1; j <= i; j++) sum += values[j]!
    return sum / n
  })
}

// Wilder's RSI, as technicalindicators defines it (first average over `n` changes), unrounded.
function plainRsi(closes: number[], n: number): (number | undefined)[] {
  const out: (number | undefined)[] = [undefined]
  let gain = 0
  let loss = 0
  for (let i = 1; i < closes.length; i++) {
    const change = closes[i]! - closes[i - 1]!
    const g = Math.max(change, 0)
    const l = Math.max(-change, 0)
    if (i <= n) {
      gain += g / n
      loss += l / n
    } else {
      gain = (gain * (n - 1) + g) / n
      loss = (loss * (n - 1) + l) / n
    }
    out.push(i < n ? undefined : loss === 0 ? 100 : 100 - 100 / (1 + gain / loss))
  }
  return out
}

describe('SMA crossover', () => {
  // Replays the run's trades against plain-loop averages: on every bar where the averages are
  // clearly apart, a buy happens exactly at a cross above while flat and a sell exactly at a
  // cross below while long. Bars where they are equal to within rounding (flat minutes) could
  // go either way in floating point, so there a trade need only be a cross within that margin.
  function checkTrades(
    bars: Bar[],
    fast: number,
    slow: number,
    trades: Map<number, 'BUY' | 'SELL'>,
  ) {
    const closes = bars.map((b) => b.close)
    const f = plainSma(closes, fast)
    const s = plainSma(closes, slow)
    const eps = 1e-6
    let long = false
    let clear = 0
    let ties = 0
    for (let i = 1; i < bars.length; i++) {
      const [f0, s0, f1, s1] = [f[i - 1], s[i - 1], f[i], s[i]]
      const trade = trades.get(bars[i]!.ts)
      if (f0 === undefined || s0 === undefined || f1 === undefined || s1 === undefined) {
        expect(trade).toBeUndefined()
        continue
      }
      if (Math.abs(f0 - s0) > eps && Math.abs(f1 - s1) > eps) {
        const want =
          f0 < s0 && f1 > s1 && !long ? 'BUY' : f0 > s0 && f1 < s1 && long ? 'SELL' : undefined
        expect(trade, `bar ${i}`).toBe(want)
        if (want) clear++
      } else if (trade) {
        ties++
        const loose =
          trade === 'BUY'
            ? f0 <= s0 + eps && f1 > s1 - eps && !long
            : f0 >= s0 - eps && f1 < s1 + eps && long
        expect(loose, `bar ${i}`).toBe(true)
      }
      if (trade) long = trade === 'BUY'
    }
    return { clear, ties }
  }

  it.each([
    ['RELIANCE', '1m', 10, 30],
    ['RELIANCE', '1d', 20, 50],
    ['INFY', '15m', 5, 20],
  ] as const)(
    '%s %s SMA(%i/%i): orders exactly where the plain-loop averages cross',
    async (symbol, timeframe, fast, slow) => {
      const bars = await loadBars(symbol, timeframe)
      const run = runPaper(example('sma-crossover'), steps({ [symbol]: bars }, timeframe), {
        params: { fast, slow, timeframe, qty: 3 },
      })
      const trades = new Map(run.fills.map((f) => [bars[f.step]!.ts, f.intent.side]))
      expect(trades.size).toBe(run.fills.length) // at most one order per bar
      const { clear, ties } = checkTrades(bars, fast, slow, trades)
      expect(clear).toBeGreaterThan(10)
      expect(ties).toBeLessThan(clear / 20)
      expect(
        run.fills.every(
          (f) =>
            f.intent.qty === 3 && f.intent.orderType === 'MARKET' && f.intent.product === 'CNC',
        ),
      ).toBe(true)
    },
  )

  it('is deterministic: the same input gives the same output, batch by batch', async () => {
    const bars = (await loadBars('TCS', '1m')).slice(0, 2000)
    const once = () =>
      runPaper(example('sma-crossover'), steps({ TCS: bars }, '1m'), {
        params: { timeframe: '1m', type: 'ema' },
      })
    expect(once().outputs).toEqual(once().outputs)
  })
})

describe('52-week-high scanner', () => {
  it('matches exactly the days a plain loop finds within 2% of the 252-session high', async () => {
    const symbols = ['RELIANCE', 'TCS', 'INFY', 'ITC', 'SBIN', 'M&M']
    const series = Object.fromEntries(
      await Promise.all(symbols.map(async (s) => [s, await loadBars(s, '1d')] as const)),
    )
    const run = runPaper(example('high-52-week-scanner'), steps(series, '1d'))
    const got = run.outputs.flatMap((o) =>
      o.matches.map((m) => `${m.symbol}@${m.ts}:${m.data?.high52}`),
    )
    const expected: string[] = []
    for (const [symbol, bars] of Object.entries(series)) {
      bars.forEach((bar, i) => {
        if (i < 251) return
        const high52 = Math.max(...bars.slice(i - 251, i + 1).map((b) => b.high))
        if (bar.close >= high52 * (1 - 2 / 100)) expected.push(`${symbol}@${bar.ts}:${high52}`)
      })
    }
    expect(expected.length).toBeGreaterThan(100)
    expect(got.sort()).toEqual(expected.sort())
  })

  it('runs the same in a bare isolated-vm context as in node:vm', async () => {
    const series = { RELIANCE: await loadBars('RELIANCE', '1d'), TCS: await loadBars('TCS', '1d') }
    const inputs: DispatchInput[] = [
      { kind: 'init', params: {}, seed: 3 },
      ...steps(series, '1d').map((s): DispatchInput => ({ kind: 'batch', ...s, positions: {} })),
      { kind: 'stop' },
    ]
    const isolate = new ivm.Isolate({ memoryLimit: 64 })
    try {
      const context = isolate.createContextSync()
      isolate
        .compileScriptSync(bundles['high-52-week-scanner']!)
        .runSync(context, { timeout: 1000 })
      const dispatch = context.global.getSync('__vmAlgoDispatch', {
        reference: true,
      }) as ivm.Reference<(input: string) => string>
      const inIsolate = inputs.map((input) =>
        JSON.parse(
          dispatch.applySync(undefined, [JSON.stringify(input)], { timeout: 1000 }) as string,
        ),
      )
      const vmPlugin = example('high-52-week-scanner')
      expect(inIsolate).toEqual(inputs.map((input) => vmPlugin.send(input)))
      expect(inIsolate.flatMap((o) => o.matches).length).toBeGreaterThan(50)
    } finally {
      isolate.dispose()
    }
  })
})

describe('RSI-oversold scanner', () => {
  it('matches the days a plain Wilder RSI(14) is below 30', async () => {
    const symbols = ['RELIANCE', 'HDFCBANK', 'TATASTEEL', 'WIPRO']
    const series = Object.fromEntries(
      await Promise.all(symbols.map(async (s) => [s, await loadBars(s, '1d')] as const)),
    )
    const run = runPaper(example('rsi-oversold-scanner'), steps(series, '1d'))
    const got = new Set(run.outputs.flatMap((o) => o.matches.map((m) => `${m.symbol}@${m.ts}`)))
    let expected = 0
    for (const [symbol, bars] of Object.entries(series)) {
      const rsi = plainRsi(
        bars.map((b) => b.close),
        14,
      )
      bars.forEach((bar, i) => {
        const r = rsi[i]
        // The SDK's RSI is rounded to two decimals: leave out the knife-edge days.
        if (r === undefined || Math.abs(r - 30) < 0.01) return
        expect(
          got.has(`${symbol}@${bar.ts}`),
          `${symbol} ${new Date(bar.ts).toISOString()} rsi ${r}`,
        ).toBe(r < 30)
        if (r < 30) expected++
      })
    }
    expect(expected).toBeGreaterThan(20)
  })
})

describe('opening-range breakout', () => {
  it('trades at most once a day after the range, in MIS, and is flat by 15:20 IST', async () => {
    const bars = await loadBars('RELIANCE', '1m')
    const run = runPaper(example('opening-range-breakout'), steps({ RELIANCE: bars }, '1m'))
    const ist = (ts: number) => new Date(ts + 19_800_000).toISOString()
    const minute = (ts: number) =>
      Number(ist(ts).slice(11, 13)) * 60 + Number(ist(ts).slice(14, 16))

    const entriesPerDay = new Map<string, number>()
    for (const fill of run.fills) {
      const bar = bars[fill.step]!
      const closesAt = minute(bar.ts) + 1
      expect(fill.intent.product).toBe('MIS')
      if (!fill.intent.tag?.startsWith('orb-long') && !fill.intent.tag?.startsWith('orb-short'))
        continue
      const day = ist(bar.ts).slice(0, 10)
      entriesPerDay.set(day, (entriesPerDay.get(day) ?? 0) + 1)
      expect(closesAt).toBeGreaterThan(9 * 60 + 30)
      expect(closesAt).toBeLessThanOrEqual(14 * 60 + 30)
      // The break is real: beyond the first 15 minutes' range of that day.
      const range = bars.filter(
        (b) => ist(b.ts).slice(0, 10) === day && minute(b.ts) + 1 <= 9 * 60 + 30,
      )
      const high = Math.max(...range.map((b) => b.high))
      const low = Math.min(...range.map((b) => b.low))
      if (fill.intent.tag === 'orb-long') expect(bar.close).toBeGreaterThan(high)
      else expect(bar.close).toBeLessThan(low)
    }
    expect(entriesPerDay.size).toBeGreaterThan(10)
    expect(Math.max(...entriesPerDay.values())).toBe(1)

    // Every day ends flat.
    bars.forEach((bar, i) => {
      const next = bars[i + 1]
      if (!next || ist(next.ts).slice(0, 10) !== ist(bar.ts).slice(0, 10))
        expect(run.positions[i]).toEqual({})
      if (minute(bar.ts) + 1 > 15 * 60 + 20) expect(run.positions[i]).toEqual({})
    })
  })
})

describe('RSI mean reversion', () => {
  it('buys only when RSI is below the entry level and sells on recovery or the stop', async () => {
    const symbols = ['RELIANCE', 'INFY', 'SBIN', 'AXISBANK']
    const series = Object.fromEntries(
      await Promise.all(symbols.map(async (s) => [s, await loadBars(s, '1d')] as const)),
    )
    const run = runPaper(example('rsi-mean-reversion'), steps(series, '1d'))
    const rsiAt = new Map<string, number | undefined>()
    for (const [symbol, bars] of Object.entries(series)) {
      const rsi = plainRsi(
        bars.map((b) => b.close),
        14,
      )
      for (const [i, b] of bars.entries()) rsiAt.set(`${symbol}@${b.ts}`, rsi[i])
    }
    const allSteps = steps(series, '1d')
    const entryPrice = new Map<string, number>()
    for (const fill of run.fills) {
      const { symbol, side } = fill.intent
      const ts = allSteps[fill.step]!.now - TF_MS['1d']
      const rsi = rsiAt.get(`${symbol}@${ts}`)!
      if (side === 'BUY') {
        expect(rsi).toBeLessThan(30.01)
        entryPrice.set(symbol, fill.price)
      } else {
        const stopped = fill.price <= entryPrice.get(symbol)! * 0.94
        expect(rsi > 54.99 || stopped, `${symbol} sold at RSI ${rsi}`).toBe(true)
      }
    }
    expect(run.fills.filter((f) => f.intent.side === 'BUY').length).toBeGreaterThan(5)
  })
})
