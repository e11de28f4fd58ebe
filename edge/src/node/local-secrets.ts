import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface LocalSecrets {
  JWT_SECRET: string
  ENCRYPTION_KEY: string
}

/**
 * The embedded platform's secrets: generated once into DATA_DIR/secrets.json (mode 0600) and
 * reused, so sessions and encrypted data survive restarts without anyone choosing a key. Set
 * JWT_SECRET and ENCRYPTION_KEY yourself in production; these then are never read.
 */
export function ensureLocalSecrets(dataDir: string): LocalSecrets {
  const file = join(dataDir, 'secrets.json')
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets
  mkdirSync(dataDir, { recursive: true })
  const secrets: LocalSecrets = {
    JWT_SECRET: randomBytes(48).toString('base64url'),
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  }
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 })
  chmodSync(file, 0o600)
  return secrets
}

/** `env` with JWT_SECRET / ENCRYPTION_KEY filled from the local secrets file where unset. */
export function withLocalSecrets(
  env: Record<string, string | undefined>,
  dataDir: string,
): Record<string, string | undefined> {
  if (env.JWT_SECRET && env.ENCRYPTION_KEY) return env
  const secrets = ensureLocalSecrets(dataDir)
  return {
    ...env,
    JWT_SECRET: env.JWT_SECRET || secrets.JWT_SECRET,
    ENCRYPTION_KEY: env.ENCRYPTION_KEY || secrets.ENCRYPTION_KEY,
  }
}
