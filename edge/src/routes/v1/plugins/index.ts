import { router } from '../../../openapi.ts'
import { createPlugin } from './create.ts'
import { createVersion } from './create-version.ts'
import { getPlugin } from './get.ts'
import { getVersion } from './get-version.ts'
import { listPlugins } from './list.ts'
import { listVersions } from './list-versions.ts'
import { validatePlugin } from './validate.ts'

/** /api/v1/plugins: the workspace's strategies and scanners, and their immutable versions. */
export const plugins = router()
  .route('/', validatePlugin)
  .route('/', createPlugin)
  .route('/', listPlugins)
  .route('/', getPlugin)
  .route('/', createVersion)
  .route('/', listVersions)
  .route('/', getVersion)
