import { ConfigError } from '@vm-algo/db'
import { describe, expect, it } from 'vitest'
import { loadEdgeConfig } from '../config.ts'
import { TEST_SECRETS } from '../testing/harness.ts'
import { createRateLimiter } from './create.ts'

const config = (env: Record<string, string> = {}) => loadEdgeConfig({ ...TEST_SECRETS, ...env })

describe('createRateLimiter and its settings', () => {
  it('limits in-process by default, with the documented limits', () => {
    const defaults = config()
    expect(createRateLimiter(defaults).backend).toBe('memory')
    expect(defaults).toMatchObject({
      RATE_LIMIT_ANON_PER_MIN: 60,
      RATE_LIMIT_AUTH_PER_MIN: 10,
      RATE_LIMIT_PREFIX: 'vm-algo:rl',
      TRUST_PROXY: 0,
    })
  })

  it('uses Redis through Upstash when both UPSTASH_* are set', () => {
    const upstash = config({
      UPSTASH_REDIS_REST_URL: 'https://example.upstash.io',
      UPSTASH_REDIS_REST_TOKEN: 'token',
    })
    expect(createRateLimiter(upstash).backend).toBe('redis')
  })

  it('stops start-up naming a half-set Upstash pair or a bad value', () => {
    expect(() => config({ UPSTASH_REDIS_REST_URL: 'https://example.upstash.io' })).toThrow(
      /UPSTASH_REDIS_REST_TOKEN: must be set with its pair/,
    )
    expect(() => config({ UPSTASH_REDIS_REST_TOKEN: 'token' })).toThrow(/UPSTASH_REDIS_REST_URL/)
    expect(() => config({ REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(ConfigError)
    expect(() => config({ REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(
      /REDIS_URL: must be a redis/,
    )
    expect(() => config({ RATE_LIMIT_ANON_PER_MIN: '0' })).toThrow(/RATE_LIMIT_ANON_PER_MIN/)
    expect(() => config({ RATE_LIMIT_PREFIX: 'has space' })).toThrow(/RATE_LIMIT_PREFIX/)
  })
})
