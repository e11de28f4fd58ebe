/**
 * The syntax tree of a scan expression. Every node keeps the span of source it came from
 * (`start` inclusive, `end` exclusive, UTF-16 offsets), so later checks can point at it.
 */

export interface Span {
  start: number
  end: number
}

/** A bar field, `close` or `volume[1]` (`ago` bars back). */
export interface FieldNode {
  kind: 'field'
  /** As written; the checker resolves it against `FIELDS`, ignoring case. */
  name: string
  ago: number
  span: Span
}

/** An indicator call, `RSI(14)` or `SMA(volume, 20)[1]`. */
export interface CallNode {
  kind: 'call'
  /** As written; the checker resolves it against the indicator catalog, ignoring case. */
  name: string
  nameSpan: Span
  args: Expr[]
  ago: number
  span: Span
}

export interface NumberNode {
  kind: 'number'
  value: number
  span: Span
}

export interface NegateNode {
  kind: 'negate'
  operand: Expr
  span: Span
}

export type ArithmeticOp = '+' | '-' | '*' | '/'
export type CompareOp = '<' | '<=' | '>' | '>=' | '=' | '!='

export interface ArithmeticNode {
  kind: 'arithmetic'
  op: ArithmeticOp
  left: Expr
  right: Expr
  span: Span
}

export interface CompareNode {
  kind: 'compare'
  op: CompareOp
  left: Expr
  right: Expr
  span: Span
}

/** `left crosses above right`: at or below on the previous bar, above on this one. */
export interface CrossNode {
  kind: 'cross'
  direction: 'above' | 'below'
  left: Expr
  right: Expr
  span: Span
}

export interface LogicalNode {
  kind: 'logical'
  op: 'and' | 'or'
  left: Expr
  right: Expr
  span: Span
}

export interface NotNode {
  kind: 'not'
  operand: Expr
  span: Span
}

export type Expr =
  | FieldNode
  | CallNode
  | NumberNode
  | NegateNode
  | ArithmeticNode
  | CompareNode
  | CrossNode
  | LogicalNode
  | NotNode

/** A copy of `node` looking `bars` further back: every field and indicator's `ago` grows. */
export function shiftBack(node: Expr, bars: number): Expr {
  switch (node.kind) {
    case 'field':
    case 'call':
      return { ...node, ago: node.ago + bars }
    case 'number':
      return node
    case 'negate':
    case 'not':
      return { ...node, operand: shiftBack(node.operand, bars) }
    default:
      return { ...node, left: shiftBack(node.left, bars), right: shiftBack(node.right, bars) }
  }
}
