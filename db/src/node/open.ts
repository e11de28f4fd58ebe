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

/** The server behind the connection: the embedded PGlite (in-process or over a socket) or PostgreSQL. */
export type Engine = 'pglite' | 'postgres'

export interface DatabaseHandle {
  db: Database
  driver: Driver
  engine: Engine
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
    engine: 'pglite',
    pglite: client,
    ping: () => timed(db),
    close: () => client.close(),
  }
}

/** The directory embedded PGlite keeps its files in, under the platform's DATA_DIR. */
export const pgliteDir = (dataDir: string) => join(dataDir, 'pglite')

async function openPostgres(
  url: string,
  max: number,
  applicationName = 'vm-algo',
): Promise<DatabaseHandle> {
  const client = postgres(url, {
    max,
    onnotice: () => {},
    // No start-up type query: on the embedded PGlite (one backend) it fails with 'portal ""
    // does not exist' when it races another connection's transaction (electric-sql/pglite#956),
    // and we use no custom array types that would need it.
    fetch_types: false,
    connection: { application_name: applicationName },
  })
  const db = drizzlePostgres({ client, schema }) as unknown as Database
  // Connect now, so a wrong DATABASE_URL stops start-up instead of the first request.
  const [row] = await client<{ version: string }[]>`select version()`.catch(async (error) => {
    await client.end({ timeout: 1 })
    throw new Error(`cannot connect to the database: ${error.code ?? error.message}`)
  })
  return {
    db,
    driver: 'postgres',
    engine: row?.version.includes('PGlite') ? 'pglite' : 'postgres',
    ping: () => timed(db),
    close: () => client.end({ timeout: 5 }),
  }
}

async function timed(db: Database): Promise<number> {
  const start = performance.now()
  await db.execute(sql`select 1`)
  return Math.round((performance.now() - start) * 100) / 100
}
