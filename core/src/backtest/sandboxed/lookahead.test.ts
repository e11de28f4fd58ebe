/**
 * The sandbox holds a window of bars ahead of the one being handled (`data`), in the same
 * realm as the plugin's code. A plugin that replaces every builtin and accessor the SDK could
 * touch with one that keeps what it is given must still never get hold of a bar that has not
 * closed: the SDK keeps the window in closures and reads it only with builtins it captured
 * before any plugin code ran. (If it leaked, a plugin could stamp orders on bars it had not
 * yet reached with knowledge of later prices, and fake its backtest.)
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { compileInThread } from '../../compiler/index.ts'
import { createSandboxPool, type SandboxPool } from '../../sandbox/index.ts'
import { runBacktest } from '../engine.ts'
import { loadFeed, sliceColumns } from '../feeds.ts'
import type { FeedInput } from '../types.ts'
import { sandboxedStrategy } from './strategy.ts'

// Keeps everything its traps receive and logs, at each bar, the newest epoch time (ms) found
// in any of it: a time after the bar's close would be the future.
const SNOOP = `
import { defineStrategy } from '@vm-algo/sdk'

const g: any = globalThis
// Its own, before the traps: a view made by a wrapped constructor gets the wrapper's prototype.
const F64 = Float64Array
const U8 = Uint8Array
const kept = new Set<unknown>()
let busy = false // the traps' own work goes through trapped builtins too
const keep = (x: unknown, more?: unknown[]) => {
  if (busy) return
  busy = true
  kept.add(x)
  if (more) for (let i = 0; i < more.length; i++) kept.add(more[i])
  busy = false
}
const trapGet = (proto: any, key: string | symbol) => {
  const d = Object.getOwnPropertyDescriptor(proto, key)
  Object.defineProperty(proto, key, {
    configurable: true,
    get() {
      keep(this)
      return d?.get ? Reflect.apply(d.get, this, []) : d?.value
    },
    set(v: unknown) {
      keep(this, [v])
      Object.defineProperty(this, key, { value: v, writable: true, enumerable: true, configurable: true })
    },
  })
}
const wrap = (owner: any, key: string | symbol) => {
  const original = owner[key]
  if (typeof original !== 'function') return
  owner[key] = function (this: unknown, ...args: unknown[]) {
    keep(this, args)
    return new.target ? Reflect.construct(original, args, new.target) : Reflect.apply(original, this, args)
  }
}
for (const key of ['feed', 'wantState', 'warmup', 'stamp', 'series', 'start', 'time', 'ts', 'open',
  'close', 'from', 'to', 'events', 'positions', 'at', 'kind', 'buffer', 'length']) {
  if (!Object.hasOwn(Object.prototype, key)) trapGet(Object.prototype, key)
}
const typed = Object.getPrototypeOf(Float64Array.prototype)
for (const key of ['length', 'buffer', 'byteLength', 'byteOffset']) trapGet(typed, key)
// The host's bars arrive as one binary block (a packed data window).
for (const key of ['byteLength', 'maxByteLength', 'resizable']) trapGet(ArrayBuffer.prototype, key)
for (const i of ['0', '1', '2', '3', '4', '5', '6', '7', '8']) trapGet(Array.prototype, i)
for (const key of ['map', 'forEach', 'slice', 'push', 'includes', 'filter', 'join', Symbol.iterator])
  wrap(Array.prototype, key)
for (const key of ['subarray', 'slice', 'set', 'fill', Symbol.iterator]) wrap(typed, key)
for (const key of ['entries', 'keys', 'values', 'assign', 'freeze', 'isFrozen', 'hasOwn'])
  wrap(Object, key)
wrap(JSON, 'parse')
wrap(ArrayBuffer, 'isView')
wrap(JSON, 'stringify')
wrap(Array, 'isArray')
wrap(Array, 'from')
wrap(Number, 'isFinite')
wrap(Number, 'isSafeInteger')
wrap(String.prototype, 'charCodeAt')
wrap(String.prototype, 'slice')
for (const name of ['String', 'Float64Array', 'Int32Array', 'TypeError', 'RangeError'])
  wrap(g, name)

function newest(): number {
  busy = true
  let max = 0
  const seen = new Set<unknown>()
  const visit = (x: any, depth: number) => {
    if (x === null || depth > 4 || seen.has(x)) return
    if (typeof x === 'number') {
      if (x > 1e12 && x < 1e13 && x > max) max = x
      return
    }
    if (typeof x === 'string') {
      for (const m of x.match(/1[0-9]{12}/g) ?? []) max = Math.max(max, Number(m))
      return
    }
    if (typeof x !== 'object') return
    seen.add(x)
    if (Object.prototype.toString.call(x) === '[object ArrayBuffer]') {
      const bytes = new U8(x as ArrayBuffer).length
      visit(new F64(x as ArrayBuffer, 0, Math.floor(bytes / 8)), depth)
      return
    }
    if (ArrayBuffer.isView(x)) {
      const values = x as unknown as ArrayLike<number>
      for (let i = 0; i < values.length; i++) visit(values[i], depth + 1)
      return
    }
    for (const k of Object.keys(x)) visit(x[k], depth + 1)
  }
  for (const x of kept) visit(x, 0)
  kept.clear()
  busy = false
  return max
}

let seenSoFar = 0
export default defineStrategy({
  manifest: { name: 'Snoop', version: '1.0.0', universe: ['NIFTY50'], timeframes: ['1m'] },
  onBar(ctx) {
    seenSoFar = Math.max(seenSoFar, newest())
    busy = true
    ctx.log.info(JSON.stringify({ now: ctx.now(), seen: seenSoFar }))
    busy = false
    if (ctx.position('NIFTY50').qty === 0 && ctx.openOrders().length === 0) ctx.buy('NIFTY50', 1, { product: 'MIS' })
    else if (ctx.position('NIFTY50').qty > 0) ctx.sell('NIFTY50', 1, { product: 'MIS' })
  },
})
`

let pool: SandboxPool
let code = ''
let feed: FeedInput
beforeAll(async () => {
  const compiled = await compileInThread(SNOOP)
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics))
  code = compiled.js
  pool = createSandboxPool({ workers: 1 })
  const nifty = await loadFeed('NIFTY50', '1m')
  feed = { ...nifty, bars: sliceColumns(nifty.bars, 0, nifty.bars.ts[400]) }
}, 60_000)
afterAll(() => pool?.close())

it('never lets a plugin that traps every builtin see a bar before it closes', async () => {
  const sb = await pool.load({
    tenantId: 'tnt_snoop',
    deploymentId: 'dep_snoop',
    tier: 'free',
    code,
  })
  const logs: { at: number; now: number; seen: number }[] = []
  const result = await runBacktest({
    feeds: [feed],
    capital: 1_000_000,
    strategy: sandboxedStrategy(sb, {
      windowEvents: 100,
      onLogs: (entries, at) => {
        for (const l of entries) logs.push({ at, ...JSON.parse(l.message) })
      },
    }),
  })
  expect(result.events).toBe(400)
  expect(logs).toHaveLength(400)
  expect(result.fills.length).toBeGreaterThan(100) // it traded: windows, ranges, updates all ran
  // What it caught did hold times (its own bars' and the clock), never one after its bar closed.
  expect(Math.max(...logs.map((l) => l.seen))).toBeGreaterThan(0)
  for (const { at, now, seen } of logs) {
    expect(now).toBe(result.curve.time[at])
    expect(seen, `event ${at}`).toBeLessThanOrEqual(now)
  }
  await sb.dispose()
}, 60_000)
