import { afterAll, beforeAll, describe, inject } from 'vitest'
import { type EmbeddedServer, serveEmbedded } from '../node/embedded-server.ts'
import { migrateDatabase } from '../node/migrate.ts'
import { type DatabaseHandle, openDatabase } from '../node/open.ts'

export type TestDriver = 'pglite' | 'pglite-socket' | 'postgres'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A fresh, migrated database on the real server, made for this test run (see global-setup). */
    testDatabaseUrl: string | null
  }
}

/** The drivers this run tests: PGlite always; the real PostgreSQL when DATABASE_URL is set. */
export function testDrivers(): TestDriver[] {
  const url = inject('testDatabaseUrl')
  return url ? ['pglite', 'pglite-socket', 'postgres'] : ['pglite', 'pglite-socket']
}

/**
 * Opens a migrated database on one driver. PGlite ones are private and in memory; the
 * PostgreSQL one is the run's shared fresh database, so tests there create their own tenants.
 */
export async function openTestDatabase(
  driver: TestDriver,
): Promise<DatabaseHandle & { url?: string }> {
  if (driver === 'pglite') {
    const handle = await openDatabase({ pglite: 'memory' })
    await migrateDatabase(handle)
    return handle
  }
  if (driver === 'pglite-socket') {
    const server: EmbeddedServer = await serveEmbedded({})
    const handle = await openDatabase({ url: server.url, poolMax: 4 })
    await migrateDatabase(handle, server.url)
    return {
      ...handle,
      url: server.url,
      async close() {
        await handle.close()
        await server.stop()
      },
    }
  }
  const url = inject('testDatabaseUrl')
  if (!url) throw new Error('The postgres driver needs DATABASE_URL')
  return { ...(await openDatabase({ url, poolMax: 5 })), url }
}

/**
 * Runs one suite unchanged against every driver of this run — the pattern drizzle's own
 * integration tests use.
 *
 * @example
 * describeOnDrivers('orders', (db) => { it('…', async () => { await db().db.select()… }) })
 */
export function describeOnDrivers(
  title: string,
  suite: (handle: () => DatabaseHandle & { url?: string }) => void,
): void {
  for (const driver of testDrivers()) {
    describe(`${title} [${driver}]`, () => {
      let handle: (DatabaseHandle & { url?: string }) | undefined
      beforeAll(async () => {
        handle = await openTestDatabase(driver)
      })
      afterAll(async () => {
        await handle?.close()
      })
      suite(() => {
        if (!handle) throw new Error('database not open yet')
        return handle
      })
    })
  }
}
