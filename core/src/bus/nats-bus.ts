import {
  type ConsumerMessages,
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiError,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
  StorageType,
  type StreamConfig,
} from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { BusError } from './errors.ts'
import {
  openSubscriber,
  type Subscriber,
  subscriberStats,
  subscriptionOf,
  tenantView,
} from './subscriber.ts'
import { checkPattern, checkTopic } from './topics.ts'
import type { BusMessage, BusStats, TickBus } from './types.ts'

export interface NatsBusOptions {
  /** e.g. `nats://127.0.0.1:4222`; several comma-separated for a cluster. */
  servers: string
  /** JetStream stream holding the bus. Default `VMALGO_BUS`. */
  stream?: string
  /** Subject prefix: topic `ticks.NSE.X` travels as `<prefix>.ticks.NSE.X`. Default `vmalgo`. */
  prefix?: string
  /** `file` (default) survives a NATS restart; `memory` is for tests and throwaway feeds. */
  storage?: 'file' | 'memory'
  /** Retention: messages kept per topic (default 100) and for how long (default one day). */
  maxMsgsPerTopic?: number
  maxAgeMs?: number
  /** Cap on the stream's size; the oldest messages go first. Default 512 MiB. */
  maxBytes?: number
  /** Connection name shown by the NATS server's monitoring. */
  name?: string
}

interface Group {
  subscribers: Set<Subscriber>
  ready: Promise<void>
  messages: ConsumerMessages | null
  closed: boolean
}

/**
 * The tick bus on NATS JetStream, so several core processes share one feed: one process
 * publishes, every process's subscribers receive. Messages are JSON on the subject
 * `<prefix>.<topic>`, stored in one stream (created if missing) with per-topic and age
 * retention; `replay: 'last'` reads the stream's last message per subject. Each distinct
 * pattern in a process has one ordered push consumer, fanned out locally into the same
 * bounded per-subscriber queues as the in-process bus — a slow subscriber never slows the
 * NATS connection. Entitlements are checked here, at subscribe, exactly as in-process.
 * Publishing is fire-and-forget (no per-message ack): for ticks, throughput beats a
 * guarantee the next tick supersedes; `flush()` waits until the server has everything.
 *
 * @example const bus = await createNatsBus({ servers: 'nats://127.0.0.1:4222' })
 */
export async function createNatsBus(options: NatsBusOptions): Promise<TickBus> {
  const stream = options.stream ?? 'VMALGO_BUS'
  const prefix = options.prefix ?? 'vmalgo'
  checkStreamName(stream)
  for (const token of checkPattern(prefix)) {
    if (token === '*' || token === '>')
      throw new BusError('invalid_option', 'prefix has a wildcard')
  }
  const nc = await connect({
    servers: options.servers.split(',').map((s) => s.trim()),
    name: options.name ?? 'vm-algo-core',
    maxReconnectAttempts: -1,
  })
  try {
    await ensureStream(await jetstreamManager(nc), streamConfig(stream, prefix, options))
  } catch (error) {
    await nc.close()
    throw error
  }
  const js = jetstream(nc)
  const groups = new Map<string, Group>()
  const subscribers = new Map<number, Subscriber>()
  const checkedTopics = new Set<string>()
  let nextId = 1
  let published = 0
  let received = 0
  let malformed = 0
  let closed = false

  function assertOpen(): void {
    if (closed || nc.isClosed()) throw new BusError('bus_closed', 'the bus is closed')
  }

  function openGroup(pattern: string, policy: DeliverPolicy): Group {
    const group: Group = {
      subscribers: new Set(),
      ready: Promise.resolve(),
      messages: null,
      closed: false,
    }
    group.ready = (async () => {
      const consumer = await js.consumers.getPushConsumer(stream, {
        filter_subjects: `${prefix}.${pattern}`,
        deliver_policy: policy,
      })
      const messages = await consumer.consume({
        callback: (m) => {
          received++
          const topic = m.subject.slice(prefix.length + 1)
          let message: BusMessage
          try {
            message = m.json<BusMessage>()
          } catch {
            malformed++ // not written by a bus; nothing to hand to subscribers
            return
          }
          const now = performance.now()
          for (const s of group.subscribers) s.queue.push(topic, message, now)
        },
      })
      if (group.closed) await messages.close()
      else group.messages = messages
    })()
    return group
  }

  function closeGroup(key: string, group: Group): void {
    group.closed = true
    groups.delete(key)
    void group.messages?.close()
  }

  const bus: TickBus = {
    kind: 'nats',
    publish(topic, message) {
      assertOpen()
      if (!checkedTopics.has(topic)) {
        checkTopic(topic)
        if (checkedTopics.size < 100_000) checkedTopics.add(topic)
      }
      nc.publish(`${prefix}.${topic}`, JSON.stringify(message))
      published++
    },
    subscribe(pattern, handler, subscribeOptions) {
      assertOpen()
      const s = openSubscriber(nextId++, pattern, handler, subscribeOptions)
      // A 'last' subscriber needs its own consumer: a shared one started long ago has
      // already delivered the snapshot it wants.
      const key = s.replay === 'last' ? `#${s.id}` : pattern
      let group = groups.get(key)
      if (!group) {
        const policy = s.replay === 'last' ? DeliverPolicy.LastPerSubject : DeliverPolicy.New
        group = openGroup(pattern, policy)
        groups.set(key, group)
      }
      const mine = group
      mine.subscribers.add(s)
      subscribers.set(s.id, s)
      return subscriptionOf(s, mine.ready, () => {
        subscribers.delete(s.id)
        mine.subscribers.delete(s)
        if (mine.subscribers.size === 0 && groups.get(key) === mine) closeGroup(key, mine)
      })
    },
    forTenant: (tenantId) => tenantView(bus, tenantId),
    stats(): BusStats {
      return {
        kind: 'nats',
        published,
        received,
        malformed,
        connected: !closed && !nc.isClosed(),
        subscriptions: [...subscribers.values()].map(subscriberStats),
      }
    },
    async flush() {
      assertOpen()
      await nc.flush()
    },
    async close() {
      if (closed) return
      closed = true
      for (const s of subscribers.values()) s.queue.close()
      subscribers.clear()
      const open = [...groups]
      for (const [key, group] of open) closeGroup(key, group)
      await Promise.allSettled(open.map(([, g]) => g.ready))
      await nc.drain().catch(() => nc.close())
    },
  }
  return bus
}

type BusStreamConfig = Partial<StreamConfig> & { name: string; subjects: string[] }

function streamConfig(stream: string, prefix: string, o: NatsBusOptions): BusStreamConfig {
  const perTopic = o.maxMsgsPerTopic ?? 100
  const maxAgeMs = o.maxAgeMs ?? 86_400_000
  const maxBytes = o.maxBytes ?? 512 * 1024 * 1024
  if (!(Number.isInteger(perTopic) && perTopic >= 1)) {
    throw new BusError('invalid_option', 'maxMsgsPerTopic must be a positive integer')
  }
  if (!(maxAgeMs > 0) || !(maxBytes > 0)) {
    throw new BusError('invalid_option', 'maxAgeMs and maxBytes must be positive')
  }
  return {
    name: stream,
    subjects: [`${prefix}.>`],
    storage: o.storage === 'memory' ? StorageType.Memory : StorageType.File,
    discard: DiscardPolicy.Old,
    max_msgs_per_subject: perTopic,
    max_age: Math.round(maxAgeMs * 1_000_000),
    max_bytes: Math.round(maxBytes),
    num_replicas: 1,
  }
}

// Another process may have created the stream with other limits; use it as it is, as long
// as it captures our subjects.
async function ensureStream(jsm: JetStreamManager, config: BusStreamConfig): Promise<void> {
  try {
    await jsm.streams.add(config)
    return
  } catch (error) {
    if (!(error instanceof JetStreamApiError)) throw error
  }
  const info = await jsm.streams.info(config.name)
  const wanted = config.subjects[0]!
  if (!info.config.subjects?.includes(wanted)) {
    throw new BusError(
      'invalid_option',
      `stream ${config.name} exists but does not capture ${wanted}; choose another stream or prefix`,
    )
  }
}

function checkStreamName(stream: string): void {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(stream)) {
    throw new BusError('invalid_option', 'stream must be 1-64 letters, digits, _ or -')
  }
}
