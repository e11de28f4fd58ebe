import { parseEnv, port } from '@vm-algo/db'
import { z } from 'zod'

const list = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string()).min(1, 'needs at least one symbol'))

/** The core engine's settings; defaults replay bundled NIFTY 50 and NIFTY BANK minute bars. */
export const coreConfigSchema = z.object({
  CORE_PORT: port(8788),
  CORE_HOST: z.string().default('127.0.0.1'),
  FEED: z.enum(['replay', 'none']).default('replay'),
  REPLAY_SYMBOLS: list.default(['NIFTY50', 'BANKNIFTY']),
  /** Market time per wall time: 60 plays one market minute each second. */
  REPLAY_SPEED: z.coerce.number().positive().max(1_000_000).default(60),
  /** A running feed with no event for this long is reported stale (a silent dead feed). */
  FEED_STALE_MS: z.coerce.number().int().min(100).default(10_000),
  APP_VERSION: z.string().default('0.1.0'),
  /**
   * Shared secret the edge sends to the internal API (/internal/*: compile, SDK types,
   * instruments). `npm start` generates one into DATA_DIR/secrets.json; unset, that API is off.
   */
  CORE_INTERNAL_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  /**
   * Kite Connect's API host, for the token exchange and historical bars (the official client's
   * `root`); tests and local runs point it at the local Kite test server.
   */
  KITE_API_ROOT: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .default('https://api.kite.trade'),
  // Backtest jobs (jobs/): queued in PostgreSQL by the edge, run here.
  /** Jobs this process runs at once; 0 runs none (other core processes do). */
  JOB_CONCURRENCY: z.coerce.number().int().min(0).max(256).default(2),
  /** A running job whose engine has not renewed its lease for this long is run again. */
  JOB_LEASE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
  /** How often an idle engine looks for queued jobs. */
  JOB_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  /** Runs a job gets when the engine keeps dying on it; then it fails with that reason. */
  JOB_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(3),
  // Deployments and live scans (deployments/): read from the database, run in the sandbox.
  /** Names this process in the leases of what it runs; default `<host>:<CORE_PORT>`. */
  ENGINE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'letters, digits and _ . : - only')
    .optional(),
  /** Deployments (and, as many again, scans) this process runs; 0 runs none. */
  ENGINE_MAX_INSTANCES: z.coerce.number().int().min(0).max(10_000).default(500),
  /** How often the engine reads users' changes (deploy, pause, stop, scans). */
  ENGINE_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  /** Worker processes hosting plugin isolates. */
  SANDBOX_WORKERS: z.coerce.number().int().min(1).max(256).default(4),
  /** NATS JetStream for the tick bus, so several core processes share one feed; unset = in-process. */
  NATS_URL: z
    .string()
    .refine((v) => /^nats:\/\/.+/.test(v), 'must be a nats:// URL')
    .optional(),
  BUS_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')
    .default('VMALGO_BUS'),
  BUS_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]+$/, 'lower-case letters, digits, _ and - only')
    .default('vmalgo'),
})

export type CoreConfig = z.infer<typeof coreConfigSchema>

export const loadCoreConfig = (env: Record<string, string | undefined>): CoreConfig =>
  parseEnv(coreConfigSchema, env)
