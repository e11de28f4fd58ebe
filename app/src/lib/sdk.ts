import { problemOf } from './api/problem.ts'
import { indexSdk, type SdkIndex } from './editor.ts'

let pending: Promise<SdkIndex> | undefined

/**
 * The SDK's declarations (`GET /api/v1/sdk/types`, public and cacheable), indexed for the
 * editor's completion; fetched once per page load, again after a failure.
 */
export function loadSdk(): Promise<SdkIndex> {
  pending ??= fetch('/api/v1/sdk/types', { credentials: 'same-origin' })
    .then(async (response) => {
      if (!response.ok) throw await problemOf(response)
      return indexSdk(await response.text())
    })
    .catch((error: unknown) => {
      pending = undefined
      throw error
    })
  return pending
}
