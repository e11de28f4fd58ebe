import { type Database, schema, withTenant } from '@vm-algo/db'
import { eq } from 'drizzle-orm'
import { type Billing, callStripe } from './stripe.ts'

export interface Payer {
  tenantId: string
  userId: string
}

/** The tenant's Stripe customer ID, if it has one. */
export async function customerOf(db: Database, payer: Payer): Promise<string | null> {
  const [row] = await withTenant(db, payer, (tx) =>
    tx
      .select({ id: schema.billingCustomers.stripeCustomerId })
      .from(schema.billingCustomers)
      .where(eq(schema.billingCustomers.tenantId, payer.tenantId)),
  )
  return row?.id ?? null
}

/**
 * The tenant's Stripe customer, created on first use with the paying member's email. Two
 * first checkouts at once (a double click) share one customer: the creation is idempotent per
 * tenant at Stripe, and the table keeps one customer per tenant. `replace` swaps a customer
 * Stripe no longer knows (deleted in the dashboard, or a reset local server) for a new one.
 */
export async function ensureCustomer(
  db: Database,
  billing: Billing,
  payer: Payer,
  options: { replace?: string; log?: (error: unknown) => void } = {},
): Promise<string> {
  const { billingCustomers, tenants, users } = schema
  const known = await withTenant(db, payer, async (tx) => {
    const [row] = await tx
      .select({ id: billingCustomers.stripeCustomerId })
      .from(billingCustomers)
      .where(eq(billingCustomers.tenantId, payer.tenantId))
    const [tenant] = await tx
      .select({ name: tenants.name })
      .from(tenants)
      .where(eq(tenants.id, payer.tenantId))
    const [user] = await tx
      .select({ email: users.email })
      .from(users)
      .where(eq(users.id, payer.userId))
    return { id: row?.id ?? null, name: tenant?.name, email: user?.email }
  })
  if (known.id && known.id !== options.replace) return known.id

  const customer = await callStripe(
    () =>
      billing.stripe.customers.create(
        {
          ...(known.email ? { email: known.email } : {}),
          ...(known.name ? { name: known.name } : {}),
          metadata: { tenantId: payer.tenantId },
        },
        // A replacement must not replay the creation of the customer it replaces.
        options.replace ? {} : { idempotencyKey: `vm-algo-customer-${payer.tenantId}` },
      ),
    options.log,
  )
  return withTenant(db, payer, async (tx) => {
    if (options.replace) {
      await tx
        .update(billingCustomers)
        .set({ stripeCustomerId: customer.id, email: customer.email })
        .where(eq(billingCustomers.tenantId, payer.tenantId))
    } else {
      await tx
        .insert(billingCustomers)
        .values({ tenantId: payer.tenantId, stripeCustomerId: customer.id, email: customer.email })
        .onConflictDoNothing()
    }
    const [row] = await tx
      .select({ id: billingCustomers.stripeCustomerId })
      .from(billingCustomers)
      .where(eq(billingCustomers.tenantId, payer.tenantId))
    return row!.id
  })
}
