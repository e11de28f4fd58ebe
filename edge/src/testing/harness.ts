import { randomBytes, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { type Database, newId, schema } from '@vm-algo/db'
import { openTestDatabase, seedTenant, type TestDriver, testDrivers } from '@vm-algo/db/testing'
import { eq, type SQL, sql } from 'drizzle-orm'
import { Redis } from 'ioredis'
import { generate } from 'otplib'
import { afterAll, beforeAll, describe } from 'vitest'
import type { KiteRestTestServer } from '../../../core/src/feeds/kite/rest-test-server.ts'
import { createEdgeApp } from '../app.ts'
import { issueAccessToken } from '../auth/tokens.ts'
import type { EdgeConfig } from '../config.ts'
import { loadEdgeConfig } from '../config.ts'
import { type CoreHealth, httpCoreClient } from '../lib/core-client.ts'
import type { RateLimiter } from '../limits/limiter.ts'
import { memoryRateLimiter } from '../limits/memory.ts'
import { upstashRateLimiter } from '../limits/upstash.ts'
import { nodeClientIp } from '../node/server.ts'
import { startUpstashBridge } from '../node/upstash-bridge.ts'
import type { Services } from '../services.ts'

/** Fresh secrets for one test process, as `npm start` would generate them. */
export const TEST_SECRETS = {
  JWT_SECRET: randomBytes(48).toString('base64url'),
  ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  CORE_INTERNAL_TOKEN: randomBytes(32).toString('base64url'),
}

/** A core health document as the core serves it, for servers standing in for the core. */
export function coreHealth(overrides: Partial<CoreHealth['feed']> = {}): CoreHealth {
  return {
    status: 'ok',
    service: 'core',
    version: '0.1.0',
    uptimeS: 5,
    feed: {
      kind: 'replay',
      state: 'running',
      speed: 60,
      symbols: ['NIFTY50'],
      events: 10,
      lastEventAt: Date.now(),
      marketTime: Date.parse('2024-01-01T09:20:00+05:30'),
      stale: false,
      ...overrides,
    },
  }
}

/** A real HTTP server answering GET /health with `body()`; returns its URL and a closer. */
export async function serveJson(
  body: () => unknown,
  status = 200,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body()))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/**
 * The edge app on a real migrated database of `driver`, talking to the core at `coreUrl`.
 * Per-address rate limits default to 10,000 a minute here, since every app.request() comes
 * from the same (unknown) address; rate-limit suites set the real ones through `env`.
 */
export async function testEdge(options: {
  driver?: TestDriver
  coreUrl: string
  /** More settings, e.g. a local Stripe server's `env()`. */
  env?: Record<string, string>
  /** Instead of the in-process limiter: one on a test clock, or Redis (`limiterBackends`). */
  rateLimiter?: RateLimiter
}) {
  const handle = await openTestDatabase(options.driver ?? 'pglite')
  const errors: unknown[] = []
  const services: Services = {
    config: loadEdgeConfig({
      ...TEST_SECRETS,
      CORE_URL: options.coreUrl,
      RATE_LIMIT_ANON_PER_MIN: '10000',
      RATE_LIMIT_AUTH_PER_MIN: '10000',
      ...options.env,
    }),
    database: { db: handle.db, driver: handle.engine, ping: handle.ping },
    core: httpCoreClient(options.coreUrl, 500, { token: TEST_SECRETS.CORE_INTERNAL_TOKEN }),
    startedAt: Date.now(),
    logError: (error) => errors.push(error),
    ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}),
    // As on Node: the socket's address when served over HTTP; none for app.request().
    clientIp: nodeClientIp,
  }
  return {
    app: createEdgeApp(services),
    config: services.config,
    handle,
    errors,
    close: () => handle.close(),
  }
}

export interface TestSession {
  tenantId: string
  userId: string
  sessionId: string
  email: string
  token: string
  /** `Authorization: Bearer …` for app.request(). */
  headers: Record<string, string>
}

/**
 * A signed-in member for route tests: a tenant with an owner (or `role`), a live session row
 * and a real access token — the same state sign-up and login create, without the HTTP round
 * trip. Pass `tenantId` to add a member to an existing tenant.
 */
export async function testSession(
  db: Database,
  config: EdgeConfig,
  options: {
    tier?: 'free' | 'pro' | 'elite'
    role?: 'owner' | 'admin' | 'member'
    isPlatformAdmin?: boolean
    mfa?: boolean
    /** Join this tenant (as `role`, default member) instead of creating one. */
    tenantId?: string
  } = {},
): Promise<TestSession> {
  const seeded = options.tenantId
    ? await seedMember(db, options.tenantId, options.role ?? 'member')
    : await seedTenant(db, { tier: options.tier ?? 'free' })
  if (!options.tenantId && options.role && options.role !== 'owner') {
    await db
      .update(schema.memberships)
      .set({ role: options.role })
      .where(eq(schema.memberships.userId, seeded.userId))
  }
  if (options.isPlatformAdmin) {
    await db
      .update(schema.users)
      .set({ isPlatformAdmin: true })
      .where(eq(schema.users.id, seeded.userId))
  }
  const [session] = await db
    .insert(schema.sessions)
    .values({
      tenantId: seeded.tenantId,
      userId: seeded.userId,
      kind: 'api',
      mfa: options.mfa ?? false,
      expiresAt: new Date(Date.now() + config.REFRESH_TOKEN_TTL_S * 1000),
    })
    .returning()
  const token = await issueAccessToken(config, {
    userId: seeded.userId,
    tenantId: seeded.tenantId,
    sessionId: session!.id,
  })
  return { ...seeded, sessionId: session!.id, token, headers: { authorization: `Bearer ${token}` } }
}

async function seedMember(
  db: Database,
  tenantId: string,
  role: 'owner' | 'admin' | 'member',
): Promise<{ tenantId: string; userId: string; email: string }> {
  const userId = newId('user')
  const email = `${userId.toLowerCase()}@example.test`
  await db.insert(schema.users).values({ id: userId, email, passwordHash: 'not-a-real-hash' })
  await db.insert(schema.memberships).values({ tenantId, userId, role })
  return { tenantId, userId, email }
}

/**
 * Tampers with the audit log as an attacker with superuser rights would: the append-only
 * trigger refuses every UPDATE and DELETE, so it is switched off first — inside one
 * transaction, so no other session ever sees it off.
 *
 * @example
 * await tamperAuditLog(db, sql`update audit_log set data = '{}' where seq = ${seq}`)
 */
export async function tamperAuditLog(db: Database, ...statements: SQL[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_log disable trigger audit_log_append_only`)
    for (const statement of statements) await tx.execute(statement)
    await tx.execute(sql`alter table audit_log enable trigger audit_log_append_only`)
  })
}

export type TestEdge = Awaited<ReturnType<typeof testEdge>>

/**
 * Headers every protected route must answer 401: none, `session`'s token with a forged
 * signature, and a token of `session` that expired an hour ago.
 */
export async function invalidCredentials(
  config: EdgeConfig,
  session: TestSession,
): Promise<Record<string, string>[]> {
  const expired = await issueAccessToken(config, session, Date.now() - 2 * 60 * 60 * 1000)
  return [
    {},
    { authorization: `Bearer ${session.token.slice(0, -4)}AAAA` },
    { authorization: `Bearer ${expired}` },
  ]
}

/** A response as a test reads it: status, headers and the parsed JSON body (null if empty). */
export interface JsonResponse<T> {
  status: number
  headers: Headers
  body: T
}

/**
 * Sends `method path` to the app with an optional JSON body and reads the JSON (or
 * problem+json) answer.
 *
 * @example
 * const { status, body } = await callJson(edge().app, 'GET', '/api/v1/team/members', { headers })
 */
export async function callJson<T = Record<string, unknown>>(
  app: TestEdge['app'],
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown } = {},
): Promise<JsonResponse<T>> {
  const res = await app.request(path, jsonRequest(method, options.body, options.headers))
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T }
}

/**
 * Runs a route suite on every database this run has: PGlite in-process always, and the real
 * PostgreSQL when DATABASE_URL is set (PGlite over the wire adds nothing the other two do not
 * cover for the edge). The core is not needed by these suites, so none is served. One proxy is
 * trusted, so a test can name the client's address in `x-forwarded-for`.
 *
 * @example
 * describeEdge('POST /api/v1/auth/login', (edge) => { it('…', async () => edge().app.request(…)) })
 */
export function describeEdge(
  title: string,
  suite: (edge: () => TestEdge) => void,
  env: Record<string, string> = {},
  options: {
    /**
     * Serve the core's internal API (real compiler) for the suite: see `fileTestCore`;
     * `{ kite: true }` also runs the local Kite test server behind it.
     */
    core?: boolean | TestCoreOptions
  } = {},
): void {
  if (options.core) {
    // Warming the compiler (a child process) overlaps with opening the database.
    void fileTestCore.start(options.core === true ? {} : options.core)
    afterAll(() => fileTestCore.close())
  }
  for (const driver of testDrivers().filter((d) => d !== 'pglite-socket')) {
    describe(`${title} [${driver}]`, () => {
      let edge: TestEdge | undefined
      beforeAll(async () => {
        edge = await testEdge({
          driver,
          coreUrl: options.core ? (await fileTestCore.start()).url : 'http://127.0.0.1:9',
          env: { TRUST_PROXY: '1', ...env },
        })
      })
      afterAll(async () => {
        await edge?.close()
      })
      suite(() => {
        if (!edge) throw new Error('edge not started yet')
        return edge
      })
    })
  }
}

/** The core's internal API on a free loopback port, as route suites that compile plugins use it. */
export interface TestCore {
  url: string
  /** The local Kite test server the core's Kite calls go to (with `{ kite: true }`). */
  kite?: KiteRestTestServer
  close(): Promise<void>
}

export interface TestCoreOptions {
  /** Point the core at a local Kite (login, token exchange, NIFTY 50 daily bars). */
  kite?: boolean
}

/**
 * Serves the core's internal API (the real plugin compiler, warmed; the SDK types; the
 * instrument catalog) on 127.0.0.1 with `TEST_SECRETS.CORE_INTERNAL_TOKEN`, so edge suites
 * talk to it over HTTP exactly as the edge talks to a running core. Loaded on demand: the
 * compiler brings TypeScript, which other suites need not load.
 */
export async function startTestCore(options: TestCoreOptions = {}): Promise<TestCore> {
  const { internalRoutes } = await import('../../../core/src/server/internal.ts')
  const { createPluginCompiler } = await import('../../../core/src/compiler/compiler.ts')
  const compiler = createPluginCompiler()
  await compiler.warm()
  const kite = options.kite ? await startLocalKite() : undefined
  const app = internalRoutes({
    token: TEST_SECRETS.CORE_INTERNAL_TOKEN,
    compiler,
    ...(kite ? { kiteApiRoot: kite.url } : {}),
  })
  const server: Server = createServer(getRequestListener(app.fetch))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    ...(kite ? { kite } : {}),
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await compiler.close()
      await kite?.close()
    },
  }
}

async function startLocalKite(): Promise<KiteRestTestServer> {
  const { startKiteRestTestServer } = await import(
    '../../../core/src/feeds/kite/rest-test-server.ts'
  )
  const { loadBars } = await import('../../../core/src/market/catalog.ts')
  return startKiteRestTestServer({ candles: { 256265: { day: await loadBars('NIFTY50', '1d') } } })
}

/**
 * One test core per test file (compiler start-up takes a couple of seconds): `start()` starts
 * it on first use, `close()` stops it; `describeEdge(…, { core: true })` does both.
 */
export const fileTestCore = (() => {
  let running: Promise<TestCore> | undefined
  return {
    /** Options count on the first start of the file only. */
    start: (options: TestCoreOptions = {}): Promise<TestCore> => {
      running ??= startTestCore(options)
      return running
    },
    async close(): Promise<void> {
      const core = running
      running = undefined
      await (await core)?.close()
    },
  }
})()

/** A Set-Cookie header taken apart: its value and attributes (names lower-cased). */
export interface SetCookie {
  value: string
  attributes: Record<string, string | true>
}

/** The cookies a response sets, by name. */
export function responseCookies(res: Response): Record<string, SetCookie> {
  const out: Record<string, SetCookie> = {}
  for (const header of res.headers.getSetCookie()) {
    const [pair, ...attrs] = header.split(';').map((p) => p.trim())
    const eq = pair!.indexOf('=')
    const attributes: Record<string, string | true> = {}
    for (const attr of attrs) {
      const at = attr.indexOf('=')
      if (at < 0) attributes[attr.toLowerCase()] = true
      else attributes[attr.slice(0, at).toLowerCase()] = attr.slice(at + 1)
    }
    out[pair!.slice(0, eq)] = { value: decodeURIComponent(pair!.slice(eq + 1)), attributes }
  }
  return out
}

/** A `Cookie` request header from name → value. */
export const cookieHeader = (cookies: Record<string, string>): string =>
  Object.entries(cookies)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('; ')

/** A request for app.request() with a JSON body, or with no body (and no content type). */
export const jsonRequest = (
  method: string,
  body?: unknown,
  headers: Record<string, string> = {},
): RequestInit =>
  body === undefined
    ? { method, headers }
    : {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      }

export const TEST_PASSWORD = 'lemon tree by the river 42'

/** A unique address per call, so suites can share the real PostgreSQL database. */
export const uniqueEmail = (label = 'user') =>
  `${label}-${crypto.randomUUID().slice(0, 12)}@example.test`

export interface SignedUp {
  email: string
  password: string
  userId: string
  tenantId: string
  accessToken: string
  refreshToken: string
  csrfToken: string
  /** `Authorization: Bearer …` */
  headers: Record<string, string>
  /** The cookies sign-up set, by name (value only). */
  cookies: Record<string, string>
}

/** Signs up through POST /api/v1/auth/register, as a client would. */
export async function signUp(
  app: TestEdge['app'],
  input: { email?: string; password?: string; name?: string; tenantName?: string } = {},
): Promise<SignedUp> {
  const email = input.email ?? uniqueEmail()
  const password = input.password ?? TEST_PASSWORD
  const res = await app.request(
    '/api/v1/auth/register',
    jsonRequest('POST', { ...input, email, password }),
  )
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`)
  const body = (await res.json()) as {
    user: { id: string }
    tenant: { id: string }
    accessToken: string
    refreshToken: string
    csrfToken: string
  }
  const cookies = Object.fromEntries(
    Object.entries(responseCookies(res)).map(([name, c]) => [name, c.value]),
  )
  return {
    email,
    password,
    userId: body.user.id,
    tenantId: body.tenant.id,
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    csrfToken: body.csrfToken,
    headers: { authorization: `Bearer ${body.accessToken}` },
    cookies,
  }
}

/**
 * The TOTP code an authenticator app shows for `secret`, `stepOffset` 30-second steps from now.
 * The server accepts one step either way, so a test can use up to two distinct fresh codes per
 * user (offsets 0 then 1) without waiting for the clock.
 */
export const totpCode = (secret: string, stepOffset = 0): Promise<string> =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + stepOffset * 30 })

/** A rate limiter implementation for limit suites; `skip` says why it cannot run here. */
export interface LimiterBackend {
  name: string
  skip?: string
  open(): Promise<{
    /** A limiter with keys of its own, deciding by `now`. */
    create(now: () => number): RateLimiter
    close(): Promise<void>
  }>
}

/**
 * In-process always; Upstash's REST protocol over the local bridge to the real Redis when
 * REDIS_URL is set (skipped, saying so, otherwise). Redis keys carry a prefix unique to the
 * run, so parallel runs on one Redis never meet, and `close()` deletes them.
 *
 * @example
 * for (const backend of limiterBackends()) describe.skipIf(!!backend.skip)(backend.name, …)
 */
export function limiterBackends(): LimiterBackend[] {
  const redisUrl = process.env.REDIS_URL
  const memory: LimiterBackend = {
    name: 'in-process',
    open: async () => ({ create: (now) => memoryRateLimiter({ now }), close: async () => {} }),
  }
  const redis: LimiterBackend = {
    name: 'Redis over the Upstash REST bridge',
    ...(redisUrl ? {} : { skip: 'REDIS_URL is not set' }),
    async open() {
      const bridge = await startUpstashBridge({ redisUrl: redisUrl! })
      const prefix = `test:rl:${randomUUID()}`
      let n = 0
      return {
        create: (now) =>
          upstashRateLimiter({
            url: bridge.url,
            token: bridge.token,
            prefix: `${prefix}:${n++}`,
            now,
          }),
        async close() {
          const direct = new Redis(redisUrl!)
          const keys = await direct.keys(`${prefix}:*`)
          if (keys.length) await direct.del(...keys)
          await direct.quit()
          await bridge.close()
        },
      }
    },
  }
  return [memory, redis]
}

/**
 * Turns two-factor on for a signed-up user through the API (enrol, then confirm with the
 * current code, returned as `confirmedWith`). That code uses up the current step: the next
 * fresh code is `totpCode(secret, 1)`.
 */
export async function enrolTotp(
  app: TestEdge['app'],
  headers: Record<string, string>,
): Promise<{ secret: string; backupCodes: string[]; confirmedWith: string }> {
  const enrolled = await app.request('/api/v1/mfa/totp/enroll', { method: 'POST', headers })
  if (enrolled.status !== 200) throw new Error(`enrol failed: ${enrolled.status}`)
  const { secret } = (await enrolled.json()) as { secret: string }
  const confirmedWith = await totpCode(secret)
  const confirmed = await app.request(
    '/api/v1/mfa/totp/confirm',
    jsonRequest('POST', { code: confirmedWith }, headers),
  )
  if (confirmed.status !== 200) throw new Error(`confirm failed: ${confirmed.status}`)
  const { backupCodes } = (await confirmed.json()) as { backupCodes: string[] }
  return { secret, backupCodes, confirmedWith }
}

/** The source of an example plugin, `plugins/examples/<name>.ts`. */
export const examplePlugin = (name: string): string =>
  readFileSync(new URL(`../../../plugins/examples/${name}.ts`, import.meta.url), 'utf8')

/** A plugin stored through the API: the plugin and its first version. */
export interface StoredPlugin {
  pluginId: string
  versionId: string
  version: string
}

/**
 * Creates a plugin and stores `source` as its first version through the API, as the editor
 * does (needs the test core: `describeEdge(…, { core: true })`). Throws unless both succeed.
 */
export async function storePlugin(
  app: TestEdge['app'],
  headers: Record<string, string>,
  input: { kind: 'strategy' | 'scanner'; source: string; name?: string },
): Promise<StoredPlugin> {
  const name = input.name ?? `${input.kind} ${randomUUID().slice(0, 8)}`
  const created = await callJson<{ id: string }>(app, 'POST', '/api/v1/plugins', {
    headers,
    body: { kind: input.kind, name },
  })
  if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`)
  const stored = await callJson<{ id: string; version: string }>(
    app,
    'POST',
    `/api/v1/plugins/${created.body.id}/versions`,
    { headers, body: { source: input.source } },
  )
  if (stored.status !== 201) throw new Error(`store failed: ${JSON.stringify(stored.body)}`)
  return { pluginId: created.body.id, versionId: stored.body.id, version: stored.body.version }
}
