import { ConfigError, loadDbConfig } from '@vm-algo/db'
import { describe, expect, it } from 'vitest'
import { memoryRateLimiter } from '../limits/memory.ts'
import { TEST_SECRETS } from '../testing/harness.ts'
import { connectPostgres } from './postgres.ts'
import { perRequestPostgres } from './request-scope.ts'
import { databaseUrlOf, type RuntimeDeps, servicesFromEnv } from './services.ts'

// A port nothing listens on: connecting fails at once with ECONNREFUSED.
const NOWHERE = 'postgres://vm:s3cret-password@127.0.0.1:1/nowhere'

// A database that connects on first use (the Workers one): these tests never use it.
const unused: RuntimeDeps['openDatabase'] = async () => perRequestPostgres(NOWHERE, { max: 1 })

describe('servicesFromEnv', () => {
  it("builds the edge's services from the environment, limits in-process by default", async () => {
    const runtime = await servicesFromEnv(
      { ...TEST_SECRETS, CORE_URL: 'http://127.0.0.1:9', RATE_LIMIT_ANON_PER_MIN: '7' },
      { openDatabase: unused },
    )
    try {
      expect(runtime.services.config.RATE_LIMIT_ANON_PER_MIN).toBe(7)
      expect(runtime.services.rateLimiter?.backend).toBe('memory')
    } finally {
      await runtime.close()
    }
  })

  it('limits in Redis through Upstash when both UPSTASH_* are set', async () => {
    const runtime = await servicesFromEnv(
      {
        ...TEST_SECRETS,
        UPSTASH_REDIS_REST_URL: 'https://example.upstash.io',
        UPSTASH_REDIS_REST_TOKEN: 'token',
      },
      { openDatabase: unused },
    )
    expect(runtime.services.rateLimiter?.backend).toBe('redis')
    await runtime.close()
  })

  it('refuses a bare REDIS_URL where the runtime has no Redis client, naming the way out', async () => {
    const start = servicesFromEnv(
      { ...TEST_SECRETS, REDIS_URL: 'redis://127.0.0.1:6379' },
      { openDatabase: unused },
    )
    await expect(start).rejects.toThrow(ConfigError)
    await expect(start).rejects.toThrow(/REDIS_URL: .*UPSTASH_REDIS_REST_URL/)
  })

  it('stops on bad settings before opening anything', async () => {
    await expect(
      servicesFromEnv({ JWT_SECRET: 'short' }, { openDatabase: unused }),
    ).rejects.toThrow(/JWT_SECRET: must be at least 32 characters/)
  })

  it("closes the runtime's own limiter when the database cannot be opened", async () => {
    let closed = false
    const start = servicesFromEnv(
      { ...TEST_SECRETS, DATABASE_URL: NOWHERE },
      {
        openDatabase: (db) => connectPostgres(databaseUrlOf(db, 'Deno'), { max: 1 }),
        rateLimiter: async () => ({
          limiter: memoryRateLimiter(),
          close: async () => {
            closed = true
          },
        }),
      },
    )
    await expect(start).rejects.toThrow('cannot connect to the database: ECONNREFUSED')
    expect(closed).toBe(true)
  })
})

describe('databaseUrlOf', () => {
  it('asks for DATABASE_URL on runtimes without an embedded database', () => {
    expect(() => databaseUrlOf(loadDbConfig({}), 'Deno')).toThrow(/DATABASE_URL: required on Deno/)
    expect(databaseUrlOf(loadDbConfig({ DATABASE_URL: NOWHERE }), 'Deno')).toBe(NOWHERE)
  })
})
