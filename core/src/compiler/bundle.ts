import { join } from 'node:path'
import * as esbuild from 'esbuild'
import { SDK_ENTRY, SDK_MODULE, SDK_SOURCE_DIR } from './sdk-declarations.ts'
import { type CompileDiagnostic, DIAGNOSTIC_CODES } from './types.ts'

/** The name the author's file has in bundles, source maps and stack traces. */
export const PLUGIN_SOURCE_NAME = 'plugin.ts'
// esbuild names the stdin file after `sourcefile` inside `resolveDir`.
const PLUGIN_PATH = join(SDK_SOURCE_DIR, PLUGIN_SOURCE_NAME)

export type BundleResult =
  | { ok: true; js: string; map: string }
  | { ok: false; diagnostics: CompileDiagnostic[] }

// Maps the SDK to its runtime sources and refuses every other import of the author's file.
// The SDK's own imports (its files, technicalindicators) resolve normally.
const sdkOnly: esbuild.Plugin = {
  name: 'vm-algo-sdk-only',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.importer !== PLUGIN_PATH) return undefined
      if (args.path === SDK_MODULE) return { path: SDK_ENTRY }
      return {
        errors: [{ text: `cannot import '${args.path}': plugins may import only '${SDK_MODULE}'` }],
      }
    })
  },
}

/**
 * Bundles plugin source into one classic script (IIFE, ES2022, no module system at run time)
 * that defines `globalThis.__vmAlgoDispatch`, with the SDK runtime and the indicators it uses
 * inlined. Also returns a source map, used to point load-time errors at the author's lines.
 */
export async function bundlePlugin(source: string): Promise<BundleResult> {
  try {
    const result = await esbuild.build({
      stdin: {
        contents: source,
        loader: 'ts',
        sourcefile: PLUGIN_SOURCE_NAME,
        resolveDir: SDK_SOURCE_DIR,
      },
      bundle: true,
      write: false,
      outfile: 'plugin.js',
      format: 'iife',
      platform: 'neutral',
      // technicalindicators ships ES modules under `module`.
      mainFields: ['module', 'main'],
      target: 'es2022',
      // ESM is strict; a classic script is not unless it says so.
      banner: { js: '"use strict";' },
      sourcemap: 'external',
      sourcesContent: false,
      legalComments: 'none',
      // Smaller scripts start faster in each isolate; names stay readable in stack traces.
      minifyWhitespace: true,
      minifySyntax: true,
      charset: 'utf8',
      logLevel: 'silent',
      plugins: [sdkOnly],
    })
    const js = result.outputFiles.find((f) => f.path.endsWith('.js'))
    const map = result.outputFiles.find((f) => f.path.endsWith('.map'))
    if (!js || !map) throw new Error('esbuild produced no output')
    return { ok: true, js: js.text, map: map.text }
  } catch (e) {
    const failure = e as Partial<esbuild.BuildFailure>
    if (!Array.isArray(failure.errors)) throw e
    return { ok: false, diagnostics: failure.errors.map(toDiagnostic) }
  }
}

function toDiagnostic(m: esbuild.Message): CompileDiagnostic {
  const file = m.location?.file
  const inPlugin =
    file === PLUGIN_SOURCE_NAME || file === PLUGIN_PATH || file?.endsWith(`/${PLUGIN_SOURCE_NAME}`)
  return {
    severity: 'error',
    message: m.text,
    line: inPlugin ? m.location!.line : 1,
    column: inPlugin ? m.location!.column + 1 : 1,
    code: DIAGNOSTIC_CODES.bundle,
  }
}
