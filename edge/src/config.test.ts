import { ConfigError } from '@vm-algo/db'
import { describe, expect, it } from 'vitest'
import { loadEdgeConfig } from './config.ts'

describe('edge config', () => {
  it('has safe defaults for the embedded platform', () => {
    const config = loadEdgeConfig({})
    expect(config.EDGE_PORT).toBe(8787)
    expect(config.CORE_URL).toBe('http://127.0.0.1:8788')
    expect(config.CORS_ORIGINS).toContain('http://localhost:3000')
  })

  it('stops start-up naming the bad setting', () => {
    expect(() => loadEdgeConfig({ CORE_URL: 'not a url', EDGE_PORT: '99999' })).toThrow(ConfigError)
    expect(() => loadEdgeConfig({ CORE_URL: 'not a url' })).toThrow(/CORE_URL/)
    expect(() => loadEdgeConfig({ EDGE_PORT: '99999' })).toThrow(/EDGE_PORT/)
    expect(() => loadEdgeConfig({ CORS_ORIGINS: 'https://ok.example, nope' })).toThrow(
      /CORS_ORIGINS/,
    )
  })
})
