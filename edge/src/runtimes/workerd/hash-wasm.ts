import { argon2idAsync } from '@noble/hashes/argon2.js'
import type { IArgon2Options } from 'hash-wasm'

/**
 * `hash-wasm`'s `argon2id` for Cloudflare Workers, where wrangler.toml's `[alias]` puts this
 * module in its place. hash-wasm compiles its WASM from bytes at run time, which workerd
 * refuses ("Wasm code generation disallowed by embedder"); this is the audited pure-JS argon2id
 * of @noble/hashes (RFC 9106). Same inputs, same bytes — hashes made on Node or Deno verify on
 * Workers and back — at about 3–4 times hash-wasm's time (~160 ms for OWASP's parameters).
 *
 * @example
 * await argon2id({ password, salt, memorySize: 19_456, iterations: 2, parallelism: 1,
 *   hashLength: 32, outputType: 'binary' })
 */
export async function argon2id<T extends IArgon2Options>(
  options: T,
): Promise<T extends { outputType: 'binary' } ? Uint8Array : string> {
  const outputType = options.outputType ?? 'hex'
  if (outputType !== 'binary' && outputType !== 'hex') {
    throw new TypeError(`argon2id on Workers: outputType "${outputType}" is not supported`)
  }
  const key = await argon2idAsync(bytes(options.password), bytes(options.salt), {
    t: options.iterations,
    m: options.memorySize,
    p: options.parallelism,
    dkLen: options.hashLength,
    ...(options.secret === undefined ? {} : { key: bytes(options.secret) }),
  })
  return (outputType === 'binary' ? key : toHex(key)) as T extends { outputType: 'binary' }
    ? Uint8Array
    : string
}

// hash-wasm takes strings (as UTF-8) and any byte view.
function bytes(data: IArgon2Options['password']): Uint8Array {
  if (typeof data === 'string') return new TextEncoder().encode(data)
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  throw new TypeError('argon2id: expected a string or bytes')
}

function toHex(data: Uint8Array): string {
  return Array.from(data, (b) => b.toString(16).padStart(2, '0')).join('')
}
