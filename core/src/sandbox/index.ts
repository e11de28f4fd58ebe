export {
  type CrashReason,
  PluginCompileError,
  PluginCrashed,
  PluginLimitExceeded,
  PluginMemoryExceeded,
  PluginOutputInvalid,
  PluginTimeout,
  SandboxError,
  type SandboxErrorCode,
  SandboxUnavailable,
  sanitizeMessage,
} from './errors.ts'
export type { WorkerExit } from './failures.ts'
export {
  type LimitsByTier,
  resolveLimits,
  type SandboxLimits,
  TIER_LIMITS,
  TIERS,
  type Tier,
} from './limits.ts'
export {
  createSandboxPool,
  type LoadOptions,
  type SandboxPool,
  type SandboxPoolEvent,
  type SandboxPoolOptions,
  type SandboxPoolStats,
} from './pool.ts'
export {
  type PackedWindow,
  Sandbox,
  type SandboxStats,
  type SandboxStatus,
} from './sandbox.ts'
