import { ConfigError, type DbConfig, loadDbConfig } from '@vm-algo/db'
import { expireGracePeriods } from '../billing/grace.ts'
import { type EdgeConfig, loadEdgeConfig } from '../config.ts'
import { httpCoreClient } from '../lib/core-client.ts'
import { createRateLimiter } from '../limits/create.ts'
import type { RateLimiter } from '../limits/limiter.ts'
import type { Services } from '../services.ts'

/** `services.database`, with the way to let go of it. */
export type RuntimeDatabase = NonNullable<Services['database']> & { close(): Promise<void> }

/** What differs between runtimes; everything else `servicesFromEnv` builds the same way. */
export interface RuntimeDeps {
  /** Opens (and, where the runtime can, migrates) the database the settings name. */
  openDatabase(config: DbConfig): Promise<RuntimeDatabase>
  /**
   * A limiter of the runtime's own: Node's reaches REDIS_URL through its local Upstash
   * bridge. Unset, or resolving to undefined: the config's (Upstash REST or in-process).
   */
  rateLimiter?(
    config: EdgeConfig,
  ): Promise<{ limiter: RateLimiter; close(): Promise<void> } | undefined>
  /** The peer address as the runtime knows it; unset: limits/client-ip.ts `runtimeClientIp`. */
  clientIp?: Services['clientIp']
  /**
   * Expire billing grace periods every minute, as a long-lived process should (Node, Deno).
   * Workers have no process: their entry runs the sweep from a Cron Trigger instead.
   */
  sweepEveryMinute?: boolean
}

export interface RuntimeServices {
  services: Services
  /** Stops the sweep, closes the database and the runtime's limiter. */
  close(): Promise<void>
}

/**
 * Builds the edge's services from an environment (process.env, Deno.env, Worker bindings):
 * the config, the database through `deps`, the core client, and the rate limiter — Upstash's
 * REST protocol when UPSTASH_REDIS_REST_URL/_TOKEN are set, else in-process (per process or
 * isolate). A bare REDIS_URL needs a TCP Redis client, which only the Node entry brings
 * (through `deps.rateLimiter`); elsewhere it is refused rather than silently not shared.
 * Bad settings throw ConfigError naming them.
 *
 * @example
 * const { services, close } = await servicesFromEnv(Deno.env.toObject(), {
 *   openDatabase: (db) => connectPostgres(databaseUrlOf(db, 'Deno'), { max: db.DB_POOL_MAX }),
 * })
 * Deno.serve(createEdgeApp(services).fetch)
 */
export async function servicesFromEnv(
  env: Record<string, string | undefined>,
  deps: RuntimeDeps,
): Promise<RuntimeServices> {
  const config = loadEdgeConfig(env)
  const dbConfig = loadDbConfig(env)
  const own = await deps.rateLimiter?.(config)
  if (!own && config.REDIS_URL && !config.UPSTASH_REDIS_REST_URL) {
    throw new ConfigError(
      'Invalid configuration:\n  REDIS_URL: needs a TCP Redis client, which only the Node entry has; ' +
        'on this runtime set UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN (Upstash, or a ' +
        'server speaking its REST protocol in front of your Redis)',
    )
  }
  let database: RuntimeDatabase
  try {
    database = await deps.openDatabase(dbConfig)
  } catch (error) {
    await own?.close()
    throw error
  }
  const services: Services = {
    config,
    // As is, not spread: a per-request database reads `db` through a getter.
    database,
    core: httpCoreClient(config.CORE_URL, 2000, { token: config.CORE_INTERNAL_TOKEN }),
    startedAt: Date.now(),
    logError: (error, requestId) => console.error(`[edge] ${requestId}`, error),
    rateLimiter: own?.limiter ?? createRateLimiter(config),
    ...(deps.clientIp ? { clientIp: deps.clientIp } : {}),
  }
  // A grace period ends even if no webhook comes.
  const sweep = deps.sweepEveryMinute
    ? setInterval(() => {
        expireGracePeriods(database.db).catch((error) => console.error('[edge] grace sweep', error))
      }, 60_000)
    : undefined
  // Node: do not keep the process alive for the sweep alone (Deno's timers are plain numbers).
  ;(sweep as { unref?: () => void } | undefined)?.unref?.()
  return {
    services,
    async close() {
      clearInterval(sweep)
      await database.close()
      await own?.close()
    },
  }
}

/**
 * DATABASE_URL, which runtimes without an embedded database (Deno, Workers) need.
 *
 * @example
 * connectPostgres(databaseUrlOf(loadDbConfig(env), 'Deno'), { max: 10 })
 */
export function databaseUrlOf(config: DbConfig, runtime: string): string {
  if (config.DATABASE_URL) return config.DATABASE_URL
  throw new ConfigError(
    `Invalid configuration:\n  DATABASE_URL: required on ${runtime}, which has no embedded ` +
      'database (`npm start` serves its embedded one over the wire: use that URL)',
  )
}
