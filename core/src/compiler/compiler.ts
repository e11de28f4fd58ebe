import { Worker } from 'node:worker_threads'
import { type CompileDiagnostic, type CompileResult, DIAGNOSTIC_CODES } from './types.ts'
import type { WorkerReply, WorkerRequest } from './worker.ts'

export interface PluginCompilerOptions {
  /** Most time one compile may take once the compiler is warm; default 15 s. */
  timeoutMs?: number
  /** Most time starting the compiler (loading TypeScript, the SDK declarations) may take; default 60 s. */
  startTimeoutMs?: number
}

/** Compiles plugins in a worker thread that is stopped and replaced when a compile overruns. */
export interface PluginCompiler {
  /** Compiles one plugin source; see `compileInThread` for the steps. Never rejects. */
  compile(source: string, options?: { timeoutMs?: number }): Promise<CompileResult>
  /** Starts the worker and builds the type checker now rather than on the first compile. */
  warm(): Promise<void>
  /** Stops the worker; a later compile starts a new one. */
  close(): Promise<void>
}

const WORKER_URL = new URL('./worker.ts', import.meta.url)

/**
 * Creates a compiler backed by one worker thread. Compiles run one at a time; one that takes
 * longer than `timeoutMs` (a pathological type, say) ends with a COMPILE_TIMEOUT diagnostic and
 * the worker is replaced, so it cannot hold the thread.
 *
 * @example
 * const compiler = createPluginCompiler()
 * const result = await compiler.compile(source)
 */
export function createPluginCompiler(options: PluginCompilerOptions = {}): PluginCompiler {
  const timeoutMs = options.timeoutMs ?? 15_000
  const startTimeoutMs = options.startTimeoutMs ?? 60_000
  let worker: Worker | undefined
  let warmed: Promise<boolean> | undefined
  let nextId = 1
  let queue: Promise<unknown> = Promise.resolve()

  const stop = async () => {
    const w = worker
    worker = undefined
    warmed = undefined
    if (w) await w.terminate()
  }

  // Sends one request; resolves with the reply, or undefined on timeout or worker failure.
  const send = (request: WorkerRequest, limitMs: number): Promise<WorkerReply | undefined> => {
    if (!worker) {
      worker = new Worker(WORKER_URL)
      worker.unref()
    }
    const w = worker
    return new Promise((resolve) => {
      const done = (reply: WorkerReply | undefined) => {
        clearTimeout(timer)
        w.off('message', onMessage)
        w.off('error', onFailure)
        w.off('exit', onFailure)
        resolve(reply)
      }
      const onMessage = (reply: WorkerReply) => reply.id === request.id && done(reply)
      const onFailure = () => {
        if (worker === w) worker = undefined
        warmed = undefined
        done(undefined)
      }
      const timer = setTimeout(() => {
        void stop()
        done(undefined)
      }, limitMs)
      w.on('message', onMessage)
      w.on('error', onFailure)
      w.on('exit', onFailure)
      w.postMessage(request)
    })
  }

  const ensureWarm = (): Promise<boolean> => {
    warmed ??= send({ id: nextId++, kind: 'warm' }, startTimeoutMs).then(
      (reply) => reply !== undefined && !reply.failed,
    )
    return warmed
  }

  const compileNow = async (source: string, limitMs: number): Promise<CompileResult> => {
    if (!(await ensureWarm())) {
      await stop()
      return failure(DIAGNOSTIC_CODES.internal, 'the compiler could not start; try again')
    }
    const reply = await send({ id: nextId++, kind: 'compile', source }, limitMs)
    if (!reply)
      return failure(
        DIAGNOSTIC_CODES.timeout,
        `compiling took longer than ${limitMs} ms and was stopped`,
      )
    if (reply.failed || !reply.result)
      return failure(DIAGNOSTIC_CODES.internal, 'the compiler failed unexpectedly; try again')
    return reply.result
  }

  return {
    compile(source, opts) {
      const run = queue.then(() => compileNow(source, opts?.timeoutMs ?? timeoutMs))
      queue = run.catch(() => undefined)
      return run
    },
    async warm() {
      await ensureWarm()
    },
    close: stop,
  }
}

let shared: PluginCompiler | undefined

/**
 * Compiles plugin source with a process-wide compiler (see `createPluginCompiler`).
 *
 * @example
 * const result = await compilePlugin(source)
 * if (result.ok) store(result.js, result.manifest)
 * else for (const d of result.diagnostics) console.log(`${d.line}:${d.column} ${d.message}`)
 */
export function compilePlugin(
  source: string,
  options?: { timeoutMs?: number },
): Promise<CompileResult> {
  shared ??= createPluginCompiler()
  return shared.compile(source, options)
}

function failure(code: string, message: string): CompileResult {
  const diagnostic: CompileDiagnostic = { severity: 'error', message, line: 1, column: 1, code }
  return { ok: false, diagnostics: [diagnostic] }
}
