export { compileInThread, warmCompiler } from './compile.ts'
export {
  compilePlugin,
  createPluginCompiler,
  type PluginCompiler,
  type PluginCompilerOptions,
} from './compiler.ts'
export { SDK_MODULE, sdkAmbientDeclarations, sdkDeclarations } from './sdk-declarations.ts'
export { AUTHOR_COMPILER_OPTIONS } from './typecheck.ts'
export {
  type CompileDiagnostic,
  type CompileResult,
  DIAGNOSTIC_CODES,
  LOAD_LIMITS,
  MAX_SOURCE_BYTES,
} from './types.ts'
