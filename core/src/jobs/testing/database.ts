import type { Database } from '@vm-algo/db'
import { type DatabaseHandle, openDatabase } from '@vm-algo/db/node'
import { afterAll, beforeAll } from 'vitest'

/**
 * The database a job suite works on: the driver's own, except for PGlite over the socket,
 * where the suite uses one connection. pglite-socket 0.2.17 interleaves the extended-protocol
 * messages of concurrent connections (electric-sql/pglite#1046): one connection's Bind can
 * land on another's Parse. Until the embedded server guards against that, concurrent use of
 * several connections there fails at random — a platform bug these suites must not mask as
 * theirs.
 */
export function jobsDatabase(handle: () => DatabaseHandle & { url?: string }): () => Database {
  let single: DatabaseHandle | undefined
  beforeAll(async () => {
    const { url, engine, driver } = handle()
    if (url && engine === 'pglite' && driver === 'postgres')
      single = await openDatabase({ url, poolMax: 1 })
  })
  afterAll(async () => {
    await single?.close()
  })
  return () => single?.db ?? handle().db
}
