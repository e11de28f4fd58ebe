import { backtestJobHandler } from '../backtest/sandboxed/job.ts'
import type { JobHandler } from './types.ts'

/**
 * The handlers the core process starts its job runner with, by job kind. Kinds missing here
 * fail cleanly with a reason the user reads. The backtest engine's handlers (`backtest`,
 * `sweep`, `walk_forward`, `scan_backtest`) are registered here as they land; `startCore`'s
 * `jobHandlers` option adds or overrides entries (tests, other entry points).
 */
export const coreJobHandlers: Readonly<Record<string, JobHandler>> = {
  backtest: backtestJobHandler(),
}
