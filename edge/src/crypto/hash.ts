import { toBase64Url, toHex } from './encoding.ts'

const encoder = new TextEncoder()

/**
 * SHA-256 of a UTF-8 string, as lower-case hex. For high-entropy secrets stored at rest
 * (refresh tokens, backup codes, invitation tokens): a fast hash is enough when the input
 * cannot be guessed, and it makes lookup by hash possible.
 *
 * @example
 * await sha256Hex('abc') // 'ba7816bf…'
 */
export async function sha256Hex(value: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(value))))
}

/**
 * A random opaque token: `bytes` bytes from the platform CSPRNG, base64url-encoded (32 bytes →
 * 43 characters, 256 bits).
 */
export function randomToken(bytes = 32): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)))
}

/**
 * Compares two byte strings without an early exit, so a mismatch does not tell an attacker how
 * many leading bytes were right.
 */
export function timingSafeEqual(a: Uint8Array | string, b: Uint8Array | string): boolean {
  const x = typeof a === 'string' ? encoder.encode(a) : a
  const y = typeof b === 'string' ? encoder.encode(b) : b
  // Always walks all of `x`: the time depends on its length only, never on where bytes differ.
  let diff = x.length ^ y.length
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ (y[i] ?? 0)
  return diff === 0
}
