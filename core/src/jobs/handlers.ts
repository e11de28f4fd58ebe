import type { Database } from '@vm-algo/db'
import { scanBacktestJobHandler } from '../backtest/jobs/scan-backtest.ts'
import { sweepJobHandler } from '../backtest/jobs/sweep.ts'
import { walkForwardJobHandler } from '../backtest/jobs/walk-forward.ts'
import { backtestJobHandler } from '../backtest/sandboxed/job.ts'
import type { JobHandler, JobKind } from './types.ts'

/**
 * The handlers the core process starts its job runner with, by job kind: the backtest
 * engine's `backtest`, `sweep`, `walk_forward` and `scan_backtest`. `db` is where stored
 * plugin versions (and their tenants' tiers) are read. Kinds missing here fail cleanly with a
 * reason the user reads; `startCore`'s `jobHandlers` option adds or overrides entries (tests,
 * other entry points).
 *
 * @example createJobRunner({ db, handlers: coreJobHandlers(db) })
 */
export function coreJobHandlers(db: Database): Record<JobKind, JobHandler> {
  return {
    backtest: backtestJobHandler({ db }),
    sweep: sweepJobHandler({ db }),
    walk_forward: walkForwardJobHandler({ db }),
    scan_backtest: scanBacktestJobHandler({ db }),
  }
}
