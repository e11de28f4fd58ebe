import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface LocalSecrets {
  JWT_SECRET: string
  ENCRYPTION_KEY: string
  /** Shared by the edge and the core for the core's internal API. */
  CORE_INTERNAL_TOKEN: string
}

/**
 * The embedded platform's secrets: generated once into DATA_DIR/secrets.json (mode 0600) and
 * reused, so sessions and encrypted data survive restarts without anyone choosing a key. Set
 * JWT_SECRET, ENCRYPTION_KEY and CORE_INTERNAL_TOKEN yourself in production; these then are
 * never read.
 */
export function ensureLocalSecrets(dataDir: string): LocalSecrets {
  const file = join(dataDir, 'secrets.json')
  const saved = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets>)
    : undefined
  if (saved?.JWT_SECRET && saved.ENCRYPTION_KEY && saved.CORE_INTERNAL_TOKEN) {
    return saved as LocalSecrets
  }
  mkdirSync(dataDir, { recursive: true })
  // A file from before a secret existed keeps its other secrets (sessions, encrypted data).
  const secrets: LocalSecrets = {
    JWT_SECRET: saved?.JWT_SECRET || randomBytes(48).toString('base64url'),
    ENCRYPTION_KEY: saved?.ENCRYPTION_KEY || randomBytes(32).toString('base64'),
    CORE_INTERNAL_TOKEN: saved?.CORE_INTERNAL_TOKEN || randomBytes(32).toString('base64url'),
  }
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 })
  chmodSync(file, 0o600)
  return secrets
}

/** `env` with the secrets above filled from the local secrets file where unset. */
export function withLocalSecrets(
  env: Record<string, string | undefined>,
  dataDir: string,
): Record<string, string | undefined> {
  if (env.JWT_SECRET && env.ENCRYPTION_KEY && env.CORE_INTERNAL_TOKEN) return env
  const secrets = ensureLocalSecrets(dataDir)
  return {
    ...env,
    JWT_SECRET: env.JWT_SECRET || secrets.JWT_SECRET,
    ENCRYPTION_KEY: env.ENCRYPTION_KEY || secrets.ENCRYPTION_KEY,
    CORE_INTERNAL_TOKEN: env.CORE_INTERNAL_TOKEN || secrets.CORE_INTERNAL_TOKEN,
  }
}
