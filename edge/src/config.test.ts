import { ConfigError } from '@vm-algo/db'
import { describe, expect, it } from 'vitest'
import { loadEdgeConfig } from './config.ts'
import { TEST_SECRETS } from './testing/harness.ts'

describe('edge config', () => {
  it('has safe defaults for the embedded platform', () => {
    const config = loadEdgeConfig({ ...TEST_SECRETS })
    expect(config.EDGE_PORT).toBe(8787)
    expect(config.CORE_URL).toBe('http://127.0.0.1:8788')
    expect(config.CORS_ORIGINS).toContain('http://localhost:3000')
  })

  it('refuses to start without signing and encryption keys, or with weak ones', () => {
    expect(() => loadEdgeConfig({})).toThrow(/JWT_SECRET[\s\S]*ENCRYPTION_KEY/)
    expect(() => loadEdgeConfig({ ...TEST_SECRETS, JWT_SECRET: 'short' })).toThrow(
      /JWT_SECRET: must be at least 32/,
    )
    expect(() =>
      loadEdgeConfig({ ...TEST_SECRETS, ENCRYPTION_KEY: btoa('16 bytes only!!!') }),
    ).toThrow(/ENCRYPTION_KEY: must be 32 bytes/)
  })

  it('stops start-up naming the bad setting', () => {
    expect(() =>
      loadEdgeConfig({ ...TEST_SECRETS, CORE_URL: 'not a url', EDGE_PORT: '99999' }),
    ).toThrow(ConfigError)
    expect(() => loadEdgeConfig({ ...TEST_SECRETS, CORE_URL: 'not a url' })).toThrow(/CORE_URL/)
    expect(() => loadEdgeConfig({ ...TEST_SECRETS, EDGE_PORT: '99999' })).toThrow(/EDGE_PORT/)
    expect(() =>
      loadEdgeConfig({ ...TEST_SECRETS, CORS_ORIGINS: 'https://ok.example, nope' }),
    ).toThrow(/CORS_ORIGINS/)
  })
})
