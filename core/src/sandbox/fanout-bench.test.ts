import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadTicks } from '../market/catalog.ts'
import type { Tick } from '../market/types.ts'
import { framesOf, measureTickFanout } from './fanout-bench.ts'
import { createSandboxPool, type SandboxPool } from './pool.ts'
import type { Sandbox } from './sandbox.ts'
import {
  compileTickMomentum,
  loadTickMomentum,
  plainTickMomentum,
  sandboxDecider,
} from './tick-momentum.ts'

// Bookkeeping of the tick fan-out benchmark at a small scale: who got which ticks, what came
// back, and whether the counters add up. How fast is for `npm run bench`, never asserted here.

const INSTANCES = 6
const TICKS = 240

let ticks: Tick[]
let code: string
let pool: SandboxPool
let sandboxes: Sandbox[]

beforeAll(async () => {
  ticks = await loadTicks()
  code = await compileTickMomentum()
  pool = createSandboxPool({ workers: 2 })
  sandboxes = await loadTickMomentum(pool, { code, count: INSTANCES })
}, 120_000)
afterAll(() => pool?.close())

/** Orders the plain rule decides over every published tick of `symbol`, in order. */
function plainOrders(published: readonly Tick[], symbol: string): number {
  const decide = plainTickMomentum()
  return published.filter((t) => t.symbol === symbol).reduce((n, t) => n + (decide(t) as number), 0)
}

describe('the tick-momentum strategy', () => {
  it('decides the same in a sandbox as its plain-function twin, tick by tick', async () => {
    const sandboxed = sandboxDecider(sandboxes[0]!)
    const plain = plainTickMomentum()
    const orders: number[] = []
    for (const tick of ticks.slice(0, 400)) {
      const fromSandbox = await sandboxed(tick)
      expect(fromSandbox, `${tick.symbol} at ${tick.ts}`).toBe(plain(tick))
      orders.push(fromSandbox)
    }
    expect(orders.filter((n) => n > 0).length).toBeGreaterThan(4)
  })
})

describe('measureTickFanout', () => {
  it('splits ticks into frames that carry each instrument at most once, in order', () => {
    const frames = framesOf(ticks)
    expect(frames.flat()).toEqual(ticks)
    for (const frame of frames) {
      expect(new Set(frame.map((t) => t.symbol)).size).toBe(frame.length)
    }
  })

  it('hands every plain-function instance every tick of its instrument, on a paced feed', async () => {
    const r = await measureTickFanout({
      ticks,
      deciders: Array.from({ length: INSTANCES }, () => plainTickMomentum()),
      maxTicks: TICKS,
      durationMs: 60_000,
      // Faster than timers fire: frames go out in catch-up bursts within one turn.
      framesPerSecond: 5_000,
    })
    const published = ticks.slice(0, TICKS)
    const symbols = [...new Set(ticks.map((t) => t.symbol))]
    const followed = Array.from({ length: INSTANCES }, (_, i) => symbols[i % symbols.length]!)
    expect(r).toMatchObject({ instances: INSTANCES, instruments: symbols.length, ticks: TICKS })
    expect(r.offered).toBe(
      followed.reduce((n, s) => n + published.filter((t) => t.symbol === s).length, 0),
    )
    expect(r).toMatchObject({ delivered: r.offered, coalesced: 0, dropped: 0, errors: 0 })
    expect(r.decisions).toBe(r.delivered)
    expect(r.intents).toBe(followed.reduce((n, s) => n + plainOrders(published, s), 0))
    expect(r.p50Ms).toBeLessThanOrEqual(r.p99Ms)
  })

  it('gets a decision back from every sandbox for every tick it was handed', async () => {
    const r = await measureTickFanout({
      ticks,
      deciders: sandboxes.map(sandboxDecider),
      maxTicks: TICKS,
      durationMs: 60_000,
    })
    expect(r).toMatchObject({ instances: INSTANCES, ticks: TICKS, errors: 0, dropped: 0 })
    expect(r.leastDelivered).toBeGreaterThan(0)
    expect(r.delivered + r.coalesced + r.dropped).toBe(r.offered)
    expect(r.decisions).toBe(r.delivered)
    expect(r.p50Ms).toBeGreaterThan(0)
    expect(r.p99Ms).toBeGreaterThanOrEqual(r.p50Ms)
    expect(r.maxMs).toBeGreaterThanOrEqual(r.p99Ms)
    expect(sandboxes.every((sb) => sb.stats().status === 'ready')).toBe(true)
  })

  it('counts a decider that fails as an error and keeps delivering to it', async () => {
    let calls = 0
    const r = await measureTickFanout({
      ticks,
      deciders: [
        async () => {
          calls++
          throw new Error('no decision')
        },
        plainTickMomentum(),
      ],
      maxTicks: 40,
      durationMs: 60_000,
    })
    expect(r.errors).toBe(calls)
    expect(calls).toBeGreaterThan(1)
    expect(r.decisions + r.errors).toBe(r.delivered)
  })
})
