import { randomUUID } from 'node:crypto'
import { migrateDatabase, openDatabase, serveEmbedded } from '@vm-algo/db/node'
import { startUpstashBridge } from '@vm-algo/edge/node'
import { Redis } from 'ioredis'
import { inject } from 'vitest'
import { coreHealth, serveJson, TEST_SECRETS } from '../edge/src/testing/harness.ts'

/** The small limits every runtime runs with here, so the suite reaches them in a few requests. */
export const RUNTIME_LIMITS = { anonPerMinute: 20, authPerMinute: 3 } as const

export interface RuntimeEnvironment {
  /** Settings for an edge on any runtime: secrets, database, core, limits. */
  env: Record<string, string>
  /**
   * How that runtime reaches Redis when REDIS_URL is set: Node by REDIS_URL (through its own
   * bridge), Deno and Workers by Upstash's REST protocol (the bridge started here). Empty
   * without REDIS_URL: limits are then in-process.
   */
  redis(runtime: 'node' | 'upstash'): Record<string, string>
  /** Rate-limit keys the edge wrote to Redis so far; null without REDIS_URL. */
  redisKeys(): Promise<number | null>
  close(): Promise<void>
}

/**
 * What an edge needs around it, on 127.0.0.1: a migrated database (the run's PostgreSQL
 * database when DATABASE_URL is set, else an embedded PGlite over the wire protocol), a
 * stand-in core answering its health, and with REDIS_URL an Upstash REST bridge to that Redis
 * with a key prefix of this run (its keys are deleted on close).
 */
export async function startEnvironment(): Promise<RuntimeEnvironment> {
  const closers: Array<() => Promise<void>> = []
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => {})
  }
  try {
    const databaseUrl = inject('testDatabaseUrl') ?? (await embeddedDatabase(closers))
    const core = await serveJson(() => coreHealth())
    closers.push(core.close)
    const prefix = `test:runtime:${randomUUID()}`
    const redisUrl = process.env.REDIS_URL
    const bridge = redisUrl ? await startUpstashBridge({ redisUrl }) : undefined
    if (bridge && redisUrl) {
      closers.push(() => bridge.close())
      closers.push(() => deleteKeys(redisUrl, prefix))
    }
    return {
      env: {
        ...TEST_SECRETS,
        DATABASE_URL: databaseUrl,
        DB_POOL_MAX: '4',
        CORE_URL: core.url,
        CORS_ORIGINS: 'http://localhost:3000',
        RATE_LIMIT_ANON_PER_MIN: String(RUNTIME_LIMITS.anonPerMinute),
        RATE_LIMIT_AUTH_PER_MIN: String(RUNTIME_LIMITS.authPerMinute),
        RATE_LIMIT_PREFIX: prefix,
      },
      redis(runtime): Record<string, string> {
        if (!redisUrl || !bridge) return {}
        return runtime === 'node'
          ? { REDIS_URL: redisUrl }
          : { UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token }
      },
      redisKeys: async () => (redisUrl ? (await keysOf(redisUrl, prefix)).length : null),
      close,
    }
  } catch (error) {
    await close()
    throw error
  }
}

async function embeddedDatabase(closers: Array<() => Promise<void>>): Promise<string> {
  const server = await serveEmbedded({})
  closers.push(() => server.stop())
  const handle = await openDatabase({ url: server.url, poolMax: 1 })
  try {
    await migrateDatabase(handle, server.url)
  } finally {
    await handle.close()
  }
  return server.url
}

async function keysOf(redisUrl: string, prefix: string): Promise<string[]> {
  const redis = new Redis(redisUrl)
  try {
    return await redis.keys(`${prefix}:*`)
  } finally {
    await redis.quit()
  }
}

async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const keys = await keysOf(redisUrl, prefix)
  if (!keys.length) return
  const redis = new Redis(redisUrl)
  try {
    await redis.del(...keys)
  } finally {
    await redis.quit()
  }
}
