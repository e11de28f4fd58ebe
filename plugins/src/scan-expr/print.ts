import type { Expr } from './ast.ts'

// Binding strength, loosest first: the printer adds parentheses only where the tree needs them.
const PRECEDENCE = {
  or: 1,
  and: 2,
  not: 3,
  compare: 4,
  additive: 5,
  multiplicative: 6,
  negate: 7,
  term: 8,
} as const

/**
 * Prints a tree in the language's canonical form: keywords upper-case, one space around
 * operators, parentheses only where needed. Parsing the result gives the same tree back.
 *
 * @example printExpression(parse('rsi(14)<30 and (close>sma(50))')) // 'RSI(14) < 30 AND close > SMA(50)' (once checked)
 */
export function printExpression(node: Expr): string {
  switch (node.kind) {
    case 'number':
      return formatNumber(node.value)
    case 'field':
      return node.name + ago(node.ago)
    case 'call':
      return `${node.name}(${node.args.map(printExpression).join(', ')})${ago(node.ago)}`
    case 'negate':
      return `-${wrap(node.operand, PRECEDENCE.negate)}`
    case 'not':
      return `NOT ${wrap(node.operand, PRECEDENCE.not)}`
    case 'arithmetic':
    case 'compare':
    case 'logical':
    case 'cross': {
      const level = precedence(node)
      const op =
        node.kind === 'cross'
          ? `CROSSES ${node.direction.toUpperCase()}`
          : node.kind === 'logical'
            ? node.op.toUpperCase()
            : node.op
      // Left-associative: a right operand of the same strength keeps its parentheses, and
      // comparisons do not chain, so both of theirs do.
      const leftLevel = level === PRECEDENCE.compare ? level + 1 : level
      return `${wrap(node.left, leftLevel)} ${op} ${wrap(node.right, level + 1)}`
    }
  }
}

function precedence(node: Expr): number {
  switch (node.kind) {
    case 'logical':
      return node.op === 'or' ? PRECEDENCE.or : PRECEDENCE.and
    case 'not':
      return PRECEDENCE.not
    case 'compare':
    case 'cross':
      return PRECEDENCE.compare
    case 'arithmetic':
      return node.op === '+' || node.op === '-' ? PRECEDENCE.additive : PRECEDENCE.multiplicative
    case 'negate':
      return PRECEDENCE.negate
    default:
      return PRECEDENCE.term
  }
}

function wrap(node: Expr, atLeast: number): string {
  const text = printExpression(node)
  return precedence(node) < atLeast ? `(${text})` : text
}

const ago = (bars: number) => (bars > 0 ? `[${bars}]` : '')

// Plain decimals (the language has no exponent notation): the shortest round-tripping digits
// of `String(value)`, with the decimal point moved by hand.
function formatNumber(value: number): string {
  const text = String(value)
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text)
  if (!match) return text
  const [, sign, first, rest = '', exponent] = match
  const digits = first! + rest
  const point = 1 + Number(exponent)
  const plain =
    point <= 0
      ? `0.${'0'.repeat(-point)}${digits}`
      : point >= digits.length
        ? digits + '0'.repeat(point - digits.length)
        : `${digits.slice(0, point)}.${digits.slice(point)}`
  return sign + plain
}
