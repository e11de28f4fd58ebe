import type { Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { ApiError } from '../../../errors.ts'
import { type CoreCompileResult, CoreUnavailableError } from '../../../lib/core-client.ts'
import { z } from '../../../openapi.ts'
import type { Env } from '../../../services.ts'
import type { CompiledVersion } from './store.ts'

/** Largest plugin source, in characters (the core's cap is 256 KiB of UTF-8). */
export const MAX_SOURCE_CHARS = 256 * 1024

export const SourceSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(MAX_SOURCE_CHARS, `must be at most ${MAX_SOURCE_CHARS} characters`)
  .openapi({
    description: 'TypeScript written against `@vm-algo/sdk` (types: `GET /api/v1/sdk/types`)',
    example:
      "import { defineScanner } from '@vm-algo/sdk'\n\nexport default defineScanner({ … })\n",
  })

/** Refuses bodies that cannot hold a source within the cap before reading them (413). */
export const sourceBodyLimit = () =>
  bodyLimit({
    // JSON may escape a character as six (\u0000): a source at the cap fits, nothing much more.
    maxSize: MAX_SOURCE_CHARS * 6 + 16 * 1024,
    onError: () => {
      throw new ApiError(
        'payload_too_large',
        `A plugin source is at most ${MAX_SOURCE_CHARS} characters.`,
      )
    },
  })

/**
 * Compiles `source` with the core's compiler. The core not answering (down, busy, or set up
 * with another CORE_INTERNAL_TOKEN) is a 503 saying so; compile errors are a result.
 */
export async function compileWithCore(c: Context<Env>, source: string): Promise<CoreCompileResult> {
  const { core, logError } = c.get('services')
  try {
    return await core.compile(source)
  } catch (error) {
    if (!(error instanceof CoreUnavailableError)) throw error
    if (error.reason === 'busy') {
      throw new ApiError(
        'service_unavailable',
        'The plugin compiler is busy; try again in a moment.',
        { headers: { 'retry-after': '1' } },
      )
    }
    // Not the user's doing: the operator needs to see it.
    logError(error, c.get('requestId'))
    throw new ApiError(
      'service_unavailable',
      'The plugin compiler (the core engine) is not reachable right now; try again shortly.',
    )
  }
}

/** Compiles `source`, or answers 422 `compile_failed` with every diagnostic. */
export async function compileOrFail(c: Context<Env>, source: string): Promise<CompiledVersion> {
  const result = await compileWithCore(c, source)
  if (!result.ok) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error')
    const first = errors[0] ?? result.diagnostics[0]!
    throw new ApiError(
      'compile_failed',
      `${errors.length || 1} error${errors.length > 1 ? 's' : ''}; the first at line ${first.line}, column ${first.column}: ${first.message}`,
      { diagnostics: result.diagnostics },
    )
  }
  return compiledVersion(source, result)
}

/** A successful compile of `source` as a version to store. */
export function compiledVersion(
  source: string,
  result: Extract<CoreCompileResult, { ok: true }>,
): CompiledVersion {
  return {
    source,
    js: result.js,
    manifest: result.manifest,
    sdkVersion: result.sdkVersion,
    warnings: result.diagnostics,
  }
}
