import { router } from '../../../openapi.ts'
import { adminAudit } from './audit-log.ts'
import { changeTier } from './change-tier.ts'
import { getTenant } from './get-tenant.ts'
import { listTenants } from './list-tenants.ts'
import { reinstateTenant } from './reinstate-tenant.ts'
import { suspendTenant } from './suspend-tenant.ts'

/** /api/v1/admin: the platform admin console (the `admin` permission). */
export const admin = router()
  .route('/', listTenants)
  .route('/', getTenant)
  .route('/', changeTier)
  .route('/', suspendTenant)
  .route('/', reinstateTenant)
  .route('/', adminAudit)
