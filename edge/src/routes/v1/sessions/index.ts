import { router } from '../../../openapi.ts'
import { listSessions } from './list.ts'
import { revokeSessionRoute } from './revoke.ts'

/** /api/v1/sessions: the caller's signed-in devices. */
export const sessions = router().route('/', listSessions).route('/', revokeSessionRoute)
