import { PROTOCOL_LIMITS } from '@vm-algo/plugins'
import { z } from 'zod'

/** Plan tiers; the lead merges these limits into the plan table. */
export type Tier = 'free' | 'pro' | 'elite'

export const TIERS: readonly Tier[] = ['free', 'pro', 'elite']

/** What one sandbox (one tenant deployment, one isolate) may use. */
export interface SandboxLimits {
  /**
   * isolated-vm `memoryLimit`: V8 heap plus ArrayBuffers, in MB. A guideline, not a hard cap:
   * a determined plugin reaches 2–3× before it is stopped (isolated-vm README).
   */
  memoryMb: number
  /** CPU per batch, metered with `isolate.cpuTime`; over it the isolate is disposed. */
  cpuMsPerBatch: number
  /**
   * Wall clock per batch: isolated-vm's `timeout`, then the worker's watchdog disposes the
   * isolate. Kept well above the CPU budget, so contention on the machine does not count.
   */
  wallMsPerBatch: number
  /** CPU for loading, `describe`, `init`, `stop` and warm-up batches (history replays). */
  cpuMsPerStart: number
  wallMsPerStart: number
  /** Order intents in one output; more is refused (PluginLimitExceeded), none executed. */
  maxIntentsPerBatch: number
  /** Log entries kept per output; the rest are dropped and counted. */
  maxLogsPerBatch: number
  /** Characters of log messages kept per output; the rest are dropped and counted. */
  maxLogCharsPerBatch: number
  /** Scanner matches in one output; more is refused (PluginLimitExceeded). */
  maxMatchesPerBatch: number
  /** Bytes (UTF-8) of the JSON a plugin returns from one call. */
  maxResultBytes: number
  /** Bytes (UTF-8) of the compiled plugin script. */
  maxCodeBytes: number
  /**
   * Who may share a worker process: any tenant of this tier, or one tenant only. A worker
   * always hosts one tier, so a free plugin that crashes its process never takes a paying
   * tenant's deployment with it; with `tenant`, no other tenant's plugin can either.
   */
  workerSharing: 'tier' | 'tenant'
  /** Sandboxes in one worker process. */
  sandboxesPerWorker: number
}

const KB = 1024
const MB = 1024 * 1024

/** The limits of each tier. */
export const TIER_LIMITS: Readonly<Record<Tier, Readonly<SandboxLimits>>> = {
  free: {
    memoryMb: 32,
    cpuMsPerBatch: 50,
    wallMsPerBatch: 1_000,
    cpuMsPerStart: 500,
    wallMsPerStart: 5_000,
    maxIntentsPerBatch: 20,
    maxLogsPerBatch: 50,
    maxLogCharsPerBatch: 16 * KB,
    maxMatchesPerBatch: 200,
    maxResultBytes: 256 * KB,
    maxCodeBytes: 1 * MB,
    workerSharing: 'tier',
    sandboxesPerWorker: 32,
  },
  pro: {
    memoryMb: 64,
    cpuMsPerBatch: 200,
    wallMsPerBatch: 2_000,
    cpuMsPerStart: 2_000,
    wallMsPerStart: 10_000,
    maxIntentsPerBatch: 100,
    maxLogsPerBatch: 200,
    maxLogCharsPerBatch: 64 * KB,
    maxMatchesPerBatch: 1_000,
    maxResultBytes: 1 * MB,
    maxCodeBytes: 2 * MB,
    workerSharing: 'tier',
    sandboxesPerWorker: 8,
  },
  elite: {
    memoryMb: 128,
    cpuMsPerBatch: 500,
    wallMsPerBatch: 5_000,
    cpuMsPerStart: 5_000,
    wallMsPerStart: 20_000,
    maxIntentsPerBatch: 500,
    maxLogsPerBatch: 500,
    maxLogCharsPerBatch: 256 * KB,
    maxMatchesPerBatch: 5_000,
    maxResultBytes: 4_000_000,
    maxCodeBytes: 4 * MB,
    workerSharing: 'tenant',
    sandboxesPerWorker: 16,
  },
}

const P = PROTOCOL_LIMITS
const int = (min: number, max: number) => z.number().int().min(min).max(max)

/** Checks one tier's limits against each other, isolated-vm's minimums and the protocol. */
export const sandboxLimitsSchema = z
  .strictObject({
    // isolated-vm refuses less than 8 MB.
    memoryMb: int(8, 4 * KB),
    cpuMsPerBatch: int(1, 60_000),
    wallMsPerBatch: int(1, 600_000),
    cpuMsPerStart: int(1, 600_000),
    wallMsPerStart: int(1, 3_600_000),
    maxIntentsPerBatch: int(0, P.maxIntents),
    maxLogsPerBatch: int(1, P.maxLogs),
    maxLogCharsPerBatch: int(0, P.maxLogs * P.maxLogChars),
    maxMatchesPerBatch: int(0, P.maxMatches),
    maxResultBytes: int(1 * KB, P.maxOutputChars),
    maxCodeBytes: int(1, 64 * MB),
    workerSharing: z.enum(['tier', 'tenant']),
    sandboxesPerWorker: int(1, 1_000),
  })
  .refine((l) => l.wallMsPerBatch >= l.cpuMsPerBatch, {
    message: 'wallMsPerBatch must be at least cpuMsPerBatch',
    path: ['wallMsPerBatch'],
  })
  .refine((l) => l.wallMsPerStart >= l.cpuMsPerStart, {
    message: 'wallMsPerStart must be at least cpuMsPerStart',
    path: ['wallMsPerStart'],
  })
  // isolated-vm refuses to compile strings longer than memoryLimit / 8 (environment.cc
  // CodeGenCallback), and plugins are loaded through the isolate's own eval.
  .refine((l) => l.maxCodeBytes <= (l.memoryMb * MB) / 8 - KB, {
    message: 'maxCodeBytes must stay below memoryMb / 8 (isolated-vm refuses longer sources)',
    path: ['maxCodeBytes'],
  })

/** Per-tier overrides, as `createSandboxPool` accepts them. */
export type LimitsByTier = Partial<Record<Tier, Partial<SandboxLimits>>>

/**
 * Merges overrides onto `TIER_LIMITS` and validates every tier; a bad value throws a
 * RangeError naming the tier and the field.
 *
 * @example
 * resolveLimits({ free: { cpuMsPerBatch: 20 } }).free.cpuMsPerBatch // 20
 */
export function resolveLimits(overrides: LimitsByTier = {}): Record<Tier, SandboxLimits> {
  const out = {} as Record<Tier, SandboxLimits>
  for (const key of Object.keys(overrides)) {
    if (!TIERS.includes(key as Tier)) throw new RangeError(`sandbox limits: unknown tier "${key}"`)
  }
  for (const tier of TIERS) {
    const parsed = sandboxLimitsSchema.safeParse({ ...TIER_LIMITS[tier], ...overrides[tier] })
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new RangeError(
        `sandbox limits: ${tier}.${issue?.path.join('.') || '?'}: ${issue?.message ?? 'invalid'}`,
      )
    }
    out[tier] = parsed.data
  }
  return out
}
