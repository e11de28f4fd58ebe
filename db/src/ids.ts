/**
 * One ID scheme for every entity: a type prefix, then a ULID (48-bit millisecond time +
 * 80 random bits in Crockford base32), so IDs sort by creation time and say what they name.
 * Uses only Web Crypto, so the edge can mint IDs on Workers and Deno too.
 *
 * @example
 * newId('user') // 'usr_01JDX4Q7T3M9Y6ZJ8V2K5N0B1C'
 */
export const ID_PREFIXES = {
  tenant: 'tnt',
  user: 'usr',
  membership: 'mem',
  invitation: 'inv',
  session: 'ses',
  refreshToken: 'rtk',
  backupCode: 'bkc',
  brokerCredential: 'bkr',
  subscription: 'sub',
  plugin: 'plg',
  pluginVersion: 'plv',
  deployment: 'dep',
  orderIntent: 'oin',
  deploymentLog: 'dlg',
  backtestJob: 'btj',
  order: 'ord',
  fill: 'fil',
  position: 'pos',
  scan: 'scn',
  scanMatch: 'scm',
  alert: 'alr',
  audit: 'aud',
  listing: 'lst',
  listingSubscription: 'lsb',
  review: 'rev',
  request: 'req',
  dataset: 'dst',
} as const

export type IdKind = keyof typeof ID_PREFIXES
export type IdPrefix = (typeof ID_PREFIXES)[IdKind]

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const ULID_LENGTH = 26

let lastTime = -1
let lastRandom: Uint8Array = new Uint8Array(10)

/** Creates a new prefixed, time-sortable ID. Monotonic within one millisecond. */
export function newId(kind: IdKind, now: number = Date.now()): string {
  return `${ID_PREFIXES[kind]}_${ulid(now)}`
}

/** True when `value` is a well-formed ID of this kind. */
export function isId(kind: IdKind, value: unknown): value is string {
  if (typeof value !== 'string') return false
  const prefix = `${ID_PREFIXES[kind]}_`
  if (!value.startsWith(prefix) || value.length !== prefix.length + ULID_LENGTH) return false
  for (let i = prefix.length; i < value.length; i++) {
    if (!ALPHABET.includes(value[i]!)) return false
  }
  return true
}

/** The creation time (epoch ms) encoded in an ID of any kind. */
export function idTime(id: string): number {
  const body = id.slice(id.indexOf('_') + 1, id.indexOf('_') + 11)
  let t = 0
  for (const ch of body) t = t * 32 + ALPHABET.indexOf(ch)
  return t
}

function ulid(now: number): string {
  let random: Uint8Array
  if (now === lastTime) {
    // Same millisecond: increment the previous random part so IDs stay strictly ordered.
    random = increment(lastRandom)
  } else {
    random = crypto.getRandomValues(new Uint8Array(10))
  }
  lastTime = now
  lastRandom = random
  return encodeTime(now) + encodeRandom(random)
}

function encodeTime(now: number): string {
  let out = ''
  let t = now
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32] + out
    t = Math.floor(t / 32)
  }
  return out
}

function encodeRandom(bytes: Uint8Array): string {
  // 80 bits -> 16 base32 chars, 5 bits at a time, most significant first.
  let out = ''
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte
    bits += 8
    while (bits >= 5) {
      bits -= 5
      out += ALPHABET[(buffer >> bits) & 31]
    }
    buffer &= (1 << bits) - 1
  }
  return out
}

function increment(bytes: Uint8Array): Uint8Array {
  const next = bytes.slice()
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i]! < 255) {
      next[i]! += 1
      return next
    }
    next[i] = 0
  }
  return next
}
