/** Machine codes of Kite feed errors. */
export type KiteErrorCode = 'protocol' | 'token_expired' | 'limit' | 'invalid_option'

/** Base of every Kite feed error; `code` says which. Messages never contain tokens. */
export class KiteFeedError extends Error {
  readonly code: KiteErrorCode
  constructor(code: KiteErrorCode, message: string) {
    super(message)
    this.name = 'KiteFeedError'
    this.code = code
  }
}

/** A frame or text message that does not follow the KiteTicker protocol. */
export class KiteProtocolError extends KiteFeedError {
  constructor(message: string) {
    super('protocol', message)
    this.name = 'KiteProtocolError'
  }
}

/** More instruments than one WebSocket connection may carry (Kite: 3,000). */
export class KiteLimitError extends KiteFeedError {
  readonly limit: number
  readonly requested: number
  constructor(limit: number, requested: number) {
    super('limit', `a Kite connection carries at most ${limit} instruments, ${requested} requested`)
    this.name = 'KiteLimitError'
    this.limit = limit
    this.requested = requested
  }
}
