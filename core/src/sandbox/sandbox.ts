/**
 * The host's handle on one loaded plugin: one tenant deployment, one isolate in a worker
 * process. Calls run one at a time, in order; each crosses the process and isolate boundaries
 * once, as a JSON string each way (a packed data window's numbers beside it, as binary).
 */
import {
  type BatchInput,
  type BatchOutput,
  type DataInput,
  type DescribeOutput,
  dispatchInputSchema,
  type InitInput,
  PACKED_WINDOW_COLUMNS,
  type PackedDataInput,
  PROTOCOL_LIMITS,
  type RangeInput,
  type StopInput,
} from '@vm-algo/plugins'
import { type SandboxError, SandboxUnavailable } from './errors.ts'
import { errorForExit, errorForFailure, type Phase, type WorkerExit } from './failures.ts'
import type { Outcome } from './isolate-runner.ts'
import type { SandboxLimits, Tier } from './limits.ts'
import type { Budget } from './messages.ts'
import { acceptBatchOutput, acceptDescribeOutput, RecentIds } from './output.ts'
import { WorkerGone, type WorkerProcess } from './worker-process.ts'

export type SandboxStatus = 'ready' | 'failed' | 'disposed'

/**
 * A `data` window with its columns packed (`PackedDataInput`): `columns` holds each of
 * `PACKED_WINDOW_COLUMNS` in turn, the same number of values each. The fast form for backtests.
 */
export type PackedWindow = Omit<PackedDataInput, 'kind' | 'events'> & { columns: Float64Array }

export interface SandboxStats {
  status: SandboxStatus
  /** Calls that returned an accepted output. */
  activations: number
  /** CPU of all accepted activations, and of the most expensive one, in ms. */
  cpuMs: number
  maxCpuMs: number
  /** Heap in use plus ArrayBuffers after the last activation, in bytes. */
  heapBytes: number
  /** Log entries dropped over the tier's caps, in total. */
  logsDropped: number
  /** The worker process hosting the isolate. */
  workerPid: number
  /** Why the sandbox failed, when it did. */
  failure?: { code: string; message: string }
}

/** Client order ids remembered per sandbox to refuse reuse (about a trading day's worth). */
const PLACED_IDS_REMEMBERED = 50_000

export interface SandboxInit {
  id: string
  tenantId: string
  deploymentId: string
  tier: Tier
  limits: SandboxLimits
  worker: WorkerProcess
  /** Called once when the sandbox stops for good (failed or disposed). */
  onClosed: (sb: Sandbox) => void
}

/** A loaded plugin. Created by `SandboxPool.load`. */
export class Sandbox {
  readonly id: string
  readonly tenantId: string
  readonly deploymentId: string
  readonly tier: Tier
  readonly limits: SandboxLimits
  readonly #worker: WorkerProcess
  readonly #onClosed: (sb: Sandbox) => void
  readonly #placed = new RecentIds(PLACED_IDS_REMEMBERED)
  #queue: Promise<unknown> = Promise.resolve()
  #status: SandboxStatus = 'ready'
  #failure: SandboxError | undefined
  #now = 0
  /** Timeline events of the last `data` window sent: [start, end). */
  #window = { start: 0, end: 0 }
  #loaded = false
  #stats = { activations: 0, cpuMs: 0, maxCpuMs: 0, heapBytes: 0, logsDropped: 0 }

  constructor(init: SandboxInit) {
    this.id = init.id
    this.tenantId = init.tenantId
    this.deploymentId = init.deploymentId
    this.tier = init.tier
    this.limits = init.limits
    this.#worker = init.worker
    this.#onClosed = init.onClosed
  }

  get status(): SandboxStatus {
    return this.#status
  }

  /** The error that stopped this sandbox, if one did. */
  get failure(): SandboxError | undefined {
    return this.#failure
  }

  /** Loads the script into a fresh hardened isolate; called once, by the pool. */
  async load(code: string): Promise<void> {
    if (this.#loaded) throw new SandboxUnavailable('This sandbox already holds a plugin.')
    this.#loaded = true
    const outcome = await this.#request({
      op: 'load',
      sandboxId: this.id,
      memoryMb: this.limits.memoryMb,
      maxResultBytes: this.limits.maxResultBytes,
      code,
      budget: this.#budget('load'),
    })
    this.#settle(outcome, 'load')
  }

  /** The plugin's manifest, as its code declares it (no hook runs). */
  describe(): Promise<DescribeOutput> {
    return this.#call('describe', { kind: 'describe' }, 0, -1, (raw) =>
      acceptDescribeOutput(raw, this.limits, this.tier),
    )
  }

  /**
   * Starts the plugin (its `onStart`), with validated parameters and the seed of its random
   * numbers (`Math.random` and `ctx.random` both follow it).
   *
   * @example
   * await sb.init({ params: { fast: 9 }, seed: 42, now: Date.parse('2024-01-01T03:45:00Z') })
   */
  async init(input: Omit<InitInput, 'kind'>): Promise<BatchOutput> {
    const full = checkInput({ ...input, kind: 'init' }) as InitInput
    this.#now = full.now ?? 0
    return this.#batchCall('init', full, this.#now, full.seed)
  }

  /**
   * Delivers one batch of events: one call into the isolate, however many events. With
   * `stamp`, every intent comes back with `at`, the index of the event it was emitted in.
   */
  run(input: Omit<BatchInput, 'kind'>): Promise<BatchOutput> {
    this.#now = input.now
    const phase = input.warmup ? 'warm-up batch' : 'batch'
    const stamped = input.stamp ? input.events.length : undefined
    return this.#batchCall(phase, { ...input, kind: 'batch' }, input.now, -1, stamped)
  }

  /**
   * Hands the plugin a window of bars (events `start ..` of a backtest's timeline) that later
   * `range` calls deliver; no hook runs. It replaces the window sent before, and is limited to
   * `PROTOCOL_LIMITS.maxWindowEvents` events. Costs the warm-up budget.
   */
  preload(input: Omit<DataInput, 'kind'> | PackedWindow): Promise<BatchOutput> {
    if ('columns' in input) {
      const { columns, ...header } = input
      const n = columns.length / PACKED_WINDOW_COLUMNS.length
      checkWindowSize(n)
      this.#window = { start: input.start, end: input.start + n }
      const data: PackedDataInput = { ...header, kind: 'data', events: n }
      return this.#batchCall('warm-up batch', data, this.#now, -1, undefined, false, columns)
    }
    const n = input.time?.length
    checkWindowSize(n)
    const { ts, open, high, low, close, volume, feed } = input
    if (![ts, open, high, low, close, volume, feed ?? ts].every((c) => c?.length === n)) {
      throw new TypeError('sandbox input: every column of a data window needs one value per event')
    }
    this.#window = { start: input.start, end: input.start + n }
    return this.#batchCall('warm-up batch', { ...input, kind: 'data' }, this.#now)
  }

  /**
   * Delivers events `from .. to - 1` of the data window (after `events`, e.g. order updates),
   * in one call. Every intent, log and error comes back stamped with `at` (`events` counted
   * first); the plugin stops after the event of its first intent.
   */
  range(input: Omit<RangeInput, 'kind'>): Promise<BatchOutput> {
    const { from, to } = input
    const w = this.#window
    if (
      !(
        Number.isInteger(from) &&
        Number.isInteger(to) &&
        w.start <= from &&
        from < to &&
        to <= w.end
      )
    ) {
      throw new RangeError(
        `sandbox input: range ${from}..${to} is outside the data window ${w.start}..${w.end}`,
      )
    }
    this.#now = input.now
    const events = input.events.length + to - from
    // The plugin stops a range once it reaches these limits, so a long range loses no intents
    // or logs the same bars would have kept one call at a time: the tier's logs per call, and
    // as many intents as an output may hold. The tier's intent cap holds per bar in a range
    // (`perEvent`), so the last bar may add that many more: the bound leaves room for it under
    // the protocol's cap, and at 1 KB an intent (they are far smaller) under the tier's bytes.
    const intents = Math.min(
      PROTOCOL_LIMITS.maxIntents - this.limits.maxIntentsPerBatch,
      Math.floor(this.limits.maxResultBytes / 1024),
    )
    const limits = { intents: Math.max(1, intents), logs: this.limits.maxLogsPerBatch }
    return this.#batchCall(
      'batch',
      { ...input, kind: 'range', limits },
      input.now,
      -1,
      events,
      true,
    )
  }

  /** Stops the plugin (its `onStop`); the output carries its final state. */
  async stop(input: Omit<StopInput, 'kind'> = {}): Promise<BatchOutput> {
    const full = checkInput({ ...input, kind: 'stop' }) as StopInput
    if (full.now !== undefined) this.#now = full.now
    return this.#batchCall('stop', full, this.#now)
  }

  stats(): SandboxStats {
    return {
      status: this.#status,
      ...this.#stats,
      workerPid: this.#worker.pid,
      ...(this.#failure
        ? { failure: { code: this.#failure.code, message: this.#failure.message } }
        : {}),
    }
  }

  /** Disposes the isolate; later calls fail with SandboxUnavailable. Idempotent. */
  async dispose(): Promise<void> {
    if (this.#status === 'ready') {
      this.#status = 'disposed'
      this.#failure ??= new SandboxUnavailable('The sandbox was disposed.')
      this.#close()
    }
    await this.#queue.catch(() => {})
  }

  /** The pool reports that the worker process died. */
  workerExited(exit: WorkerExit): SandboxError {
    if (this.#status === 'ready') {
      this.#status = 'failed'
      this.#failure = errorForExit(exit, this.id, this.limits, this.tier)
      this.#onClosed(this)
    }
    return this.#failure ?? errorForExit(exit, this.id, this.limits, this.tier)
  }

  #batchCall(
    phase: Phase,
    input: object,
    now: number,
    seed = -1,
    events?: number,
    perEvent = false,
    block?: Float64Array,
  ): Promise<BatchOutput> {
    const accept = (raw: string) => {
      const { output, logsDropped } = acceptBatchOutput(raw, {
        tier: this.tier,
        limits: this.limits,
        now,
        placed: this.#placed,
        ...(events === undefined ? {} : { events }),
        perEvent,
      })
      this.#stats.logsDropped += logsDropped
      return output
    }
    return this.#call(phase, input, now, seed, accept, block)
  }

  #call<T>(
    phase: Phase,
    input: object,
    now: number,
    seed: number,
    accept: (raw: string) => T,
    block?: Float64Array,
  ): Promise<T> {
    const run = async () => {
      if (this.#status !== 'ready') throw this.#failure
      const budget = this.#budget(phase)
      const outcome = await this.#request({
        op: 'call',
        sandboxId: this.id,
        input: JSON.stringify(input),
        ...(block ? { block } : {}),
        now,
        seed,
        budget,
      })
      const raw = this.#settle(outcome, phase)
      const result = accept(raw)
      this.#stats.activations++
      if (outcome.ok) {
        this.#stats.cpuMs += outcome.stats.cpuMs
        this.#stats.maxCpuMs = Math.max(this.#stats.maxCpuMs, outcome.stats.cpuMs)
        this.#stats.heapBytes = outcome.stats.heapBytes
      }
      return result
    }
    const next = this.#queue.then(run, run)
    this.#queue = next.catch(() => {})
    return next
  }

  async #request(message: Parameters<WorkerProcess['request']>[0]): Promise<Outcome> {
    try {
      return await this.#worker.request(
        message,
        message.op === 'dispose' ? 0 : message.budget.wallMs,
      )
    } catch (e) {
      if (e instanceof WorkerGone) throw this.workerExited(e.exit)
      throw e
    }
  }

  /** Returns the output string, or records and throws the failure. */
  #settle(outcome: Outcome, phase: Phase): string {
    if (outcome.ok) return outcome.out
    const error = errorForFailure(outcome.failure, {
      phase,
      tier: this.tier,
      limits: this.limits,
      budget: this.#budget(phase),
    })
    if (error.fatal && this.#status === 'ready') {
      this.#status = 'failed'
      this.#failure = error
      this.#close()
    }
    throw error
  }

  #close(): void {
    if (this.#worker.alive) {
      this.#worker.request({ op: 'dispose', sandboxId: this.id }, 1_000).catch(() => {})
    }
    this.#onClosed(this)
  }

  #budget(phase: Phase): Budget {
    const l = this.limits
    return phase === 'batch'
      ? { cpuMs: l.cpuMsPerBatch, wallMs: l.wallMsPerBatch }
      : { cpuMs: l.cpuMsPerStart, wallMs: l.wallMsPerStart }
  }
}

// Init and stop carry values from users (parameters, state); batches come from the host's own
// feed and are not re-validated on this hot path.
function checkInput(input: object): unknown {
  const parsed = dispatchInputSchema.safeParse(input)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  throw new TypeError(`sandbox input: ${issue?.path.join('.') || '?'}: ${issue?.message}`)
}

function checkWindowSize(n: number | undefined): void {
  if (!Number.isInteger(n) || n! < 1 || n! > PROTOCOL_LIMITS.maxWindowEvents) {
    throw new RangeError(
      `sandbox input: a data window holds 1 to ${PROTOCOL_LIMITS.maxWindowEvents} events, not ${n}`,
    )
  }
}
