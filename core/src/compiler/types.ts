import type { PluginManifest } from '@vm-algo/plugins'

/** One compiler message, pointing at the author's source (1-based line and column). */
export interface CompileDiagnostic {
  severity: 'error' | 'warning'
  message: string
  line: number
  column: number
  /** `TS2322` for type errors, else one of ours: see `DIAGNOSTIC_CODES`. */
  code?: string
}

/** Codes of the compiler's own diagnostics (type errors carry `TS<number>`). */
export const DIAGNOSTIC_CODES = {
  sourceTooLarge: 'SOURCE_TOO_LARGE',
  forbiddenImport: 'FORBIDDEN_IMPORT',
  bundle: 'BUNDLE',
  load: 'LOAD',
  noPlugin: 'NO_PLUGIN',
  definition: 'DEFINITION',
  manifest: 'MANIFEST',
  timeout: 'COMPILE_TIMEOUT',
  internal: 'INTERNAL',
} as const

export type CompileResult =
  | {
      ok: true
      /** One classic script defining `globalThis.__vmAlgoDispatch`. */
      js: string
      manifest: PluginManifest
      sdkVersion: string
      /** Warnings only (e.g. unused variables). */
      diagnostics: CompileDiagnostic[]
    }
  | { ok: false; diagnostics: CompileDiagnostic[] }

/** Largest accepted source, in UTF-8 bytes. */
export const MAX_SOURCE_BYTES = 256 * 1024

/** Limits of the throwaway isolate that loads a bundle to read its manifest. */
export const LOAD_LIMITS = { timeoutMs: 500, memoryMb: 64 } as const
