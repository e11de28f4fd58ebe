/**
 * `@vm-algo/plugins` for the host side: the wire protocol (types and zod schemas) shared with
 * the sandbox, and the parameter validation the deploy API applies before a plugin starts.
 * Plugin authors import `@vm-algo/sdk` instead, which the compiler maps to `sdk.ts` (no zod
 * inside the sandbox).
 */

export * from './fill-rules.ts'
export {
  type ParamIssue,
  type ParamSchema,
  type ParamValidation,
  validateParams,
} from './params.ts'
export * from './protocol.ts'
// The no-code scan language (pure TypeScript): validated by the edge, compiled to a scanner.
export * from './scan-expr/index.ts'
