import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

/** The folder of the SDK's sources (`plugins/src`), found through the workspace package. */
export const SDK_SOURCE_DIR = dirname(fileURLToPath(import.meta.resolve('@vm-algo/plugins')))

/** The module authors import; the bundler maps it to `SDK_ENTRY`. */
export const SDK_MODULE = '@vm-algo/sdk'
export const SDK_ENTRY = join(SDK_SOURCE_DIR, 'sdk.ts')

let cached: string | undefined

/**
 * The SDK's public declarations as one module body (top-level `export declare …`, with their
 * JSDoc), generated from the sources on first use: `sdk.ts` re-exports whole files, and each
 * of those files' declarations are emitted and joined. Used by the type checker; see
 * `sdkAmbientDeclarations` for editors.
 */
export function sdkDeclarations(): string {
  cached ??= generate()
  return cached
}

/**
 * The same declarations wrapped as `declare module '@vm-algo/sdk' { … }`, the form a browser
 * editor (Monaco's `addExtraLib`) takes.
 *
 * @example monaco.languages.typescript.typescriptDefaults.addExtraLib(dts, 'file:///sdk.d.ts')
 */
export function sdkAmbientDeclarations(): string {
  const body = sdkDeclarations()
    .split('\n')
    .map((line) => (line === '' ? line : `  ${line.replace(/^export declare /, 'export ')}`))
    .join('\n')
  return `declare module '${SDK_MODULE}' {\n${body}\n}\n`
}

function generate(): string {
  const files = publicFiles()
  const options: ts.CompilerOptions = {
    declaration: true,
    emitDeclarationOnly: true,
    // Only the listed files: the runtime behind `define.ts` is not part of the public surface.
    noResolve: true,
    allowImportingTsExtensions: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    skipLibCheck: true,
    types: [],
  }
  const program = ts.createProgram(files, options)
  const out = new Map<string, string>()
  program.emit(
    undefined,
    (name, text) => out.set(name.replace(/\.d\.ts$/, '.ts'), text),
    undefined,
    true,
  )
  const parts = files.map((file) => {
    const text = out.get(file)
    if (text === undefined) throw new Error(`no declarations emitted for ${file}`)
    return strip(text)
  })
  return `${parts.join('\n').trim()}\n`
}

// The files `sdk.ts` re-exports from (`export … from './x.ts'`), in order.
function publicFiles(): string[] {
  const source = ts.createSourceFile(
    SDK_ENTRY,
    readFileSync(SDK_ENTRY, 'utf8'),
    ts.ScriptTarget.ES2022,
  )
  const files: string[] = []
  for (const statement of source.statements) {
    if (
      ts.isExportDeclaration(statement) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      const file = join(SDK_SOURCE_DIR, statement.moduleSpecifier.text)
      if (!files.includes(file)) files.push(file)
    }
  }
  return files
}

// Drops what only made sense between files: imports and the empty `export {}` marker.
function strip(dts: string): string {
  const out: string[] = []
  let inImport = false
  for (const line of dts.split('\n')) {
    if (inImport) {
      inImport = !/from\s+['"][^'"]+['"];?\s*$/.test(line)
      continue
    }
    if (/^import\s/.test(line)) {
      inImport = !/from\s+['"][^'"]+['"];?\s*$/.test(line) && !/^import\s+['"]/.test(line)
      continue
    }
    if (/^export\s*\{\s*\};?\s*$/.test(line)) continue
    out.push(line)
  }
  return out.join('\n')
}

/** Where the SDK's ambient declarations are kept for editors and the repository's type check. */
export const SDK_DTS_FILE = join(SDK_SOURCE_DIR, '..', 'sdk.d.ts')

/**
 * The content of `plugins/sdk.d.ts`: the ambient declarations under a header, formatted by
 * the repository's Biome so the file passes `biome check` as generated.
 */
export function renderSdkDeclarationFile(): string {
  const header = [
    '// Generated from plugins/src by core/src/compiler/sdk-dts-cli.ts — do not edit.',
    '// The SDK plugin authors import as `@vm-algo/sdk`, for editors and the type check.',
    '',
  ].join('\n')
  const biome = join(SDK_SOURCE_DIR, '..', '..', 'node_modules', '.bin', 'biome')
  // Declaration emit keeps JSDoc but not line comments, so the sources' lint suppressions for
  // deliberate `any` types are put back here.
  const body = sdkAmbientDeclarations().replace(
    /^(\s*)(export type \w+ = .*\bany\b)/gm,
    '$1// biome-ignore lint/suspicious/noExplicitAny: deliberate in the SDK source\n$1$2',
  )
  return execFileSync(biome, ['format', `--stdin-file-path=${SDK_DTS_FILE}`], {
    input: header + body,
    encoding: 'utf8',
  })
}
