// What the plugin editor knows about the SDK, read from its declarations
// (`GET /api/v1/sdk/types`), and where the compiler's diagnostics sit in the source. Pure: the
// CodeMirror wiring is in codemirror.ts, loaded in the browser only.

export type SdkExportKind = 'function' | 'const' | 'type' | 'interface' | 'class'

export interface SdkMember {
  name: string
  kind: 'method' | 'property'
  /** The declaration on one line, e.g. `buy(symbol: string, qty: number, options?: OrderOptions): string`. */
  detail: string
  /** The first paragraph of its JSDoc. */
  doc: string
}

export interface SdkExport {
  name: string
  kind: SdkExportKind
  doc: string
}

export interface SdkIndex {
  exports: SdkExport[]
  /** Interfaces and object-typed constants (`param`) by name: their members and what they extend. */
  blocks: Map<string, { extends: string[]; members: SdkMember[] }>
}

const EXPORT =
  /^ {2}export (?:declare )?(function|const|let|type|interface|class)\s+([A-Za-z_$][\w$]*)/
const MEMBER = /^ {4}(?:readonly\s+)?([A-Za-z_$][\w$]*)(\??)\s*([(<:])/

/**
 * Reads the exports of `declare module '@vm-algo/sdk' { … }` and the members of its interfaces
 * (and of object-typed constants such as `param`), with their JSDoc. Relies on the generated
 * file's layout: declarations indented by two spaces, members by four.
 *
 * @example indexSdk(dts).exports.find((e) => e.name === 'defineStrategy')?.kind // 'function'
 */
export function indexSdk(dts: string): SdkIndex {
  const lines = dts.split('\n')
  const exports: SdkExport[] = []
  const blocks: SdkIndex['blocks'] = new Map()
  let doc: string[] = []
  let inDoc = false
  let block: { name: string; extends: string[]; members: SdkMember[] } | undefined
  let header: { name: string; text: string } | undefined
  let member: { name: string; kind: SdkMember['kind']; text: string; doc: string } | undefined

  const finishMember = () => {
    if (!member || !block) return
    block.members.push({
      name: member.name,
      kind: member.kind,
      detail: member.text.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/,? \)/g, ')'),
      doc: member.doc,
    })
    member = undefined
  }

  for (const line of lines) {
    const trimmed = line.trim()
    if (inDoc || trimmed.startsWith('/**')) {
      if (!inDoc) doc = []
      inDoc = !trimmed.endsWith('*/')
      const text = trimmed.replace(/^\/\*\*|\*\/$/g, '').replace(/^\*\s?/, '')
      doc.push(text.trim())
      continue
    }
    if (trimmed.startsWith('//')) continue

    if (header) {
      header.text += ` ${trimmed}`
      if (trimmed.endsWith('{')) {
        block = { name: header.name, extends: extendsOf(header.text), members: [] }
        blocks.set(header.name, block)
        header = undefined
      }
      continue
    }

    if (block) {
      if (line.startsWith('  }')) {
        finishMember()
        block = undefined
        doc = []
        continue
      }
      const found = MEMBER.exec(line)
      if (found) {
        finishMember()
        member = {
          name: found[1]!,
          kind: found[3] === ':' ? 'property' : 'method',
          text: trimmed,
          doc: firstParagraph(doc),
        }
        doc = []
      } else if (member && line.startsWith('     ')) {
        member.text += ` ${trimmed}`
      } else if (member && line.startsWith('    ')) {
        // The closing line of a multi-line signature: `): number | undefined`.
        member.text += ` ${trimmed}`
        finishMember()
      }
      continue
    }

    const found = EXPORT.exec(line)
    if (!found) continue
    const kind = found[1] === 'let' ? 'const' : (found[1] as SdkExportKind)
    const name = found[2]!
    exports.push({ name, kind, doc: firstParagraph(doc) })
    doc = []
    const opensBlock = kind === 'interface' || (kind === 'const' && /:\s*\{$/.test(trimmed))
    if (!opensBlock) continue
    if (trimmed.endsWith('{')) {
      block = { name, extends: extendsOf(trimmed), members: [] }
      blocks.set(name, block)
    } else {
      header = { name, text: trimmed }
    }
  }
  return { exports, blocks }
}

function extendsOf(header: string): string[] {
  const clause = /\bextends\s+(.+?)\s*\{$/.exec(header.replace(/<[^<>]*(?:<[^<>]*>[^<>]*)*>/g, ''))
  return clause ? clause[1]!.split(',').map((s) => s.trim()) : []
}

function firstParagraph(doc: string[]): string {
  const end = doc.findIndex((l, i) => i > 0 && (l === '' || l.startsWith('@')))
  return (end === -1 ? doc : doc.slice(0, end))
    .filter((l) => !l.startsWith('@'))
    .join(' ')
    .trim()
}

/** The members of block `name` and of everything it extends, the nearest first, each name once. */
export function membersOf(index: SdkIndex, name: string, seen = new Set<string>()): SdkMember[] {
  const block = index.blocks.get(name)
  if (!block || seen.has(name)) return []
  seen.add(name)
  const out = [...block.members]
  for (const base of block.extends) {
    for (const m of membersOf(index, base, seen)) {
      if (!out.some((o) => o.name === m.name)) out.push(m)
    }
  }
  return out
}

/** The names a hook's context goes by in plugin source. */
const CONTEXT_NAMES = new Set(['ctx', 'context'])
/** What `ctx.` offers: a strategy's and a scanner's context together. */
const CONTEXTS = ['StrategyContext', 'ScannerContext']
/** Keys of the object given to defineStrategy / defineScanner (hooks, manifest, params). */
const DEFINITIONS = ['StrategyDefinition', 'ScannerDefinition']

export interface CompletionOption {
  label: string
  type: 'function' | 'constant' | 'type' | 'interface' | 'class' | 'method' | 'property'
  detail: string
  info: string
}

export interface CompletionPlan {
  /** Where the word being completed starts, as an offset into `textBefore`. */
  from: number
  options: CompletionOption[]
}

/**
 * What to offer at the end of `textBefore` (the line up to the cursor): members after a known
 * object and a dot (`ctx.`, `ctx.indicators.`, `ctx.log.`, `param.`), else the SDK's exports and
 * a definition's keys (hooks, `manifest`, `params`) for the word being typed. Null when there is
 * nothing to offer (no word yet and not asked for, or an object the SDK does not describe).
 *
 * @example completionsFor(index, '    ctx.indicators.rs', false)?.options.map((o) => o.label) // ['rsi', …]
 */
export function completionsFor(
  index: SdkIndex,
  textBefore: string,
  explicit: boolean,
): CompletionPlan | null {
  const match = /((?:[A-Za-z_$][\w$]*\s*\.\s*)*)([A-Za-z_$][\w$]*)?$/.exec(textBefore)!
  const path = match[1]!
    .split('.')
    .map((s) => s.trim())
    .filter(Boolean)
  const word = match[2] ?? ''
  const from = textBefore.length - word.length
  // A number's decimals or a word after another character: nothing to do.
  if (path.length === 0 && match.index > 0 && /[\w$]/.test(textBefore[match.index - 1]!))
    return null

  if (path.length > 0) {
    const members = membersAt(index, path)
    if (!members) return null
    return { from, options: members.map(memberOption) }
  }
  if (!word && !explicit) return null
  const exported = index.exports
    .filter((e) => e.kind !== 'type' && e.kind !== 'interface')
    .map((e) => exportOption(e))
  const keys = DEFINITIONS.flatMap((d) => membersOf(index, d)).filter(
    (m, i, all) => all.findIndex((o) => o.name === m.name) === i,
  )
  const types = index.exports
    .filter((e) => e.kind === 'type' || e.kind === 'interface')
    .map((e) => exportOption(e))
  return { from, options: [...exported, ...keys.map(memberOption), ...types] }
}

/** The members reachable through `path` (`['ctx', 'indicators']`), or undefined. */
function membersAt(index: SdkIndex, path: string[]): SdkMember[] | undefined {
  const [head, ...rest] = path
  let members: SdkMember[]
  if (CONTEXT_NAMES.has(head!)) {
    members = CONTEXTS.flatMap((c) => membersOf(index, c)).filter(
      (m, i, all) => all.findIndex((o) => o.name === m.name) === i,
    )
  } else if (index.blocks.has(head!) && index.exports.some((e) => e.name === head)) {
    members = membersOf(index, head!)
  } else {
    return undefined
  }
  for (const step of rest) {
    const member = members.find((m) => m.name === step && m.kind === 'property')
    const type = member && /:\s*([A-Z][\w$]*)\s*$/.exec(member.detail)?.[1]
    if (!type || !index.blocks.has(type)) return undefined
    members = membersOf(index, type)
  }
  return members
}

/** The longest signature shown beside a completion; the whole one is in its info. */
const DETAIL_CHARS = 48

const memberOption = (m: SdkMember): CompletionOption => {
  const signature = m.detail.replace(/^(readonly\s+)?[\w$]+\??\s*/, '')
  return {
    label: m.name,
    type: m.kind,
    detail:
      signature.length > DETAIL_CHARS ? `${signature.slice(0, DETAIL_CHARS - 1)}…` : signature,
    info: [m.detail, m.doc].filter(Boolean).join('\n\n'),
  }
}

const exportOption = (e: SdkExport): CompletionOption => ({
  label: e.name,
  type: e.kind === 'const' ? 'constant' : e.kind,
  detail: `${e.kind} · @vm-algo/sdk`,
  info: e.doc,
})

/** A compiler diagnostic's place: 1-based line and column, and how many characters. */
export interface Place {
  line: number
  column: number
  length?: number | undefined
}

/**
 * The character range `[from, to)` of a diagnostic in `text`, clamped into it. Without a length
 * it covers the word at the column (or one character), so every diagnostic can be underlined.
 *
 * @example diagnosticRange('a\nconst x = 1', { line: 2, column: 7 }) // { from: 8, to: 9 }
 */
export function diagnosticRange(text: string, place: Place): { from: number; to: number } {
  const lines = text.split('\n')
  const lineNo = Math.min(Math.max(place.line, 1), lines.length)
  let start = 0
  for (let i = 0; i < lineNo - 1; i++) start += lines[i]!.length + 1
  const lineText = lines[lineNo - 1]!
  const col = Math.min(Math.max(place.column, 1), lineText.length + 1) - 1
  const from = start + col
  if (place.length && place.length > 0)
    return { from, to: Math.min(from + place.length, text.length) }
  const word = /^[\w$]+/.exec(lineText.slice(col))?.[0].length ?? 0
  return { from, to: Math.min(from + Math.max(word, col < lineText.length ? 1 : 0), text.length) }
}

/** "2 errors and 1 warning", "no problems". */
export function countProblems(diagnostics: ReadonlyArray<{ severity: string }>): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length
  const warnings = diagnostics.length - errors
  const parts = [
    errors ? `${errors} ${errors === 1 ? 'error' : 'errors'}` : '',
    warnings ? `${warnings} ${warnings === 1 ? 'warning' : 'warnings'}` : '',
  ].filter(Boolean)
  return parts.length ? parts.join(' and ') : 'no problems'
}
