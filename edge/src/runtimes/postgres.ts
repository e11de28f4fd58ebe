import { type Database, schema } from '@vm-algo/db'
import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import type { RuntimeDatabase } from './services.ts'

export interface PostgresOptions {
  /** Connections at most; postgres.js opens them as queries need them. */
  max: number
  applicationName?: string
}

/** A postgres.js client with drizzle over it. Nothing connects until the first query. */
export function postgresClient(
  url: string,
  options: PostgresOptions,
): { db: Database; client: postgres.Sql; end(): Promise<void> } {
  const client = postgres(url, {
    max: options.max,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'vm-algo-edge' },
  })
  return {
    db: drizzle({ client, schema }) as unknown as Database,
    client,
    end: () => client.end({ timeout: 5 }),
  }
}

/**
 * A pool to DATABASE_URL for a long-lived process (Deno), on postgres.js over the runtime's
 * sockets — `cloudflare:sockets` on Workers through postgres.js's `workerd` export. Connects
 * at once, so a wrong URL stops start-up rather than the first request.
 *
 * @example
 * const database = await connectPostgres(process.env.DATABASE_URL, { max: 10 })
 */
export async function connectPostgres(
  url: string,
  options: PostgresOptions,
): Promise<RuntimeDatabase> {
  const { db, client, end } = postgresClient(url, options)
  let version: string
  try {
    const [row] = await client<{ version: string }[]>`select version()`
    version = row?.version ?? ''
  } catch (error) {
    await end().catch(() => {})
    // The code (ECONNREFUSED, 28P01, …), never the message: it may quote the URL.
    const code = (error as { code?: unknown } | null)?.code
    throw new Error(`cannot connect to the database: ${typeof code === 'string' ? code : 'failed'}`)
  }
  return {
    db,
    // The embedded PGlite served over the wire says so in its version string.
    driver: version.includes('PGlite') ? 'pglite' : 'postgres',
    ping: () => pingDatabase(db),
    close: end,
  }
}

/** Round trip of `select 1` in milliseconds (for health); throws when the database is away. */
export async function pingDatabase(db: Database): Promise<number> {
  const start = performance.now()
  await db.execute(sql`select 1`)
  return Math.round((performance.now() - start) * 100) / 100
}
