import { createHash, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ratelimit } from '@upstash/ratelimit'
import { Redis as UpstashRedis } from '@upstash/redis'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startEdge } from './server.ts'
import { startUpstashBridge, type UpstashBridge } from './upstash-bridge.ts'

const REDIS_URL = process.env.REDIS_URL
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex')
const b64 = (text: string) => Buffer.from(text).toString('base64')

it('refuses to start when Redis cannot be reached, without echoing the URL', async () => {
  await expect(
    startUpstashBridge({ redisUrl: 'redis://:s3cret@127.0.0.1:1', log: () => {} }),
  ).rejects.toThrow(/^cannot reach Redis at REDIS_URL \((?!.*s3cret)/)
})

describe.skipIf(!REDIS_URL)(
  `Upstash REST bridge against real Redis${REDIS_URL ? '' : ' (skipped: set REDIS_URL to run)'}`,
  () => {
    const prefix = `test:bridge:${randomUUID()}:`
    const k = (name: string) => prefix + name
    let bridge: UpstashBridge
    let direct: Redis

    beforeAll(async () => {
      bridge = await startUpstashBridge({ redisUrl: REDIS_URL! })
      direct = new Redis(REDIS_URL!)
    })
    afterAll(async () => {
      const keys = await direct.keys(`${prefix}*`)
      if (keys.length) await direct.del(...keys)
      await direct.quit()
      await bridge?.close()
    })

    const post = async (
      path: string,
      body: unknown,
      headers: Record<string, string> = {},
      token = bridge.token,
    ) => {
      const res = await fetch(bridge.url + path, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      })
      return { status: res.status, body: (await res.json()) as unknown }
    }
    const base64 = { 'Upstash-Encoding': 'base64' }

    it('runs one command as a JSON array, with plain or base64 strings', async () => {
      expect(await post('/', ['SET', k('s'), 'héllo ✓'])).toEqual({
        status: 200,
        body: { result: 'OK' },
      })
      expect((await post('/', ['GET', k('s')])).body).toEqual({ result: 'héllo ✓' })
      expect((await post('/', ['GET', k('s')], base64)).body).toEqual({ result: b64('héllo ✓') })
      // "OK" stays plain in base64 mode; integers and nil are never encoded.
      expect((await post('/', ['SET', k('n'), 5], base64)).body).toEqual({ result: 'OK' })
      expect((await post('/', ['INCR', k('n')], base64)).body).toEqual({ result: 6 })
      expect((await post('/', ['GET', k('missing')], base64)).body).toEqual({ result: null })
      await post('/', ['RPUSH', k('l'), 'a', 'b'])
      expect((await post('/', ['LRANGE', k('l'), 0, -1], base64)).body).toEqual({
        result: [b64('a'), b64('b')],
      })
      expect((await post('/', ['PING'], base64)).body).toEqual({ result: b64('PONG') })
    })

    it("answers Redis's refusals as 400 { error }", async () => {
      await post('/', ['SET', k('text'), 'abc'])
      const notInt = await post('/', ['INCR', k('text')])
      expect(notInt.status).toBe(400)
      expect(notInt.body).toEqual({ error: expect.stringMatching(/^ERR value is not an integer/) })
      expect((await post('/', ['NOSUCHCOMMAND'])).body).toEqual({
        error: expect.stringMatching(/^ERR unknown command/),
      })
      expect(await post('/', 'not json')).toEqual({
        status: 400,
        body: { error: 'ERR the request body is not valid JSON' },
      })
      expect((await post('/', { cmd: 'GET' })).status).toBe(400)
      expect((await post('/', ['GET', { nested: true }])).status).toBe(400)
      expect((await post('/', ['BLPOP', k('l'), 0])).body).toEqual({
        error: 'ERR BLPOP is not supported over REST',
      })
    })

    it('runs a pipeline in order, each command with its own result or error', async () => {
      const res = await post(
        '/pipeline',
        [
          ['SET', k('p'), '1'],
          ['INCR', k('p')],
          ['INCR', k('text')],
          ['SUBSCRIBE', k('chan')],
          ['GET', k('p')],
        ],
        base64,
      )
      expect(res.status).toBe(200)
      expect(res.body).toEqual([
        { result: 'OK' },
        { result: 2 },
        { error: expect.stringMatching(/^ERR value is not an integer/) },
        { error: 'ERR SUBSCRIBE is not supported over REST' },
        { result: b64('2') },
      ])
    })

    it('runs multi-exec atomically and discards a transaction Redis refuses as a whole', async () => {
      const ok = await post('/multi-exec', [
        ['SET', k('m'), '10'],
        ['INCRBY', k('m'), 5],
        ['INCR', k('text')],
        ['GET', k('m')],
      ])
      expect(ok.body).toEqual([
        { result: 'OK' },
        { result: 15 },
        { error: expect.stringMatching(/^ERR value is not an integer/) },
        { result: '15' },
      ])
      const discarded = await post('/multi-exec', [
        ['SET', k('m'), 'changed'],
        ['NOSUCHCOMMAND', 'x'],
      ])
      expect(discarded.status).toBe(400)
      expect(discarded.body).toEqual({ error: expect.stringMatching(/^ERR unknown command/) })
      expect(await direct.get(k('m'))).toBe('15')
      expect((await post('/multi-exec', [])).status).toBe(400)
    })

    it('refuses a missing or wrong token, and accepts ?_token=', async () => {
      const none = await fetch(bridge.url, { method: 'POST', body: '["PING"]' })
      expect(none.status).toBe(401)
      expect(await none.json()).toEqual({ error: 'Unauthorized' })
      expect(await post('/', ['PING'], {}, `${bridge.token}x`)).toEqual({
        status: 401,
        body: { error: 'Unauthorized' },
      })
      const query = await fetch(`${bridge.url}/?_token=${bridge.token}`, {
        method: 'POST',
        body: '["PING"]',
      })
      expect(await query.json()).toEqual({ result: 'PONG' })
      const get = await fetch(bridge.url, { headers: { authorization: `Bearer ${bridge.token}` } })
      expect(get.status).toBe(405)
    })

    it('drops script flags Redis 7.0 refuses, and keeps EVALSHA and SCRIPT LOAD working', async () => {
      const script = '#!lua flags=allow-key-locking\nreturn {ARGV[1], {tonumber(ARGV[2]) + 1}}'
      // Plain Redis refuses the script as Upstash's clients send it…
      await expect(direct.eval(script, 0, 'x', 1)).rejects.toThrow(/flag/i)
      // …the bridge runs it, under the SHA-1 the client computed.
      expect((await post('/', ['EVAL', script, 0, 'hi', 41], base64)).body).toEqual({
        result: [b64('hi'), [42]],
      })
      expect((await post('/', ['EVALSHA', sha1(script), 0, 'again', 1])).body).toEqual({
        result: ['again', [2]],
      })
      const other = '#!lua flags=allow-key-locking\nreturn 7'
      expect((await post('/', ['SCRIPT', 'LOAD', other])).body).toEqual({ result: sha1(other) })
      expect((await post('/', ['SCRIPT', 'EXISTS', sha1(other), '0'.repeat(40)])).body).toEqual({
        result: [1, 0],
      })
      expect((await post('/pipeline', [['EVALSHA', sha1(other), 0]])).body).toEqual([{ result: 7 }])
      // Flags Redis knows stay in force.
      const readOnly = `#!lua flags=no-writes,allow-key-locking\nreturn redis.call('SET', KEYS[1], 'x')`
      const refused = await post('/', ['EVAL', readOnly, 1, k('ro')])
      expect(refused.status).toBe(400)
      expect(await direct.exists(k('ro'))).toBe(0)
    })

    it('serves @upstash/redis and @upstash/ratelimit as Upstash would', async () => {
      const redis = new UpstashRedis({
        url: bridge.url,
        token: bridge.token,
        enableTelemetry: false,
      })
      await redis.set(k('json'), { a: 1 })
      expect(await redis.get(k('json'))).toEqual({ a: 1 })
      const tx = await redis.multi().incr(k('c')).incr(k('c')).exec()
      expect(tx).toEqual([1, 2])
      expect(await redis.pipeline().get(k('c')).del(k('c')).exec()).toEqual([2, 1])

      const ratelimit = new Ratelimit({
        redis,
        limiter: Ratelimit.slidingWindow(3, '10 s'),
        prefix: k('ratelimit'),
        ephemeralCache: false,
      })
      const results = []
      for (let i = 0; i < 4; i++) results.push(await ratelimit.limit('user'))
      expect(results.map((r) => [r.success, r.remaining, r.reason])).toEqual([
        [true, 2, undefined],
        [true, 1, undefined],
        [true, 0, undefined],
        [false, 0, undefined],
      ])
    })

    it('is what the Node edge limits through when only REDIS_URL is set', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'vm-algo-edge-'))
      const keyPrefix = `${prefix}edge`
      // This run's throwaway PostgreSQL database when there is one (migrated already), else
      // PGlite in a scratch folder; never the named DATABASE_URL.
      const databaseUrl = inject('testDatabaseUrl')
      const edge = await startEdge({
        ...(databaseUrl ? { DATABASE_URL: databaseUrl, DB_POOL_MAX: '1' } : {}),
        DATA_DIR: dataDir,
        EDGE_PORT: '0',
        CORE_URL: 'http://127.0.0.1:9',
        REDIS_URL,
        RATE_LIMIT_PREFIX: keyPrefix,
      })
      try {
        const res = await fetch(`${edge.url}/api/v1/openapi.json`)
        expect(res.status).toBe(200)
        expect(res.headers.get('ratelimit-limit')).toBe('60')
        expect(res.headers.get('ratelimit-remaining')).toBe('59')
        const keys = await direct.keys(`${keyPrefix}:*`)
        expect(keys).toEqual([
          expect.stringMatching(/^test:bridge:.*:\{60000:ip:127\.0\.0\.1\}:\d+$/),
        ])
      } finally {
        await edge.close()
        rmSync(dataDir, { recursive: true, force: true })
      }
    })
  },
)
