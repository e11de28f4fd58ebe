import { serve } from '@hono/node-server'
import { loadDbConfig } from '@vm-algo/db'
import { type DatabaseHandle, migrateDatabase, openDatabase, pgliteDir } from '@vm-algo/db/node'
import { createEdgeApp } from '../app.ts'
import { loadEdgeConfig } from '../config.ts'
import { httpCoreClient } from '../lib/core-client.ts'
import type { Services } from '../services.ts'
import { withLocalSecrets } from './local-secrets.ts'

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
  const env = withLocalSecrets(rawEnv, dbConfig.DATA_DIR)
  const config = loadEdgeConfig(env)
  const handle: DatabaseHandle = dbConfig.DATABASE_URL
    ? await openDatabase({
        url: dbConfig.DATABASE_URL,
        poolMax: dbConfig.DB_POOL_MAX,
        applicationName: 'vm-algo-edge',
      })
    : await openDatabase({ pglite: { dataDir: pgliteDir(dbConfig.DATA_DIR) } })
  await migrateDatabase(handle, dbConfig.DATABASE_URL)

  const services: Services = {
    config,
    database: { db: handle.db, driver: handle.engine, ping: handle.ping },
    core: httpCoreClient(config.CORE_URL),
    startedAt: Date.now(),
    logError: (error, requestId) => console.error(`[edge] ${requestId}`, error),
  }
  const app = createEdgeApp(services)
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
      await handle.close()
    },
  }
}
