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

const PROXY_HOPS = 'must be true, false or the number of proxies in front (0-10)'

/** The edge's settings; every one has a safe default for the embedded platform. */
export const edgeConfigSchema = z.object({
  EDGE_PORT: port(8787),
  EDGE_HOST: z.string().default('127.0.0.1'),
  CORE_URL: z.url().default('http://127.0.0.1:8788'),
  /**
   * Bearer token of the core's internal API (plugin compiler, SDK types, instruments); the
   * same value as the core's. `npm start` generates one into DATA_DIR/secrets.json.
   */
  CORE_INTERNAL_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  CORS_ORIGINS: origins,
  APP_VERSION: z.string().default('0.1.0'),
  // Rate limits (limits/). Shared across processes in Redis: a real Upstash (both UPSTASH_*
  // set), or REDIS_URL through a local Upstash-protocol bridge (Node only). Else in-process.
  REDIS_URL: z
    .string()
    .refine((v) => /^rediss?:\/\/.+/.test(v), 'must be a redis:// or rediss:// URL')
    .optional(),
  UPSTASH_REDIS_REST_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .optional(),
  UPSTASH_REDIS_REST_TOKEN: z.string().optional(),
  /** Prefix of the limiter's Redis keys, to share one Redis between deployments. */
  RATE_LIMIT_PREFIX: z
    .string()
    .regex(/^[\w:.-]{1,64}$/, 'must be 1-64 letters, digits, or _ : . -')
    .default('vm-algo:rl'),
  /** Requests per minute per address for callers who are not signed in. */
  RATE_LIMIT_ANON_PER_MIN: z.coerce.number().int().min(1).max(1_000_000).default(60),
  /** Sign-in and sign-up attempts per minute per address (each its own budget). */
  RATE_LIMIT_AUTH_PER_MIN: z.coerce.number().int().min(1).max(1_000_000).default(10),
  /** Proxies in front that append to X-Forwarded-For (0: use the connection's address). */
  TRUST_PROXY: z
    .string()
    .default('0')
    .transform((v) => (v === 'true' ? 1 : v === 'false' ? 0 : Number(v)))
    .pipe(z.number({ error: PROXY_HOPS }).int(PROXY_HOPS).min(0, PROXY_HOPS).max(10, PROXY_HOPS)),
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
  // Billing. Unset: billing is off (the plans still show). `npm start` runs a local Stripe
  // server and sets all five when STRIPE_SECRET_KEY is not given.
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^[sr]k_(test|live)_\w+$/, 'must be a Stripe secret key (sk_test_… or sk_live_…)')
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_\S+$/, 'must start with whsec_')
    .optional(),
  STRIPE_PRICE_PRO: z
    .string()
    .regex(/^price_\w+$/, 'must be a Stripe price ID')
    .optional(),
  STRIPE_PRICE_ELITE: z
    .string()
    .regex(/^price_\w+$/, 'must be a Stripe price ID')
    .optional(),
  /** Another Stripe API host (the local server): its protocol, host and port go to the SDK. */
  STRIPE_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  /** Where the app is reached: checkout and portal return the browser here. */
  PUBLIC_URL: z.url().default('http://localhost:3000'),
  /** Kite's login host: "Log in with Kite" opens `<this>/connect/login?v=3&api_key=…`. */
  KITE_LOGIN_ROOT: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .default('https://kite.zerodha.com'),
  /** Days a tenant keeps its plan after a failed renewal before it drops to free. */
  BILLING_GRACE_DAYS: z.coerce.number().int().min(0).max(60).default(7),
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
  parseEnv(edgeConfigSchema.superRefine(completeStripeSetup).superRefine(upstashPair), env)

// Half a Stripe setup would fail on the first checkout; refuse it at start-up instead.
function completeStripeSetup(config: EdgeConfig, ctx: z.RefinementCtx): void {
  if (!config.STRIPE_SECRET_KEY) return
  for (const key of ['STRIPE_WEBHOOK_SECRET', 'STRIPE_PRICE_PRO', 'STRIPE_PRICE_ELITE'] as const) {
    if (!config[key]) {
      ctx.addIssue({ code: 'custom', path: [key], message: 'required with STRIPE_SECRET_KEY' })
    }
  }
}

// One UPSTASH_* without the other is a typo, not a choice of the in-process limiter.
function upstashPair(config: EdgeConfig, ctx: z.RefinementCtx): void {
  if (!config.UPSTASH_REDIS_REST_URL === !config.UPSTASH_REDIS_REST_TOKEN) return
  const missing = config.UPSTASH_REDIS_REST_URL
    ? 'UPSTASH_REDIS_REST_TOKEN'
    : 'UPSTASH_REDIS_REST_URL'
  ctx.addIssue({ code: 'custom', path: [missing], message: 'must be set with its pair' })
}
