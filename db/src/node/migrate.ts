import { fileURLToPath } from 'node:url'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import type { DatabaseHandle } from './open.ts'

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url))

// Any fixed number: the key of the advisory lock that serialises migrations across processes.
const MIGRATION_LOCK = 7_243_001

/**
 * Applies pending migrations. On PostgreSQL several processes may start at once, so the run
 * holds an advisory lock on its own single connection; the others wait, then find nothing to do.
 */
export async function migrateDatabase(handle: DatabaseHandle, url?: string): Promise<void> {
  if (handle.driver === 'pglite') {
    // biome-ignore lint/suspicious/noExplicitAny: the PGlite migrator wants its own db type
    await migratePglite(handle.db as any, { migrationsFolder })
    return
  }
  if (!url) throw new Error('migrateDatabase needs the URL of a postgres database')
  const client = postgres(url, { max: 1, onnotice: () => {} })
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`
    await migratePostgres(drizzlePostgres({ client }), { migrationsFolder })
    await client`select pg_advisory_unlock(${MIGRATION_LOCK})`
  } finally {
    await client.end({ timeout: 5 })
  }
}
