/**
 * Turns the JSON string a plugin returned into a trusted `BatchOutput`, or a typed error.
 * Runs in the host process: the worker only forwards the string. Order of checks: size,
 * JSON, the tier's caps (so a flood gets a limit error, not a schema error), the protocol's
 * zod schema, then client order ids (unique in the output and never placed before).
 */
import {
  type BatchOutput,
  batchOutputSchema,
  type DescribeOutput,
  describeOutputSchema,
  type LogEntry,
} from '@vm-algo/plugins'
import type { z } from 'zod'
import { PluginLimitExceeded, PluginOutputInvalid, sanitizeMessage } from './errors.ts'
import type { SandboxLimits, Tier } from './limits.ts'

/**
 * Client order ids a sandbox has placed, the most recent `capacity` of them. The order they
 * came in is kept in a ring: taking the oldest from the front of the Set instead walks past
 * every entry deleted before it, and once full each add cost a scan (a call of 900 orders took
 * 25 ms against 0.7 ms for the plugin).
 */
export class RecentIds {
  readonly #ids = new Set<string>()
  readonly #order: (string | undefined)[]
  #next = 0
  constructor(capacity: number) {
    this.#order = new Array(capacity)
  }
  has(id: string): boolean {
    return this.#ids.has(id)
  }
  add(id: string): void {
    if (this.#ids.has(id)) return
    const oldest = this.#order[this.#next]
    if (oldest !== undefined) this.#ids.delete(oldest)
    this.#order[this.#next] = id
    this.#next = this.#next + 1 === this.#order.length ? 0 : this.#next + 1
    this.#ids.add(id)
  }
}

export interface AcceptContext {
  tier: Tier
  limits: SandboxLimits
  /** Virtual clock of the batch, stamped on the note about dropped logs. */
  now: number
  placed: RecentIds
  /**
   * The input was stamped (`stamp`, or a `range`) and held this many events: every intent must
   * say in which one it was emitted (`at`), and no `at` may point past the last.
   */
  events?: number
  /**
   * A `range` call: the tier's intent limit holds per event (`at`), as if each bar had been
   * a batch of its own, since one call may carry many bars.
   */
  perEvent?: boolean
}

export interface Accepted {
  output: BatchOutput
  logsDropped: number
}

/**
 * Validates one batch output against the protocol and the tier's limits.
 *
 * @example
 * acceptBatchOutput('{"intents":[],"logs":[],"matches":[]}', ctx).output.intents // []
 */
export function acceptBatchOutput(raw: string, ctx: AcceptContext): Accepted {
  const { limits, tier } = ctx
  const value = parseJson(raw, limits.maxResultBytes, tier)
  if (isRecord(value)) {
    if (ctx.perEvent) capPerEvent(value.intents, limits.maxIntentsPerBatch, tier)
    else capCount(value.intents, limits.maxIntentsPerBatch, 'order intents', tier)
    capCount(value.matches, limits.maxMatchesPerBatch, 'scan matches', tier)
  }
  const logsDropped = isRecord(value) ? trimLogs(value, ctx) : 0
  const output = validate(batchOutputSchema, value)
  if (ctx.events !== undefined) checkStamps(output, ctx.events)
  const seen = new Set<string>()
  for (const intent of output.intents) {
    if (intent.action !== 'place') continue
    const id = intent.clientOrderId
    if (seen.has(id) || ctx.placed.has(id)) {
      throw new PluginOutputInvalid(
        `The plugin placed two orders with the client order id "${id}"; each order needs its own id.`,
      )
    }
    seen.add(id)
  }
  for (const id of seen) ctx.placed.add(id)
  if (output.error) {
    output.error = {
      name: sanitizeMessage(output.error.name, 100),
      message: sanitizeMessage(output.error.message, 1_000),
    }
  }
  return { output, logsDropped }
}

// Stamps decide which bar an intent is filled after, so each must name an event of the batch.
function checkStamps(output: BatchOutput, events: number): void {
  const held = events > 0 ? `events 0 to ${events - 1}` : 'no events'
  const bad = (what: string, at: number | undefined) =>
    new PluginOutputInvalid(
      `The plugin returned ${what} stamped at event ${at ?? '(none)'}; the batch held ${held}.`,
    )
  for (const intent of output.intents) {
    if (intent.at === undefined || intent.at >= events) throw bad('an order intent', intent.at)
  }
  for (const log of output.logs)
    if (log.at !== undefined && log.at >= events) throw bad('a log entry', log.at)
  const at = output.error?.at
  if (at !== undefined && at >= events) throw bad('an error', at)
  for (const fill of output.fills ?? []) if (fill.at >= events) throw bad('a fill', fill.at)
  if (output.handled !== undefined && output.handled > events)
    throw new PluginOutputInvalid(
      `The plugin says it handled ${output.handled} events of ${events}.`,
    )
}

/** Validates the output of `describe` (the manifest). */
export function acceptDescribeOutput(
  raw: string,
  limits: SandboxLimits,
  tier: Tier,
): DescribeOutput {
  return validate(describeOutputSchema, parseJson(raw, limits.maxResultBytes, tier))
}

function parseJson(raw: string, maxBytes: number, tier: Tier): unknown {
  // A UTF-16 unit is at most three UTF-8 bytes: most outputs are far inside the limit and
  // need no count (a scan of up to megabytes per call).
  const bytes = raw.length * 3 <= maxBytes ? 0 : Buffer.byteLength(raw)
  if (bytes > maxBytes) {
    throw new PluginLimitExceeded(
      `The plugin returned ${bytes} bytes from one call; the ${tier} tier allows ${maxBytes}.`,
    )
  }
  try {
    return JSON.parse(raw)
  } catch {
    throw new PluginOutputInvalid('The plugin returned a string that is not valid JSON.')
  }
}

function capPerEvent(list: unknown, max: number, tier: Tier): void {
  if (!Array.isArray(list) || list.length <= max) return
  const perEvent = new Map<unknown, number>()
  for (const intent of list) {
    const at = isRecord(intent) ? intent.at : undefined
    const n = (perEvent.get(at) ?? 0) + 1
    perEvent.set(at, n)
    if (n > max) {
      throw new PluginLimitExceeded(
        `The plugin returned more than ${max} order intents during one bar; the ${tier} tier allows ${max}. None of them were used.`,
      )
    }
  }
}

function capCount(list: unknown, max: number, what: string, tier: Tier): void {
  if (Array.isArray(list) && list.length > max) {
    throw new PluginLimitExceeded(
      `The plugin returned ${list.length} ${what} in one batch; the ${tier} tier allows ${max}. None of them were used.`,
    )
  }
}

// Logs over the tier's count or volume are dropped, not refused: chatty logging must not cost
// a strategy its orders. A note at the end says how many went.
function trimLogs(value: Record<string, unknown>, ctx: AcceptContext): number {
  const logs = value.logs
  if (!Array.isArray(logs)) return 0
  const { maxLogsPerBatch, maxLogCharsPerBatch } = ctx.limits
  let kept = 0
  let chars = 0
  for (const entry of logs as unknown[]) {
    const message = isRecord(entry) ? entry.message : undefined
    chars += typeof message === 'string' ? message.length : 0
    if (kept >= maxLogsPerBatch || chars > maxLogCharsPerBatch) break
    kept++
  }
  const dropped = logs.length - kept
  if (dropped === 0) return 0
  // Keep room for the note under the protocol's cap.
  const keep = Math.min(kept, maxLogsPerBatch - 1)
  const note: LogEntry = {
    level: 'warn',
    message: `${logs.length - keep} log entries dropped: the ${ctx.tier} tier keeps ${maxLogsPerBatch} entries and ${maxLogCharsPerBatch} characters per batch.`,
    ts: ctx.now,
  }
  value.logs = [...logs.slice(0, keep), note]
  return logs.length - keep
}

function validate<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const where = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${formatPath(i.path)}: ${i.message}`)
    .join('; ')
  throw new PluginOutputInvalid(`The plugin returned invalid output: ${where}.`)
}

function formatPath(path: PropertyKey[]): string {
  let out = ''
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`
  return out || '(output)'
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
