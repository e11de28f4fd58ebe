import { z } from 'zod'

/** Raised at start-up when a setting is invalid; its message names every bad setting. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

type Env = Record<string, string | undefined>

/**
 * Parses environment variables with a zod object schema. Empty strings count as unset, so a
 * blank `FOO=` falls back to the default instead of failing as an invalid value.
 *
 * @example
 * const config = parseEnv(z.object({ PORT: z.coerce.number().default(8787) }), process.env)
 */
export function parseEnv<S extends z.ZodObject>(schema: S, env: Env): z.infer<S> {
  const cleaned: Env = {}
  for (const key of Object.keys(schema.shape)) {
    const value = env[key]
    if (value !== undefined && value.trim() !== '') cleaned[key] = value.trim()
  }
  const result = schema.safeParse(cleaned)
  if (result.success) return result.data
  const lines = result.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(root)'
    const got = cleaned[key] === undefined ? '' : ` (got ${shown(key, cleaned[key])})`
    return `  ${key}: ${issue.message}${got}`
  })
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
}

/** A TCP port number from an environment string. */
export const port = (fallback: number) =>
  z.coerce.number().int().min(0).max(65535).default(fallback)

/** A postgres:// or postgresql:// connection URL. */
export const postgresUrl = () =>
  z
    .string()
    .refine((v) => /^postgres(ql)?:\/\/.+/.test(v), 'must be a postgres:// or postgresql:// URL')

// Start-up errors end up in logs: never echo a secret, nor a password inside a URL.
function shown(key: string, value: string): string {
  if (/SECRET|TOKEN|PASSWORD|KEY/i.test(key)) return `a value of ${value.length} characters`
  return JSON.stringify(value.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@'))
}
