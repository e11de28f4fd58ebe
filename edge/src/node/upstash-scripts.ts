import { createHash } from 'node:crypto'

/** A command ready for Redis; `loads` is the SHA-1 the client expects back from SCRIPT LOAD. */
export interface Prepared {
  args: string[]
  loads?: string
}

// Script flags Redis 7.0 knows; others (Upstash's `allow-key-locking`) make it refuse the script.
const KNOWN_FLAGS = new Set([
  'no-writes',
  'allow-oom',
  'allow-stale',
  'no-cluster',
  'allow-cross-slot-keys',
])

/**
 * What the bridge does to scripts: @upstash/ratelimit 2.1+ starts its Lua with
 * `#!lua flags=allow-key-locking`, which Redis 7.0 refuses. EVAL, EVAL_RO and SCRIPT LOAD lose
 * the flags Redis does not know (the whole shebang line when none remain), and the client's
 * SHA-1 of its original script maps to the rewritten one for EVALSHA, EVALSHA_RO and SCRIPT
 * EXISTS, so script caching works as it does against Upstash.
 */
export class ScriptShas {
  readonly #rewritten = new Map<string, string>()

  prepare(args: string[]): Prepared {
    const [name, first, ...rest] = [args[0]!.toUpperCase(), ...args.slice(1)]
    const sub = first?.toUpperCase()
    if ((name === 'EVAL' || name === 'EVAL_RO') && first !== undefined) {
      return { args: [args[0]!, this.#strip(first), ...rest] }
    }
    if (name === 'SCRIPT' && sub === 'LOAD' && rest.length === 1) {
      const stripped = this.#strip(rest[0]!)
      return stripped === rest[0]
        ? { args }
        : { args: [args[0]!, first!, stripped], loads: sha1(rest[0]!) }
    }
    if ((name === 'EVALSHA' || name === 'EVALSHA_RO') && first !== undefined) {
      return { args: [args[0]!, this.#sha(first), ...rest] }
    }
    if (name === 'SCRIPT' && sub === 'EXISTS') {
      return { args: [args[0]!, first!, ...rest.map((sha) => this.#sha(sha))] }
    }
    return { args }
  }

  #sha(sha: string): string {
    return this.#rewritten.get(sha.toLowerCase()) ?? sha
  }

  #strip(script: string): string {
    const shebang = script.match(/^#!lua\b([^\n]*)/)
    if (!shebang) return script
    const flags =
      shebang[1]!
        .match(/\bflags=([\w,-]*)/)?.[1]
        ?.split(',')
        .filter(Boolean) ?? []
    const kept = flags.filter((flag) => KNOWN_FLAGS.has(flag))
    if (kept.length === flags.length) return script
    // The line break stays, so Redis reports errors at the script's own line numbers.
    const stripped =
      (kept.length ? `#!lua flags=${kept.join(',')}` : '') + script.slice(shebang[0].length)
    if (this.#rewritten.size > 10_000) this.#rewritten.clear()
    this.#rewritten.set(sha1(script), sha1(stripped))
    return stripped
  }
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex')
}
