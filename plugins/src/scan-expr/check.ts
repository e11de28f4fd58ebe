import type { CallNode, Expr, Span } from './ast.ts'
import { FIELDS, findIndicator, INDICATORS, type IndicatorSpec, MAX_AGO, usage } from './catalog.ts'
import { closest } from './suggest.ts'

/** A problem the checker found: where, what, and what to do about it. */
export interface CheckProblem {
  span: Span
  problem: string
  hint?: string
}

type Kind = 'number' | 'condition'

/**
 * Resolves names (indicators and fields, any case, to their canonical spelling), binds and
 * checks indicator arguments, and checks that numbers and conditions are used where each
 * belongs; the whole expression must be a condition. Reports every problem it finds.
 */
export function checkExpression(expr: Expr): { expr: Expr; problems: CheckProblem[] } {
  const problems: CheckProblem[] = []
  const { node, kind } = visit(expr, problems)
  if (problems.length === 0 && kind === 'number') {
    problems.push({
      span: expr.span,
      problem: 'this is a number, not a condition',
      hint: 'compare it with something, e.g. close > SMA(50)',
    })
  } else if (problems.length === 0 && !readsMarket(node)) {
    problems.push({
      span: expr.span,
      problem: 'this condition reads no field or indicator',
      hint: 'it would match every bar or none; compare market data, e.g. close > SMA(50)',
    })
  }
  return { expr: node, problems }
}

/** The argument values of a checked call, by parameter name, defaults filled in. */
export function boundArguments(call: CallNode): Record<string, number | string> {
  const spec = findIndicator(call.name)
  if (!spec) throw new Error(`unchecked call ${call.name}`)
  return bind(spec, call, []) ?? {}
}

function visit(node: Expr, problems: CheckProblem[]): { node: Expr; kind: Kind } {
  switch (node.kind) {
    case 'number':
      return { node, kind: 'number' }
    case 'field':
      return { node: field(node, problems), kind: 'number' }
    case 'call':
      return { node: call(node, problems), kind: 'number' }
    case 'negate': {
      const operand = expect(node.operand, 'number', problems, 'negate a condition (use NOT)')
      return { node: { ...node, operand }, kind: 'number' }
    }
    case 'arithmetic': {
      const left = expect(node.left, 'number', problems, `use a condition with "${node.op}"`)
      const right = expect(node.right, 'number', problems, `use a condition with "${node.op}"`)
      return { node: { ...node, left, right }, kind: 'number' }
    }
    case 'compare':
    case 'cross': {
      const word = node.kind === 'cross' ? `CROSSES ${node.direction.toUpperCase()}` : node.op
      const left = expect(node.left, 'number', problems, `compare a condition with "${word}"`)
      const right = expect(node.right, 'number', problems, `compare a condition with "${word}"`)
      if (node.kind === 'cross') lookBack(node, problems)
      return { node: { ...node, left, right }, kind: 'condition' }
    }
    case 'logical': {
      const word = node.op.toUpperCase()
      const left = expect(node.left, 'condition', problems, `combine numbers with ${word}`)
      const right = expect(node.right, 'condition', problems, `combine numbers with ${word}`)
      return { node: { ...node, left, right }, kind: 'condition' }
    }
    case 'not': {
      const operand = expect(node.operand, 'condition', problems, 'apply NOT to a number')
      return { node: { ...node, operand }, kind: 'condition' }
    }
  }
}

function expect(node: Expr, want: Kind, problems: CheckProblem[], cannot: string): Expr {
  const checked = visit(node, problems)
  if (checked.kind !== want) {
    problems.push({
      span: node.span,
      problem: `expected a ${want}, found a ${checked.kind}`,
      hint: `you cannot ${cannot}`,
    })
  }
  return checked.node
}

function field(node: Extract<Expr, { kind: 'field' }>, problems: CheckProblem[]): Expr {
  const name = node.name.toLowerCase()
  if ((FIELDS as readonly string[]).includes(name)) {
    agoInRange(node, problems)
    return { ...node, name }
  }
  const spec = findIndicator(name)
  if (spec) {
    problems.push({
      span: node.span,
      problem: `${spec.name} needs parentheses`,
      hint: `write ${example(spec)}`,
    })
    return node
  }
  const guess = closest(node.name, [...FIELDS, ...INDICATORS.map((i) => i.name)])
  problems.push({
    span: node.span,
    problem: `unknown field "${node.name}"`,
    hint: guess ? `did you mean ${guess}?` : `fields are ${FIELDS.join(', ')}`,
  })
  return node
}

function call(node: CallNode, problems: CheckProblem[]): Expr {
  const spec = findIndicator(node.name)
  if (!spec) {
    const isField = (FIELDS as readonly string[]).includes(node.name.toLowerCase())
    const guess = closest(
      node.name,
      INDICATORS.map((i) => i.name),
    )
    problems.push({
      span: node.nameSpan,
      problem: `unknown indicator "${node.name}"`,
      hint: isField
        ? `${node.name.toLowerCase()} is a field: write ${node.name.toLowerCase()} or ${node.name.toLowerCase()}[1]`
        : guess
          ? `did you mean ${guess}?`
          : 'see the list of indicators',
    })
    return node
  }
  agoInRange(node, problems)
  const args = node.args.map((arg) =>
    arg.kind === 'field' && (FIELDS as readonly string[]).includes(arg.name.toLowerCase())
      ? { ...arg, name: arg.name.toLowerCase() }
      : arg,
  )
  const normalized: CallNode = { ...node, name: spec.name, args }
  bind(spec, normalized, problems)
  return normalized
}

// Binds a call's arguments to its indicator's parameters; undefined when they do not fit.
function bind(
  spec: IndicatorSpec,
  node: CallNode,
  problems: CheckProblem[],
): Record<string, number | string> | undefined {
  const bound: Record<string, number | string> = {}
  const before = problems.length
  let next = 0
  for (const param of spec.params) {
    const arg = node.args[next]
    if (param.kind === 'source') {
      if (arg?.kind === 'field') {
        if (!(FIELDS as readonly string[]).includes(arg.name.toLowerCase())) {
          const guess = closest(arg.name, FIELDS)
          problems.push({
            span: arg.span,
            problem: `${spec.name}'s source must be one of ${FIELDS.join(', ')}`,
            ...(guess ? { hint: `did you mean ${guess}?` } : {}),
          })
        } else if (arg.ago > 0) {
          problems.push({
            span: arg.span,
            problem: `${spec.name}'s source cannot look back`,
            hint: `put [n] after the indicator, e.g. ${spec.name}(${arg.name.toLowerCase()}, 20)[${arg.ago}]`,
          })
        }
        bound.source = arg.name.toLowerCase()
        next++
      } else {
        bound.source = param.default!
      }
      continue
    }
    if (!arg) {
      if (param.default === undefined) {
        problems.push({
          span: node.span,
          problem: `${spec.name} needs a ${param.name}`,
          hint: `write ${example(spec)}`,
        })
      } else {
        bound[param.name] = param.default
      }
      continue
    }
    next++
    const value = literal(arg)
    const range = `${param.min ?? '-∞'} to ${param.max ?? '∞'}`
    if (value === undefined) {
      problems.push({
        span: arg.span,
        problem: `${spec.name}'s ${param.name} must be a number`,
        hint: `write ${example(spec)}`,
      })
    } else if (param.kind === 'int' && !Number.isInteger(value)) {
      problems.push({
        span: arg.span,
        problem: `${spec.name}'s ${param.name} must be a whole number`,
      })
    } else if (
      (param.min !== undefined && value < param.min) ||
      (param.max !== undefined && value > param.max)
    ) {
      problems.push({ span: arg.span, problem: `${spec.name}'s ${param.name} must be ${range}` })
    } else {
      bound[param.name] = value
    }
  }
  if (next < node.args.length) {
    const extra = node.args[next]!
    problems.push({
      span: { start: extra.span.start, end: node.args[node.args.length - 1]!.span.end },
      problem: `too many arguments for ${spec.name}`,
      hint: `it takes ${usage(spec)}`,
    })
  }
  return problems.length === before ? bound : undefined
}

function literal(node: Expr): number | undefined {
  if (node.kind === 'number') return node.value
  if (node.kind === 'negate' && node.operand.kind === 'number') return -node.operand.value
  return undefined
}

function agoInRange(node: Expr & { ago: number }, problems: CheckProblem[]): void {
  if (node.ago > MAX_AGO) {
    problems.push({ span: node.span, problem: `a term may look back at most ${MAX_AGO} bars` })
  }
}

// CROSSES compares with the previous bar, so every term inside looks one bar further back.
function lookBack(node: Extract<Expr, { kind: 'cross' }>, problems: CheckProblem[]): void {
  const deepest = Math.max(maxAgo(node.left), maxAgo(node.right))
  if (deepest + 1 > MAX_AGO) {
    problems.push({
      span: node.span,
      problem: `CROSSES also reads the previous bar, so its terms may look back at most ${MAX_AGO - 1} bars`,
    })
  }
}

function readsMarket(node: Expr): boolean {
  switch (node.kind) {
    case 'field':
    case 'call':
      return true
    case 'number':
      return false
    case 'negate':
    case 'not':
      return readsMarket(node.operand)
    default:
      return readsMarket(node.left) || readsMarket(node.right)
  }
}

function maxAgo(node: Expr): number {
  switch (node.kind) {
    case 'field':
    case 'call':
      return node.ago
    case 'number':
      return 0
    case 'negate':
    case 'not':
      return maxAgo(node.operand)
    default:
      return Math.max(maxAgo(node.left), maxAgo(node.right))
  }
}

function example(spec: IndicatorSpec): string {
  const args = spec.params
    .filter((p) => p.kind !== 'source' && p.default === undefined)
    .map(() => '14')
  return `${spec.name}(${args.join(', ')})`
}
