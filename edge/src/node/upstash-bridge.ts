import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Redis } from 'ioredis'
import { type Prepared, ScriptShas } from './upstash-scripts.ts'

export interface UpstashBridgeOptions {
  /** redis:// or rediss:// URL of the real Redis. */
  redisUrl: string
  /** Bearer token clients must send; a random one by default. */
  token?: string
  host?: string
  /** 0 (the default) picks a free port. */
  port?: number
  maxBodyBytes?: number
  /** Redis connection trouble, at most every 30 s. */
  log?: (message: string) => void
}

export interface UpstashBridge {
  /** Base URL for `@upstash/redis` (`url`), with `token`. */
  url: string
  token: string
  close(): Promise<void>
}

type Reply = { result: unknown } | { error: string }

class BridgeError extends Error {
  readonly status: number
  constructor(status: number, message: string) {
    super(message)
    this.status = status
  }
}

// Connection state, pub/sub and blocking commands would break or stall the one shared connection.
const REFUSED = new Set(
  'MULTI EXEC DISCARD WATCH UNWATCH SELECT SWAPDB AUTH HELLO QUIT RESET CLIENT MONITOR SYNC PSYNC REPLICAOF SLAVEOF SHUTDOWN DEBUG SUBSCRIBE PSUBSCRIBE SSUBSCRIBE UNSUBSCRIBE PUNSUBSCRIBE SUNSUBSCRIBE BLPOP BRPOP BRPOPLPUSH BLMOVE BLMPOP BZPOPMIN BZPOPMAX BZMPOP WAIT WAITAOF XREAD XREADGROUP'.split(
    ' ',
  ),
)
const WARN_EVERY_MS = 30_000

/**
 * A local server speaking Upstash's REST protocol to a real Redis, so `@upstash/redis` (and
 * the rate limiter built on it) runs against the Redis of REDIS_URL in development, tests and
 * self-hosting: `POST /` with a JSON command array, `POST /pipeline` and `POST /multi-exec`
 * with an array of them, `Authorization: Bearer <token>` (or `?_token=`), and base64-encoded
 * strings when the client sends `Upstash-Encoding: base64`. Errors come as `{ error }`: 400 for
 * a command Redis refused, 401 for a bad token, 503 when Redis cannot be reached.
 *
 * Scripts with `#!lua` flags Redis 7.0 refuses are rewritten (see upstash-scripts.ts).
 *
 * @example
 * const bridge = await startUpstashBridge({ redisUrl: 'redis://127.0.0.1:6379' })
 * const redis = new Redis({ url: bridge.url, token: bridge.token }) // from @upstash/redis
 */
export async function startUpstashBridge(options: UpstashBridgeOptions): Promise<UpstashBridge> {
  const token = options.token ?? randomBytes(32).toString('base64url')
  const expected = sha256(token)
  const maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024
  const log = options.log ?? ((message: string) => console.warn(message))
  let lastWarnAt = Number.NEGATIVE_INFINITY
  const redis = new Redis(options.redisUrl, {
    lazyConnect: true,
    // Fail fast while Redis is away: the limiter's fallback answers instead of a queue growing.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 5000,
    connectionName: 'vm-algo-upstash-bridge',
  })
  const warn = (what: string, error: unknown) => {
    if (Date.now() - lastWarnAt < WARN_EVERY_MS) return
    lastWarnAt = Date.now()
    log(`[upstash-bridge] ${what}: ${error instanceof Error ? error.message : String(error)}`)
  }
  redis.on('error', (error: Error) => warn('Redis connection', error))
  try {
    await redis.connect()
  } catch (error) {
    redis.disconnect()
    throw new Error(`cannot reach Redis at REDIS_URL (${(error as Error).message})`)
  }
  const scripts = new ScriptShas()

  const execute = async (route: string, body: unknown, base64: boolean) => {
    if (route === '/') {
      const reply = await runOne(redis, scripts.prepare(toCommand(body)))
      return 'error' in reply
        ? { status: 400, body: reply }
        : { status: 200, body: encode(reply, base64) }
    }
    if (!Array.isArray(body) || body.length === 0) {
      throw new BridgeError(400, 'ERR send a non-empty JSON array of commands')
    }
    const commands = body.map((c) => scripts.prepare(toCommand(c)))
    const replies =
      route === '/pipeline' ? await runPipeline(redis, commands) : await runMulti(redis, commands)
    if (!Array.isArray(replies)) return { status: 400, body: replies }
    return { status: 200, body: replies.map((r) => encode(r, base64)) }
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const url = new URL(req.url ?? '/', 'http://bridge')
      const given =
        req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? url.searchParams.get('_token')
      if (!given || !timingSafeEqual(sha256(given), expected))
        throw new BridgeError(401, 'Unauthorized')
      if (req.method !== 'POST') throw new BridgeError(405, 'ERR only POST is supported')
      const format = req.headers['upstash-response-format']
      if (format && format !== 'json')
        throw new BridgeError(400, 'ERR only the json response format is supported')
      const route = url.pathname.replace(/\/+$/, '') || '/'
      if (!['/', '/pipeline', '/multi-exec'].includes(route)) {
        throw new BridgeError(
          400,
          'ERR send commands to /, /pipeline or /multi-exec as JSON arrays',
        )
      }
      const base64 = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64'
      const { status, body } = await execute(route, await readJson(req, maxBodyBytes), base64)
      send(res, status, body)
    } catch (error) {
      if (error instanceof BridgeError) return send(res, error.status, { error: error.message })
      warn('request failed', error)
      send(res, 503, { error: 'ERR the bridge cannot reach Redis' })
    }
  }

  const server = createServer((req, res) => void handle(req, res))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve)
  })
  const { address, port } = server.address() as AddressInfo
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    token,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await redis.quit().catch(() => redis.disconnect())
    },
  }
}

/** A JSON command array as Redis arguments. */
function toCommand(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || typeof value[0] !== 'string') {
    throw new BridgeError(400, 'ERR a command is a JSON array: its name, then its arguments')
  }
  return value.map((arg) => {
    if (typeof arg === 'string') return arg
    if (typeof arg === 'number' || typeof arg === 'boolean') return String(arg)
    throw new BridgeError(400, 'ERR command arguments must be strings or numbers')
  })
}

const refusal = (name: string): Reply => ({ error: `ERR ${name} is not supported over REST` })

/** Redis errors (ReplyError) are the command's answer; anything else means Redis is unreachable. */
function replyOf(error: unknown): Reply {
  if (error instanceof Error && error.name === 'ReplyError') return { error: error.message }
  throw error
}

const refusedName = ({ args }: Prepared) =>
  REFUSED.has(args[0]!.toUpperCase()) ? args[0]!.toUpperCase() : undefined

/** SCRIPT LOAD of a rewritten script answers the SHA-1 of the script the client sent. */
const resultOf = (prepared: Prepared, result: unknown): Reply => ({
  result: prepared.loads ?? result,
})

async function runOne(redis: Redis, prepared: Prepared): Promise<Reply> {
  const refused = refusedName(prepared)
  if (refused) return refusal(refused)
  const [name, ...args] = prepared.args
  try {
    return resultOf(prepared, await redis.callBuffer(name!, ...args))
  } catch (error) {
    return replyOf(error)
  }
}

/** In order, not atomic (as Upstash): each command gets its own result or error. */
async function runPipeline(redis: Redis, commands: Prepared[]): Promise<Reply[]> {
  const pipeline = redis.pipeline()
  for (const command of commands) {
    const [name, ...args] = command.args
    if (!refusedName(command)) pipeline.callBuffer(name!, ...args)
  }
  const results = (await pipeline.exec()) ?? []
  let i = 0
  return commands.map((command) => {
    const refused = refusedName(command)
    if (refused) return refusal(refused)
    const [error, result] = results[i++]!
    return error ? replyOf(error) : resultOf(command, result)
  })
}

/** Atomic: one refused or malformed command discards the whole transaction, as with Upstash. */
async function runMulti(redis: Redis, commands: Prepared[]): Promise<Reply[] | Reply> {
  const refused = commands.map(refusedName).find(Boolean)
  if (refused) return refusal(refused)
  const multi = redis.multi()
  for (const {
    args: [name, ...args],
  } of commands)
    multi.callBuffer(name!, ...args)
  try {
    const results = await multi.exec()
    if (!results) return { error: 'ERR the transaction was aborted' }
    return results.map(([error, result], i) =>
      error ? replyOf(error) : resultOf(commands[i]!, result),
    )
  } catch (error) {
    // EXECABORT: the first queued command Redis refused says why.
    return replyOf((error as { previousErrors?: Error[] }).previousErrors?.[0] ?? error)
  }
}

/** Upstash's JSON shape: strings as UTF-8 text, or base64 when asked (except a bare "OK"). */
function encode(reply: Reply, base64: boolean): Reply {
  if ('error' in reply) return reply
  const value = (v: unknown): unknown => {
    if (v === null || v === undefined) return null
    if (typeof v === 'number') return v
    if (Array.isArray(v)) return v.map(value)
    const bytes = Buffer.isBuffer(v) ? v : Buffer.from(v instanceof Error ? v.message : String(v))
    if (!base64) return bytes.toString('utf8')
    return bytes.length === 2 && bytes.toString() === 'OK' ? 'OK' : bytes.toString('base64')
  }
  return { result: value(reply.result) }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

async function readJson(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > maxBytes) throw new BridgeError(413, 'ERR the request body is too large')
    chunks.push(chunk)
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    throw new BridgeError(400, 'ERR the request body is not valid JSON')
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  })
  res.end(text)
}
