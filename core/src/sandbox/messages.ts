/**
 * Messages between the pool (parent process) and a worker process, over Node's IPC channel.
 * Types only: the worker imports nothing of ours at run time. Plugin inputs and outputs travel
 * as JSON strings, built by the host and by the isolate; besides them only a packed `data`
 * window's numbers cross, as one block of float64 values.
 */

/** What the worker needs to bound one activation. */
export interface Budget {
  cpuMs: number
  wallMs: number
}

export type ToWorker =
  | {
      op: 'load'
      id: number
      sandboxId: string
      memoryMb: number
      maxResultBytes: number
      code: string
      budget: Budget
    }
  | {
      op: 'call'
      id: number
      sandboxId: string
      /** The dispatch input, as JSON. */
      input: string
      /** A packed `data` window's columns (`PackedDataInput`), copied into the isolate. */
      block?: Float64Array
      /** Virtual clock for `Date` during this call (epoch ms). */
      now: number
      /** Reseeds `Math.random` when ≥ 0 (on init). */
      seed: number
      budget: Budget
    }
  | { op: 'dispose'; id: number; sandboxId: string }

/**
 * Why an activation failed, as the worker saw it. `threw`, `no-dispatch`, `bad-return` and
 * `too-big` come from the in-isolate wrapper; the rest from isolated-vm and the watchdog.
 */
export type FailureKind =
  | 'cpu'
  | 'wall'
  | 'memory'
  | 'threw'
  | 'rejection'
  | 'no-dispatch'
  | 'bad-return'
  | 'too-big'
  | 'disposed'

export interface WorkerFailure {
  kind: FailureKind
  /** Error name and message (from the plugin: untrusted, sanitized by the host). */
  name?: string
  message?: string
  /** CPU used by the activation, ms. */
  cpuMs?: number
  /** Size of an oversized result (characters or bytes) or the type of a wrong one. */
  size?: number
  type?: string
  /** True when the isolate is gone after this failure. */
  disposed: boolean
}

export interface ActivationStats {
  /** CPU of this activation, ms. */
  cpuMs: number
  /** V8 heap in use plus memory counted against the limit outside it (ArrayBuffers), bytes. */
  heapBytes: number
}

export type FromWorker =
  | { type: 'ready'; pid: number }
  | { type: 'result'; id: number; ok: true; out: string; stats: ActivationStats }
  | { type: 'result'; id: number; ok: false; failure: WorkerFailure }
  /** isolated-vm gave up on an isolate (out of memory, termination failed); the worker dies next. */
  | { type: 'catastrophic'; sandboxId: string; message: string }
