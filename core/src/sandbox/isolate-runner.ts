/**
 * One plugin isolate inside a worker process: created, hardened, loaded, called, disposed.
 * Runs in the worker only. Every call goes through the in-isolate `entry` function (harden.js)
 * with primitive arguments and returns a primitive string; no Reference, host function or
 * host object ever enters the isolate.
 */
import { readFileSync } from 'node:fs'
import ivm from 'isolated-vm'
import type { ActivationStats, Budget, WorkerFailure } from './messages.ts'

const HARDEN_SOURCE = readFileSync(new URL('./harden.js', import.meta.url), 'utf8')

/** After the wall limit, isolated-vm's own timeout had this long to act before we dispose. */
const WATCHDOG_GRACE_MS = 250
/** How often the watchdog reads the CPU clock of running isolates. */
const WATCHDOG_TICK_MS = 5
/**
 * While a call runs, only upper bounds of its CPU are known (see tick), so the watchdog stops
 * it at this multiple of the budget; the exact figure, read when the call returns, is held to
 * the budget itself.
 */
const RUNNING_CPU_SLACK = 3

export type Outcome =
  | { ok: true; out: string; stats: ActivationStats }
  | { ok: false; failure: WorkerFailure }

/** The function harden.js returns: the only thing the host calls in the isolate. */
type Entry = (op: string, arg: string, now: number, seed: number, block?: ArrayBuffer) => string

interface Running {
  cpu0: bigint
  /** The worker process's CPU (all threads) when the call started. */
  proc0: NodeJS.CpuUsage
  t0: number
  budget: Budget
  killedFor?: 'cpu' | 'wall'
  /** CPU used when the watchdog struck (a disposed isolate has no clock to read). */
  cpuMsAtKill?: number
}

const running = new Map<IsolateRunner, Running>()
let watchdog: NodeJS.Timeout | undefined

// The watchdog lives on the worker's main thread, which stays free: isolates run on
// isolated-vm's thread pool (async `apply`, never `applySync`). It enforces the CPU budget
// (isolated-vm's `timeout` is wall time, issue #108) and disposes isolates that isolated-vm's
// timeout did not stop (e.g. user code run while copying a thrown value out).
//
// While a call runs, `cpuTime` adds the *wall* time of the current slice (executor.cc,
// CpuTimer::Delta); it is exact only between calls. The worker's own CPU (getrusage, all
// threads) is another upper bound on the isolate's CPU; the smaller of the two counts, with
// slack, so a machine busy with other work does not make a healthy plugin look expensive.
function tick(): void {
  const now = performance.now()
  for (const [runner, r] of running) {
    if (r.killedFor) continue
    if (runner.cpuBound(r) > r.budget.cpuMs * RUNNING_CPU_SLACK) runner.kill(r, 'cpu')
    else if (now - r.t0 > r.budget.wallMs + WATCHDOG_GRACE_MS) runner.kill(r, 'wall')
  }
  if (running.size === 0 && watchdog) {
    clearInterval(watchdog)
    watchdog = undefined
  }
}

export class IsolateRunner {
  readonly #isolate: ivm.Isolate
  #entry: ivm.Reference<Entry> | undefined
  #disposedByHost = false

  constructor(memoryMb: number, onCatastrophic: (message: string) => void) {
    this.#isolate = new ivm.Isolate({ memoryLimit: memoryMb, onCatastrophicError: onCatastrophic })
  }

  get disposed(): boolean {
    return this.#isolate.isDisposed
  }

  /** Creates the context, hardens it and evaluates the plugin's script in it. */
  async load(code: string, maxResultBytes: number, budget: Budget): Promise<Outcome> {
    try {
      const context = await this.#isolate.createContext()
      const script = await this.#isolate.compileScript(HARDEN_SOURCE, {
        filename: 'vm-algo:///harden.js',
      })
      const harden = await script.run(context, { reference: true, timeout: budget.wallMs })
      this.#entry = (await harden.apply(undefined, [maxResultBytes], {
        result: { reference: true },
        timeout: budget.wallMs,
      })) as ivm.Reference<Entry>
      harden.release()
      script.release()
    } catch (e) {
      return { ok: false, failure: this.#classify(e, undefined) }
    }
    // Loading through the isolate's own eval keeps compile errors and top-level throws inside
    // the isolate: a thrown value never crosses the boundary (see harden.js).
    return this.activate('load', code, 0, -1, budget)
  }

  /**
   * Runs one activation: `entry(op, arg, now, seed, block)`, bounded by `budget`. A `block`
   * arrives in the isolate as an ArrayBuffer of its own (a copy, counted by the memory limit).
   */
  async activate(
    op: 'load' | 'call',
    arg: string,
    now: number,
    seed: number,
    budget: Budget,
    block?: Float64Array,
  ): Promise<Outcome> {
    const entry = this.#entry
    if (!entry) return { ok: false, failure: { kind: 'disposed', disposed: true } }
    if (this.disposed) return { ok: false, failure: this.#gone() }
    const r: Running = {
      cpu0: this.#isolate.cpuTime,
      proc0: process.cpuUsage(),
      t0: performance.now(),
      budget,
    }
    running.set(this, r)
    watchdog ??= setInterval(tick, WATCHDOG_TICK_MS)
    let raw: string
    try {
      const copied = block && new ivm.ExternalCopy(bufferOf(block)).copyInto({ release: true })
      raw = await entry.apply(
        undefined,
        copied ? [op, arg, now, seed, copied] : [op, arg, now, seed],
        { timeout: budget.wallMs },
      )
    } catch (e) {
      return { ok: false, failure: this.#classify(e, r) }
    } finally {
      running.delete(this)
    }
    // The budget is checked against the smaller upper bound here too: the prebuilt
    // isolated-vm 6.2 for linux-x64 reads a steady (wall) clock for `cpuTime`, so an isolate
    // that waited for a core on a busy machine was charged for the wait (measured: 36–45 s
    // "CPU" reported in 5 s by workers that used 7 s) and healthy plugins timed out.
    const cpuMs = r.cpuMsAtKill ?? this.cpuBound(r)
    if (r.killedFor || cpuMs > budget.cpuMs) {
      this.kill(r, 'cpu')
      return { ok: false, failure: { kind: r.killedFor ?? 'cpu', cpuMs, disposed: true } }
    }
    if (typeof raw !== 'string' || raw[0] !== 'O') return { ok: false, failure: envelope(raw) }
    return { ok: true, out: raw.slice(1), stats: { cpuMs, heapBytes: this.#heapBytes() } }
  }

  cpuSince(cpu0: bigint): number {
    try {
      // cpuTime can appear to step back between reads (isolated-vm issue #216).
      return Math.max(0, Number(this.#isolate.cpuTime - cpu0) / 1e6)
    } catch {
      return 0
    }
  }

  /** An upper bound of the CPU this call has used so far, in ms. */
  cpuBound(r: Running): number {
    const p = process.cpuUsage(r.proc0)
    return Math.min(this.cpuSince(r.cpu0), (p.user + p.system) / 1000)
  }

  kill(r: Running, reason: 'cpu' | 'wall'): void {
    r.killedFor ??= reason
    r.cpuMsAtKill ??= this.cpuBound(r)
    this.dispose()
  }

  dispose(): void {
    this.#disposedByHost = true
    if (this.disposed) return
    try {
      this.#isolate.dispose()
    } catch {
      // Already gone.
    }
  }

  // isolated-vm disposes an isolate on its own only for memory, and not always with a message
  // that says so: it sets the flag behind "due to memory limit" just after terminating
  // (environment.cc), and a GC after a call can dispose the isolate before the next one.
  #gone(): WorkerFailure {
    const byHost = this.#disposedByHost
    this.dispose()
    return { kind: byHost ? 'disposed' : 'memory', disposed: true }
  }

  #heapBytes(): number {
    try {
      const h = this.#isolate.getHeapStatisticsSync()
      return h.used_heap_size + h.externally_allocated_size
    } catch {
      return 0
    }
  }

  #classify(e: unknown, r: Running | undefined): WorkerFailure {
    const message = String((e as { message?: unknown } | null)?.message ?? e).slice(0, 2_000)
    const cpuMs = r ? (r.cpuMsAtKill ?? this.cpuBound(r)) : undefined
    if (r?.killedFor) {
      this.dispose()
      return { kind: r.killedFor, cpuMs, disposed: true }
    }
    if (/memory limit/i.test(message)) {
      this.dispose()
      return { kind: 'memory', cpuMs, disposed: true }
    }
    if (/timed out/i.test(message)) {
      this.dispose()
      return { kind: 'wall', cpuMs, disposed: true }
    }
    if (this.disposed || /disposed during execution/i.test(message))
      return { ...this.#gone(), cpuMs }
    // What remains is a value the plugin left behind: an unhandled promise rejection that
    // isolated-vm rethrows after the call. Its name and message are untrusted text.
    const name = String((e as { name?: unknown } | null)?.name ?? 'Error').slice(0, 100)
    return { kind: 'rejection', name, message, cpuMs, disposed: false }
  }
}

/** The bytes of `block` alone, as an ArrayBuffer (a view's buffer may hold more). */
function bufferOf(block: Float64Array): ArrayBuffer {
  const { buffer, byteOffset, byteLength } = block
  if (byteOffset === 0 && buffer.byteLength === byteLength && buffer instanceof ArrayBuffer)
    return buffer
  return block.slice().buffer
}

function envelope(raw: unknown): WorkerFailure {
  try {
    if (typeof raw === 'string' && raw[0] === 'E') {
      const e = JSON.parse(raw.slice(1)) as Record<string, unknown>
      const kind = e.t
      if (
        kind === 'threw' ||
        kind === 'no-dispatch' ||
        kind === 'bad-return' ||
        kind === 'too-big'
      ) {
        return {
          kind,
          disposed: false,
          ...(typeof e.name === 'string' ? { name: e.name } : {}),
          ...(typeof e.message === 'string' ? { message: e.message } : {}),
          ...(typeof e.size === 'number' ? { size: e.size } : {}),
          ...(typeof e.type === 'string' ? { type: e.type } : {}),
        }
      }
    }
  } catch {
    // Fall through: the wrapper never sends anything else.
  }
  return { kind: 'bad-return', type: typeof raw, disposed: false }
}
