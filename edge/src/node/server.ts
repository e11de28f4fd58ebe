import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { loadDbConfig } from '@vm-algo/db'
import { type DatabaseHandle, migrateDatabase, openDatabase, pgliteDir } from '@vm-algo/db/node'
import type { Context } from 'hono'
import { createEdgeApp } from '../app.ts'
import { upstashRateLimiter } from '../limits/upstash.ts'
import { servicesFromEnv } from '../runtimes/services.ts'
import { withLocalSecrets } from './local-secrets.ts'
import { startUpstashBridge } from './upstash-bridge.ts'

export interface RunningEdge {
  url: string
  close(): Promise<void>
}

/**
 * Starts the edge on Node: opens the database (postgres.js for DATABASE_URL, else PGlite
 * under DATA_DIR), applies migrations, and serves the Hono app.
 */
export async function startEdge(rawEnv: Record<string, string | undefined>): Promise<RunningEdge> {
  const dbConfig = loadDbConfig(rawEnv)
  const runtime = await servicesFromEnv(withLocalSecrets(rawEnv, dbConfig.DATA_DIR), {
    // REDIS_URL and no Upstash: serve Upstash's protocol locally (loopback, random token), so
    // the limiter speaks the same REST protocol here as on Workers. Fails start-up if Redis is down.
    async rateLimiter(config) {
      if (!config.REDIS_URL || config.UPSTASH_REDIS_REST_URL) return undefined
      const bridge = await startUpstashBridge({ redisUrl: config.REDIS_URL })
      const { url, token } = bridge
      return {
        limiter: upstashRateLimiter({ url, token, prefix: config.RATE_LIMIT_PREFIX }),
        close: () => bridge.close(),
      }
    },
    async openDatabase({ DATABASE_URL: url, DB_POOL_MAX: poolMax, DATA_DIR }) {
      const handle: DatabaseHandle = url
        ? await openDatabase({ url, poolMax, applicationName: 'vm-algo-edge' })
        : await openDatabase({ pglite: { dataDir: pgliteDir(DATA_DIR) } })
      await migrateDatabase(handle, url).catch(async (error) => {
        await handle.close()
        throw error
      })
      return { db: handle.db, driver: handle.engine, ping: handle.ping, close: handle.close }
    },
    clientIp: nodeClientIp,
    sweepEveryMinute: true,
  })
  const { config } = runtime.services
  const app = createEdgeApp(runtime.services)
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.EDGE_PORT, hostname: config.EDGE_HOST }, () =>
      resolve(s),
    )
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.EDGE_PORT
  return {
    url: `http://${config.EDGE_HOST}:${port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await runtime.close()
    },
  }
}

/** The TCP peer of a request @hono/node-server serves; undefined for in-process app.request(). */
export function nodeClientIp(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address
  } catch {
    return undefined
  }
}
