import { argon2id } from 'hash-wasm'
import { fromBase64, toBase64 } from './encoding.ts'
import { timingSafeEqual } from './hash.ts'

/**
 * OWASP's argon2id parameters (Password Storage Cheat Sheet): 19 MiB of memory, 2 passes, one
 * lane, a 16-byte random salt and a 32-byte tag. hash-wasm runs them in WASM, so the same code
 * hashes on Workers, Deno and Node (about 40–60 ms on these machines).
 */
export const ARGON2_PARAMS = {
  memorySize: 19_456,
  iterations: 2,
  parallelism: 1,
  hashLength: 32,
  saltLength: 16,
} as const

const VERSION = 19

interface Phc {
  m: number
  t: number
  p: number
  salt: Uint8Array
  hash: Uint8Array
}

// Stored hashes are ours, but a corrupted row must not make one login allocate gigabytes.
const LIMITS = { m: 1 << 20, t: 16, p: 8 }

/**
 * Hashes a password with argon2id into a PHC string
 * (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`), which carries its own parameters so they
 * can be raised later without breaking stored hashes.
 *
 * @example
 * const phc = await hashPassword('correct horse battery staple')
 */
export async function hashPassword(password: string): Promise<string> {
  if (!password) throw new TypeError('cannot hash an empty password')
  const salt = crypto.getRandomValues(new Uint8Array(ARGON2_PARAMS.saltLength))
  const { memorySize: m, iterations: t, parallelism: p } = ARGON2_PARAMS
  const hash = await derive(password, { m, t, p, salt, hashLength: ARGON2_PARAMS.hashLength })
  return `$argon2id$v=${VERSION}$m=${m},t=${t},p=${p}$${toBase64(salt, false)}$${toBase64(hash, false)}`
}

/**
 * True when `password` matches the PHC string. Compares in constant time; a malformed or
 * unsupported string is simply a mismatch (never an exception).
 */
export async function verifyPassword(password: string, phc: string): Promise<boolean> {
  const parsed = parsePhc(phc)
  // argon2 takes no empty input; no account has an empty password.
  if (!parsed || !password) return false
  const actual = await derive(password, { ...parsed, hashLength: parsed.hash.length })
  return timingSafeEqual(actual, parsed.hash)
}

/** True when a stored hash uses weaker (or other) parameters than today's: rehash at login. */
export function needsRehash(phc: string): boolean {
  const parsed = parsePhc(phc)
  return (
    !parsed ||
    parsed.m !== ARGON2_PARAMS.memorySize ||
    parsed.t !== ARGON2_PARAMS.iterations ||
    parsed.p !== ARGON2_PARAMS.parallelism ||
    parsed.salt.length !== ARGON2_PARAMS.saltLength ||
    parsed.hash.length !== ARGON2_PARAMS.hashLength
  )
}

let dummy: Promise<string> | undefined

/**
 * Does the work of one password check against a throwaway hash and returns false. Login calls
 * it for unknown emails, so they cost what a wrong password costs and timing does not reveal
 * which accounts exist.
 */
export async function verifyDummyPassword(password: string): Promise<false> {
  dummy ??= hashPassword(crypto.randomUUID())
  await verifyPassword(password, await dummy)
  return false
}

async function derive(
  password: string,
  o: { m: number; t: number; p: number; salt: Uint8Array; hashLength: number },
): Promise<Uint8Array> {
  return argon2id({
    // NIST SP 800-63B: normalise so the same password typed on another keyboard still matches.
    password: password.normalize('NFKC'),
    salt: o.salt,
    memorySize: o.m,
    iterations: o.t,
    parallelism: o.p,
    hashLength: o.hashLength,
    outputType: 'binary',
  })
}

function parsePhc(phc: string): Phc | null {
  const match =
    /^\$argon2id\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(phc)
  if (!match || Number(match[1]) !== VERSION) return null
  const [m, t, p] = [Number(match[2]), Number(match[3]), Number(match[4])]
  if (m > LIMITS.m || t < 1 || t > LIMITS.t || p < 1 || p > LIMITS.p || m < 8 * p) return null
  try {
    const salt = fromBase64(match[5]!)
    const hash = fromBase64(match[6]!)
    if (salt.length < 8 || hash.length < 16) return null
    return { m, t, p, salt, hash }
  } catch {
    return null
  }
}
