import { isId } from '@vm-algo/db'
import { createDeliveryQueue, type DeliveryQueue } from './delivery-queue.ts'
import { BusError } from './errors.ts'
import { checkEntitlement, isTickPattern } from './topics.ts'
import type {
  BusHandler,
  OverflowPolicy,
  SubscribeOptions,
  Subscription,
  SubscriptionStats,
  TenantBus,
  TickBus,
} from './types.ts'

const DEFAULT_CAPACITY = 1024
const MAX_CAPACITY = 1_000_000

/** One local subscriber, as both bus implementations keep it. */
export interface Subscriber {
  readonly id: number
  readonly pattern: string
  readonly tenantId: string | null
  readonly policy: OverflowPolicy
  readonly capacity: number
  readonly replay: 'new' | 'last'
  readonly queue: DeliveryQueue
}

/**
 * Checks a subscription request (pattern syntax, entitlement, options) and builds its
 * queue. Throws TopicError, EntitlementError or BusError('invalid_option').
 */
export function openSubscriber(
  id: number,
  pattern: string,
  handler: BusHandler,
  options: SubscribeOptions = {},
): Subscriber {
  if (typeof handler !== 'function')
    throw new BusError('invalid_option', 'handler must be a function')
  const tenantId = options.tenantId ?? null
  if (tenantId !== null && !isId('tenant', tenantId)) {
    throw new BusError('invalid_option', `"${String(tenantId).slice(0, 40)}" is not a tenant id`)
  }
  checkEntitlement(pattern, tenantId)
  const policy = options.policy ?? (isTickPattern(pattern) ? 'coalesce' : 'drop-oldest')
  if (policy !== 'coalesce' && policy !== 'drop-oldest') {
    throw new BusError('invalid_option', `policy must be coalesce or drop-oldest`)
  }
  const capacity = options.capacity ?? DEFAULT_CAPACITY
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_CAPACITY) {
    throw new BusError('invalid_option', `capacity must be an integer from 1 to ${MAX_CAPACITY}`)
  }
  const replay = options.replay ?? 'new'
  if (replay !== 'new' && replay !== 'last') {
    throw new BusError('invalid_option', 'replay must be new or last')
  }
  const queue = createDeliveryQueue(policy, capacity, handler, options.onError)
  return { id, pattern, tenantId, policy, capacity, replay, queue }
}

export function subscriberStats(s: Subscriber): SubscriptionStats {
  const c = s.queue.counters
  return {
    id: s.id,
    pattern: s.pattern,
    tenantId: s.tenantId,
    policy: s.policy,
    capacity: s.capacity,
    delivered: c.delivered,
    coalesced: c.coalesced,
    dropped: c.dropped,
    errors: c.errors,
    queued: s.queue.queued(),
    maxQueued: c.maxQueued,
    maxLagMs: Math.round(c.maxLagMs * 1000) / 1000,
  }
}

/** The public handle of a subscriber; `stop` detaches it from its bus. */
export function subscriptionOf(
  s: Subscriber,
  ready: Promise<void>,
  stop: () => void,
): Subscription {
  let active = true
  // Nobody has to await `ready`; a failure is still reported to whoever does.
  ready.catch(() => {})
  return {
    id: s.id,
    pattern: s.pattern,
    ready,
    stats: () => subscriberStats(s),
    unsubscribe() {
      if (!active) return
      active = false
      s.queue.close()
      stop()
    },
  }
}

/** `bus.forTenant(id)`: every subscription bound to `tenantId`, which cannot be overridden. */
export function tenantView(bus: TickBus, tenantId: string): TenantBus {
  if (!isId('tenant', tenantId)) {
    throw new BusError('invalid_option', `"${String(tenantId).slice(0, 40)}" is not a tenant id`)
  }
  return {
    tenantId,
    subscribe: (pattern, handler, options) =>
      bus.subscribe(pattern, handler, { ...options, tenantId }),
  }
}
