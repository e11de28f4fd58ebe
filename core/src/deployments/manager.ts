import type { Database } from '@vm-algo/db'
import type { TickBus } from '../bus/types.ts'
import type { SandboxPool } from '../sandbox/index.ts'
import {
  describeFailure,
  type HistorySource,
  type InstanceFailure,
  type InstanceOutput,
  PluginInstance,
} from './instance.ts'
import { RestartBudget, type Supervised, type Supervisor, supervise } from './loop.ts'
import {
  claimDeployments,
  type DeploymentRow,
  loadVersion,
  markFailed,
  markRunning,
  recordDeploymentOutput,
  renewDeployments,
  saveDeployment,
} from './store.ts'

export interface EngineOptions {
  db: Database
  pool: SandboxPool
  bus: TickBus
  /** Names this engine process in leases; stable across its restarts (it resumes its rows). */
  engineId: string
  /** Warms each series' indicators before its first live bar. */
  history?: HistorySource
  /** How often the tables are read for users' changes. Default 1 s. */
  pollMs?: number
  /** How long a lease lasts without renewal; another engine takes over after. Default 30 s. */
  leaseMs?: number
  /** Most instances this process runs. Default 500. */
  maxInstances?: number
  /** Retries after failures that were not the plugin's fault, per 10 minutes. Default 3. */
  maxRestarts?: number
  checkpointEveryMs?: number
  /** Only these tenants' deployments (dedicated capacity, tests); default every tenant. */
  tenantIds?: readonly string[]
  onError?: (error: unknown) => void
}

/**
 * `reconcile` runs one step now (tests); `stop` checkpoints and gives back every deployment
 * (they stay `running` for the next engine).
 */
export type DeploymentManager = Omit<Supervisor, 'soon'>

type Entry = Supervised<DeploymentRow>

/**
 * The engine's side of deployments (contract: edge/src/routes/v1/deployments/README.md). Each
 * step renews this process's leases and follows users' pauses and stops, handles plugins that
 * failed, then claims deployments wanted running and starts them in the sandbox on the bus.
 */
export function startDeploymentManager(o: EngineOptions): DeploymentManager {
  const { db, engineId } = o
  const leaseMs = o.leaseMs ?? 30_000
  const maxInstances = o.maxInstances ?? 500
  const entries = new Map<string, Entry>()
  const restarts = new RestartBudget(o.maxRestarts ?? 3)
  const onError = o.onError ?? (() => {})

  const log = (row: DeploymentRow, level: 'info' | 'warn' | 'error', message: string) =>
    recordDeploymentOutput(db, row.tenantId, row.id, { intents: [], logs: [] }, [
      { level, message },
    ])

  const persist = async (row: DeploymentRow, out: InstanceOutput) => {
    await recordDeploymentOutput(db, row.tenantId, row.id, out)
    if (out.checkpoint) await saveDeployment(db, row.id, engineId, { state: out.checkpoint })
  }

  async function launch(row: DeploymentRow): Promise<void> {
    const version = await loadVersion(db, row.tenantId, row.pluginVersionId)
    if (!version) {
      await markFailed(db, row.id, 'The plugin version of this deployment no longer exists.')
      return
    }
    const entry: Entry = { row, instance: undefined as unknown as PluginInstance }
    entry.instance = new PluginInstance({
      pool: o.pool,
      bus: o.bus,
      tenantId: row.tenantId,
      id: row.id,
      tier: version.tier,
      code: version.code,
      manifest: version.manifest,
      params: row.params,
      symbols: row.symbols,
      checkpoint: row.state,
      ...(o.history ? { history: o.history } : {}),
      ...(o.checkpointEveryMs ? { checkpointEveryMs: o.checkpointEveryMs } : {}),
      paper: true,
      sink: (out) => persist(row, out),
      onFailure: (failure) => {
        entry.failure = failure
        supervisor.soon()
      },
    })
    try {
      const first = await entry.instance.start()
      await persist(row, first)
    } catch (e) {
      await entry.instance.dispose()
      await settleFailure(row, describeFailure(e))
      return
    }
    entries.set(row.id, entry)
    const resumed = row.status === 'running' || row.state !== null
    if (row.status === 'starting') await markRunning(db, row.id, engineId)
    const symbols = row.symbols.join(', ')
    await log(
      row,
      'info',
      `${resumed ? 'Resumed' : 'Started'} in paper mode on ${symbols} (${version.manifest.name} ${version.manifest.version}, ${version.tier} limits).`,
    )
  }

  /** A plugin's own fault fails the deployment; ours (a worker died) restarts it a few times. */
  async function settleFailure(row: DeploymentRow, failure: InstanceFailure): Promise<void> {
    if (failure.retryable && restarts.take(row.id)) {
      await log(row, 'warn', `Restarting from the last checkpoint: ${failure.message}`)
      // Given back: the next claim (here or in another engine) starts it with its saved state.
      await saveDeployment(db, row.id, engineId, { release: true })
      return
    }
    const reason = failure.retryable
      ? `${failure.message} (failed ${restarts.max + 1} times in 10 minutes)`
      : failure.message
    await log(row, 'error', `Failed: ${reason}`)
    await markFailed(db, row.id, reason)
  }

  async function follow(): Promise<void> {
    const seen = await renewDeployments(db, engineId, [...entries.keys()], leaseMs)
    for (const [id, entry] of entries) {
      const now = seen.get(id)
      const { row, instance } = entry
      if (!now) {
        // Deleted, or another engine took it over after our lease lapsed: let go quietly.
        entries.delete(id)
        await instance.dispose()
        continue
      }
      const failure = entry.failure ?? instance.sandboxFailure()
      if (failure) {
        entries.delete(id)
        await instance.dispose()
        await settleFailure(row, failure)
        continue
      }
      if (!now.tenantActive) {
        entries.delete(id)
        const state = await instance.checkpoint().catch(() => null)
        await instance.dispose()
        await saveDeployment(db, id, engineId, { state, release: true })
        await log(row, 'warn', 'Halted: the workspace is suspended.')
        continue
      }
      if (now.status === 'paused' || now.status === 'stopped' || now.status === 'failed') {
        entries.delete(id)
        await wind(entry, now.status)
        continue
      }
      if (now.status === 'starting' && (await markRunning(db, id, engineId))) {
        await log(row, 'info', 'Running again.')
      }
    }
  }

  /** Pause: checkpoint and let go. Stop: `onStop` runs, its output and final state are kept. */
  async function wind(entry: Entry, status: 'paused' | 'stopped' | 'failed'): Promise<void> {
    const { row, instance } = entry
    try {
      if (status === 'stopped') {
        const out = await instance.stop()
        if (out) await persist(row, out)
        await log(row, 'info', 'Stopped.')
      } else if (status === 'paused') {
        const state = await instance.checkpoint()
        if (state) await saveDeployment(db, row.id, engineId, { state })
        await log(row, 'info', 'Paused: it receives no market data until started again.')
      }
    } catch (e) {
      await log(
        row,
        'error',
        `While ${status === 'stopped' ? 'stopping' : 'pausing'}: ${describeFailure(e).message}`,
      )
    } finally {
      await instance.dispose()
      await saveDeployment(db, row.id, engineId, { release: true })
    }
  }

  const supervisor: Supervisor = supervise({
    entries,
    maxInstances,
    pollMs: o.pollMs ?? 1_000,
    onError,
    claim: (mine, limit) =>
      claimDeployments(db, { engineId, leaseMs, mine, limit, tenantIds: o.tenantIds }),
    launch,
    release: (row) => saveDeployment(db, row.id, engineId, { release: true }),
    follow,
    async beforeRelease({ row, instance }) {
      const state = await instance.checkpoint()
      if (state) await saveDeployment(db, row.id, engineId, { state })
    },
  })
  const { soon: _soon, ...manager } = supervisor
  return manager
}
