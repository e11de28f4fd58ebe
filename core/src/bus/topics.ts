import { isId } from '@vm-algo/db'
import type { Timeframe } from '../market/types.ts'
import { EntitlementError, TopicError } from './errors.ts'

/**
 * Topics are dot-separated tokens, NATS style, so the same names work in-process and as
 * JetStream subjects:
 *
 * - `ticks.<exchange>.<symbol>` — shared market data, e.g. `ticks.NSE.RELIANCE`
 * - `bars.<timeframe>.<exchange>.<symbol>` — candles, e.g. `bars.5m.NSE.NIFTY50`
 * - `tenant.<tenantId>.<topic>` — a tenant's private feed (its own broker connection),
 *   e.g. `tenant.tnt_01J….ticks.NSE.RELIANCE`, visible to that tenant only
 *
 * Patterns may use `*` for exactly one token and `>` (last) for one or more tokens.
 */
export const TENANT_ROOT = 'tenant'

const MAX_TOPIC_LENGTH = 255

/** `ticks.<exchange>.<symbol>`; throws a TopicError for a token that cannot be a topic part. */
export function tickTopic(exchange: string, symbol: string): string {
  return joinTopic(['ticks', token(exchange), token(symbol)])
}

/** `bars.<timeframe>.<exchange>.<symbol>`. @example barTopic('5m', 'NSE', 'NIFTY50') */
export function barTopic(timeframe: Timeframe, exchange: string, symbol: string): string {
  return joinTopic(['bars', token(timeframe), token(exchange), token(symbol)])
}

/** The private copy of `topic` for one tenant: `tenant.<tenantId>.<topic>`. */
export function tenantTopic(tenantId: string, topic: string): string {
  checkTenantId(token(tenantId), `${TENANT_ROOT}.${tenantId}.${topic}`)
  return joinTopic([TENANT_ROOT, tenantId, topic])
}

/** Splits a concrete topic into tokens, or throws a TopicError (wildcards are not allowed). */
export function checkTopic(topic: string): string[] {
  const tokens = splitTokens(topic)
  for (const token of tokens) {
    if (token === '*' || token === '>') throw new TopicError(topic, 'wildcards only in patterns')
  }
  checkTenantToken(topic, tokens)
  return tokens
}

/** Splits a subscription pattern into tokens, or throws a TopicError. */
export function checkPattern(pattern: string): string[] {
  const tokens = splitTokens(pattern)
  tokens.forEach((token, i) => {
    if (token === '>' && i !== tokens.length - 1) {
      throw new TopicError(pattern, '">" may only be the last token')
    }
  })
  checkTenantToken(pattern, tokens)
  return tokens
}

/**
 * Throws an EntitlementError unless a subscriber bound to `tenantId` (null: bound to none)
 * may use `pattern`. Shared topics are open to all; `tenant.<id>.…` only to tenant `<id>`,
 * spelled out literally. A pattern starting with a wildcard would reach every tenant's
 * private topics, so it is refused for everybody.
 */
export function checkEntitlement(pattern: string, tenantId: string | null): void {
  const [root, owner] = checkPattern(pattern)
  if (root === '*' || root === '>') {
    throw new EntitlementError(pattern, tenantId, 'a leading wildcard reaches private feeds')
  }
  if (root !== TENANT_ROOT) return
  if (tenantId === null) {
    throw new EntitlementError(pattern, tenantId, 'private feeds need a tenant-bound subscriber')
  }
  if (owner !== tenantId) {
    throw new EntitlementError(pattern, tenantId, 'it names another tenant’s private feed')
  }
}

/** NATS matching: `*` is one token, a final `>` one or more. Both arguments pre-checked. */
export function topicMatches(pattern: string, topic: string): boolean {
  if (pattern === topic) return true
  const p = pattern.split('.')
  const t = topic.split('.')
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return t.length > i
    if (i >= t.length || (p[i] !== '*' && p[i] !== t[i])) return false
  }
  return p.length === t.length
}

/** True for patterns that only match tick topics (shared or private), where coalescing fits. */
export function isTickPattern(pattern: string): boolean {
  const tokens = pattern.split('.')
  const kind = tokens[0] === TENANT_ROOT ? tokens[2] : tokens[0]
  return kind === 'ticks'
}

// One topic part from outside (a symbol, an exchange): a single token, no separator.
function token(part: string): string {
  if (typeof part !== 'string' || part.includes('.')) {
    throw new TopicError(String(part), 'a topic part may not contain "."')
  }
  return part
}

function joinTopic(parts: string[]): string {
  const topic = parts.join('.')
  checkTopic(topic)
  return topic
}

function splitTokens(topic: string): string[] {
  if (typeof topic !== 'string' || topic.length === 0) throw new TopicError(String(topic), 'empty')
  if (topic.length > MAX_TOPIC_LENGTH) {
    throw new TopicError(topic, `longer than ${MAX_TOPIC_LENGTH} characters`)
  }
  const tokens = topic.split('.')
  for (const token of tokens) {
    if (token === '') throw new TopicError(topic, 'empty token')
    if (token !== '*' && token !== '>' && !isTokenText(token)) {
      throw new TopicError(topic, `token "${token}" has a space, control or wildcard character`)
    }
  }
  return tokens
}

// Printable ASCII without the separators and wildcards NATS reserves.
function isTokenText(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i)
    if (c <= 0x20 || c >= 0x7f || c === 0x2e || c === 0x2a || c === 0x3e) return false
  }
  return true
}

function checkTenantToken(topic: string, tokens: string[]): void {
  if (tokens[0] !== TENANT_ROOT) return
  const owner = tokens[1]
  if (owner === '>') return // `tenant.>`: a valid pattern, refused by checkEntitlement
  if (tokens.length < 3) throw new TopicError(topic, 'a tenant topic is tenant.<tenantId>.<topic>')
  if (owner !== '*') checkTenantId(owner!, topic)
}

function checkTenantId(tenantId: string, topic: string): void {
  if (!isId('tenant', tenantId)) {
    throw new TopicError(topic, `"${tenantId}" is not a tenant id`)
  }
}
