import { router } from '../../../openapi.ts'
import { cancelBacktest } from './cancel.ts'
import { createBacktest } from './create.ts'
import { deleteBacktest } from './delete.ts'
import { backtestEvents } from './events.ts'
import { getBacktest } from './get.ts'
import { listBacktests } from './list.ts'

/** /api/v1/backtests: submit backtests and sweeps, follow them, read their results, delete them. */
export const backtests = router()
  .route('/', createBacktest)
  .route('/', listBacktests)
  .route('/', getBacktest)
  .route('/', cancelBacktest)
  .route('/', deleteBacktest)
  .route('/', backtestEvents)
