import { hostname } from 'node:os'
import { serve } from '@hono/node-server'
import { loadDbConfig } from '@vm-algo/db'
import { migrateDatabase, openDatabase, pgliteDir } from '@vm-algo/db/node'
import { Hono } from 'hono'
import { connectFeedToBus, createMemoryBus, createNatsBus, type TickBus } from './bus/index.ts'
import { createPluginCompiler } from './compiler/compiler.ts'
import { loadCoreConfig } from './config.ts'
import { bundledHistory } from './deployments/history.ts'
import { type DeploymentManager, startDeploymentManager } from './deployments/manager.ts'
import { type ScanManager, startScanManager } from './deployments/scans.ts'
import { coreJobHandlers, type JobHandler, type JobRunner, startJobRunner } from './jobs/index.ts'
import { createBundledReplay } from './market/bundled-replay.ts'
import type { ReplayFeed } from './market/types.ts'
import { createSandboxPool } from './sandbox/index.ts'
import { healthRoutes } from './server/health.ts'
import { internalRoutes } from './server/internal.ts'

export interface RunningCore {
  url: string
  feed: ReplayFeed | null
  /** The shared tick bus: candles and ticks per instrument, for strategies and scanners. */
  bus: TickBus
  /** Runs queued backtest jobs; null when JOB_CONCURRENCY is 0. */
  jobs: JobRunner | null
  /** Runs deployments and live scans; null when ENGINE_MAX_INSTANCES is 0. */
  deployments: DeploymentManager | null
  scans: ScanManager | null
  close(): Promise<void>
}

/**
 * Starts the core engine: its database connection, the default market-data feed (replay of
 * the bundled NSE minute bars) and its HTTP endpoints: health, and the internal API for the
 * edge (plugin compiler, SDK types, instruments; see server/internal.ts).
 */
export async function startCore(
  env: Record<string, string | undefined>,
  options: { jobHandlers?: Record<string, JobHandler> } = {},
): Promise<RunningCore> {
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
  const jobs = await startJobRunner(handle.db, config, {
    ...coreJobHandlers(handle.db),
    ...options.jobHandlers,
  })

  const bus: TickBus = config.NATS_URL
    ? await createNatsBus({
        servers: config.NATS_URL,
        stream: config.BUS_STREAM,
        prefix: config.BUS_PREFIX,
      })
    : createMemoryBus()
  let feed: ReplayFeed | null = null
  let bridge: { stop(): void } | null = null
  if (config.FEED === 'replay') {
    feed = await createBundledReplay({ symbols: config.REPLAY_SYMBOLS, speed: config.REPLAY_SPEED })
    // Only one process should replay into a shared (NATS) bus; others run with FEED=none.
    bridge = connectFeedToBus(feed, bus)
    feed.start()
  }

  // Plugins run in worker processes of this pool, never in this one (it holds the database).
  const pool = createSandboxPool({ workers: config.SANDBOX_WORKERS })
  const engine = {
    db: handle.db,
    pool,
    bus,
    engineId: config.ENGINE_ID ?? `${hostname()}:${config.CORE_PORT}`,
    pollMs: config.ENGINE_POLL_MS,
    maxInstances: config.ENGINE_MAX_INSTANCES,
    // Warm-up history comes from the bundled data the replay plays.
    ...(config.FEED === 'replay' ? { history: bundledHistory() } : {}),
    onError: (e: unknown) => console.error('engine:', e instanceof Error ? e.message : e),
  }
  const running = config.ENGINE_MAX_INSTANCES > 0
  const deployments = running ? startDeploymentManager(engine) : null
  const scans = running ? startScanManager(engine) : null

  const startedAt = Date.now()
  // One compiler per process, warmed now (TypeScript and the SDK types take ~2 s to load) so the
  // editor's first validation does not wait for it.
  const compiler = createPluginCompiler()
  void compiler.warm()
  const app = new Hono()
    .route(
      '/',
      healthRoutes({
        version: config.APP_VERSION,
        startedAt,
        staleAfterMs: config.FEED_STALE_MS,
        feed: feed ? { kind: 'replay', status: feed.status } : null,
        pingDatabase: handle.ping,
      }),
    )
    .route(
      '/',
      internalRoutes({
        token: config.CORE_INTERNAL_TOKEN,
        compiler,
        kiteApiRoot: config.KITE_API_ROOT,
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
    bus,
    jobs,
    deployments,
    scans,
    async close() {
      // Before the database closes: running jobs finish or go back to the queue, deployments
      // and scans checkpoint and give their leases back. Well inside the launcher's 5 s
      // between SIGTERM and SIGKILL.
      await Promise.all([jobs?.stop({ timeoutMs: 3_000 }), deployments?.stop(), scans?.stop()])
      await pool.close()
      feed?.stop()
      bridge?.stop()
      await bus.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await compiler.close()
      await handle.close()
    },
  }
}
