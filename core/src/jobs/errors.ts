/**
 * A job failed for a reason its owner can act on ("unknown symbol FOO", "fast must be below
 * slow"). Its message is stored as the job's error and shown as it is, so it must be plain
 * language with no internals. Anything else a handler throws is shown as an internal error.
 *
 * @example throw new JobFailure('No bundled data for XYZ between 2019-01-01 and 2019-12-31.')
 */
export class JobFailure extends Error {
  override name = 'JobFailure'
}

/** Why a job's signal was aborted; handlers may read it from `signal.reason`. */
export class JobAbort extends Error {
  override name = 'JobAbort'
  readonly why: 'cancelled' | 'shutdown' | 'lease_lost'
  constructor(why: JobAbort['why']) {
    super(ABORT_MESSAGES[why])
    this.why = why
  }
}

const ABORT_MESSAGES: Record<JobAbort['why'], string> = {
  cancelled: 'Cancelled.',
  shutdown: 'The engine is shutting down; the job will run again.',
  lease_lost: 'Another engine took over this job.',
}

/** The longest error text stored with a job. */
export const MAX_ERROR_LENGTH = 1000

/** The reason stored for a job whose engine died too often while running it: before and after N. */
export const RESTARTED_REASON = ['the engine restarted ', ' times while running this job'] as const

export const restartedReason = (attempts: number) =>
  `${RESTARTED_REASON[0]}${attempts}${RESTARTED_REASON[1]}`

/** The reason stored for a kind no handler is registered for. */
export const noHandlerReason = (kind: string) =>
  `No engine here runs "${kind}" jobs yet; try again later, or contact support if this persists.`

/** The reason stored for an unexpected error; the details go to the engine's log only. */
export const internalReason = (jobId: string) =>
  `The engine hit an internal error while running this job (reference ${jobId}). Try again; if it keeps failing, contact support with the reference.`

/** A user-readable reason for `error`: a JobFailure's message, else what `describe` says, else internal. */
export function reasonFor(
  error: unknown,
  jobId: string,
  describe?: (error: unknown) => string | undefined,
): string {
  const text =
    error instanceof JobFailure ? error.message : (describe?.(error) ?? internalReason(jobId))
  const oneLine = text.trim() || internalReason(jobId)
  return oneLine.length > MAX_ERROR_LENGTH ? `${oneLine.slice(0, MAX_ERROR_LENGTH - 1)}…` : oneLine
}
