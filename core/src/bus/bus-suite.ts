import { newId } from '@vm-algo/db'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { loadTicks } from '../market/catalog.ts'
import type { Tick } from '../market/types.ts'
import { BusError, EntitlementError, TopicError } from './errors.ts'
import { barTopic, tenantTopic, tickTopic } from './topics.ts'
import type { BarMessage, BusMessage, TickBus, TickMessage } from './types.ts'

/**
 * The behaviour every TickBus implementation must have, as one suite each implementation's
 * test file runs against its own bus (drizzle's one-suite-every-driver pattern). `open`
 * returns a fresh, isolated bus; the suite closes it.
 */
export function describeBus(name: string, open: () => Promise<TickBus>): void {
  describe(`tick bus [${name}]`, () => {
    let ticks: Tick[] = []
    const buses: TickBus[] = []
    const fresh = async () => {
      const bus = await open()
      buses.push(bus)
      return bus
    }
    beforeAll(async () => {
      ticks = await loadTicks()
    })
    afterEach(async () => {
      await Promise.all(buses.splice(0).map((b) => b.close()))
    })
    const of = (symbol: string, n: number): Tick[] =>
      ticks.filter((t) => t.symbol === symbol).slice(0, n)
    const tickMsg = (tick: Tick): TickMessage => ({ type: 'tick', exchange: 'NSE', tick })
    const barMsg = (symbol: string, timeframe: '1m' | '5m', close: number): BarMessage => ({
      type: 'bar',
      exchange: 'NSE',
      symbol,
      timeframe,
      bar: { ts: 1_700_000_000_000, open: close, high: close, low: close, close, volume: 0 },
    })

    it('delivers each message to the subscribers whose pattern matches, in publish order', async () => {
      const bus = await fresh()
      const got: Record<string, string[]> = { exact: [], symbolWild: [], minuteBars: [], all: [] }
      const record = (key: string) => (m: BusMessage, topic: string) => {
        got[key]!.push(`${topic}=${m.type === 'tick' ? m.tick.price : m.bar.close}`)
      }
      const subs = [
        bus.subscribe('ticks.NSE.TCS25NOVFUT', record('exact'), { policy: 'drop-oldest' }),
        bus.subscribe('ticks.*.MCX25NOVFUT', record('symbolWild'), { policy: 'drop-oldest' }),
        bus.subscribe('bars.1m.>', record('minuteBars')),
        bus.subscribe('ticks.>', record('all'), { policy: 'drop-oldest' }),
      ]
      await Promise.all(subs.map((s) => s.ready))
      const tcs = of('TCS25NOVFUT', 20)
      const mcx = of('MCX25NOVFUT', 20)
      for (let i = 0; i < 20; i++) {
        bus.publish(tickTopic('NSE', 'TCS25NOVFUT'), tickMsg(tcs[i]!))
        bus.publish(tickTopic('NSE', 'MCX25NOVFUT'), tickMsg(mcx[i]!))
      }
      bus.publish(barTopic('1m', 'NSE', 'NIFTY50'), barMsg('NIFTY50', '1m', 21_700))
      bus.publish(barTopic('5m', 'NSE', 'NIFTY50'), barMsg('NIFTY50', '5m', 21_750))
      bus.publish(barTopic('1m', 'NSE', 'BANKNIFTY'), barMsg('BANKNIFTY', '1m', 48_000))
      await bus.flush()
      await waitFor(
        () => Object.values(got).reduce((n, list) => n + list.length, 0) === 82,
        'deliveries',
      )
      expect(got.exact).toEqual(tcs.map((t) => `ticks.NSE.TCS25NOVFUT=${t.price}`))
      expect(got.symbolWild).toEqual(mcx.map((t) => `ticks.NSE.MCX25NOVFUT=${t.price}`))
      expect(got.minuteBars).toEqual(['bars.1m.NSE.NIFTY50=21700', 'bars.1m.NSE.BANKNIFTY=48000'])
      expect(got.all!.filter((s) => s.includes('TCS'))).toEqual(got.exact)
      expect(bus.stats().subscriptions.map((s) => s.delivered)).toEqual([20, 20, 2, 40])
    })

    it('keeps a slow subscriber from delaying another, and counts what it missed', async () => {
      const bus = await fresh()
      let release!: () => void
      const blocked = new Promise<void>((resolve) => {
        release = resolve
      })
      const slowGot: Tick[] = []
      const dropGot: Tick[] = []
      const fastGot: Tick[] = []
      const slow = bus.subscribe('ticks.NSE.>', async (m) => {
        slowGot.push((m as TickMessage).tick)
        await blocked
      })
      const dropper = bus.subscribe(
        'ticks.NSE.>',
        async (m) => {
          dropGot.push((m as TickMessage).tick)
          await blocked
        },
        { policy: 'drop-oldest', capacity: 10 },
      )
      const fast = bus.subscribe(
        'ticks.NSE.>',
        (m) => {
          fastGot.push((m as TickMessage).tick)
        },
        { policy: 'drop-oldest' },
      )
      await Promise.all([slow.ready, dropper.ready, fast.ready])
      const sent = [...of('RELIANCE25NOVFUT', 100), ...of('TRENT25NOVFUT', 100)].sort(
        (a, b) => a.ts - b.ts,
      )
      for (const tick of sent) bus.publish(tickTopic('NSE', tick.symbol), tickMsg(tick))
      await bus.flush()
      // The fast subscriber gets everything while the slow ones are still stuck in call one.
      await waitFor(() => fastGot.length === sent.length, 'the fast subscriber')
      expect(fastGot).toEqual(sent)
      await waitFor(() => accounted(slow.stats()) === sent.length, 'the slow subscriber')
      await waitFor(() => accounted(dropper.stats()) === sent.length, 'the dropping one')
      const s = slow.stats()
      expect(s).toMatchObject({ policy: 'coalesce', delivered: 1 })
      expect(s.coalesced).toBeGreaterThan(0)
      expect(s.queued).toBeLessThanOrEqual(2) // at most one per instrument
      const d = dropper.stats()
      expect(d).toMatchObject({ policy: 'drop-oldest', delivered: 1 })
      expect(d.queued).toBeLessThanOrEqual(10)
      expect(d.dropped).toBeGreaterThanOrEqual(sent.length - 11)
      expect(bus.stats().subscriptions.find((x) => x.id === d.id)?.dropped).toBe(d.dropped)
      release()
      // Once free, the coalescing reader ends on each instrument's latest tick, and the
      // dropping one has the newest ticks in order.
      await waitFor(() => slow.stats().queued === 0 && dropper.stats().queued === 0, 'catch-up')
      for (const symbol of ['RELIANCE25NOVFUT', 'TRENT25NOVFUT']) {
        const latest = sent.filter((t) => t.symbol === symbol).at(-1)
        expect(slowGot.filter((t) => t.symbol === symbol).at(-1)).toEqual(latest)
      }
      expect(slowGot.length + slow.stats().coalesced + slow.stats().dropped).toBe(sent.length)
      expect(dropGot.slice(1)).toEqual(sent.slice(-(dropGot.length - 1)))
      expect(dropper.stats().dropped).toBe(sent.length - dropGot.length)
    })

    it('counts handler errors and keeps delivering', async () => {
      const bus = await fresh()
      const seen: number[] = []
      const errors: string[] = []
      const sub = bus.subscribe(
        'ticks.NSE.TCS25NOVFUT',
        (m) => {
          const price = (m as TickMessage).tick.price
          seen.push(price)
          if (seen.length % 2 === 1) throw new Error(`boom ${seen.length}`)
        },
        { policy: 'drop-oldest', onError: (e) => errors.push((e as Error).message) },
      )
      await sub.ready
      for (const tick of of('TCS25NOVFUT', 6))
        bus.publish(tickTopic('NSE', tick.symbol), tickMsg(tick))
      await bus.flush()
      await waitFor(() => seen.length === 6, 'deliveries')
      expect(sub.stats().errors).toBe(3)
      expect(errors).toEqual(['boom 1', 'boom 3', 'boom 5'])
    })

    it("shows a tenant's private feed to that tenant only", async () => {
      const bus = await fresh()
      const a = newId('tenant')
      const b = newId('tenant')
      const seenByA: string[] = []
      const seenByShared: string[] = []
      const subA = bus.forTenant(a).subscribe(`tenant.${a}.ticks.>`, (_m, topic) => {
        seenByA.push(topic)
      })
      const shared = bus.forTenant(a).subscribe('ticks.>', (_m, topic) => {
        seenByShared.push(topic)
      })
      await Promise.all([subA.ready, shared.ready])
      const [tick] = of('TCS25NOVFUT', 1)
      bus.publish(tenantTopic(b, tickTopic('NSE', 'TCS25NOVFUT')), tickMsg(tick!))
      bus.publish(tenantTopic(a, tickTopic('NSE', 'TCS25NOVFUT')), tickMsg(tick!))
      bus.publish(tickTopic('NSE', 'TCS25NOVFUT'), tickMsg(tick!))
      await bus.flush()
      await waitFor(() => seenByA.length === 1 && seenByShared.length === 1, 'deliveries')
      expect(seenByA).toEqual([`tenant.${a}.ticks.NSE.TCS25NOVFUT`])
      expect(seenByShared).toEqual(['ticks.NSE.TCS25NOVFUT'])

      // Every way of reaching tenant B's feed as tenant A is refused up front.
      const asA = bus.forTenant(a)
      for (const pattern of [
        `tenant.${b}.ticks.>`,
        `tenant.${b}.*.NSE.TCS25NOVFUT`,
        'tenant.*.ticks.>',
        'tenant.>',
        '>',
        '*.*.NSE.X',
      ]) {
        expect(() => asA.subscribe(pattern, () => {}), pattern).toThrow(EntitlementError)
        expect(() => bus.subscribe(pattern, () => {}, { tenantId: a }), pattern).toThrow(
          EntitlementError,
        )
      }
      // Options cannot rebind a tenant view, and unbound subscribers see no private feed.
      const rebind = { tenantId: b } as object
      expect(() => asA.subscribe(`tenant.${b}.ticks.>`, () => {}, rebind)).toThrow(EntitlementError)
      expect(() => bus.subscribe(`tenant.${a}.ticks.>`, () => {})).toThrow(EntitlementError)
      try {
        asA.subscribe(`tenant.${b}.ticks.>`, () => {})
      } catch (error) {
        expect(error).toMatchObject({ code: 'not_entitled', tenantId: a })
      }
    })

    it('rejects malformed topics, patterns and options with typed errors', async () => {
      const bus = await fresh()
      const [tick] = of('TCS25NOVFUT', 1)
      for (const topic of [
        '',
        'ticks..X',
        'ticks.NSE.*',
        'ticks.NSE.>',
        'ticks.NSE.NIFTY 50',
        'tenant.nobody.ticks.X',
      ]) {
        expect(() => bus.publish(topic, tickMsg(tick!)), topic).toThrow(TopicError)
      }
      expect(() => bus.subscribe('ticks.>.NSE', () => {})).toThrow(TopicError)
      expect(() => bus.subscribe('ticks.>', () => {}, { capacity: 0 })).toThrow(BusError)
      expect(() => bus.subscribe('ticks.>', () => {}, { policy: 'lifo' as 'coalesce' })).toThrow(
        BusError,
      )
      expect(() => bus.forTenant('tnt_not-an-id')).toThrow(BusError)
      expect(() => tickTopic('NSE', 'NIFTY.50')).toThrow(TopicError)
    })

    it("gives a late joiner each topic's latest message with replay: 'last'", async () => {
      const bus = await fresh()
      const warm = bus.subscribe('ticks.>', () => {})
      await warm.ready
      const tcs = of('TCS25NOVFUT', 5)
      const mcx = of('MCX25NOVFUT', 5)
      for (let i = 0; i < 5; i++) {
        bus.publish(tickTopic('NSE', 'TCS25NOVFUT'), tickMsg(tcs[i]!))
        bus.publish(tickTopic('NSE', 'MCX25NOVFUT'), tickMsg(mcx[i]!))
      }
      await bus.flush()
      await waitFor(() => accounted(warm.stats()) === 10, 'the first subscriber')
      const got: string[] = []
      const late = bus.subscribe(
        'ticks.NSE.>',
        (m, topic) => {
          got.push(`${topic}=${(m as TickMessage).tick.price}`)
        },
        { replay: 'last', policy: 'drop-oldest' },
      )
      const fresher = bus.subscribe('ticks.NSE.>', (_m, topic) => {
        got.push(`new:${topic}`)
      })
      await Promise.all([late.ready, fresher.ready])
      await waitFor(() => got.length === 2, 'the snapshot')
      expect(got.sort()).toEqual([
        `ticks.NSE.MCX25NOVFUT=${mcx[4]!.price}`,
        `ticks.NSE.TCS25NOVFUT=${tcs[4]!.price}`,
      ])
      bus.publish(tickTopic('NSE', 'TCS25NOVFUT'), tickMsg(tcs[0]!))
      await bus.flush()
      await waitFor(() => got.length === 4, 'new messages')
      expect(got.slice(2).sort()).toEqual([
        'new:ticks.NSE.TCS25NOVFUT',
        `ticks.NSE.TCS25NOVFUT=${tcs[0]!.price}`,
      ])
    })

    it('stops delivering after unsubscribe and refuses use after close', async () => {
      const bus = await fresh()
      const got: number[] = []
      const sub = bus.subscribe('ticks.NSE.TCS25NOVFUT', (m) => {
        got.push((m as TickMessage).tick.price)
      })
      const other = bus.subscribe('ticks.NSE.TCS25NOVFUT', () => {})
      await Promise.all([sub.ready, other.ready])
      const [first, second] = of('TCS25NOVFUT', 2)
      bus.publish(tickTopic('NSE', 'TCS25NOVFUT'), tickMsg(first!))
      await bus.flush()
      await waitFor(() => got.length === 1, 'the first tick')
      sub.unsubscribe()
      sub.unsubscribe()
      bus.publish(tickTopic('NSE', 'TCS25NOVFUT'), tickMsg(second!))
      await bus.flush()
      await waitFor(() => other.stats().delivered === 2, 'the other subscriber')
      expect(got).toEqual([first!.price])
      expect(bus.stats().subscriptions.map((s) => s.id)).toEqual([other.id])
      await bus.close()
      expect(bus.stats().connected).toBe(false)
      expect(() => bus.publish(tickTopic('NSE', 'X'), tickMsg(first!))).toThrow(BusError)
      expect(() => bus.subscribe('ticks.>', () => {})).toThrow(BusError)
    })
  })
}

/** Everything a subscription was given is delivered, merged away, dropped or still queued. */
export function accounted(s: {
  delivered: number
  coalesced: number
  dropped: number
  queued: number
}): number {
  return s.delivered + s.coalesced + s.dropped + s.queued
}

/** Polls `condition` until true; fails after `ms` (a deadline for a hang, not a speed test). */
export async function waitFor(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}
