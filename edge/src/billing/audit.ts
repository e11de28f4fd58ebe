import type { Tx } from '@vm-algo/db'
import { appendAudit } from '../audit/index.ts'

/** A billing event for the tenant's audit trail (its chain is the tenant's). */
export interface BillingAuditEntry {
  tenantId: string
  /** The member who acted; null for Stripe's webhooks and the grace-period sweep. */
  actorUserId: string | null
  ip?: string | null
  action:
    | 'billing.checkout_started'
    | 'billing.tier_changed'
    | 'billing.payment_failed'
    | 'billing.payment_recovered'
  /** What it is about: a Stripe subscription or checkout session ID. */
  target: string | null
  data: Record<string, unknown>
}

/**
 * The one place billing writes to the audit log, inside the transaction of the change, so an
 * entry exists exactly when the change does: plan changes (from webhooks, the grace sweep and
 * the billing page), payment failure and recovery, checkout starts.
 */
export async function auditBilling(tx: Tx, entry: BillingAuditEntry): Promise<void> {
  await appendAudit(tx, entry)
}
