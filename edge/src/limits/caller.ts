import { schema } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import { ACCESS_COOKIE, bearerToken } from '../auth/middleware.ts'
import { verifyAccessToken } from '../auth/tokens.ts'
import type { Tier } from '../plans.ts'
import type { Env, Services } from '../services.ts'

/** A signed-in caller as far as limits go. */
export interface Caller {
  tenantId: string
  tier: Tier
}

/** A verified token is trusted for its tenant this long before it is checked again. */
const TOKEN_TTL_MS = 60_000
/** A tier change (upgrade, downgrade) reaches the limits within this. */
const TIER_TTL_MS = 30_000
const MAX_ENTRIES = 10_000

/**
 * Finds the tenant and tier of a request before any route's `requireAuth` runs: the limit has to
 * be decided first, for every /api request, and requireAuth sits on routes. It verifies the
 * access token's signature (a forged `tid` must never spend another tenant's budget) and reads
 * the tenant's tier from the database, both cached, so a steady caller costs two Map lookups;
 * revocation and suspension stay requireAuth's job. Undefined for anonymous callers and tokens
 * that do not verify — those are limited by address.
 *
 * @example
 * const callerOf = callerResolver()
 * const caller = await callerOf(c, limiter.now())
 */
export function callerResolver(): (c: Context<Env>, now: number) => Promise<Caller | undefined> {
  const tokens = new Map<string, { tenantId: string; until: number }>()
  const tiers = new Map<string, { tier: Promise<Tier | undefined>; until: number }>()

  const tenantOf = async (services: Services, token: string): Promise<string | undefined> => {
    const cached = tokens.get(token)
    if (cached && cached.until > Date.now()) return cached.tenantId
    const verified = await verifyAccessToken(services.config, token)
    if (!verified.ok) return undefined
    remember(tokens, token, {
      tenantId: verified.claims.tenantId,
      until: Date.now() + TOKEN_TTL_MS,
    })
    return verified.claims.tenantId
  }

  const tierOf = (services: Services, tenantId: string, now: number): Promise<Tier | undefined> => {
    const cached = tiers.get(tenantId)
    if (cached && cached.until > now) return cached.tier
    // The promise is cached, so a burst of first requests costs one query.
    const tier = readTier(services, tenantId).catch(() => {
      tiers.delete(tenantId)
      return 'free' as const // the strictest plan while the database is unwell
    })
    remember(tiers, tenantId, { tier, until: now + TIER_TTL_MS })
    return tier
  }

  return async (c, now) => {
    const auth = c.get('auth')
    if (auth) return { tenantId: auth.tenantId, tier: auth.tier }
    const token = bearerToken(c) ?? getCookie(c, ACCESS_COOKIE)
    if (!token) return undefined
    const services = c.get('services')
    const tenantId = await tenantOf(services, token)
    if (!tenantId) return undefined
    const tier = await tierOf(services, tenantId, now)
    return tier ? { tenantId, tier } : undefined
  }
}

async function readTier(services: Services, tenantId: string): Promise<Tier | undefined> {
  // Without a database (a Worker not yet wired to one) every tenant counts as free.
  if (!services.database) return 'free'
  const [row] = await services.database.db
    .select({ tier: schema.tenants.tier })
    .from(schema.tenants)
    .where(eq(schema.tenants.id, tenantId))
    .limit(1)
  return row?.tier
}

/** Bounded: past MAX_ENTRIES the oldest entry goes. */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key)
  if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value!)
  map.set(key, value)
}
