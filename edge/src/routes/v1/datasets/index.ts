import { router } from '../../../openapi.ts'
import { createDataset } from './create.ts'
import { datasetById } from './get.ts'
import { importFromKite } from './import-kite.ts'
import { listDatasets } from './list.ts'

/** /api/v1/datasets: bars a workspace imported (CSV, or from Kite) for its backtests. */
export const datasets = router()
  .route('/', createDataset)
  .route('/', importFromKite)
  .route('/', listDatasets)
  .route('/', datasetById)
