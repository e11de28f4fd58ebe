import { router } from '../../../openapi.ts'
import { deleteKite } from './delete-kite.ts'
import { getKite } from './get-kite.ts'
import { startKiteSession } from './kite-session.ts'
import { putKite } from './put-kite.ts'

/** /api/v1/brokers: a member's own broker connection (Zerodha Kite). */
export const brokers = router()
  .route('/', getKite)
  .route('/', putKite)
  .route('/', startKiteSession)
  .route('/', deleteKite)
