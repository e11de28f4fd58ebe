import { IST_OFFSET_MS } from '../market/time.ts'
import type { Timeframe } from '../market/types.ts'
import {
  describeFailure,
  type InstanceFailure,
  type InstanceOutput,
  PluginInstance,
} from './instance.ts'
import { RestartBudget, type Supervised, type Supervisor, supervise } from './loop.ts'
import type { EngineOptions } from './manager.ts'
import {
  claimScans,
  loadVersion,
  recordMatches,
  releaseScan,
  renewScans,
  type ScanRow,
} from './store.ts'

export type ScanManager = Omit<Supervisor, 'soon'>

type Entry = Supervised<ScanRow>

const DAY_MS = 86_400_000

/**
 * Live scans: each enabled scan's scanner (a plugin, or the one generated from a no-code
 * expression) runs in the sandbox on the candle closes of its timeframe over its universe,
 * and its matches are stored for the scan page. A `schedule` ("09:30,15:00", IST) keeps only
 * the matches of the first candle close at or after each of those times in a day; without one,
 * every close counts. Editing a scan restarts it with the new definition; a scanner that fails
 * by its own fault stops with its reason in `scans.error` until its user changes it.
 */
export function startScanManager(o: EngineOptions): ScanManager {
  const { db, engineId } = o
  const leaseMs = o.leaseMs ?? 30_000
  const entries = new Map<string, Entry>()
  const restarts = new RestartBudget(o.maxRestarts ?? 3)
  const onError = o.onError ?? (() => {})

  async function launch(row: ScanRow): Promise<void> {
    const version = await loadVersion(db, row.tenantId, row.pluginVersionId)
    if (version?.manifest.kind !== 'scanner') {
      await releaseScan(db, row.id, engineId, 'The scanner of this scan no longer exists.')
      return
    }
    const due = scheduleFilter(row.schedule)
    const entry: Entry = { row, instance: undefined as unknown as PluginInstance }
    entry.instance = new PluginInstance({
      pool: o.pool,
      bus: o.bus,
      tenantId: row.tenantId,
      id: row.id,
      tier: version.tier,
      code: version.code,
      manifest: version.manifest,
      params: {},
      symbols: row.universe,
      timeframes: [row.timeframe as Timeframe],
      ...(o.history ? { history: o.history } : {}),
      paper: false,
      // Every candle close stamps `last_run_at`; a schedule decides whether its matches count.
      sink: (out: InstanceOutput) =>
        recordMatches(db, row.tenantId, row.id, due(out.marketTime) ? out.matches : [], engineId),
      onFailure: (failure) => {
        entry.failure = failure
        supervisor.soon()
      },
    })
    try {
      await entry.instance.start()
    } catch (e) {
      await entry.instance.dispose()
      await settle(row, describeFailure(e))
      return
    }
    entries.set(row.id, entry)
  }

  async function settle(row: ScanRow, failure: InstanceFailure): Promise<void> {
    const again = failure.retryable && restarts.take(row.id)
    await releaseScan(db, row.id, engineId, again ? undefined : failure.message)
  }

  async function follow(): Promise<void> {
    const seen = await renewScans(db, engineId, [...entries.keys()], leaseMs)
    for (const [id, entry] of entries) {
      const now = seen.get(id)
      const failure = entry.failure ?? entry.instance.sandboxFailure()
      const changed = now && now.updatedAt.getTime() !== entry.row.updatedAt.getTime()
      if (now && !failure && now.enabled && now.tenantActive && !changed) continue
      entries.delete(id)
      await entry.instance.dispose()
      if (!now) continue
      if (failure) await settle(entry.row, failure)
      // Turned off, suspended, or edited: given back; an edited scan is claimed again as it is now.
      else await releaseScan(db, id, engineId)
    }
  }

  const supervisor: Supervisor = supervise({
    entries,
    maxInstances: o.maxInstances ?? 500,
    pollMs: o.pollMs ?? 1_000,
    onError,
    claim: (mine, limit) =>
      claimScans(db, { engineId, leaseMs, mine, limit, tenantIds: o.tenantIds }),
    launch,
    release: (row) => releaseScan(db, row.id, engineId),
    follow,
  })
  const { soon: _soon, ...manager } = supervisor
  return manager
}

/**
 * Whether a candle close at `closeTime` publishes matches under `schedule` ("HH:MM,…" IST, as
 * the edge stores it): the first close at or after each time of a day does.
 */
export function scheduleFilter(schedule: string | null): (closeTime: number) => boolean {
  if (!schedule) return () => true
  const slots = schedule
    .split(',')
    .map((t) => /^(\d\d):(\d\d)$/.exec(t.trim()))
    .filter((m) => m !== null)
    .map((m) => (Number(m[1]) * 60 + Number(m[2])) * 60_000)
    .sort((a, b) => a - b)
  const fired = new Set<string>()
  return (closeTime) => {
    const local = closeTime + IST_OFFSET_MS
    const day = Math.floor(local / DAY_MS)
    const time = local - day * DAY_MS
    let due = false
    for (const slot of slots) {
      if (slot > time) break
      const key = `${day}:${slot}`
      if (!fired.has(key)) {
        fired.add(key)
        due = true
      }
    }
    return due
  }
}
