import { createEdgeApp } from './app.ts'
import { loadEdgeConfig } from './config.ts'
import { httpCoreClient } from './lib/core-client.ts'
import type { Services } from './services.ts'

type Bindings = Record<string, string | undefined>

let services: Services | undefined

/**
 * Cloudflare Workers entry (`wrangler dev` / `wrangler deploy`, see wrangler.toml). Services are
 * built once per isolate from the bindings. The database binding (postgres.js over Hyperdrive)
 * is wired with the accounts work; until then health reports the database as not configured.
 */
export default {
  fetch(request: Request, env: Bindings): Response | Promise<Response> {
    services ??= {
      config: loadEdgeConfig(env),
      database: null,
      core: httpCoreClient(env.CORE_URL ?? 'http://127.0.0.1:8788'),
      startedAt: Date.now(),
      logError: (error, requestId) => console.error(requestId, error),
    }
    return createEdgeApp(services).fetch(request)
  },
}
