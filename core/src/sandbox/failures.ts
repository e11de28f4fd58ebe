/**
 * Maps what a worker reported (or how it died) to the typed error the plugin's owner sees.
 * Every message names the limit and the tier, and says what to change.
 */
import {
  PluginCompileError,
  PluginCrashed,
  PluginLimitExceeded,
  PluginMemoryExceeded,
  PluginOutputInvalid,
  PluginTimeout,
  type SandboxError,
  SandboxUnavailable,
  sanitizeMessage,
} from './errors.ts'
import type { SandboxLimits, Tier } from './limits.ts'
import type { Budget, WorkerFailure } from './messages.ts'

/** What the failed activation was doing. */
export type Phase = 'load' | 'describe' | 'init' | 'batch' | 'warm-up batch' | 'stop'

export interface FailureContext {
  phase: Phase
  tier: Tier
  limits: SandboxLimits
  budget: Budget
}

// RangeErrors V8 throws when an allocation fails below isolated-vm's own limit.
const ALLOCATION_FAILED = /allocation failed|invalid (string|array|typed array) length/i

export function errorForFailure(f: WorkerFailure, ctx: FailureContext): SandboxError {
  const { phase, tier, limits, budget } = ctx
  const thrown = `${sanitizeMessage(f.name ?? 'Error', 100)}: ${sanitizeMessage(f.message ?? '', 600)}`
  switch (f.kind) {
    case 'cpu':
      return new PluginTimeout(
        `The plugin used ${Math.round(f.cpuMs ?? budget.cpuMs)} ms of CPU in one ${phase}; the ${tier} tier allows ${budget.cpuMs} ms. Do less work per call (incremental indicators, bounded loops).`,
      )
    case 'wall':
      return new PluginTimeout(
        `The plugin did not finish one ${phase} within ${budget.wallMs} ms; the ${tier} tier allows ${budget.wallMs} ms. Look for endless loops, including in promise callbacks.`,
      )
    case 'memory':
      return memoryExceeded(limits, tier)
    case 'threw':
      if (phase === 'load') return new PluginCompileError(`The plugin failed to load: ${thrown}`)
      if (f.name === 'RangeError' && ALLOCATION_FAILED.test(f.message ?? '')) {
        return memoryExceeded(limits, tier)
      }
      return new PluginCrashed('threw', `The plugin threw ${thrown}`, { fatal: false })
    case 'rejection':
      if (phase === 'load') {
        return new PluginCompileError(
          `The plugin failed to load: a promise was rejected: ${thrown}`,
        )
      }
      return new PluginCrashed(
        'unhandled-rejection',
        `A promise in the plugin was rejected and nothing handled it: ${thrown}`,
        { fatal: false },
      )
    case 'no-dispatch':
      return phase === 'load'
        ? new PluginCompileError(
            'The script does not define globalThis.__vmAlgoDispatch; build it with the plugin compiler.',
          )
        : new PluginOutputInvalid('The plugin no longer defines globalThis.__vmAlgoDispatch.')
    case 'bad-return':
      return new PluginOutputInvalid(
        `__vmAlgoDispatch returned ${article(f.type ?? 'unknown')}, not a JSON string; it must return synchronously.`,
      )
    case 'too-big':
      return new PluginLimitExceeded(
        `The plugin returned ${f.size ?? 'too many'} characters from one call; the ${tier} tier allows ${limits.maxResultBytes} bytes.`,
      )
    case 'disposed':
      return new SandboxUnavailable('The sandbox is no longer running; load the plugin again.', {
        retryable: true,
      })
  }
}

/** How a worker process ended, as the pool saw it. */
export interface WorkerExit {
  code: number | null
  signal: string | null
  /** isolated-vm's catastrophic error, and the sandbox it came from, if it reported one. */
  catastrophic?: { sandboxId: string; message: string }
  /** True when the pool killed it (unresponsive, or closing). */
  killedByPool?: 'unresponsive' | 'closing'
  /** The end of its stderr (V8's fatal messages): for operators' logs, never for users. */
  stderrTail?: string
}

/** The error of one sandbox whose worker process is gone. */
export function errorForExit(
  exit: WorkerExit,
  sandboxId: string,
  limits: SandboxLimits,
  tier: Tier,
): SandboxError {
  const cat = exit.catastrophic
  if (cat?.sandboxId === sandboxId) {
    return /memory/i.test(cat.message)
      ? memoryExceeded(limits, tier)
      : new PluginTimeout(
          `The plugin could not be stopped after its time limit (${tier} tier: ${limits.cpuMsPerBatch} ms CPU per batch).`,
        )
  }
  if (exit.killedByPool === 'closing') {
    return new SandboxUnavailable('The sandbox pool was closed.', { retryable: true })
  }
  const cause = cat
    ? 'another plugin in the same worker process exhausted its memory'
    : exit.killedByPool === 'unresponsive'
      ? 'the worker process stopped responding'
      : `the worker process exited (${exit.signal ?? `code ${exit.code}`})`
  return new PluginCrashed(
    'worker-exited',
    `The plugin stopped because ${cause}; it was not at fault. Load it again to continue.`,
    { fatal: true, retryable: true },
  )
}

function memoryExceeded(limits: SandboxLimits, tier: Tier): SandboxError {
  return new PluginMemoryExceeded(
    `The plugin used more than the ${limits.memoryMb} MB of memory the ${tier} tier allows. Keep less in memory: bounded histories, no ever-growing arrays, maps or objects.`,
  )
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`
}
