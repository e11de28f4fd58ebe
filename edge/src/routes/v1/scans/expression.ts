import {
  parseScanExpression,
  SCAN_MAX_EXPRESSION_CHARS,
  type ScanExprDiagnostic,
} from '@vm-algo/plugins'
import { ApiError, type Diagnostic } from '../../../errors.ts'
import { z } from '../../../openapi.ts'

/** Diagnostics of the scan language carry this code. */
export const EXPRESSION_CODE = 'SCAN_EXPRESSION'

export const ExpressionSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(SCAN_MAX_EXPRESSION_CHARS, `must be at most ${SCAN_MAX_EXPRESSION_CHARS} characters`)
  .openapi({
    description:
      'A condition over bar fields (open, high, low, close, volume, hl2, hlc3, ohlc4) and indicators (SMA, EMA, WMA, RSI, ROC, SD, HIGHEST, LOWEST, ATR, CCI, ADX, PDI, MDI, OBV, MACD, MACD_SIGNAL, MACD_HIST, BB_UPPER, BB_MIDDLE, BB_LOWER, BB_PB, STOCH_K, STOCH_D), with + - * /, comparisons (< <= > >= = !=), `crosses above`/`crosses below`, AND, OR, NOT and parentheses; `close[1]` is the previous bar.',
    example: 'RSI(14) < 30 AND close > SMA(50)',
  })

export const toDiagnostic = (d: ScanExprDiagnostic): Diagnostic => ({
  severity: 'error',
  message: d.message,
  line: d.line,
  column: d.column,
  code: EXPRESSION_CODE,
  length: d.length,
})

/** The checked expression, or a 422 `invalid_expression` with every problem and its position. */
export function parseOrFail(expression: string) {
  const parsed = parseScanExpression(expression)
  if (!parsed.ok) {
    const [first] = parsed.diagnostics
    throw new ApiError('invalid_expression', first!.message, {
      diagnostics: parsed.diagnostics.map(toDiagnostic),
    })
  }
  return parsed
}
