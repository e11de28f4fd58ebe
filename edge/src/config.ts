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
  /** HMAC key for access tokens. `npm start` generates one into DATA_DIR/secrets.json. */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  JWT_ISSUER: z.string().default('vm-algo'),
  JWT_AUDIENCE: z.string().default('vm-algo-api'),
  ACCESS_TOKEN_TTL_S: z.coerce
    .number()
    .int()
    .min(60)
    .default(60 * 60),
  REFRESH_TOKEN_TTL_S: z.coerce
    .number()
    .int()
    .min(300)
    .default(7 * 24 * 60 * 60),
  /** AES-256-GCM key (base64, 32 bytes) for secrets at rest: TOTP seeds, broker credentials. */
  ENCRYPTION_KEY: z
    .string()
    .refine((v) => base64Length(v) === 32, 'must be 32 bytes, base64-encoded'),
})

function base64Length(value: string): number {
  try {
    return atob(value).length
  } catch {
    return -1
  }
}

export type EdgeConfig = z.infer<typeof edgeConfigSchema>

/** Reads the edge config from any runtime's env object (process.env, Deno.env, Worker bindings). */
export const loadEdgeConfig = (env: Record<string, string | undefined>): EdgeConfig =>
  parseEnv(edgeConfigSchema, env)
