import { parseEnv, port } from '@vm-algo/db'
import { z } from 'zod'

const origins = z
  .string()
  .default('http://localhost:3000,http://127.0.0.1:3000')
  .transform((v) =>
    v
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.url()))

/** The edge's settings; every one has a safe default for the embedded platform. */
export const edgeConfigSchema = z.object({
  EDGE_PORT: port(8787),
  EDGE_HOST: z.string().default('127.0.0.1'),
  CORE_URL: z.url().default('http://127.0.0.1:8788'),
  CORS_ORIGINS: origins,
  APP_VERSION: z.string().default('0.1.0'),
})

export type EdgeConfig = z.infer<typeof edgeConfigSchema>

/** Reads the edge config from any runtime's env object (process.env, Deno.env, Worker bindings). */
export const loadEdgeConfig = (env: Record<string, string | undefined>): EdgeConfig =>
  parseEnv(edgeConfigSchema, env)
