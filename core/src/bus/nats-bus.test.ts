import { jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { afterAll, describe, expect, it } from 'vitest'
import { loadTicks } from '../market/catalog.ts'
import { describeBus, waitFor } from './bus-suite.ts'
import { BusError } from './errors.ts'
import { createNatsBus, type NatsBusOptions } from './nats-bus.ts'
import { tickTopic } from './topics.ts'
import type { TickBus } from './types.ts'

// Runs against a real NATS server with JetStream when NATS_URL is set (CI sets it to the
// machine's nats://127.0.0.1:4222). Every bus gets its own stream and subject prefix, and
// the streams are deleted afterwards.
const url = process.env.NATS_URL
const run = `${process.pid}_${Date.now().toString(36)}`
let n = 0
const created: string[] = []

function uniqueNames(): Pick<NatsBusOptions, 'stream' | 'prefix'> {
  n++
  const stream = `VMALGO_TEST_${run}_${n}`
  created.push(stream)
  return { stream, prefix: `t${run}x${n}` }
}

async function openBus(names = uniqueNames()): Promise<TickBus> {
  return createNatsBus({ servers: url!, ...names, storage: 'memory', name: 'vm-algo-test' })
}

describe.skipIf(!url)('NATS JetStream bus', () => {
  afterAll(async () => {
    const nc = await connect({ servers: url! })
    const jsm = await jetstreamManager(nc)
    await Promise.allSettled(created.map((s) => jsm.streams.delete(s)))
    await nc.close()
  })

  describeBus('nats', () => openBus())

  it('shares one feed between processes: published in one, delivered in the others', async () => {
    const names = uniqueNames()
    const [feedProcess, workerA, workerB] = await Promise.all([
      openBus(names),
      openBus(names),
      openBus(names),
    ])
    try {
      const ticks = (await loadTicks(['TCS25NOVFUT'])).slice(0, 50)
      const gotA: number[] = []
      const gotB: number[] = []
      const subs = [
        workerA.subscribe(
          'ticks.NSE.>',
          (m) => void gotA.push(m.type === 'tick' ? m.tick.price : 0),
          {
            policy: 'drop-oldest',
          },
        ),
        workerB.subscribe(
          'ticks.NSE.TCS25NOVFUT',
          (m) => void gotB.push(m.type === 'tick' ? m.tick.price : 0),
          {
            policy: 'drop-oldest',
          },
        ),
      ]
      await Promise.all(subs.map((s) => s.ready))
      for (const tick of ticks)
        feedProcess.publish(tickTopic('NSE', tick.symbol), { type: 'tick', exchange: 'NSE', tick })
      await feedProcess.flush()
      await waitFor(() => gotA.length === 50 && gotB.length === 50, 'both workers')
      expect(gotA).toEqual(ticks.map((t) => t.price))
      expect(gotB).toEqual(gotA)
      expect(workerA.stats()).toMatchObject({
        kind: 'nats',
        published: 0,
        received: 50,
        connected: true,
      })
      expect(feedProcess.stats().published).toBe(50)

      // A process started later catches up on the latest tick from the stream.
      const late = await openBus(names)
      try {
        const snapshot: number[] = []
        const sub = late.subscribe(
          'ticks.NSE.>',
          (m) => void snapshot.push(m.type === 'tick' ? m.tick.price : 0),
          {
            replay: 'last',
          },
        )
        await sub.ready
        await waitFor(() => snapshot.length === 1, 'the snapshot')
        expect(snapshot).toEqual([ticks.at(-1)!.price])
      } finally {
        await late.close()
      }
    } finally {
      await Promise.all([feedProcess.close(), workerA.close(), workerB.close()])
    }
  })

  it('refuses bad options and a stream that captures other subjects', async () => {
    await expect(createNatsBus({ servers: url!, stream: 'bad name' })).rejects.toThrow(BusError)
    await expect(createNatsBus({ servers: url!, ...uniqueNames(), prefix: 'a.*' })).rejects.toThrow(
      BusError,
    )
    const names = uniqueNames()
    const first = await openBus(names)
    await first.close()
    await expect(
      openBus({ stream: names.stream, prefix: 'someotherprefix' }),
    ).rejects.toMatchObject({
      code: 'invalid_option',
    })
  })
})
