import { randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type Database, schema } from '@vm-algo/db'
import { openTestDatabase, seedTenant, type TestDriver } from '@vm-algo/db/testing'
import { eq } from 'drizzle-orm'
import { createEdgeApp } from '../app.ts'
import { issueAccessToken } from '../auth/tokens.ts'
import type { EdgeConfig } from '../config.ts'
import { loadEdgeConfig } from '../config.ts'
import { type CoreHealth, httpCoreClient } from '../lib/core-client.ts'
import type { Services } from '../services.ts'

/** Fresh secrets for one test process, as `npm start` would generate them. */
export const TEST_SECRETS = {
  JWT_SECRET: randomBytes(48).toString('base64url'),
  ENCRYPTION_KEY: randomBytes(32).toString('base64'),
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

/** The edge app on a real migrated database of `driver`, talking to the core at `coreUrl`. */
export async function testEdge(options: { driver?: TestDriver; coreUrl: string }) {
  const handle = await openTestDatabase(options.driver ?? 'pglite')
  const errors: unknown[] = []
  const services: Services = {
    config: loadEdgeConfig({ ...TEST_SECRETS, CORE_URL: options.coreUrl }),
    database: { db: handle.db, driver: handle.engine, ping: handle.ping },
    core: httpCoreClient(options.coreUrl, 500),
    startedAt: Date.now(),
    logError: (error) => errors.push(error),
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
  } = {},
): Promise<TestSession> {
  const seeded = await seedTenant(db, { tier: options.tier ?? 'free' })
  if (options.role && options.role !== 'owner') {
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
