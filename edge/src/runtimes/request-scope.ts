import type { Database } from '@vm-algo/db'
import type { MiddlewareHandler } from 'hono'
import { every } from 'hono/combine'
import { contextStorage, tryGetContext } from 'hono/context-storage'
import { createMiddleware } from 'hono/factory'
import { type PostgresOptions, pingDatabase, postgresClient } from './postgres.ts'
import type { RuntimeDatabase } from './services.ts'

type Client = ReturnType<typeof postgresClient>
type ScopeEnv = { Variables: { requestClients: Map<string, Client> } }

/**
 * Scopes per-request resources: runs the request in Hono's context storage (AsyncLocalStorage,
 * `nodejs_compat` on Workers) and, once the response is made, closes the database clients
 * `perRequestPostgres` opened for it — in `waitUntil` where the runtime has it.
 *
 * @example
 * outer.use(requestScope())
 * outer.all('*', (c) => edge.fetch(c.req.raw, c.env, c.executionCtx))
 */
export function requestScope(): MiddlewareHandler {
  return every(
    contextStorage(),
    createMiddleware<ScopeEnv>(async (c, next) => {
      try {
        await next()
      } finally {
        const clients = c.get('requestClients')
        if (clients?.size) {
          const closing = Promise.all([...clients.values()].map((client) => client.end()))
          try {
            c.executionCtx.waitUntil(closing)
          } catch {
            await closing // no ExecutionContext (app.request in tests): close before answering
          }
        }
      }
    }),
  )
}

/**
 * postgres.js to `url` for runtimes where a socket belongs to the request that opened it —
 * Cloudflare Workers refuse I/O on another request's socket ("Cannot perform I/O on behalf of
 * a different request", see porsager/postgres#884), so a pool per isolate fails from the second
 * request on. `db` is a getter: each request gets its own client on first use, closed after
 * its response by `requestScope()`, which must wrap the request. No connection at start-up;
 * `driver` says `postgres` as nothing is probed.
 */
export function perRequestPostgres(url: string, options: PostgresOptions): RuntimeDatabase {
  const current = (): Client => {
    const c = tryGetContext<ScopeEnv>()
    if (!c) throw new Error('The database is opened per request here; use it inside one.')
    let clients = c.get('requestClients')
    if (!clients) {
      clients = new Map()
      c.set('requestClients', clients)
    }
    let client = clients.get(url)
    if (!client) {
      client = postgresClient(url, options)
      clients.set(url, client)
    }
    return client
  }
  return {
    get db(): Database {
      return current().db
    },
    driver: 'postgres',
    ping: () => pingDatabase(current().db),
    close: async () => {},
  }
}
