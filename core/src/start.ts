import { serve } from '@hono/node-server'
import { loadDbConfig } from '@vm-algo/db'
import { migrateDatabase, openDatabase, pgliteDir } from '@vm-algo/db/node'
import { Hono } from 'hono'
import { loadCoreConfig } from './config.ts'
import { createBundledReplay } from './market/bundled-replay.ts'
import type { ReplayFeed } from './market/types.ts'
import { healthRoutes } from './server/health.ts'

export interface RunningCore {
  url: string
  feed: ReplayFeed | null
  close(): Promise<void>
}

/**
 * Starts the core engine: its database connection, the default market-data feed (replay of
 * the bundled NSE minute bars) and its HTTP health endpoint.
 */
export async function startCore(env: Record<string, string | undefined>): Promise<RunningCore> {
  const config = loadCoreConfig(env)
  const dbConfig = loadDbConfig(env)
  const handle = dbConfig.DATABASE_URL
    ? await openDatabase({
        url: dbConfig.DATABASE_URL,
        poolMax: dbConfig.DB_POOL_MAX,
        applicationName: 'vm-algo-core',
      })
    : await openDatabase({ pglite: { dataDir: pgliteDir(dbConfig.DATA_DIR) } })
  await migrateDatabase(handle, dbConfig.DATABASE_URL)

  let feed: ReplayFeed | null = null
  if (config.FEED === 'replay') {
    feed = await createBundledReplay({ symbols: config.REPLAY_SYMBOLS, speed: config.REPLAY_SPEED })
    feed.start()
  }

  const startedAt = Date.now()
  const app = new Hono().route(
    '/',
    healthRoutes({
      version: config.APP_VERSION,
      startedAt,
      staleAfterMs: config.FEED_STALE_MS,
      feed: feed ? { kind: 'replay', status: feed.status } : null,
      pingDatabase: handle.ping,
    }),
  )
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.CORE_PORT, hostname: config.CORE_HOST }, () =>
      resolve(s),
    )
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.CORE_PORT
  return {
    url: `http://${config.CORE_HOST}:${port}`,
    feed,
    async close() {
      feed?.stop()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await handle.close()
    },
  }
}
