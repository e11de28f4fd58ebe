import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { type CompileDiagnostic, type CompileResult, DIAGNOSTIC_CODES } from './types.ts'
import type { WorkerReply, WorkerRequest } from './worker.ts'

export interface PluginCompilerOptions {
  /** Most time one compile may take once the compiler is warm; default 15 s. */
  timeoutMs?: number
  /** Most time starting the compiler (loading TypeScript, the SDK declarations) may take; default 60 s. */
  startTimeoutMs?: number
}

/** Compiles plugins in a child process that is killed and replaced when a compile overruns. */
export interface PluginCompiler {
  /** Compiles one plugin source; see `compileInThread` for the steps. Never rejects. */
  compile(source: string, options?: { timeoutMs?: number }): Promise<CompileResult>
  /** Starts the worker and builds the type checker now rather than on the first compile. */
  warm(): Promise<void>
  /** Stops the worker; a later compile starts a new one. */
  close(): Promise<void>
}

const WORKER_PATH = fileURLToPath(new URL('./worker.ts', import.meta.url))

/**
 * Creates a compiler backed by one child process. Compiles run one at a time; one that takes
 * longer than `timeoutMs` (a pathological type, say) ends with a COMPILE_TIMEOUT diagnostic and
 * the process is replaced, so it cannot hold the compiler.
 *
 * A process, not a worker thread: compiling runs the author's top-level code in an isolate to
 * read its manifest, and an isolate that fails badly (V8 out of memory past isolated-vm's
 * limit) aborts the whole process it lives in. Here that is the compiler's own, which the host
 * replaces; a thread would take the host down with it.
 *
 * @example
 * const compiler = createPluginCompiler()
 * const result = await compiler.compile(source)
 */
export function createPluginCompiler(options: PluginCompilerOptions = {}): PluginCompiler {
  const timeoutMs = options.timeoutMs ?? 15_000
  const startTimeoutMs = options.startTimeoutMs ?? 60_000
  let worker: ChildProcess | undefined
  let warmed: Promise<boolean> | undefined
  let nextId = 1
  let queue: Promise<unknown> = Promise.resolve()

  const stop = async () => {
    const w = worker
    worker = undefined
    warmed = undefined
    if (w && w.exitCode === null && w.signalCode === null) {
      const exited = new Promise((resolve) => w.once('exit', resolve))
      w.kill('SIGKILL')
      await exited
    }
  }

  const start = (): ChildProcess => {
    const child = fork(WORKER_PATH, [], {
      execArgv: ['--no-node-snapshot'],
      // The compiler needs no settings and must see no secrets.
      env: { TZ: 'UTC', LANG: 'en_US.UTF-8' },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    })
    // An idle compiler does not keep the host alive; a pending compile's timer does.
    child.unref()
    child.channel?.unref()
    // Gone, even while idle: the next compile starts a new one.
    child.once('exit', () => {
      if (worker !== child) return
      worker = undefined
      warmed = undefined
    })
    return child
  }

  // Sends one request; resolves with the reply, undefined on timeout, or `failed: 'exit'` when
  // the process dies first.
  const send = (request: WorkerRequest, limitMs: number): Promise<WorkerReply | undefined> => {
    worker ??= start()
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
      // A process that dies mid-compile: the compile failed, it did not overrun.
      const onFailure = () => done({ id: request.id, failed: 'exit' })
      const timer = setTimeout(() => {
        void stop()
        done(undefined)
      }, limitMs)
      w.on('message', onMessage)
      w.on('error', onFailure)
      w.on('exit', onFailure)
      w.send(request)
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
    if (reply.failed === 'exit')
      return failure(
        DIAGNOSTIC_CODES.internal,
        "the compiler stopped while compiling this plugin; if it happens again, look at what the plugin's top-level code does while loading",
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
