import type { Span } from './ast.ts'

/**
 * One problem in a scan expression, with where it is: 1-based `line` and `column`, and the
 * 0-based `offset` and `length` of the text it is about (for underlining in an editor).
 * `message` names the position too, e.g. `unknown indicator "RSX" at column 1 — did you mean RSI?`.
 */
export interface ScanExprDiagnostic {
  message: string
  line: number
  column: number
  offset: number
  length: number
}

/** Thrown by the tokenizer and the parser at the first syntax error; caught by `parseScanExpression`. */
export class ScanSyntaxError extends Error {
  readonly span: Span
  readonly problem: string
  readonly hint: string | undefined

  constructor(span: Span, problem: string, hint?: string) {
    super(problem)
    this.name = 'ScanSyntaxError'
    this.span = span
    this.problem = problem
    this.hint = hint
  }
}

/**
 * A diagnostic for `span` of `text`: `problem` is what is wrong (`unknown indicator "RSX"`),
 * `hint` what to do (`did you mean RSI?`); the message joins them around the position.
 */
export function diagnostic(
  text: string,
  span: Span,
  problem: string,
  hint?: string,
): ScanExprDiagnostic {
  const { line, column } = position(text, span.start)
  const where = line === 1 ? `at column ${column}` : `at line ${line}, column ${column}`
  return {
    message: `${problem} ${where}${hint ? ` — ${hint}` : ''}`,
    line,
    column,
    offset: span.start,
    length: Math.max(0, span.end - span.start),
  }
}

/** The 1-based line and column of `offset` in `text`. */
export function position(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: offset - lineStart + 1 }
}
