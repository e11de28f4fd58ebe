export { JobAbort, JobFailure, restartedReason } from './errors.ts'
export { coreJobHandlers } from './handlers.ts'
export {
  claimJob,
  completeJob,
  type EnqueueInput,
  endJob,
  enqueueJob,
  type JobScope,
  type RecoveredJob,
  recoverStaleJobs,
  releaseJob,
  touchJob,
} from './queue.ts'
export {
  type BacktestRequest,
  backtestRequestSchema,
  gridCombinations,
  parseBacktestRequest,
} from './request.ts'
export { createJobRunner, type JobEvent, type JobRunner, type JobRunnerOptions } from './runner.ts'
export { logJobEvent, startJobRunner } from './start.ts'
export type {
  ClaimedJob,
  JobContext,
  JobHandler,
  JobKind,
  JobResult,
  JobStatus,
  ReportProgress,
} from './types.ts'
