import { BusError } from './errors.ts'
import {
  openSubscriber,
  type Subscriber,
  subscriberStats,
  subscriptionOf,
  tenantView,
} from './subscriber.ts'
import { checkTopic, topicMatches } from './topics.ts'
import type { BusMessage, TickBus } from './types.ts'

/**
 * The in-process tick bus, the embedded default. `publish` validates the topic and puts the
 * message into each matching subscriber's bounded queue; delivery happens afterwards,
 * subscriber by subscriber (see delivery-queue.ts). The latest message of every topic is
 * kept for `replay: 'last'` subscribers, so memory grows with topics, not messages.
 *
 * @example
 * const bus = createMemoryBus()
 * bus.subscribe('bars.5m.NSE.>', (m) => m.type === 'bar' && console.log(m.symbol, m.bar.close))
 * bus.publish(barTopic('5m', 'NSE', 'NIFTY50'), { type: 'bar', exchange: 'NSE', … })
 */
export function createMemoryBus(): TickBus {
  const subscribers = new Map<number, Subscriber>()
  // Matching subscribers per topic, rebuilt lazily after any (un)subscribe. A topic present
  // here has been validated, so the hot path skips the syntax check.
  const routes = new Map<string, Subscriber[]>()
  const latest = new Map<string, BusMessage>()
  let nextId = 1
  let published = 0
  let closed = false

  function route(topic: string): Subscriber[] {
    let targets = routes.get(topic)
    if (!targets) {
      checkTopic(topic)
      targets = [...subscribers.values()].filter((s) => topicMatches(s.pattern, topic))
      routes.set(topic, targets)
    }
    return targets
  }

  function assertOpen(): void {
    if (closed) throw new BusError('bus_closed', 'the bus is closed')
  }

  const bus: TickBus = {
    kind: 'memory',
    publish(topic, message) {
      assertOpen()
      const targets = route(topic)
      published++
      latest.set(topic, message)
      const now = performance.now()
      for (let i = 0; i < targets.length; i++) targets[i]!.queue.push(topic, message, now)
    },
    subscribe(pattern, handler, options) {
      assertOpen()
      const s = openSubscriber(nextId++, pattern, handler, options)
      if (s.replay === 'last') {
        for (const [topic, message] of latest) {
          if (topicMatches(pattern, topic)) s.queue.push(topic, message)
        }
      }
      subscribers.set(s.id, s)
      routes.clear()
      return subscriptionOf(s, Promise.resolve(), () => {
        subscribers.delete(s.id)
        routes.clear()
      })
    },
    forTenant: (tenantId) => tenantView(bus, tenantId),
    stats() {
      return {
        kind: 'memory',
        published,
        received: published,
        malformed: 0,
        connected: !closed,
        subscriptions: [...subscribers.values()].map(subscriberStats),
      }
    },
    async flush() {},
    async close() {
      if (closed) return
      closed = true
      for (const s of subscribers.values()) s.queue.close()
      subscribers.clear()
      routes.clear()
      latest.clear()
    },
  }
  return bus
}
