import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { sql } from 'drizzle-orm'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import * as schema from '../schema/index.ts'
import type { Database } from '../tenant.ts'

export type Driver = 'pglite' | 'postgres'

export interface DatabaseHandle {
  db: Database
  driver: Driver
  /** Round-trip time of `select 1` in milliseconds; throws when the database is unreachable. */
  ping(): Promise<number>
  close(): Promise<void>
  /** The in-process PGlite instance, when the driver is PGlite (to serve it over a socket). */
  pglite?: PGlite
}

export type OpenOptions =
  | { url: string; poolMax?: number; applicationName?: string }
  | { pglite: 'memory' }
  | { pglite: { dataDir: string } }

/**
 * Opens the platform database: postgres.js for a URL (a real PostgreSQL, or the embedded
 * PGlite served over the wire protocol), or PGlite in this process (in memory for tests, or
 * persisted under a data directory).
 */
export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if ('url' in options)
    return openPostgres(options.url, options.poolMax ?? 10, options.applicationName)
  const dataDir = options.pglite === 'memory' ? undefined : resolve(options.pglite.dataDir)
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  const client = await PGlite.create(dataDir ? { dataDir } : {})
  const db = drizzlePglite({ client, schema }) as unknown as Database
  return {
    db,
    driver: 'pglite',
    pglite: client,
    ping: () => timed(db),
    close: () => client.close(),
  }
}

/** The directory embedded PGlite keeps its files in, under the platform's DATA_DIR. */
export const pgliteDir = (dataDir: string) => join(dataDir, 'pglite')

function openPostgres(url: string, max: number, applicationName = 'vm-algo'): DatabaseHandle {
  const client = postgres(url, {
    max,
    onnotice: () => {},
    connection: { application_name: applicationName },
  })
  const db = drizzlePostgres({ client, schema }) as unknown as Database
  return {
    db,
    driver: 'postgres',
    ping: () => timed(db),
    close: () => client.end({ timeout: 5 }),
  }
}

async function timed(db: Database): Promise<number> {
  const start = performance.now()
  await db.execute(sql`select 1`)
  return Math.round((performance.now() - start) * 100) / 100
}
