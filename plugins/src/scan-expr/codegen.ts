import { DEFAULT_HISTORY, MAX_HISTORY } from '../constants.ts'
import type { PriceSource } from '../context.ts'
import type { Timeframe } from '../types.ts'
import { type CallNode, type Expr, type FieldNode, shiftBack } from './ast.ts'
import { findIndicator } from './catalog.ts'
import { boundArguments } from './check.ts'
import { printExpression } from './print.ts'

/** What the generated scanner's manifest says besides the condition. */
export interface ScannerOptions {
  /** Manifest name (trimmed, cut to 64 characters). */
  name: string
  /** Symbols it scans. */
  universe: readonly string[]
  /** The candles it runs on. */
  timeframe: Timeframe
  /** Default `1.0.0`. */
  version?: string
}

// Three-valued logic: a term without a value yet (an indicator warming up, a bar that does not
// exist) makes a comparison unknown, and only a condition that is true matches.
const HELPERS: Record<string, string> = {
  lt: 'const lt = (a: Num, b: Num): Cond => (a === undefined || b === undefined ? undefined : a < b)',
  le: 'const le = (a: Num, b: Num): Cond => (a === undefined || b === undefined ? undefined : a <= b)',
  gt: 'const gt = (a: Num, b: Num): Cond => (a === undefined || b === undefined ? undefined : a > b)',
  ge: 'const ge = (a: Num, b: Num): Cond => (a === undefined || b === undefined ? undefined : a >= b)',
  eq: 'const eq = (a: Num, b: Num): Cond => (a === undefined || b === undefined ? undefined : a === b)',
  ne: 'const ne = (a: Num, b: Num): Cond => (a === undefined || b === undefined ? undefined : a !== b)',
  add: 'const add = (a: Num, b: Num): Num => (a === undefined || b === undefined ? undefined : num(a + b))',
  sub: 'const sub = (a: Num, b: Num): Num => (a === undefined || b === undefined ? undefined : num(a - b))',
  mul: 'const mul = (a: Num, b: Num): Num => (a === undefined || b === undefined ? undefined : num(a * b))',
  div: 'const div = (a: Num, b: Num): Num => (a === undefined || b === undefined ? undefined : num(a / b))',
  neg: 'const neg = (a: Num): Num => (a === undefined ? undefined : -a)',
  and: 'const and = (a: Cond, b: Cond): Cond =>\n  a === false || b === false ? false : a === undefined || b === undefined ? undefined : true',
  or: 'const or = (a: Cond, b: Cond): Cond =>\n  a === true || b === true ? true : a === undefined || b === undefined ? undefined : false',
  not: 'const not = (a: Cond): Cond => (a === undefined ? undefined : !a)',
}

const COMPARE = { '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge', '=': 'eq', '!=': 'ne' } as const
const ARITHMETIC = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div' } as const
const READ: Record<PriceSource, string> = {
  open: '(b) => b.open',
  high: '(b) => b.high',
  low: '(b) => b.low',
  close: '(b) => b.close',
  volume: '(b) => b.volume',
  hl2: '(b) => (b.high + b.low) / 2',
  hlc3: '(b) => (b.high + b.low + b.close) / 3',
  ohlc4: '(b) => (b.open + b.high + b.low + b.close) / 4',
}

/** Match data holds at most this many columns (the protocol's limit is 20). */
const MAX_COLUMNS = 20

interface Term {
  variable: string
  code: string
  label: string
}

/**
 * Writes a scanner plugin, with the SDK, that matches a symbol on each closed bar where the
 * (checked) condition is true, showing every term's value as a column. It compiles and runs
 * like any author's plugin. Every term is read on every bar, so each indicator sees all bars
 * from the first one, whichever branch of an OR decides.
 */
export function generateScanner(condition: Expr, options: ScannerOptions): string {
  const terms = new Map<string, Term>()
  const helpers = new Set<string>()
  let maxAgo = 0
  let needs = 1

  const term = (node: FieldNode | CallNode): string => {
    const label = printExpression(node)
    const known = terms.get(label)
    if (known) return known.variable
    maxAgo = Math.max(maxAgo, node.ago)
    let code: string
    if (node.kind === 'field') {
      code = `field(bars, ${node.ago}, ${READ[node.name as PriceSource]})`
    } else {
      const spec = findIndicator(node.name)!
      const args = boundArguments(node)
      needs = Math.max(needs, spec.needs(args))
      code = spec.code(args, node.ago)
    }
    const variable = `t${terms.size}`
    terms.set(label, { variable, code, label })
    return variable
  }

  const emit = (node: Expr): string => {
    const use = (helper: string, ...args: string[]) => {
      helpers.add(helper)
      return `${helper}(${args.join(', ')})`
    }
    switch (node.kind) {
      case 'number':
        return printExpression(node)
      case 'field':
      case 'call':
        return term(node)
      case 'negate':
        return use('neg', emit(node.operand))
      case 'not':
        return use('not', emit(node.operand))
      case 'arithmetic':
        return use(ARITHMETIC[node.op], emit(node.left), emit(node.right))
      case 'compare':
        return use(COMPARE[node.op], emit(node.left), emit(node.right))
      case 'logical':
        return use(node.op, emit(node.left), emit(node.right))
      case 'cross': {
        // Above: at or below on the previous bar, above now. Below: the mirror image.
        const [before, now] = node.direction === 'above' ? ['le', 'gt'] : ['ge', 'lt']
        const previous = use(before, emit(shiftBack(node.left, 1)), emit(shiftBack(node.right, 1)))
        return use('and', previous, use(now, emit(node.left), emit(node.right)))
      }
    }
  }

  const matched = emit(condition)
  const readsBars = [...terms.values()].some((t) => t.code.startsWith('field('))
  const history = Math.min(MAX_HISTORY, Math.max(DEFAULT_HISTORY, 3 * needs, maxAgo + 2))
  const expression = printExpression(condition)
  const columns = matchColumns([...terms.values()])

  const lines = [
    '// Generated by the vm-algo scan builder from this expression (edit the expression, not this file):',
    `//   ${expression}`,
    `import { ${readsBars ? 'type Bar, ' : ''}defineScanner } from '@vm-algo/sdk'`,
    '',
    'type Num = number | undefined',
    'type Cond = boolean | undefined',
    '',
    `const TIMEFRAME = ${JSON.stringify(options.timeframe)}`,
    '',
    '// A finite number, or undefined: an indicator still warming up, a division by zero.',
    'const num = (v: number | undefined): Num => (v !== undefined && Number.isFinite(v) ? v : undefined)',
    ...(readsBars
      ? [
          '// A field of the bar `ago` bars back (0 = this one), if there is such a bar yet.',
          'const field = (bars: readonly Bar[], ago: number, read: (b: Bar) => number): Num => {',
          '  const bar = bars[bars.length - 1 - ago]',
          '  return bar === undefined ? undefined : num(read(bar))',
          '}',
        ]
      : []),
    ...Object.keys(HELPERS)
      .filter((name) => helpers.has(name))
      .map((name) => HELPERS[name]!),
    '',
    'export default defineScanner({',
    '  manifest: {',
    `    name: ${JSON.stringify(options.name.trim().slice(0, 64))},`,
    `    version: ${JSON.stringify(options.version ?? '1.0.0')},`,
    `    description: ${JSON.stringify(`Scan: ${expression}`.slice(0, 2_000))},`,
    `    universe: ${JSON.stringify(options.universe)},`,
    '    timeframes: [TIMEFRAME],',
    `    history: ${history},`,
    '  },',
    '  onBar(ctx, { symbol }) {',
    ...(readsBars ? [`    const bars = ctx.bars(symbol, TIMEFRAME, ${maxAgo + 1})`] : []),
    ...[...terms.values()].map((t) => `    const ${t.variable} = num(${t.code})`),
    `    if (${matched} === true) {`,
    `      ctx.match(symbol, { ${columns} })`,
    '    }',
    '  },',
    '})',
    '',
  ]
  return lines.join('\n')
}

// One column per distinct term, named as written (cut to the protocol's 40 characters).
function matchColumns(terms: Term[]): string {
  const seen = new Set<string>()
  const out: string[] = []
  for (const t of terms) {
    const key = t.label.slice(0, 40)
    if (seen.has(key) || out.length >= MAX_COLUMNS) continue
    seen.add(key)
    out.push(`${JSON.stringify(key)}: ${t.variable} ?? null`)
  }
  return out.join(', ')
}
