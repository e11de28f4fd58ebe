/**
 * The no-code scan language: conditions such as `RSI(14) < 30 AND close > SMA(50)`,
 * `EMA(9) crosses above EMA(21)` or `volume > 2 * SMA(volume, 20)`, parsed with positions for
 * every error and compiled into a scanner plugin written with the SDK — so a scan runs in the
 * same sandbox, with the same indicators, as any author's plugin. Pure TypeScript, no
 * dependencies: the edge uses it to validate and generate, the app to preview.
 */
import type { Expr } from './ast.ts'
import { checkExpression } from './check.ts'
import { generateScanner, type ScannerOptions } from './codegen.ts'
import { diagnostic, type ScanExprDiagnostic, ScanSyntaxError } from './diagnostics.ts'
import { parse } from './parser.ts'
import { printExpression } from './print.ts'

export type { Expr as ScanExpr, Span as ScanSpan } from './ast.ts'
export {
  FIELDS as SCAN_FIELDS,
  INDICATORS as SCAN_INDICATORS,
  type IndicatorParam,
  type IndicatorSpec,
  MAX_AGO as SCAN_MAX_AGO,
  MAX_PERIOD as SCAN_MAX_PERIOD,
} from './catalog.ts'
export type { ScannerOptions } from './codegen.ts'
export type { ScanExprDiagnostic } from './diagnostics.ts'
export { MAX_EXPRESSION_CHARS as SCAN_MAX_EXPRESSION_CHARS } from './parser.ts'
/** The closest of some names to a misspelt one (for "did you mean …?" messages). */
export { closest as closestName } from './suggest.ts'

export type ScanParse =
  | {
      ok: true
      /** The checked tree: names in their canonical spelling. */
      expr: Expr
      /** The expression in canonical form (`printScanExpression(expr)`). */
      expression: string
    }
  | { ok: false; diagnostics: ScanExprDiagnostic[] }

/**
 * Parses and checks a scan expression: the first syntax error, or every naming, argument and
 * type problem, each with its line and column.
 *
 * @example
 * parseScanExpression('RSX(14) < 30')
 * // { ok: false, diagnostics: [{ message: 'unknown indicator "RSX" at column 1 — did you mean RSI?', line: 1, column: 1, offset: 0, length: 3 }] }
 */
export function parseScanExpression(text: string): ScanParse {
  let tree: Expr
  try {
    tree = parse(text)
  } catch (error) {
    if (!(error instanceof ScanSyntaxError)) throw error
    return { ok: false, diagnostics: [diagnostic(text, error.span, error.problem, error.hint)] }
  }
  const { expr, problems } = checkExpression(tree)
  if (problems.length > 0) {
    return {
      ok: false,
      diagnostics: problems
        .sort((a, b) => a.span.start - b.span.start)
        .map((p) => diagnostic(text, p.span, p.problem, p.hint)),
    }
  }
  return { ok: true, expr, expression: printExpression(expr) }
}

/**
 * Prints a tree in canonical form; parsing the result gives the same tree.
 *
 * @example printScanExpression(expr) // 'RSI(14) < 30 AND close > SMA(50)'
 */
export const printScanExpression: (expr: Expr) => string = printExpression

export type ScanCompile =
  | { ok: true; expression: string; source: string }
  | { ok: false; diagnostics: ScanExprDiagnostic[] }

/**
 * Parses a scan expression and writes the scanner plugin that runs it (TypeScript source for
 * the plugin compiler).
 *
 * @example
 * const out = compileScanExpression('close > SMA(200)', { name: 'Above trend', universe: ['TCS'], timeframe: '1d' })
 * if (out.ok) await compiler.compile(out.source)
 */
export function compileScanExpression(text: string, options: ScannerOptions): ScanCompile {
  const parsed = parseScanExpression(text)
  if (!parsed.ok) return parsed
  return {
    ok: true,
    expression: parsed.expression,
    source: generateScanner(parsed.expr, options),
  }
}
