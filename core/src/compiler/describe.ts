import { SourceMap } from 'node:module'
import { DISPATCH_GLOBAL, describeOutputSchema, type PluginManifest } from '@vm-algo/plugins'
import ivm from 'isolated-vm'
import { PLUGIN_SOURCE_NAME } from './bundle.ts'
import { type CompileDiagnostic, DIAGNOSTIC_CODES, LOAD_LIMITS } from './types.ts'

export type DescribeResult =
  | { ok: true; manifest: PluginManifest; sdkVersion: string }
  | {
      ok: false
      diagnostics: CompileDiagnostic[]
      /** The definition field at fault (e.g. `manifest.version`), when known. */
      path?: string
    }

const BUNDLE_NAME = 'plugin.js'

/**
 * Loads a bundle in a throwaway isolate (no host objects inside, short CPU timeout, small heap)
 * and asks it for its manifest. A load-time throw is reported at the author's line that
 * caused it, found through the source map.
 */
export function describeBundle(js: string, map: string): DescribeResult {
  const isolate = new ivm.Isolate({ memoryLimit: LOAD_LIMITS.memoryMb })
  try {
    const context = isolate.createContextSync()
    // WebAssembly memory is not counted by the isolate's memory limit; plugins have no use for
    // shared memory either.
    context.evalSync(
      'delete globalThis.WebAssembly; delete globalThis.SharedArrayBuffer; delete globalThis.Atomics',
    )
    try {
      isolate
        .compileScriptSync(js, { filename: BUNDLE_NAME })
        .runSync(context, { timeout: LOAD_LIMITS.timeoutMs })
    } catch (e) {
      return loadFailure(e, map)
    }
    const out = context.evalSync(
      `typeof ${DISPATCH_GLOBAL} === 'function' ? ${DISPATCH_GLOBAL}('{"kind":"describe"}') : undefined`,
      { timeout: LOAD_LIMITS.timeoutMs },
    ) as unknown
    if (typeof out !== 'string') {
      return failed(
        DIAGNOSTIC_CODES.noPlugin,
        'the file defines no plugin: call defineStrategy({...}) or defineScanner({...}), e.g. `export default defineStrategy({ ... })`',
      )
    }
    const parsed = describeOutputSchema.safeParse(JSON.parse(out))
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      const path = issue.path.join('.')
      return { ...failed(DIAGNOSTIC_CODES.manifest, `${path}: ${issue.message}`), path }
    }
    return {
      ok: true,
      manifest: parsed.data.manifest as PluginManifest,
      sdkVersion: parsed.data.sdkVersion,
    }
  } catch (e) {
    return loadFailure(e, map)
  } finally {
    if (!isolate.isDisposed) isolate.dispose()
  }
}

function loadFailure(e: unknown, map: string): DescribeResult {
  const err = e instanceof Error ? e : new Error(String(e))
  const message = String(err.message)
  if (/timed out/i.test(message)) {
    return failed(
      DIAGNOSTIC_CODES.load,
      `the plugin's top-level code ran longer than ${LOAD_LIMITS.timeoutMs} ms while loading`,
    )
  }
  if (/memory limit|disposed/i.test(message)) {
    return failed(
      DIAGNOSTIC_CODES.load,
      `the plugin used more than ${LOAD_LIMITS.memoryMb} MB while loading`,
    )
  }
  const where = authorFrame(String(err.stack ?? ''), map)
  const code =
    err.name === 'DefinitionError' || err.name === 'ParamDefinitionError'
      ? DIAGNOSTIC_CODES.definition
      : DIAGNOSTIC_CODES.load
  const text = `${err.name && err.name !== 'Error' ? `${err.name}: ` : ''}${message}`
  const diagnostic: CompileDiagnostic = {
    severity: 'error',
    message: text,
    line: where?.line ?? 1,
    column: where?.column ?? 1,
    code,
  }
  const path = code === DIAGNOSTIC_CODES.definition ? manifestPath(message) : undefined
  return { ok: false, diagnostics: [diagnostic], ...(path ? { path } : {}) }
}

/** The first stack frame in the author's file, mapped back through the source map (1-based). */
function authorFrame(stack: string, map: string): { line: number; column: number } | undefined {
  const sourceMap = new SourceMap(JSON.parse(map))
  for (const match of stack.matchAll(/plugin\.js:(\d+):(\d+)/g)) {
    const entry = sourceMap.findEntry(Number(match[1]) - 1, Number(match[2]) - 1) as Partial<{
      originalSource: string
      originalLine: number
      originalColumn: number
    }>
    if (entry.originalSource?.endsWith(PLUGIN_SOURCE_NAME) && entry.originalLine !== undefined) {
      return { line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1 }
    }
  }
  return undefined
}

// "defineStrategy: manifest.version must be …" → "manifest.version", to find the line.
function manifestPath(message: string): string | undefined {
  return /\b(manifest\.\w+|params\.\w+)/.exec(message)?.[1]
}

function failed(code: string, message: string): { ok: false; diagnostics: CompileDiagnostic[] } {
  return { ok: false, diagnostics: [{ severity: 'error', message, line: 1, column: 1, code }] }
}
