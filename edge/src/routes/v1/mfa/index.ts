import { router } from '../../../openapi.ts'
import { confirm } from './confirm.ts'
import { disable } from './disable.ts'
import { enroll } from './enroll.ts'
import { regenerate } from './regenerate.ts'

/** /api/v1/mfa: authenticator-app (TOTP) two-factor and backup codes. */
export const mfa = router()
  .route('/', enroll)
  .route('/', confirm)
  .route('/', regenerate)
  .route('/', disable)
