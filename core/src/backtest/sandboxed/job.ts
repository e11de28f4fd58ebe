import { parseBacktestRequest } from '../../jobs/request.ts'
import type { JobHandler } from '../../jobs/types.ts'
import { createSandboxPool } from '../../sandbox/index.ts'
import { loadSystem, type SystemOptions } from '../jobs/load-system.ts'
import { backtestReport } from '../jobs/report.ts'
import { loadRequestFeeds, requestWindow, runSystem } from '../jobs/run-system.ts'
import { checkSystem, runParams } from '../jobs/system.ts'

export { BACKTEST_EXAMPLES } from '../jobs/load-system.ts'

export interface BacktestJobOptions extends SystemOptions {
  /** Most points of the stored equity curve. Default 2,000. */
  curvePoints?: number
}

/**
 * The `backtest` job: runs a bundled example strategy (`request.example`, compiled by the
 * platform's compiler, in the `exampleTier`) or a stored plugin version of the job's tenant
 * (`plugin_version_id`: its `compiled_js`, in the tenant's tier; needs `db`), in a sandbox of
 * its own (a pool per job, closed when it ends), through the host's backtester over the
 * bundled bars of the request's symbols and its imported datasets, in its dates. A request's `timeframe` and
 * `costs.product` fill the plugin's `timeframe`/`product` parameters when it has them and the
 * request's `params` do not set them.
 *
 * @example createJobRunner({ db, handlers: { backtest: backtestJobHandler({ db }) } })
 */
export function backtestJobHandler(options: BacktestJobOptions = {}): JobHandler {
  return async (job, { signal, progress }) => {
    const request = parseBacktestRequest(job.request)
    const system = await loadSystem(job, request, options)
    checkSystem(system, 'strategy', request)
    const feeds = await loadRequestFeeds(options.db, job.tenantId, request, requestWindow(request))
    // Imported series too must be ones the plugin trades.
    checkSystem(system, 'strategy', { ...request, symbols: feeds.map((f) => f.symbol) })
    const pool = createSandboxPool({ workers: 1 })
    try {
      const result = await runSystem({
        pool,
        system,
        tenantId: job.tenantId,
        runId: job.id,
        feeds,
        capital: request.capital,
        params: runParams(system, request),
        slippageBps: request.costs.slippageBps,
        signal,
        onProgress: (f) => progress(f),
      })
      return await backtestReport(result, options.curvePoints)
    } finally {
      await pool.close()
    }
  }
}
