import type { Database } from '@vm-algo/db'
import type { AuthContext } from './auth/middleware.ts'
import type { EdgeConfig } from './config.ts'
import type { CoreClient } from './lib/core-client.ts'

/**
 * What handlers need from the outside world, built once per process (or per Worker isolate)
 * and reached through `c.get('services')`, so tests can hand in real parts of their choosing.
 */
export interface Services {
  config: EdgeConfig
  database: {
    db: Database
    driver: 'pglite' | 'postgres'
    /** Round-trip in ms; throws when unreachable. */
    ping(): Promise<number>
  } | null
  core: CoreClient
  startedAt: number
  /** Logs an unexpected error with its request id; never reaches the client. */
  logError(error: unknown, requestId: string): void
}

export type Env = {
  Variables: { services: Services; requestId: string; auth: AuthContext }
}
