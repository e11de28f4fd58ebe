import { router } from '../../../openapi.ts'
import { sdkTypes } from './types.ts'

/** /api/v1/sdk: what the plugin editor needs from the SDK. */
export const sdk = router().route('/', sdkTypes)
