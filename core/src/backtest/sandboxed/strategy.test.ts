/**
 * "A backtest equals the same logic": the SMA crossover example, compiled by the platform's
 * compiler and run in a real sandbox through the adapter, trades exactly like the host-side
 * reference `smaCrossover` on real bundled data.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { compileInThread } from '../../compiler/index.ts'
import { createSandboxPool, type Sandbox, type SandboxPool } from '../../sandbox/index.ts'
import { dispatchScript } from '../../sandbox/test-plugins.ts'
import { runBacktest } from '../engine.ts'
import { StrategyContractError } from '../errors.ts'
import { loadFeed, sliceColumns } from '../feeds.ts'
import { smaCrossover } from '../reference/sma-crossover.ts'
import type { FeedInput, Trade } from '../types.ts'
import { sandboxedStrategy } from './strategy.ts'

// Logs the open time of the newest bar it holds of any series, at every bar.
const PEEK = `
import { defineStrategy } from '@vm-algo/sdk'
export default defineStrategy({
  manifest: {
    name: 'Peek', version: '1.0.0', description: 'newest bar held',
    universe: ['RELIANCE', 'TCS'], timeframes: ['1d'],
  },
  onBar(ctx) {
    let newest = 0
    for (const s of ['RELIANCE', 'TCS']) for (const b of ctx.bars(s, '1d')) newest = Math.max(newest, b.ts)
    ctx.log.info(String(newest))
  },
})
`

// Buys once, then logs at every bar what it knows of its order and position.
const WATCH = `
import { defineStrategy } from '@vm-algo/sdk'
export default defineStrategy({
  manifest: { name: 'Watch', version: '1.0.0', universe: ['NIFTY50'], timeframes: ['1m'] },
  onBar(ctx, { symbol }) {
    const id = ctx.state.id ?? (ctx.state.id = ctx.buy(symbol, 5, { product: 'MIS' }))
    const o = ctx.order(id)
    ctx.log.info(JSON.stringify({ status: o?.status ?? 'gone', qty: ctx.position(symbol).qty }))
  },
})
`

// Rounds every price up one tick more than the rules say (it patches Math.ceil, which the SDK's
// fill rules use), then trades: the fills it is told of cannot match the host's.
const TAMPER = `
import { defineStrategy } from '@vm-algo/sdk'
const ceil = Math.ceil
Math.ceil = (x: number) => ceil(x) + 1
export default defineStrategy({
  manifest: { name: 'Tamper', version: '1.0.0', universe: ['NIFTY50'], timeframes: ['1m'] },
  onBar(ctx, { symbol }) {
    if (ctx.openOrders(symbol).length > 0) return
    if (ctx.position(symbol).qty === 0) ctx.buy(symbol, 5, { product: 'MIS' })
    else ctx.sell(symbol, 5, { product: 'MIS' })
  },
})
`

let pool: SandboxPool
let code = ''
let peek = ''
let watch = ''
let tamper = ''
let feed: FeedInput
let tcs: FeedInput
let nifty: FeedInput
beforeAll(async () => {
  const source = readFileSync(
    new URL('../../../../plugins/examples/sma-crossover.ts', import.meta.url),
    'utf8',
  )
  const compiled = await compileInThread(source)
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics))
  code = compiled.js
  const peeking = await compileInThread(PEEK)
  if (!peeking.ok) throw new Error(JSON.stringify(peeking.diagnostics))
  peek = peeking.js
  const watching = await compileInThread(WATCH)
  if (!watching.ok) throw new Error(JSON.stringify(watching.diagnostics))
  watch = watching.js
  const tampering = await compileInThread(TAMPER)
  if (!tampering.ok) throw new Error(JSON.stringify(tampering.diagnostics))
  tamper = tampering.js
  pool = createSandboxPool({ workers: 1 })
  const since = { from: Date.parse('2019-01-01T00:00:00+05:30') }
  feed = await loadFeed('RELIANCE', '1d', since)
  tcs = await loadFeed('TCS', '1d', since)
  nifty = await loadFeed('NIFTY50', '1m', {})
}, 60_000)
afterAll(() => pool?.close())

const load = (id: string, js = code) =>
  pool.load({ tenantId: 'tnt_bt', deploymentId: `dep_${id}`, tier: 'free', code: js })
const entriesAndExits = (trades: readonly Trade[]) =>
  trades.map((t) => ({
    symbol: t.symbol,
    direction: t.direction,
    qty: t.qty,
    entryTime: t.entryTime,
    entryPrice: t.entryPrice,
    exitTime: t.exitTime,
    exitPrice: t.exitPrice,
    exitReason: t.exitReason,
  }))

it('trades like the host-side reference with the same parameters', async () => {
  const sb = await load('same')
  const params = { fast: 10, slow: 30, type: 'sma', timeframe: '1d', qty: 5, product: 'CNC' }
  const sandboxed = await runBacktest({
    feeds: [feed],
    capital: 1_000_000,
    strategy: sandboxedStrategy(sb, { params }),
  })
  const reference = await runBacktest({
    feeds: [feed],
    capital: 1_000_000,
    strategy: smaCrossover({ fast: 10, slow: 30, qty: 5, product: 'CNC' }),
  })
  expect(reference.trades.length).toBeGreaterThan(5)
  expect(entriesAndExits(sandboxed.trades)).toEqual(entriesAndExits(reference.trades))
  expect(sandboxed.rejections).toEqual([])
  expect(sandboxed.equity).toBe(reference.equity)
  await sb.dispose()
}, 30_000)

it('trades like the reference on 1-minute bars too: a fill reaches it before the next bar', async () => {
  const sb = await load('minutes')
  const params = { fast: 10, slow: 30, type: 'sma', timeframe: '1m', qty: 25, product: 'MIS' }
  const sandboxed = await runBacktest({
    feeds: [nifty],
    capital: 1_000_000,
    strategy: sandboxedStrategy(sb, { params }),
  })
  const reference = await runBacktest({
    feeds: [nifty],
    capital: 1_000_000,
    strategy: smaCrossover({ fast: 10, slow: 30, qty: 25, product: 'MIS' }),
  })
  expect(sandboxed.events).toBe(57_960)
  expect(reference.trades.length).toBeGreaterThan(1_000)
  expect(entriesAndExits(sandboxed.trades)).toEqual(entriesAndExits(reference.trades))
  expect(sandboxed.fills).toEqual(
    reference.fills.map((f) => ({ ...f, clientOrderId: expect.any(String) })),
  )
  expect(sandboxed.equity).toBe(reference.equity)
  // The plugin sees square-offs and refusals as they happen; the reference keeps believing in
  // its position until the next day, so only it sends orders the host refuses as stale.
  const reasons = (r: typeof sandboxed) => new Set(r.rejections.map((x) => x.reason))
  expect(reasons(sandboxed)).toEqual(new Set(['mis_cutoff']))
  expect(reasons(reference)).toEqual(new Set(['mis_cutoff', 'stale_state']))
  await sb.dispose()
}, 120_000)

it('keeps the plugin’s log lines only for a listener, and trades the same without one', async () => {
  const params = { fast: 3, slow: 7, type: 'sma', timeframe: '1m', qty: 25, product: 'MIS' }
  const days = { ...nifty, bars: sliceColumns(nifty.bars, 0, nifty.bars.ts[1_125]) }
  const run = async (id: string, listen: boolean) => {
    const sb = await load(id)
    const lines: string[] = []
    // What crossed out of the sandbox, counted on the way.
    let sent = 0
    const counted = new Proxy(sb, {
      get(target, key) {
        if (key === 'range')
          return async (input: Parameters<Sandbox['range']>[0]) => {
            const out = await target.range(input)
            sent += out.logs.length
            return out
          }
        const value = Reflect.get(target, key)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    const result = await runBacktest({
      feeds: [days],
      capital: 1_000_000,
      strategy: sandboxedStrategy(counted, {
        params,
        ...(listen ? { onLogs: (logs) => lines.push(...logs.map((l) => l.message)) } : {}),
      }),
    })
    await sb.dispose()
    return { result, lines, sent }
  }
  const heard = await run('heard', true)
  const quiet = await run('quiet', false)
  // The example logs each crossing it trades on: every order it placed has its line.
  const orders = heard.result.fills.filter((f) => f.reason === 'order').length
  expect(orders).toBeGreaterThan(100)
  expect(heard.lines.length).toBeGreaterThanOrEqual(orders)
  expect(heard.lines.every((l) => /crossed (above|below)/.test(l))).toBe(true)
  expect(heard.sent).toBe(heard.lines.length)
  expect(quiet.sent).toBe(0)
  expect(entriesAndExits(quiet.result.trades)).toEqual(entriesAndExits(heard.result.trades))
  expect(quiet.result.equity).toBe(heard.result.equity)
}, 60_000)

it('fills market orders inside the sandbox across window and range edges, like the host', async () => {
  const sb = await load('edges')
  const params = { fast: 3, slow: 7, type: 'sma', timeframe: '1m', qty: 25, product: 'MIS' }
  // Three days, odd window and block sizes: many orders fill just past a range's end.
  const days = { ...nifty, bars: sliceColumns(nifty.bars, 0, nifty.bars.ts[1_125]) }
  const calls0 = sb.stats().activations
  const sandboxed = await runBacktest({
    feeds: [days],
    capital: 1_000_000,
    blockSize: 200,
    strategy: sandboxedStrategy(sb, { params, windowEvents: 37 }),
  })
  const calls = sb.stats().activations - calls0
  const reference = await runBacktest({
    feeds: [days],
    capital: 1_000_000,
    strategy: smaCrossover({ fast: 3, slow: 7, qty: 25, product: 'MIS' }),
  })
  expect(reference.fills.length).toBeGreaterThan(100)
  expect(sandboxed.fills).toEqual(
    reference.fills.map((f) => ({ ...f, clientOrderId: expect.any(String) })),
  )
  expect(sandboxed.equity).toBe(reference.equity)
  // Not one round trip per order: most fills were reported inside the sandbox.
  expect(calls).toBeLessThan(reference.fills.length)
  await sb.dispose()
}, 60_000)

it('fails a plugin whose fills differ from the host’s (it patched the SDK’s rounding)', async () => {
  const sb = await load('tamper', tamper)
  const run = runBacktest({
    feeds: [{ ...nifty, bars: sliceColumns(nifty.bars, 0, nifty.bars.ts[100]) }],
    capital: 1_000_000,
    strategy: sandboxedStrategy(sb),
  })
  await expect(run).rejects.toThrow(StrategyContractError)
  await expect(run).rejects.toThrow(/fills diverged from the host's .*the host filled/)
  await sb.dispose()
})

it('hears of its fill at the open of the next bar before it handles that bar', async () => {
  const sb = await load('watch', watch)
  const seen: { at: number; status: string; qty: number }[] = []
  const result = await runBacktest({
    feeds: [{ ...nifty, bars: sliceColumns(nifty.bars, 0, nifty.bars.ts[5]) }],
    capital: 1_000_000,
    strategy: sandboxedStrategy(sb, {
      onLogs: (logs, at) => {
        for (const l of logs) seen.push({ at, ...JSON.parse(l.message) })
      },
    }),
  })
  // Bought at the open of bar 1; squared off at the close of bar 4, where these 5 bars end.
  expect(result.fills.map((f) => [f.at, f.emittedAt, f.reason])).toEqual([
    [1, 0, 'order'],
    [4, -1, 'square_off'],
  ])
  expect(seen).toEqual([
    { at: 0, status: 'pending', qty: 0 },
    { at: 1, status: 'complete', qty: 5 },
    { at: 2, status: 'gone', qty: 5 },
    { at: 3, status: 'gone', qty: 5 },
    { at: 4, status: 'gone', qty: 0 },
  ])
  await sb.dispose()
}, 30_000)

it('trades every feed of a multi-symbol backtest like the reference on each', async () => {
  const sb = await load('multi')
  const params = { fast: 10, slow: 30, type: 'sma', timeframe: '1d', qty: 5, product: 'CNC' }
  const feeds = [feed, tcs]
  const sandboxed = await runBacktest({
    feeds,
    capital: 10_000_000,
    strategy: sandboxedStrategy(sb, { params }),
  })
  for (const symbol of ['RELIANCE', 'TCS']) {
    const reference = await runBacktest({
      feeds,
      capital: 10_000_000,
      strategy: smaCrossover({ fast: 10, slow: 30, qty: 5, product: 'CNC', symbol }),
    })
    expect(reference.trades.length).toBeGreaterThan(5)
    expect(entriesAndExits(sandboxed.trades.filter((t) => t.symbol === symbol))).toEqual(
      entriesAndExits(reference.trades),
    )
  }
  await sb.dispose()
}, 30_000)

it('never hands the plugin a bar that has not closed', async () => {
  const sb = await load('peek', peek)
  const newest: { at: number; ts: number }[] = []
  const feeds = [feed, tcs]
  const result = await runBacktest({
    feeds,
    capital: 1_000_000,
    blockSize: 50,
    strategy: sandboxedStrategy(sb, {
      onLogs: (logs, at) => {
        for (const l of logs) newest.push({ at, ts: Number(l.message) })
      },
    }),
  })
  expect(result.events).toBe(feed.bars.length + tcs.bars.length)
  // One log per bar event (both symbols' bars of a day arrive in one batch).
  expect(newest).toHaveLength(result.events)
  // A bar held that opened after the event's close would be a bar from the future.
  for (const { at, ts } of newest) expect(ts).toBeLessThan(result.curve.time[at]!)
  await sb.dispose()
}, 30_000)

// A plugin built with an SDK from before packed windows: it reads a window's columns from the
// JSON only (refusing a packed one as the SDK then did), and logs each close a range delivers.
const BEFORE_PACKED = dispatchScript(`
  if (msg.kind === 'data') {
    if (Array.isArray(msg.time)) globalThis.win = msg
    else out.error = { name: 'ProtocolError', message: 'data: a window holds 1 to 100000 events' }
  }
  if (msg.kind === 'range') {
    const w = globalThis.win
    const n = Math.min(msg.to - msg.from, msg.limits.logs)
    for (let k = msg.from; k < msg.from + n; k++) {
      const message = String(w.close[k - w.start])
      out.logs.push({ level: 'info', message, ts: msg.now, at: msg.events.length + k - msg.from })
    }
    out.handled = n
  }`)

it('backtests a plugin built before packed windows on windows of arrays', async () => {
  const sb = await load('before-packed', BEFORE_PACKED)
  const closes: number[] = []
  const result = await runBacktest({
    feeds: [feed],
    capital: 1_000_000,
    strategy: sandboxedStrategy(sb, {
      windowEvents: 500,
      onLogs: (logs) => {
        for (const l of logs) closes.push(Number(l.message))
      },
    }),
  })
  expect(feed.bars.length).toBeGreaterThan(1_000) // several windows
  expect(result.events).toBe(feed.bars.length)
  expect(closes).toEqual(Array.from(feed.bars.close))
  await sb.dispose()
}, 30_000)

it('stops the backtest with a typed error when the plugin refuses its parameters', async () => {
  const sb = await load('bad')
  const run = runBacktest({
    feeds: [feed],
    capital: 1_000_000,
    strategy: sandboxedStrategy(sb, { params: { fast: 30, slow: 10 } }),
  })
  await expect(run).rejects.toThrow(StrategyContractError)
  await expect(run).rejects.toThrow(/fast \(30\) must be shorter than slow \(10\)/)
  await sb.dispose()
})
