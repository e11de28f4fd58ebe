import { router } from '../../../openapi.ts'
import { login } from './login.ts'
import { logout } from './logout.ts'
import { refresh } from './refresh.ts'
import { register } from './register.ts'

/** /api/v1/auth: sign-up, login, token refresh and logout. */
export const auth = router()
  .route('/', register)
  .route('/', login)
  .route('/', refresh)
  .route('/', logout)
