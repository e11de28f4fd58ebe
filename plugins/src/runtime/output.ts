import { PROTOCOL_LIMITS as L } from '../constants.ts'
import type {
  BatchOutput,
  LogEntry,
  LogLevel,
  OrderIntent,
  PluginError,
  ScanMatch,
  SpeculatedFill,
} from '../types.ts'
import { stringify } from './json.ts'

/** Thrown when a plugin exceeds a per-batch limit (intents, matches). */
export class LimitError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'LimitError'
  }
}

/** Where a hook's effects can be rolled back to if it throws. */
export interface Mark {
  intents: number
  matches: number
}

/** Collects one batch's intents, logs and matches, within the protocol's limits. */
export class Output {
  readonly intents: OrderIntent[] = []
  readonly logs: LogEntry[] = []
  readonly matches: ScanMatch[] = []
  /**
   * Index of the batch's event being handled, in stamped batches: intents and log lines get it
   * as `at`. Undefined otherwise (and outside events), and then nothing is stamped.
   */
  at: number | undefined
  /** `range` only: window events handled. */
  handled: number | undefined
  /** `range` only: stopped for the host (see `BatchOutput.hostTurn`). */
  hostTurn = false
  /** `range` with fill rules: fills reported to the plugin ahead of the host. */
  fills: SpeculatedFill[] | undefined
  /** `range` with fill rules: orders reported refused ahead of the host. */
  refused: string[] | undefined
  /** Keep no log lines (a quiet `range`: nobody reads them). */
  quiet = false
  #droppedLogs = 0
  #now: () => number

  constructor(now: () => number) {
    this.#now = now
  }

  addIntent(intent: OrderIntent): void {
    if (this.intents.length >= L.maxIntents) {
      throw new LimitError(`more than ${L.maxIntents} order intents in one batch`)
    }
    if (this.at !== undefined) intent.at = this.at
    this.intents.push(intent)
  }

  addMatch(match: ScanMatch): void {
    if (this.matches.length >= L.maxMatches) {
      throw new LimitError(`more than ${L.maxMatches} scanner matches in one batch`)
    }
    this.matches.push(match)
  }

  /** Adds a log line; past the limit lines are counted and reported once at the end. */
  log(level: LogLevel, args: readonly unknown[]): void {
    if (this.quiet) return
    if (this.logs.length >= L.maxLogs - 1) {
      this.#droppedLogs++
      return
    }
    const entry: LogEntry = {
      level,
      message: clip(args.map(formatArg).join(' '), L.maxLogChars),
      ts: this.#now(),
    }
    if (this.at !== undefined) entry.at = this.at
    this.logs.push(entry)
  }

  mark(): Mark {
    return { intents: this.intents.length, matches: this.matches.length }
  }

  /** Drops intents and matches added after `mark` (logs stay: they explain the failure). */
  rollback(mark: Mark): void {
    this.intents.length = mark.intents
    this.matches.length = mark.matches
  }

  /** The batch's output as the JSON string the host receives. */
  finish(extra: { state?: unknown; error?: PluginError }): string {
    if (this.#droppedLogs > 0) {
      this.logs.push({
        level: 'warn',
        message: `${this.#droppedLogs} more log lines in this batch were dropped (limit ${L.maxLogs})`,
        ts: this.#now(),
      })
    }
    const out: BatchOutput = { intents: this.intents, logs: this.logs, matches: this.matches }
    if (extra.state !== undefined) out.state = extra.state
    if (extra.error) out.error = extra.error
    if (this.handled !== undefined) out.handled = this.handled
    if (this.hostTurn) out.hostTurn = true
    if (this.fills !== undefined && this.fills.length > 0) out.fills = this.fills
    if (this.refused !== undefined && this.refused.length > 0) out.refused = this.refused
    return stringify(out)
  }
}

/** Renders one log argument: strings as they are, errors as `Name: message`, the rest as JSON. */
export function formatArg(value: unknown): string {
  try {
    if (typeof value === 'string') return value
    if (value instanceof Error) return `${value.name}: ${value.message}`
    if (typeof value === 'bigint' || typeof value === 'symbol' || typeof value === 'function') {
      return String(value)
    }
    const json = stringify(value)
    return json === undefined ? String(value) : json
  } catch {
    return '[unprintable value]'
  }
}

/** A thrown value as `{ name, message }`, whatever it was (reading it may itself throw). */
export function describeError(thrown: unknown): PluginError {
  try {
    if (thrown instanceof Error) {
      return {
        name: clip(String(thrown.name || 'Error'), 100),
        message: clip(String(thrown.message), L.maxErrorMessageChars),
      }
    }
    return {
      name: 'NonErrorThrown',
      message: clip(
        `a non-Error value was thrown: ${clip(formatArg(thrown), 500)}`,
        L.maxErrorMessageChars,
      ),
    }
  } catch {
    return { name: 'NonErrorThrown', message: 'a value was thrown that could not be described' }
  }
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
