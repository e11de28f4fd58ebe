/**
 * Deno entry: the same app as on Node and Workers, on `Deno.serve`, with a postgres.js pool to
 * DATABASE_URL (migrated beforehand: the Node edge or `npm start` migrates on start). From the
 * repository root, with the packages `npm ci` installed:
 *
 *   deno run --node-modules-dir=manual --no-lock --allow-net --allow-env --allow-read \
 *     edge/src/runtimes/deno.ts
 *
 * Prints `[edge] listening on <url>`; SIGINT/SIGTERM close the server, then the pool.
 */
import { ConfigError } from '@vm-algo/db'
import { createEdgeApp } from '../app.ts'
import { connectPostgres } from './postgres.ts'
import { databaseUrlOf, servicesFromEnv } from './services.ts'

// The little of Deno's API used here (the edge is type-checked without Deno's types).
declare const Deno: {
  env: { toObject(): Record<string, string> }
  serve(
    options: {
      hostname: string
      port: number
      onListen(address: { hostname: string; port: number }): void
    },
    handler: (request: Request, info: unknown) => Response | Promise<Response>,
  ): { shutdown(): Promise<void> }
  addSignalListener(signal: 'SIGINT' | 'SIGTERM', handler: () => void): void
  exit(code: number): never
}

try {
  const runtime = await servicesFromEnv(Deno.env.toObject(), {
    openDatabase: (db) =>
      connectPostgres(databaseUrlOf(db, 'Deno'), {
        max: db.DB_POOL_MAX,
        applicationName: 'vm-algo-edge',
      }),
    sweepEveryMinute: true,
  })
  const { config } = runtime.services
  const app = createEdgeApp(runtime.services)
  // Hono reads the peer address from the handler's second argument (limits/client-ip.ts).
  const server = Deno.serve(
    {
      hostname: config.EDGE_HOST,
      port: config.EDGE_PORT,
      onListen: ({ hostname, port }) =>
        console.log(`[edge] listening on http://${hostname}:${port}`),
    },
    app.fetch,
  )
  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    await server.shutdown()
    await runtime.close()
    Deno.exit(0)
  }
  Deno.addSignalListener('SIGINT', stop)
  Deno.addSignalListener('SIGTERM', stop)
} catch (error) {
  console.error(error instanceof ConfigError ? `[edge] ${error.message}` : error)
  Deno.exit(1)
}
