/**
 * `@vm-algo/sdk`: what plugin authors import. The compiler bundles this module (and the parts
 * of `technicalindicators` a plugin uses) into each plugin; it runs inside the sandbox, so it
 * uses ECMAScript built-ins only — no Node, no DOM, no timers, no console.
 *
 * Re-export whole files only: the editor's declarations are generated from exactly the files
 * listed here (see core/src/compiler/sdk-declarations.ts).
 */
export * from './constants.ts'
export type * from './context.ts'
export * from './define.ts'
export type * from './definition.ts'
export * from './ist.ts'
export * from './params.ts'
export type * from './types.ts'
