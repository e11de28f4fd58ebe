import { newId } from '../ids.ts'
import { memberships, tenants, users } from '../schema/tenancy.ts'
import type { Database } from '../tenant.ts'

export interface SeededTenant {
  tenantId: string
  userId: string
  email: string
}

/** Creates a tenant with an owner, as sign-up does, with unique names so runs can share a DB. */
export async function seedTenant(
  db: Database,
  options: { tier?: 'free' | 'pro' | 'elite'; name?: string } = {},
): Promise<SeededTenant> {
  const tenantId = newId('tenant')
  const userId = newId('user')
  const email = `${userId.toLowerCase()}@example.test`
  await db.insert(tenants).values({
    id: tenantId,
    name: options.name ?? `Tenant ${tenantId.slice(-6)}`,
    slug: tenantId.toLowerCase(),
    tier: options.tier ?? 'free',
  })
  await db.insert(users).values({ id: userId, email, passwordHash: 'not-a-real-hash' })
  await db.insert(memberships).values({ tenantId, userId, role: 'owner' })
  return { tenantId, userId, email }
}
