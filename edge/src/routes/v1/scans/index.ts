import { router } from '../../../openapi.ts'
import { createScan } from './create.ts'
import { deleteScan } from './delete.ts'
import { getScan } from './get.ts'
import { listScans } from './list.ts'
import { listMatches } from './matches.ts'
import { previewScan } from './preview.ts'
import { updateScan } from './update.ts'

/** /api/v1/scans: live scans (no-code expressions or scanner plugins) and their matches. */
export const scans = router()
  .route('/', previewScan)
  .route('/', createScan)
  .route('/', listScans)
  .route('/', getScan)
  .route('/', updateScan)
  .route('/', deleteScan)
  .route('/', listMatches)
