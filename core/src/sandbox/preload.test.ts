/**
 * `preload` (a `data` window) and `range` (events of it, stamped): the host refuses windows
 * and ranges it must not send before anything crosses, and holds the stamps the plugin returns
 * to the events of the range.
 */
import { PACKED_WINDOW_COLUMNS, type Position, PROTOCOL_LIMITS } from '@vm-algo/plugins'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PluginOutputInvalid } from './errors.ts'
import { createSandboxPool, type SandboxPool } from './pool.ts'
import type { PackedWindow } from './sandbox.ts'
import { dispatchScript } from './test-plugins.ts'

// Remembers the window's start and size. On a range or a batch, places one order stamped with
// the last event it was sent, or with the TCS position's qty when it has one (so a test can
// make it lie), and logs the window it holds.
const WINDOWED = dispatchScript(
  `if (msg.kind === 'data' && block === undefined) globalThis.win = { start: msg.start, n: msg.time.length }
   // A packed window: its size, and the closes of its block (the sixth column).
   if (msg.kind === 'data' && block !== undefined) {
     const n = msg.events
     const close = Array.from(new Float64Array(block, 5 * n * 8, n))
     globalThis.win = { start: msg.start, n, bytes: block.byteLength, close }
   }
   if (msg.kind === 'range' || msg.kind === 'batch') {
     const last = msg.events.length - 1 + (msg.kind === 'range' ? msg.to - msg.from : 0)
     const at = msg.positions.TCS ? msg.positions.TCS.qty : last
     globalThis.n = (globalThis.n || 0) + 1
     out.intents.push({ action: 'place', clientOrderId: 'r-' + globalThis.n, symbol: 'TCS',
       side: 'BUY', qty: 1, orderType: 'MARKET', product: 'MIS', at })
     out.logs.push({ level: 'info', message: JSON.stringify(globalThis.win), ts: msg.now, at: 0 })
   }`,
)

const window = (start: number, n: number) => {
  const col = Array.from({ length: n }, (_, i) => 100 + i)
  return {
    start,
    series: [{ symbol: 'TCS', timeframe: '1m' as const }],
    time: col.map((_, i) => (start + i + 1) * 60_000),
    ts: col.map((_, i) => (start + i) * 60_000),
    open: col,
    high: col,
    low: col,
    close: col,
    volume: col,
  }
}
const range = (from: number, to: number, stampAt?: number) => {
  const positions: Record<string, Position> = {}
  if (stampAt !== undefined) positions.TCS = { qty: stampAt, avgPrice: 1 }
  return { now: 1, from, to, events: [], positions }
}

let pool: SandboxPool
beforeAll(() => {
  pool = createSandboxPool({ workers: 1 })
})
afterAll(() => pool?.close())

const load = async (id: string) => {
  const sb = await pool.load({
    tenantId: 'tnt_w',
    deploymentId: `dep_${id}`,
    tier: 'free',
    code: WINDOWED,
  })
  await sb.init({ params: {}, seed: 1 })
  return sb
}

describe('preload and range', () => {
  it('deliver a window, then ranges of it with their stamps', async () => {
    const sb = await load('ok')
    expect((await sb.preload(window(10, 5))).error).toBeUndefined()
    const out = await sb.range(range(11, 14))
    expect(out.intents).toEqual([expect.objectContaining({ clientOrderId: 'r-1', at: 2 })])
    expect(out.logs[0]).toMatchObject({ message: '{"start":10,"n":5}', at: 0 })
    await sb.dispose()
  })

  it('deliver a packed window as one binary block beside the JSON', async () => {
    const sb = await load('packed')
    const n = 4
    const columns = new Float64Array(PACKED_WINDOW_COLUMNS.length * n)
    columns.set([201, 202, 203, 204], PACKED_WINDOW_COLUMNS.indexOf('close') * n)
    const packed: PackedWindow = { start: 7, series: window(7, n).series, columns }
    expect((await sb.preload(packed)).error).toBeUndefined()
    const out = await sb.range(range(8, 11))
    expect(JSON.parse(out.logs[0]!.message)).toEqual({
      start: 7,
      n,
      bytes: 9 * n * 8,
      close: [201, 202, 203, 204],
    })
    expect(() => sb.range(range(7, 12))).toThrow('outside the data window 7..11')
    // Columns that do not split into whole events are the caller's bug, refused at once.
    expect(() => sb.preload({ ...packed, columns: new Float64Array(10) })).toThrow(RangeError)
    expect(() => sb.preload({ ...packed, columns: new Float64Array(0) })).toThrow(
      /holds 1 to 100000 events, not 0/,
    )
    await sb.dispose()
  })

  it('let a range hold as many intents as an output may, leaving room for its last bar', async () => {
    const LIMITS = dispatchScript(
      `if (msg.kind === 'range') out.logs.push({ level: 'info', message: JSON.stringify(msg.limits), ts: msg.now, at: 0 })`,
    )
    for (const tier of ['free', 'pro', 'elite'] as const) {
      const sb = await pool.load({
        tenantId: 'tnt_w',
        deploymentId: `dep_l_${tier}`,
        tier,
        code: LIMITS,
      })
      await sb.init({ params: {}, seed: 1 })
      await sb.preload(window(0, 5))
      const limits = JSON.parse((await sb.range(range(0, 5))).logs[0]!.message)
      const tierLimits = sb.limits
      expect(limits.logs, tier).toBe(tierLimits.maxLogsPerBatch)
      // Never fewer than one call of the tier would hold; the last bar's own intents fit under
      // the protocol's cap; 1 KB an intent fits the tier's output bytes.
      expect(limits.intents, tier).toBeGreaterThanOrEqual(tierLimits.maxIntentsPerBatch)
      expect(limits.intents + tierLimits.maxIntentsPerBatch, tier).toBeLessThanOrEqual(
        PROTOCOL_LIMITS.maxIntents,
      )
      expect(limits.intents * 1024, tier).toBeLessThanOrEqual(tierLimits.maxResultBytes)
      await sb.dispose()
    }
  })

  it('refuse windows that are empty, oversized or ragged, and ranges outside the window', async () => {
    const sb = await load('bad')
    expect(() => sb.range(range(0, 1))).toThrow(
      'sandbox input: range 0..1 is outside the data window 0..0',
    )
    expect(() => sb.preload(window(0, 0))).toThrow(/holds 1 to 100000 events, not 0/)
    expect(() => sb.preload(window(0, PROTOCOL_LIMITS.maxWindowEvents + 1))).toThrow(RangeError)
    expect(() => sb.preload({ ...window(0, 3), close: [1, 2] })).toThrow(
      'sandbox input: every column of a data window needs one value per event',
    )
    expect(() => sb.preload({ ...window(0, 3), feed: [0] })).toThrow(TypeError)
    await sb.preload(window(100, 10))
    for (const [from, to] of [
      [99, 101],
      [105, 111],
      [105, 105],
      [1.5, 104],
    ]) {
      expect(() => sb.range(range(from!, to!)), `${from}..${to}`).toThrow(/outside the data window/)
    }
    expect((await sb.range(range(100, 110))).intents).toHaveLength(1)
    await sb.dispose()
  })

  it('refuse (without failing the sandbox) intents stamped outside the range or batch', async () => {
    const sb = await load('stamps')
    await sb.preload(window(0, 10))
    await expect(sb.range(range(0, 3, 3))).rejects.toThrow(PluginOutputInvalid)
    await expect(sb.range(range(0, 3, 3))).rejects.toThrow(
      'The plugin returned an order intent stamped at event 3; the batch held events 0 to 2.',
    )
    expect((await sb.range(range(0, 3, 2))).intents[0]?.at).toBe(2)
    const batch = (stamp: boolean) => ({
      now: 1,
      events: [],
      positions: { TCS: { qty: 0, avgPrice: 1 } },
      stamp,
    })
    await expect(sb.run(batch(true))).rejects.toThrow(/the batch held no events/)
    expect((await sb.run(batch(false))).intents[0]?.at).toBe(0)
    expect(sb.status).toBe('ready')
    await sb.dispose()
  })
})
