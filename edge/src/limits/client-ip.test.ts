import { Hono } from 'hono'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { loadEdgeConfig } from '../config.ts'
import type { Services } from '../services.ts'
import { TEST_SECRETS } from '../testing/harness.ts'
import { addressBucket, clientIp } from './client-ip.ts'

/** A real Hono app answering with the address the limits would use. */
function app(trustProxy: string, peer?: string) {
  const services = {
    config: loadEdgeConfig({ ...TEST_SECRETS, TRUST_PROXY: trustProxy }),
    ...(peer ? { clientIp: () => peer } : {}),
  } as Services
  const hono = new Hono()
  hono.get('/', (c) => c.text(clientIp(c, services) ?? '(unknown)'))
  return (headers: Record<string, string> = {}, env?: unknown) =>
    Promise.resolve(hono.request('/', { headers }, env)).then((res) => res.text())
}

describe('clientIp', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('uses the peer address and ignores X-Forwarded-For without TRUST_PROXY', async () => {
    const ip = app('0', '192.0.2.10')
    expect(await ip()).toBe('192.0.2.10')
    expect(await ip({ 'x-forwarded-for': '203.0.113.5' })).toBe('192.0.2.10')
  })

  it('takes the entry the outermost trusted proxy appended', async () => {
    const chain = { 'x-forwarded-for': 'spoofed, 203.0.113.5, 10.0.0.2' }
    expect(await app('1', '10.0.0.3')(chain)).toBe('10.0.0.2')
    expect(await app('2', '10.0.0.3')(chain)).toBe('203.0.113.5')
    expect(await app('true', '10.0.0.3')(chain)).toBe('10.0.0.2')
    // No header: the proxy was bypassed or the call is internal; use the peer.
    expect(await app('1', '10.0.0.3')()).toBe('10.0.0.3')
  })

  it('reads the runtime: cf-connecting-ip only on Workers, remoteAddr on Deno', async () => {
    const ip = app('0')
    expect(await ip({ 'cf-connecting-ip': '203.0.113.8' })).toBe('(unknown)')
    expect(
      await ip({}, { remoteAddr: { hostname: '203.0.113.9', port: 1, transport: 'tcp' } }),
    ).toBe('203.0.113.9')
    vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' })
    expect(await ip({ 'cf-connecting-ip': '203.0.113.8' })).toBe('203.0.113.8')
  })

  it('refuses a TRUST_PROXY that is not a hop count', () => {
    expect(() => loadEdgeConfig({ ...TEST_SECRETS, TRUST_PROXY: 'yes' })).toThrow(
      /TRUST_PROXY: must be true, false or the number of proxies/,
    )
    expect(() => loadEdgeConfig({ ...TEST_SECRETS, TRUST_PROXY: '11' })).toThrow(/TRUST_PROXY/)
  })
})

describe('addressBucket', () => {
  it('keeps IPv4 (also IPv4-mapped) and groups IPv6 by /64', () => {
    expect(addressBucket('203.0.113.7')).toBe('203.0.113.7')
    expect(addressBucket('::ffff:203.0.113.7')).toBe('203.0.113.7')
    expect(addressBucket('2001:DB8:0001:0002:aaaa::1')).toBe('2001:db8:1:2::/64')
    expect(addressBucket('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64')
    expect(addressBucket('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(addressBucket('[2001:db8:1:2::9]:443')).toBe('2001:db8:1:2::/64')
    expect(addressBucket('fe80::1%eth0')).toBe('fe80:0:0:0::/64')
    expect(addressBucket('::1')).toBe('0:0:0:0::/64')
    expect(addressBucket('not-an-address')).toBe('not-an-address')
  })
})
