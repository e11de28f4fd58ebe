import { router } from '../../../openapi.ts'
import { createDeployment } from './create.ts'
import { getDeployment } from './get.ts'
import { listIntents } from './intents.ts'
import { listDeployments } from './list.ts'
import { listLogs } from './logs.ts'
import { pauseDeployment, startDeployment, stopDeployment } from './transition.ts'

/** /api/v1/deployments: strategies running on the live feed (paper mode), their logs and intents. */
export const deployments = router()
  .route('/', createDeployment)
  .route('/', listDeployments)
  .route('/', getDeployment)
  .route('/', startDeployment)
  .route('/', pauseDeployment)
  .route('/', stopDeployment)
  .route('/', listLogs)
  .route('/', listIntents)
