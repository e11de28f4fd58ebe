/**
 * `npm start`: the whole platform on one machine. With no DATABASE_URL it serves an embedded
 * PGlite (persisted under DATA_DIR) over the Postgres wire protocol so the edge and the core —
 * separate processes — share it; applies migrations; builds the web app if needed; starts the
 * core (market replay), the edge API and the app; prints the URLs; stops cleanly on Ctrl-C.
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ConfigError } from '@vm-algo/db'
import { migrateDatabase, openDatabase, pgliteDir, serveEmbedded } from '@vm-algo/db/node'
import { ensureLocalSecrets, startLocalStripe } from '@vm-algo/edge/node'
import { appNeedsBuild, appServerEntry, buildApp } from './lib/app-build.ts'
import { loadPlatformConfig } from './lib/config.ts'
import { type Supervised, supervise } from './lib/supervisor.ts'
import { waitForHttp } from './lib/wait.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const log = (line: string) => console.log(line)

async function main() {
  const config = loadPlatformConfig(process.env)
  const stops: Array<() => Promise<void>> = []
  let databaseUrl = config.DATABASE_URL
  if (!databaseUrl) {
    const embedded = await serveEmbedded({
      dataDir: pgliteDir(config.DATA_DIR),
      port: config.EMBEDDED_DB_PORT,
    })
    databaseUrl = embedded.url
    stops.push(embedded.stop)
    log(`[db] embedded PGlite in ${pgliteDir(config.DATA_DIR)}, served at ${embedded.url}`)
  } else {
    log('[db] using DATABASE_URL')
  }
  const migrator = await openDatabase({ url: databaseUrl, poolMax: 1 })
  await migrateDatabase(migrator, databaseUrl)
  await migrator.close()
  log('[db] migrations applied')

  if (appNeedsBuild(root)) buildApp(root, log)

  const edgeUrl = `http://127.0.0.1:${config.EDGE_PORT}`
  const coreUrl = `http://127.0.0.1:${config.CORE_PORT}`
  // Generated once per DATA_DIR unless set: sessions and encrypted data survive restarts.
  const secrets = ensureLocalSecrets(config.DATA_DIR)
  // No Stripe account configured: a local server speaking Stripe's protocol, with a test
  // checkout page and signed webhooks to the edge, so upgrading works on a fresh machine.
  let stripeEnv: Record<string, string> = {}
  if (!process.env.STRIPE_SECRET_KEY) {
    const stripe = await startLocalStripe({
      stateFile: join(config.DATA_DIR, 'stripe-local.json'),
      webhookUrl: `${edgeUrl}/api/v1/webhooks/stripe`,
    })
    stops.push(stripe.close)
    stripeEnv = stripe.env()
    log(`[stripe] no STRIPE_SECRET_KEY: local test Stripe at ${stripe.url}`)
  }
  const publicUrl = `http://${config.HOST === '0.0.0.0' || config.HOST === '127.0.0.1' ? 'localhost' : config.HOST}:${config.PORT}`
  const env = {
    ...process.env,
    JWT_SECRET: process.env.JWT_SECRET || secrets.JWT_SECRET,
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY || secrets.ENCRYPTION_KEY,
    // The edge calls the core's internal API (plugin compiler) with it; both get the same.
    CORE_INTERNAL_TOKEN: process.env.CORE_INTERNAL_TOKEN || secrets.CORE_INTERNAL_TOKEN,
    DATABASE_URL: databaseUrl,
    DB_POOL_MAX: process.env.DB_POOL_MAX ?? (config.DATABASE_URL ? '10' : '4'),
    DATA_DIR: config.DATA_DIR,
    CORE_PORT: String(config.CORE_PORT),
    EDGE_PORT: String(config.EDGE_PORT),
    CORE_URL: coreUrl,
    ...stripeEnv,
    PUBLIC_URL: process.env.PUBLIC_URL || publicUrl,
    // The browser's origin is the app's: allow it on whatever PORT the app was given.
    CORS_ORIGINS:
      process.env.CORS_ORIGINS ||
      [publicUrl, `http://localhost:${config.PORT}`, `http://127.0.0.1:${config.PORT}`].join(','),
    // The app forwards /api/* to the edge and appends x-forwarded-for: trust exactly one hop,
    // so each browser gets its own rate-limit bucket instead of sharing the app's address.
    TRUST_PROXY: process.env.TRUST_PROXY ?? '1',
  }
  const services: Supervised[] = [
    supervise(
      { name: 'core', args: ['--no-node-snapshot', 'core/src/main.ts'], env, cwd: root },
      log,
    ),
    supervise({ name: 'edge', args: ['edge/src/node/main.ts'], env, cwd: root }, log),
    supervise(
      {
        name: 'app',
        args: [appServerEntry(root)],
        env: { ...env, PORT: String(config.PORT), HOST: config.HOST, EDGE_URL: edgeUrl },
        cwd: root,
      },
      log,
    ),
  ]

  let shuttingDown = false
  const shutdown = async (signal: string) => {
    if (shuttingDown) return
    shuttingDown = true
    log(`\nvm-algo: ${signal} received, stopping…`)
    await Promise.all(services.map((s) => s.stop()))
    for (const stop of stops.reverse()) await stop()
    log('vm-algo: stopped')
    process.exit(0)
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))

  const [core, edge, app] = services as [Supervised, Supervised, Supervised]
  const appUrl = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`
  try {
    await waitForHttp(`${coreUrl}/health`, { okStatuses: [503], isAlive: core.alive })
    await waitForHttp(`${edgeUrl}/api/v1/health`, { okStatuses: [503], isAlive: edge.alive })
    await waitForHttp(appUrl, { isAlive: app.alive })
  } catch (error) {
    // Never leave half a platform running.
    await Promise.all(services.map((s) => s.stop()))
    for (const stop of stops.reverse()) await stop()
    throw error
  }
  log(
    [
      '',
      'vm-algo is running',
      `  app         ${appUrl.replace('127.0.0.1', 'localhost')}`,
      `  edge API    ${edgeUrl}/api/v1/health`,
      `  API docs    ${edgeUrl}/api/v1/docs`,
      `  core        ${coreUrl}/health`,
      `  database    ${config.DATABASE_URL ? 'DATABASE_URL' : `embedded PGlite (${pgliteDir(config.DATA_DIR)})`}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  )
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error)
  process.exit(1)
})
