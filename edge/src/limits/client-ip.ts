import type { Context } from 'hono'
import type { Services } from '../services.ts'

/**
 * The caller's address as this runtime knows it, for runtimes whose entry does not say: the
 * `cf-connecting-ip` header on Cloudflare Workers (set by Cloudflare, never by the client) and
 * the connection's `remoteAddr` on Deno (`Deno.serve` hands it to Hono as the env). Node's
 * entry passes @hono/node-server's `getConnInfo` as `services.clientIp` instead.
 */
export function runtimeClientIp(c: Context): string | undefined {
  if (globalThis.navigator?.userAgent === 'Cloudflare-Workers') {
    return c.req.header('cf-connecting-ip')
  }
  const remote = (c.env as { remoteAddr?: { hostname?: unknown } } | undefined)?.remoteAddr
  return typeof remote?.hostname === 'string' ? remote.hostname : undefined
}

/**
 * The address to limit a request by, or undefined when the runtime cannot tell. With
 * TRUST_PROXY = n (the number of proxies in front), the address the outermost of them saw:
 * the n-th `x-forwarded-for` entry from the right, since each proxy appends its peer and the
 * entries further left are whatever the client wrote. Without it, the header is ignored.
 */
export function clientIp(c: Context, services: Services): string | undefined {
  const hops = services.config.TRUST_PROXY
  if (hops > 0) {
    const chain = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
    if (chain.length > 0) return chain[Math.max(0, chain.length - hops)]
  }
  return (services.clientIp ?? runtimeClientIp)(c)
}

/**
 * The bucket an address counts in: IPv4 as is (also when IPv4-mapped), IPv6 by its /64 — one
 * subscriber usually holds a whole /64, so limiting single IPv6 addresses would limit nothing.
 *
 * @example
 * addressBucket('2001:db8:1:2:aaaa::1') // '2001:db8:1:2::/64'
 */
export function addressBucket(address: string): string {
  const ip = address
    .trim()
    .toLowerCase()
    .replace(/^\[|\](:\d+)?$/g, '')
    .replace(/%.*$/, '')
    .slice(0, 64)
  const mapped = ip.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/)
  if (mapped) return mapped[1]!
  if (!ip.includes(':')) return ip
  const [head = '', tail] = ip.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
  if (groups.length < 4 || groups.slice(0, 4).some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return ip
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`
}
