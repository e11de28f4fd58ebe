import { parseEnv, port, postgresUrl } from '@vm-algo/db'
import { z } from 'zod'

/** Settings of `npm start`; the edge, core and app read their own on top of these. */
export const platformConfigSchema = z.object({
  PORT: port(3000),
  HOST: z.string().default('127.0.0.1'),
  EDGE_PORT: port(8787),
  CORE_PORT: port(8788),
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: postgresUrl().optional(),
  /** Port of the embedded PGlite wire-protocol server; 0 picks a free one. */
  EMBEDDED_DB_PORT: port(0),
})

export type PlatformConfig = z.infer<typeof platformConfigSchema>

export const loadPlatformConfig = (env: Record<string, string | undefined>) =>
  parseEnv(platformConfigSchema, env)
