import { randomBytes } from 'node:crypto'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** A Stripe-looking object ID: `cus_` + 14 random base62 characters, and so on. */
export function stripeId(prefix: string, length = 24): string {
  const bytes = randomBytes(length)
  let out = ''
  for (const byte of bytes) out += BASE62[byte % 62]
  return `${prefix}_${out}`
}

/** Unix seconds, as every Stripe timestamp is. */
export const unixNow = (): number => Math.floor(Date.now() / 1000)
