import type { Database } from '@vm-algo/db'
import type { CoreConfig } from '../config.ts'
import { createJobRunner, type JobEvent, type JobRunner } from './runner.ts'
import type { JobHandler } from './types.ts'

/**
 * Starts the core process's job runner with its settings (JOB_* in core/src/config.ts), after
 * taking back jobs a previous process left running. Null when JOB_CONCURRENCY is 0.
 */
export async function startJobRunner(
  db: Database,
  config: Pick<CoreConfig, 'JOB_CONCURRENCY' | 'JOB_LEASE_MS' | 'JOB_POLL_MS' | 'JOB_MAX_ATTEMPTS'>,
  handlers: Record<string, JobHandler>,
): Promise<JobRunner | null> {
  if (config.JOB_CONCURRENCY === 0) return null
  const runner = createJobRunner({
    db,
    handlers,
    concurrency: config.JOB_CONCURRENCY,
    leaseMs: config.JOB_LEASE_MS,
    pollMs: config.JOB_POLL_MS,
    maxAttempts: config.JOB_MAX_ATTEMPTS,
    onEvent: logJobEvent,
  })
  await runner.start()
  return runner
}

/** The core's log lines for job events (errors in full: this log never reaches users). */
export function logJobEvent(event: JobEvent): void {
  switch (event.type) {
    case 'started':
      console.log(
        `[core] job ${event.job.id} started (${event.job.kind}, run ${event.job.attempts})`,
      )
      break
    case 'ended':
      console.log(`[core] job ${event.jobId} ${event.status}`)
      break
    case 'recovered':
      for (const job of event.jobs)
        console.warn(
          `[core] job ${job.id}: its engine stopped renewing the lease; now ${job.status}`,
        )
      break
    case 'error':
      console.error(`[core] job ${event.jobId ?? '(queue)'}:`, event.error)
      break
  }
}
