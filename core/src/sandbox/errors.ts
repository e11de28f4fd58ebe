/** Machine codes of sandbox errors, stable for callers that map them (HTTP problems, UI). */
export type SandboxErrorCode =
  | 'plugin_timeout'
  | 'plugin_memory_exceeded'
  | 'plugin_crashed'
  | 'plugin_output_invalid'
  | 'plugin_limit_exceeded'
  | 'plugin_compile_error'
  | 'sandbox_unavailable'

/**
 * Base of every error the sandbox host returns. The message is meant for the plugin's author:
 * it says what happened and what to change, and never holds host paths or stack traces.
 */
export class SandboxError extends Error {
  readonly code: SandboxErrorCode
  /**
   * True when the sandbox was disposed because of this error: load the plugin again to go on.
   * False when only this call failed and the sandbox still runs.
   */
  readonly fatal: boolean
  /**
   * True when the plugin was not at fault (its worker process died because of another plugin,
   * or the pool closed): loading it again is expected to work.
   */
  readonly retryable: boolean
  constructor(
    code: SandboxErrorCode,
    message: string,
    opts: { fatal: boolean; retryable?: boolean },
  ) {
    super(sanitizeMessage(message, 1_000))
    this.name = 'SandboxError'
    this.code = code
    this.fatal = opts.fatal
    this.retryable = opts.retryable ?? false
  }
}

/** The plugin ran past its CPU budget or its wall-clock limit; the sandbox is disposed. */
export class PluginTimeout extends SandboxError {
  constructor(message: string) {
    super('plugin_timeout', message, { fatal: true })
    this.name = 'PluginTimeout'
  }
}

/** The plugin used more memory than its tier allows; the sandbox is disposed. */
export class PluginMemoryExceeded extends SandboxError {
  constructor(message: string) {
    super('plugin_memory_exceeded', message, { fatal: true })
    this.name = 'PluginMemoryExceeded'
  }
}

/** Why a plugin crashed: it threw, a promise it made was rejected unhandled, or its process died. */
export type CrashReason = 'threw' | 'unhandled-rejection' | 'worker-exited'

/**
 * The plugin threw out of its dispatch function or left a rejected promise (the sandbox keeps
 * running), or the worker process hosting it died (fatal; `retryable` when another plugin in
 * that process was the cause).
 */
export class PluginCrashed extends SandboxError {
  readonly reason: CrashReason
  constructor(reason: CrashReason, message: string, opts: { fatal: boolean; retryable?: boolean }) {
    super('plugin_crashed', message, opts)
    this.name = 'PluginCrashed'
    this.reason = reason
  }
}

/** The plugin returned something that is not a valid output; nothing of it is used. */
export class PluginOutputInvalid extends SandboxError {
  constructor(message: string) {
    super('plugin_output_invalid', message, { fatal: false })
    this.name = 'PluginOutputInvalid'
  }
}

/** The plugin's output broke a tier limit (intents, matches, size); nothing of it is used. */
export class PluginLimitExceeded extends SandboxError {
  constructor(message: string) {
    super('plugin_limit_exceeded', message, { fatal: false })
    this.name = 'PluginLimitExceeded'
  }
}

/** The script does not compile, throws while loading or defines no dispatch function. */
export class PluginCompileError extends SandboxError {
  constructor(message: string) {
    super('plugin_compile_error', message, { fatal: true })
    this.name = 'PluginCompileError'
  }
}

/** The sandbox was disposed, or the pool is closed or full. */
export class SandboxUnavailable extends SandboxError {
  constructor(message: string, opts: { retryable?: boolean } = {}) {
    super('sandbox_unavailable', message, { fatal: true, ...opts })
    this.name = 'SandboxUnavailable'
  }
}

// An absolute path of two or more segments, optionally as a file:// URL, or a Windows path.
const HOST_PATH = /(?:file:\/\/)?(?:\/[\w.@+-]+){2,}\/?|[A-Za-z]:\\(?:[\w.@+-]+\\?)+/g

/**
 * Makes a message from plugin code or from the runtime safe to show: one trimmed line of
 * printable characters, host paths replaced by `<path>`, at most `max` characters.
 *
 * @example
 * sanitizeMessage('boom at /srv/app/core/x.ts:1:2') // 'boom at <path>:1:2'
 */
export function sanitizeMessage(message: string, max = 500): string {
  const head = message.length > max * 4 ? message.slice(0, max * 4) : message
  const clean = head
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[^\x20-\x7e\u00a0-\uffff]/g, '?')
    .replace(HOST_PATH, '<path>')
    .trim()
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean
}
