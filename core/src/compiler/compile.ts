import { bundlePlugin } from './bundle.ts'
import { describeBundle } from './describe.ts'
import { forbiddenImports } from './imports.ts'
import { locateDefinitionField } from './locate.ts'
import { PluginTypeChecker } from './typecheck.ts'
import {
  type CompileDiagnostic,
  type CompileResult,
  DIAGNOSTIC_CODES,
  MAX_SOURCE_BYTES,
} from './types.ts'

let checker: PluginTypeChecker | undefined

/**
 * Compiles plugin source in this thread: size check, import check, strict type check against
 * the SDK, bundle, then load it in a throwaway isolate to read its manifest. No time limit —
 * `compilePlugin` runs this in a worker it can stop; call this directly only with trusted
 * input or inside such a worker.
 *
 * @example const result = await compileInThread(source); if (!result.ok) show(result.diagnostics)
 */
export async function compileInThread(source: string): Promise<CompileResult> {
  if (typeof source !== 'string') return fail(DIAGNOSTIC_CODES.internal, 'source must be a string')
  const bytes = Buffer.byteLength(source, 'utf8')
  if (bytes > MAX_SOURCE_BYTES) {
    return fail(
      DIAGNOSTIC_CODES.sourceTooLarge,
      `source is ${bytes} bytes; plugins may be at most ${MAX_SOURCE_BYTES} bytes`,
    )
  }
  checker ??= new PluginTypeChecker()
  const file = checker.parse(source)
  const imports = forbiddenImports(file)
  const checked = checker.check(file)
  const errors = [...imports, ...checked].filter((d) => d.severity === 'error')
  const warnings = checked.filter((d) => d.severity === 'warning')
  if (errors.length > 0) return { ok: false, diagnostics: sortByPosition([...errors, ...warnings]) }

  const bundle = await bundlePlugin(source)
  if (!bundle.ok)
    return { ok: false, diagnostics: sortByPosition([...bundle.diagnostics, ...warnings]) }

  const described = describeBundle(bundle.js, bundle.map)
  if (!described.ok) {
    const where = described.path ? locateDefinitionField(file, described.path) : undefined
    const diagnostics = where
      ? described.diagnostics.map((d) => ({ ...d, ...where }))
      : described.diagnostics
    return { ok: false, diagnostics: sortByPosition([...diagnostics, ...warnings]) }
  }
  return {
    ok: true,
    js: bundle.js,
    manifest: described.manifest,
    sdkVersion: described.sdkVersion,
    diagnostics: sortByPosition(warnings),
  }
}

/** Builds the type checker (ES2022 library and SDK declarations) ahead of the first compile. */
export function warmCompiler(): void {
  checker ??= new PluginTypeChecker()
  checker.check(
    checker.parse(`import { defineStrategy } from '@vm-algo/sdk'\nvoid defineStrategy\n`),
  )
}

function fail(code: string, message: string): CompileResult {
  return { ok: false, diagnostics: [{ severity: 'error', message, line: 1, column: 1, code }] }
}

/** At most this many diagnostics are returned; a broken file can produce thousands. */
export const MAX_DIAGNOSTICS = 100

// Sorted by position; past the cap, errors are kept before warnings and the rest are counted.
function sortByPosition(diagnostics: CompileDiagnostic[]): CompileDiagnostic[] {
  const byPosition = (a: CompileDiagnostic, b: CompileDiagnostic) =>
    a.line - b.line || a.column - b.column
  if (diagnostics.length <= MAX_DIAGNOSTICS) return diagnostics.sort(byPosition)
  const errorsFirst = [...diagnostics].sort((a, b) =>
    a.severity === b.severity ? byPosition(a, b) : a.severity === 'error' ? -1 : 1,
  )
  const kept = errorsFirst.slice(0, MAX_DIAGNOSTICS - 1).sort(byPosition)
  const more = diagnostics.length - kept.length
  return [
    ...kept,
    {
      severity: kept.some((d) => d.severity === 'error') ? 'error' : 'warning',
      message: `${more} more problems not shown`,
      line: 1,
      column: 1,
      code: 'MORE',
    },
  ]
}
