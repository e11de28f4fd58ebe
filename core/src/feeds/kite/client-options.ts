import { MODES } from './client-types.ts'
import { KiteFeedError } from './errors.ts'
import type { KiteMode } from './protocol.ts'
import type { KiteAccessToken } from './token.ts'

// Checks of what callers hand the client; each failure is a KiteFeedError('invalid_option').

export function normalizeToken(
  value: KiteAccessToken | string | null | undefined,
): KiteAccessToken | null {
  if (value == null) return null
  const token = typeof value === 'string' ? { accessToken: value } : value
  return typeof token.accessToken === 'string' && token.accessToken.length > 0 ? token : null
}

export function checkTokens(tokens: readonly number[]): number[] {
  if (!Array.isArray(tokens)) throw new KiteFeedError('invalid_option', 'tokens must be an array')
  for (const t of tokens) {
    if (!(Number.isInteger(t) && t > 0 && t <= 0xffff_ffff)) {
      throw new KiteFeedError(
        'invalid_option',
        `not an instrument token: ${String(t).slice(0, 20)}`,
      )
    }
  }
  return [...new Set(tokens)]
}

export function checkMode(mode: KiteMode): void {
  if (!MODES.includes(mode))
    throw new KiteFeedError('invalid_option', 'mode must be ltp, quote or full')
}

export function checkInt(name: string, value: number, min: number, max: number): number {
  if (!(Number.isInteger(value) && value >= min && value <= max)) {
    throw new KiteFeedError('invalid_option', `${name} must be an integer from ${min} to ${max}`)
  }
  return value
}

export function parseUrl(url: string): URL {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new KiteFeedError('invalid_option', 'url is not a URL')
  }
  if (parsed.protocol !== 'wss:' && parsed.protocol !== 'ws:') {
    throw new KiteFeedError('invalid_option', 'url must be ws:// or wss://')
  }
  return parsed
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
