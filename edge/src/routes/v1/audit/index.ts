import { router } from '../../../openapi.ts'
import { listAudit } from './list.ts'
import { verifyAudit } from './verify.ts'

/** /api/v1/audit: the workspace's own audit trail. */
export const audit = router().route('/', listAudit).route('/', verifyAudit)
