/**
 * The host's handle on one sandbox worker process: fork, request/response over IPC, a
 * backstop deadline per request, and how the process ended.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { realpathSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { WorkerExit } from './failures.ts'
import type { Outcome } from './isolate-runner.ts'
import type { Tier } from './limits.ts'
import type { FromWorker, ToWorker } from './messages.ts'

/**
 * If a worker has not answered this long after a request's wall limit, it is killed. It covers
 * what the worker's own watchdog cannot (a stuck main thread; isolated-vm raises its own
 * catastrophic error 5 s after a termination that did not take).
 */
const BACKSTOP_MS = 10_000

const STDERR_TAIL_CHARS = 4_096

/** A request whose worker process ended before answering. */
export class WorkerGone extends Error {
  readonly exit: WorkerExit
  constructor(exit: WorkerExit) {
    super('sandbox worker process ended')
    this.name = 'WorkerGone'
    this.exit = exit
  }
}

type Request = ToWorker extends infer T ? (T extends ToWorker ? Omit<T, 'id'> : never) : never

interface Pending {
  resolve: (o: Outcome) => void
  reject: (e: unknown) => void
  timer: NodeJS.Timeout
}

const here = realpathSync(dirname(fileURLToPath(import.meta.url)))
const require = createRequire(import.meta.url)
const ivmDir = realpathSync(dirname(require.resolve('isolated-vm/package.json')))
const gypDir = realpathSync(
  dirname(createRequire(`${ivmDir}/`).resolve('node-gyp-build/package.json')),
)

// Node's permission model is a seat belt, not a wall (an addon could undo it), but a plugin
// that escaped into the worker's own JavaScript would find no writable file, no child
// process, no worker thread and nothing to read beyond this folder and the addon.
const EXEC_ARGV = [
  '--no-node-snapshot',
  '--permission',
  '--allow-addons',
  `--allow-fs-read=${here}`,
  `--allow-fs-read=${ivmDir}`,
  `--allow-fs-read=${gypDir}`,
  // node-gyp-build looks for it to choose a prebuilt binary.
  '--allow-fs-read=/etc/alpine-release',
  '--disable-warning=SecurityWarning',
  // V8 flags are per process, so this holds for every isolate here. A bar hook calls small SDK
  // functions (indicators, positions, orders) several times per bar; with V8's default budget
  // (920 bytecodes inlined per optimized function) only some of them are inlined, and each
  // call that is not returns its number boxed. Measured on a recorded backtest of the SMA
  // crossover replayed under callgrind: 3,119 M → 2,812 M instructions (−10 %) at 2,000, and
  // no better at 3,000 or 4,000.
  '--max-inlined-bytecode-size-cumulative=2000',
]

export class WorkerProcess {
  /** The tier whose sandboxes this worker hosts; an empty worker may change tier. */
  tier: Tier
  /** The only tenant it hosts, for tiers that do not share workers between tenants. */
  tenantId: string | undefined
  /** Sandboxes placed here (by id). */
  readonly sandboxes = new Set<string>()
  readonly ready: Promise<void>
  /** Settles when the process has ended, however it ended. */
  readonly exited: Promise<void>
  pid = 0
  exit: WorkerExit | undefined

  readonly #child: ChildProcess
  readonly #pending = new Map<number, Pending>()
  #nextId = 1
  #catastrophic: WorkerExit['catastrophic']
  #killedByPool: WorkerExit['killedByPool']
  #stderr = ''

  constructor(
    owner: { tier: Tier; tenantId: string | undefined },
    timeZone: string,
    onExit: (w: WorkerProcess) => void,
  ) {
    this.tier = owner.tier
    this.tenantId = owner.tenantId
    this.#child = fork(fileURLToPath(new URL('./worker.ts', import.meta.url)), [], {
      execArgv: EXEC_ARGV,
      // No secrets in the worker: an empty environment but the clock's zone and locale.
      env: { TZ: timeZone, LANG: 'en_US.UTF-8' },
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    })
    this.pid = this.#child.pid ?? 0
    // Keep the end of stderr (V8's fatal messages) for the exit report, for operators only.
    this.#child.stderr?.setEncoding('utf8')
    this.#child.stderr?.on('data', (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-STDERR_TAIL_CHARS)
    })
    let started: () => void = () => {}
    let failed: (e: unknown) => void = () => {}
    this.ready = new Promise<void>((resolve, reject) => {
      started = resolve
      failed = reject
    })
    this.ready.catch(() => {})
    let markExited: () => void = () => {}
    this.exited = new Promise<void>((resolve) => {
      markExited = resolve
    })
    this.#child.on('message', (m: FromWorker) => {
      if (m.type === 'ready') {
        this.pid = m.pid
        started()
      } else if (m.type === 'catastrophic') {
        this.#catastrophic ??= { sandboxId: m.sandboxId, message: m.message }
      } else {
        const p = this.#pending.get(m.id)
        if (!p) return
        this.#pending.delete(m.id)
        clearTimeout(p.timer)
        p.resolve(
          m.ok ? { ok: true, out: m.out, stats: m.stats } : { ok: false, failure: m.failure },
        )
      }
    })
    const ended = (code: number | null, signal: string | null) => {
      if (this.exit) return
      this.exit = {
        code,
        signal,
        ...(this.#catastrophic ? { catastrophic: this.#catastrophic } : {}),
        ...(this.#killedByPool ? { killedByPool: this.#killedByPool } : {}),
        ...(this.#stderr ? { stderrTail: this.#stderr } : {}),
      }
      const gone = new WorkerGone(this.exit)
      failed(gone)
      for (const p of this.#pending.values()) {
        clearTimeout(p.timer)
        p.reject(gone)
      }
      this.#pending.clear()
      onExit(this)
      markExited()
    }
    // 'close', not 'exit': it comes after the IPC channel has delivered everything, including a
    // catastrophic report sent just before the worker killed itself.
    this.#child.on('close', ended)
    this.#child.on('error', () => {
      // Spawn failures and IPC errors: make sure the process is gone, then report it once.
      this.#child.kill('SIGKILL')
      ended(null, 'spawn-error')
    })
  }

  get alive(): boolean {
    return this.exit === undefined && !this.#killedByPool
  }

  /** Sends one request; resolves with the worker's answer, rejects with WorkerGone. */
  request(message: Request, wallMs: number): Promise<Outcome> {
    if (this.exit) return Promise.reject(new WorkerGone(this.exit))
    const id = this.#nextId++
    return new Promise<Outcome>((resolve, reject) => {
      const timer = setTimeout(() => this.kill('unresponsive'), wallMs + BACKSTOP_MS)
      this.#pending.set(id, { resolve, reject, timer })
      this.#child.send({ ...message, id } as ToWorker, (err) => {
        if (err) this.kill('unresponsive')
      })
    })
  }

  /** Kills the process (SIGKILL); pending requests fail with WorkerGone. */
  kill(reason: 'unresponsive' | 'closing'): void {
    this.#killedByPool ??= reason
    if (this.exit === undefined) this.#child.kill('SIGKILL')
  }
}
