/**
 * The sandbox pool: worker processes that host plugin isolates, supervised from the host.
 * The host process (orders, broker secrets, the database) never runs plugin code; it places
 * each sandbox in a worker of its tier, replaces workers that die and fails only their
 * sandboxes, with a typed reason.
 */
import { PluginCompileError, SandboxUnavailable } from './errors.ts'
import type { WorkerExit } from './failures.ts'
import { type LimitsByTier, resolveLimits, type SandboxLimits, TIERS, type Tier } from './limits.ts'
import { Sandbox } from './sandbox.ts'
import { WorkerGone, WorkerProcess } from './worker-process.ts'

export interface SandboxPoolOptions {
  /** Most worker processes at once (default 4). Each holds the isolates of one tier (or tenant). */
  workers?: number
  /** Overrides of `TIER_LIMITS`, validated now: a bad value throws a RangeError. */
  limitsByTier?: LimitsByTier
  /** Time zone of `Date`'s local time inside plugins (default Asia/Kolkata). */
  timeZone?: string
  /** Observability: called synchronously; exceptions are ignored. */
  onEvent?: (event: SandboxPoolEvent) => void
}

export type SandboxPoolEvent =
  | { type: 'worker-started'; pid: number; tier: Tier }
  | { type: 'worker-exited'; pid: number; tier: Tier; exit: WorkerExit; sandboxes: number }
  | { type: 'sandbox-failed'; sandboxId: string; tenantId: string; code: string; message: string }

export interface LoadOptions {
  tenantId: string
  deploymentId: string
  tier: Tier
  /** The compiled plugin: one classic script defining `globalThis.__vmAlgoDispatch`. */
  code: string
}

export interface SandboxPoolStats {
  workers: { pid: number; tier: Tier; tenantId?: string; sandboxes: number }[]
  sandboxes: number
  /** Worker processes that ended other than by `close`. */
  workerExits: number
}

export interface SandboxPool {
  /** Loads a plugin into a fresh isolate; rejects with PluginCompileError & co. */
  load(options: LoadOptions): Promise<Sandbox>
  stats(): SandboxPoolStats
  /** Kills every worker; their sandboxes fail with SandboxUnavailable (retryable). */
  close(): Promise<void>
  readonly limits: Readonly<Record<Tier, SandboxLimits>>
}

/**
 * Creates a pool. Workers start on demand, so an idle pool costs nothing.
 *
 * @example
 * const pool = createSandboxPool({ workers: 2 })
 * const sb = await pool.load({ tenantId, deploymentId, tier: 'free', code })
 * await sb.init({ params: {}, seed: 1 })
 * const out = await sb.run({ now, events, positions: {} })
 * await pool.close()
 */
export function createSandboxPool(options: SandboxPoolOptions = {}): SandboxPool {
  const limits = resolveLimits(options.limitsByTier)
  const maxWorkers = options.workers ?? 4
  if (!Number.isInteger(maxWorkers) || maxWorkers < 1 || maxWorkers > 256) {
    throw new RangeError('sandbox pool: workers must be an integer from 1 to 256')
  }
  const timeZone = options.timeZone ?? 'Asia/Kolkata'
  if (!/^[A-Za-z0-9_+/-]{1,64}$/.test(timeZone)) {
    throw new RangeError('sandbox pool: timeZone must be an IANA zone name such as Asia/Kolkata')
  }
  const workers = new Set<WorkerProcess>()
  const sandboxes = new Map<string, Sandbox>()
  let closed = false
  let nextId = 1
  let workerExits = 0

  const emit = (event: SandboxPoolEvent) => {
    try {
      options.onEvent?.(event)
    } catch {
      // Observability must not break supervision.
    }
  }

  // A child outliving its parent would keep tenant code running unsupervised; the worker
  // also kills itself when the IPC channel closes.
  const killAll = () => {
    for (const w of workers) w.kill('closing')
  }
  process.once('exit', killAll)

  const spawn = (tier: Tier, tenantId: string | undefined): WorkerProcess => {
    const w = new WorkerProcess({ tier, tenantId }, timeZone, onWorkerExit)
    workers.add(w)
    w.ready.then(
      () => emit({ type: 'worker-started', pid: w.pid, tier }),
      () => {},
    )
    return w
  }

  function onWorkerExit(w: WorkerProcess): void {
    workers.delete(w)
    const exit = w.exit!
    const hosted = [...w.sandboxes]
    if (!closed) workerExits++
    emit({ type: 'worker-exited', pid: w.pid, tier: w.tier, exit, sandboxes: hosted.length })
    for (const id of hosted) sandboxes.get(id)?.workerExited(exit)
    // Replace a worker that died with tenants on it, so their restarts find a warm process.
    if (!closed && hosted.length > 0 && workers.size < maxWorkers) spawn(w.tier, w.tenantId)
  }

  const onClosed = (sb: Sandbox) => {
    if (!sandboxes.delete(sb.id)) return
    for (const w of workers) w.sandboxes.delete(sb.id)
    if (sb.failure && sb.status === 'failed') {
      emit({
        type: 'sandbox-failed',
        sandboxId: sb.id,
        tenantId: sb.tenantId,
        code: sb.failure.code,
        message: sb.failure.message,
      })
    }
  }

  // Pack: a tier's workers (or a tenant's, where workers are not shared) fill up to
  // `sandboxesPerWorker` before a new one starts: fewer processes, and neighbours share a
  // worker predictably. An empty worker may be taken over by another tier or tenant.
  const place = (tier: Tier, tenant: string): WorkerProcess => {
    const l = limits[tier]
    const tenantId = l.workerSharing === 'tenant' ? tenant : undefined
    let best: WorkerProcess | undefined
    for (const w of workers) {
      if (!w.alive || w.tier !== tier || w.tenantId !== tenantId) continue
      if (w.sandboxes.size >= l.sandboxesPerWorker) continue
      if (!best || w.sandboxes.size > best.sandboxes.size) best = w
    }
    if (best) return best
    if (workers.size < maxWorkers) return spawn(tier, tenantId)
    for (const w of workers) {
      if (w.alive && w.sandboxes.size === 0) {
        w.tier = tier
        w.tenantId = tenantId
        return w
      }
    }
    throw new SandboxUnavailable(
      `No room for another ${tier} sandbox: all ${maxWorkers} worker processes are in use.`,
      { retryable: true },
    )
  }

  return {
    limits,
    async load(opts: LoadOptions): Promise<Sandbox> {
      if (closed) throw new SandboxUnavailable('The sandbox pool is closed.')
      if (!TIERS.includes(opts.tier)) throw new RangeError(`unknown tier "${String(opts.tier)}"`)
      const l = limits[opts.tier]
      if (typeof opts.code !== 'string') throw new TypeError('plugin code must be a string')
      const bytes = Buffer.byteLength(opts.code)
      if (bytes > l.maxCodeBytes) {
        throw new PluginCompileError(
          `The plugin script is ${bytes} bytes; the ${opts.tier} tier allows ${l.maxCodeBytes}.`,
        )
      }
      const worker = place(opts.tier, opts.tenantId)
      const id = `sbx_${nextId++}`
      worker.sandboxes.add(id)
      const sb = new Sandbox({
        id,
        tenantId: opts.tenantId,
        deploymentId: opts.deploymentId,
        tier: opts.tier,
        limits: l,
        worker,
        onClosed,
      })
      sandboxes.set(id, sb)
      try {
        await worker.ready.catch((e) => {
          throw e instanceof WorkerGone ? sb.workerExited(e.exit) : e
        })
        await sb.load(opts.code)
      } catch (e) {
        await sb.dispose()
        throw e
      }
      return sb
    },
    stats(): SandboxPoolStats {
      return {
        workers: [...workers].map((w) => ({
          pid: w.pid,
          tier: w.tier,
          ...(w.tenantId ? { tenantId: w.tenantId } : {}),
          sandboxes: w.sandboxes.size,
        })),
        sandboxes: sandboxes.size,
        workerExits,
      }
    },
    async close(): Promise<void> {
      if (closed) return
      closed = true
      process.removeListener('exit', killAll)
      const exits = [...workers].map((w) => w.exited)
      killAll()
      await Promise.all(exits)
    },
  }
}
