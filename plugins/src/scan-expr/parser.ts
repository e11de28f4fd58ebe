import type { ArithmeticOp, CompareOp, Expr, Span } from './ast.ts'
import { ScanSyntaxError } from './diagnostics.ts'
import { type Token, tokenize } from './tokens.ts'

/** Longest accepted expression, in characters. */
export const MAX_EXPRESSION_CHARS = 2_000
/** Deepest nesting of parentheses and operators; keeps the recursion bounded. */
export const MAX_DEPTH = 40

const COMPARE: Record<string, CompareOp> = {
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  '=': '=',
  '==': '=',
  '!=': '!=',
  '<>': '!=',
}

const KEYWORDS = new Set(['and', 'or', 'not', 'crosses', 'above', 'below'])

/**
 * Parses a scan expression into a tree (syntax only: names are checked by `checkExpression`).
 * Grammar, loosest binding first:
 *
 *     or         := and ('OR' and)*
 *     and        := not ('AND' not)*
 *     not        := 'NOT' not | comparison
 *     comparison := sum (('<' | '<=' | '>' | '>=' | '=' | '!=') sum
 *                       | 'CROSSES' ('ABOVE' | 'BELOW') sum)?
 *     sum        := product (('+' | '-') product)*
 *     product    := unary (('*' | '/') unary)*
 *     unary      := '-' unary | postfix
 *     postfix    := primary ('[' integer ']')?
 *     primary    := number | name | name '(' (sum (',' sum)*)? ')' | '(' or ')'
 *
 * Keywords ignore case. Throws a ScanSyntaxError at the first error.
 */
export function parse(text: string): Expr {
  if (text.length > MAX_EXPRESSION_CHARS) {
    throw new ScanSyntaxError(
      { start: MAX_EXPRESSION_CHARS, end: text.length },
      `the expression is longer than ${MAX_EXPRESSION_CHARS} characters`,
    )
  }
  const parser = new Parser(tokenize(text))
  const expr = parser.expression()
  parser.expectEnd()
  return expr
}

class Parser {
  #tokens: Token[]
  #at = 0
  #depth = 0

  constructor(tokens: Token[]) {
    this.#tokens = tokens
  }

  expression(): Expr {
    return this.#nested(() => this.#or())
  }

  expectEnd(): void {
    const token = this.#peek()
    if (token.kind === 'eof') return
    const hint =
      token.kind === 'ident' && !KEYWORDS.has(token.text.toLowerCase())
        ? 'join conditions with AND or OR'
        : undefined
    throw new ScanSyntaxError(token.span, `unexpected ${describe(token)}`, hint)
  }

  #or(): Expr {
    let left = this.#and()
    while (this.#keyword('or')) {
      const right = this.#and()
      left = { kind: 'logical', op: 'or', left, right, span: join(left.span, right.span) }
    }
    return left
  }

  #and(): Expr {
    let left = this.#not()
    while (this.#keyword('and')) {
      const right = this.#not()
      left = { kind: 'logical', op: 'and', left, right, span: join(left.span, right.span) }
    }
    return left
  }

  #not(): Expr {
    const token = this.#peek()
    if (this.#keyword('not')) {
      const operand = this.#nested(() => this.#not())
      return { kind: 'not', operand, span: join(token.span, operand.span) }
    }
    return this.#comparison()
  }

  #comparison(): Expr {
    const left = this.#sum()
    const token = this.#peek()
    let node: Expr | undefined
    if (token.kind === 'op' && Object.hasOwn(COMPARE, token.text)) {
      this.#at++
      const right = this.#sum()
      node = {
        kind: 'compare',
        op: COMPARE[token.text]!,
        left,
        right,
        span: join(left.span, right.span),
      }
    } else if (this.#keyword('crosses')) {
      const direction = this.#peek()
      if (!this.#keyword('above') && !this.#keyword('below')) {
        throw new ScanSyntaxError(
          direction.span,
          `expected ABOVE or BELOW after CROSSES, found ${describe(direction)}`,
        )
      }
      const right = this.#sum()
      node = {
        kind: 'cross',
        direction: direction.text.toLowerCase() as 'above' | 'below',
        left,
        right,
        span: join(left.span, right.span),
      }
    }
    if (!node) return left
    const next = this.#peek()
    if ((next.kind === 'op' && Object.hasOwn(COMPARE, next.text)) || isKeyword(next, 'crosses')) {
      throw new ScanSyntaxError(
        next.span,
        'comparisons cannot be chained',
        'join them with AND, e.g. 30 < RSI(14) AND RSI(14) < 70',
      )
    }
    return node
  }

  #sum(): Expr {
    let left = this.#product()
    for (let token = this.#peek(); isOp(token, '+', '-'); token = this.#peek()) {
      this.#at++
      const right = this.#product()
      left = arithmetic(token.text as ArithmeticOp, left, right)
    }
    return left
  }

  #product(): Expr {
    let left = this.#unary()
    for (let token = this.#peek(); isOp(token, '*', '/'); token = this.#peek()) {
      this.#at++
      const right = this.#unary()
      left = arithmetic(token.text as ArithmeticOp, left, right)
    }
    return left
  }

  #unary(): Expr {
    const token = this.#peek()
    if (isOp(token, '-')) {
      this.#at++
      const operand = this.#nested(() => this.#unary())
      return { kind: 'negate', operand, span: join(token.span, operand.span) }
    }
    return this.#postfix(this.#primary())
  }

  #postfix(node: Expr): Expr {
    const open = this.#peek()
    if (open.kind !== '[') return node
    this.#at++
    const count = this.#peek()
    if (count.kind !== 'number' || !/^\d+$/.test(count.text)) {
      throw new ScanSyntaxError(
        count.span,
        `expected a whole number of bars inside [ ], found ${describe(count)}`,
        'e.g. close[1] is the previous bar’s close',
      )
    }
    this.#at++
    const close = this.#expect(']', 'to close [')
    if (node.kind !== 'field' && node.kind !== 'call') {
      throw new ScanSyntaxError(
        join(node.span, close.span),
        '[n] looks back on a field or an indicator only',
        'write e.g. close[1] or SMA(50)[1]',
      )
    }
    if (node.ago > 0) {
      throw new ScanSyntaxError(open.span, 'only one [n] per term')
    }
    return { ...node, ago: count.value!, span: join(node.span, close.span) }
  }

  #primary(): Expr {
    const token = this.#next()
    if (token.kind === 'number') return { kind: 'number', value: token.value!, span: token.span }
    if (token.kind === '(') {
      const inner = this.expression()
      this.#expect(')', 'to close "("', token)
      return { ...inner, span: { start: token.span.start, end: this.#previous().span.end } }
    }
    if (token.kind === 'ident' && !KEYWORDS.has(token.text.toLowerCase())) {
      if (this.#peek().kind !== '(') {
        return { kind: 'field', name: token.text, ago: 0, span: token.span }
      }
      this.#at++
      const args: Expr[] = []
      if (this.#peek().kind !== ')') {
        do args.push(this.#nested(() => this.#sum()))
        while (this.#take(','))
      }
      const close = this.#expect(')', `to close the arguments of ${token.text}`)
      return {
        kind: 'call',
        name: token.text,
        nameSpan: token.span,
        args,
        ago: 0,
        span: join(token.span, close.span),
      }
    }
    const hint =
      token.kind === 'eof'
        ? 'finish the condition, e.g. close > SMA(50)'
        : isOp(token, '=', '==')
          ? 'compare two values, e.g. close = open'
          : undefined
    throw new ScanSyntaxError(
      token.span,
      `expected a number, a field or an indicator, found ${describe(token)}`,
      hint,
    )
  }

  #nested(parse: () => Expr): Expr {
    if (++this.#depth > MAX_DEPTH) {
      throw new ScanSyntaxError(
        this.#peek().span,
        `the expression nests deeper than ${MAX_DEPTH} levels`,
      )
    }
    try {
      return parse()
    } finally {
      this.#depth--
    }
  }

  #expect(kind: Token['kind'], why: string, opener?: Token): Token {
    const token = this.#peek()
    if (token.kind === kind) return this.#next()
    const hint = opener && token.kind === 'eof' ? `add "${kind}"` : undefined
    throw new ScanSyntaxError(
      token.span,
      `expected "${kind}" ${why}, found ${describe(token)}`,
      hint,
    )
  }

  #keyword(word: string): boolean {
    if (!isKeyword(this.#peek(), word)) return false
    this.#at++
    return true
  }

  #take(kind: Token['kind']): boolean {
    if (this.#peek().kind !== kind) return false
    this.#at++
    return true
  }

  #peek(): Token {
    return this.#tokens[this.#at]!
  }

  #previous(): Token {
    return this.#tokens[this.#at - 1]!
  }

  #next(): Token {
    const token = this.#tokens[this.#at]!
    if (token.kind !== 'eof') this.#at++
    return token
  }
}

function arithmetic(op: ArithmeticOp, left: Expr, right: Expr): Expr {
  return { kind: 'arithmetic', op, left, right, span: join(left.span, right.span) }
}

function isOp(token: Token, ...ops: string[]): boolean {
  return token.kind === 'op' && ops.includes(token.text)
}

function isKeyword(token: Token, word: string): boolean {
  return token.kind === 'ident' && token.text.toLowerCase() === word
}

function join(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) }
}

function describe(token: Token): string {
  if (token.kind === 'eof') return 'the end of the expression'
  if (token.kind === 'ident' && KEYWORDS.has(token.text.toLowerCase())) {
    return token.text.toUpperCase()
  }
  return `"${token.text}"`
}
