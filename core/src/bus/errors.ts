/** Machine codes of bus errors, stable for callers that map them (e.g. to HTTP problems). */
export type BusErrorCode = 'invalid_topic' | 'not_entitled' | 'bus_closed' | 'invalid_option'

/** Base of every error the bus throws; `code` says which. */
export class BusError extends Error {
  readonly code: BusErrorCode
  constructor(code: BusErrorCode, message: string) {
    super(message)
    this.name = 'BusError'
    this.code = code
  }
}

/** A topic or pattern that breaks the syntax rules (see topics.ts). */
export class TopicError extends BusError {
  readonly topic: string
  constructor(topic: string, reason: string) {
    super('invalid_topic', `invalid topic "${printable(topic)}": ${reason}`)
    this.name = 'TopicError'
    this.topic = topic
  }
}

/**
 * A subscription that would see another tenant's private feed (or any tenant's, when the
 * subscriber is bound to none). Thrown by `subscribe`, before anything is delivered.
 */
export class EntitlementError extends BusError {
  readonly pattern: string
  readonly tenantId: string | null
  constructor(pattern: string, tenantId: string | null, reason: string) {
    const who = tenantId ? `tenant ${tenantId}` : 'a subscriber bound to no tenant'
    super('not_entitled', `${who} may not subscribe to "${printable(pattern)}": ${reason}`)
    this.name = 'EntitlementError'
    this.pattern = pattern
    this.tenantId = tenantId
  }
}

// Topics come from callers and end up in logs; keep messages one short printable line.
function printable(s: string): string {
  const clean = s.replace(/[^\x20-\x7e]/g, '?')
  return clean.length > 120 ? `${clean.slice(0, 117)}...` : clean
}
