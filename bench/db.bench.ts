import { schema, withTenant } from '@vm-algo/db'
import { migrateDatabase, openDatabase } from '@vm-algo/db/node'
import { seedTenant } from '@vm-algo/db/testing'
import { eq } from 'drizzle-orm'
import { type Benchmark, opsPerSecond, result } from './harness.ts'

/**
 * What row-level security costs: the same indexed read as one tenant through withTenant
 * (transaction + set_config + set role) versus a plain query naming the tenant, on PGlite.
 */
export const benchmarks: Benchmark[] = [
  {
    name: 'db.with_tenant_reads_per_s',
    description: 'tenant-scoped reads through withTenant vs plain reads (PGlite, in-process)',
    async run() {
      const handle = await openDatabase({ pglite: 'memory' })
      await migrateDatabase(handle)
      const { tenantId, userId } = await seedTenant(handle.db)
      const plain = () =>
        handle.db.select().from(schema.memberships).where(eq(schema.memberships.tenantId, tenantId))
      const scoped = () =>
        withTenant(handle.db, { tenantId, userId }, (tx) =>
          tx.select().from(schema.memberships).where(eq(schema.memberships.tenantId, tenantId)),
        )
      await opsPerSecond(plain, 300)
      await opsPerSecond(scoped, 300)
      const baseline = await opsPerSecond(plain)
      const value = await opsPerSecond(scoped)
      await handle.close()
      return result(value, 'reads/s', baseline)
    },
  },
]
