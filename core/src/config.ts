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
})

export type CoreConfig = z.infer<typeof coreConfigSchema>

export const loadCoreConfig = (env: Record<string, string | undefined>): CoreConfig =>
  parseEnv(coreConfigSchema, env)
