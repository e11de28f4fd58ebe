import { router } from '../../../openapi.ts'
import { deleteAccount } from './delete-account.ts'
import { exportData } from './export.ts'

/** /api/v1/me/export and DELETE /api/v1/me: a user's own data, to take away or erase. */
export const privacy = router().route('/', exportData).route('/', deleteAccount)
