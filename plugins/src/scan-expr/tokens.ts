import type { Span } from './ast.ts'
import { ScanSyntaxError } from './diagnostics.ts'

export type TokenKind = 'number' | 'ident' | 'op' | '(' | ')' | '[' | ']' | ',' | 'eof'

/** One token; `text` is the source text, `value` the number of a number token. */
export interface Token {
  kind: TokenKind
  text: string
  span: Span
  value?: number
}

/** Longest first, so `<=` is not read as `<` then `=`. */
const OPERATORS = ['<=', '>=', '==', '!=', '<>', '<', '>', '=', '+', '-', '*', '/'] as const

// Characters people type from other languages, with what to write instead.
const MISTAKES: Record<string, string> = {
  '&': 'write AND',
  '|': 'write OR',
  '!': 'write NOT, or != for "not equal"',
  '%': 'write a ratio instead, e.g. close > 1.05 * SMA(50) for 5% above',
}

/**
 * Splits a scan expression into tokens. Throws a ScanSyntaxError at the first character that
 * cannot start a token.
 *
 * @example tokenize('RSI(14) < 30').map((t) => t.text) // ['RSI', '(', '14', ')', '<', '30', '']
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const ch = text[i]!
    if (/\s/.test(ch)) {
      i++
      continue
    }
    const start = i
    if (/[0-9.]/.test(ch)) {
      const match = /^(\d+(\.\d*)?|\.\d+)/.exec(text.slice(i))
      if (!match) throw new ScanSyntaxError({ start, end: start + 1 }, 'unexpected "."')
      i += match[0].length
      if (/[A-Za-z_]/.test(text[i] ?? '')) {
        throw new ScanSyntaxError(
          { start, end: i + 1 },
          `unexpected "${text.slice(start, i + 1)}"`,
          'put a space or an operator between a number and a name',
        )
      }
      tokens.push({ kind: 'number', text: match[0], span: { start, end: i }, value: +match[0] })
      continue
    }
    if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!
      i += match[0].length
      tokens.push({ kind: 'ident', text: match[0], span: { start, end: i } })
      continue
    }
    if ('()[],'.includes(ch)) {
      i++
      tokens.push({ kind: ch as TokenKind, text: ch, span: { start, end: i } })
      continue
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i))
    if (op) {
      i += op.length
      tokens.push({ kind: 'op', text: op, span: { start, end: i } })
      continue
    }
    const shown = String.fromCodePoint(text.codePointAt(i)!)
    throw new ScanSyntaxError(
      { start, end: start + shown.length },
      `unexpected character "${shown}"`,
      MISTAKES[ch],
    )
  }
  tokens.push({ kind: 'eof', text: '', span: { start: text.length, end: text.length } })
  return tokens
}
