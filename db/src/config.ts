import { z } from 'zod'
import { parseEnv, postgresUrl } from './env.ts'

/**
 * The data layer's settings. With no DATABASE_URL the platform runs on embedded PGlite,
 * persisted under DATA_DIR, so a fresh machine needs no database server.
 */
export const dbConfigSchema = z.object({
  DATABASE_URL: postgresUrl().optional(),
  DATA_DIR: z.string().default('.data'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
})

export type DbConfig = z.infer<typeof dbConfigSchema>

export const loadDbConfig = (env: Record<string, string | undefined>): DbConfig =>
  parseEnv(dbConfigSchema, env)
