// Public types of the KiteTicker client (client.ts).
import type { KiteMode, KitePacket, KiteTextMessage } from './protocol.ts'
import type { KiteTokenSource } from './token.ts'

/** Kite's documented cap of instruments per WebSocket connection. */
export const KITE_MAX_INSTRUMENTS = 3000
export const MODES: readonly KiteMode[] = ['ltp', 'quote', 'full']

export interface KiteTickerOptions {
  apiKey: string
  /** Asked before every connection attempt (see KiteTokenSource). */
  accessToken: KiteTokenSource
  /** Default `wss://ws.kite.trade`; a local test server in tests. */
  url?: string
  /** Instruments on this connection, at most (and by default) Kite's 3,000. */
  maxInstruments?: number
  /** Connected but no data or heartbeat for this long: drop and reconnect. Default 10 s. */
  silenceMs?: number
  /** Reconnect delay: doubles per failed attempt from `initial` up to `max` (with jitter). */
  backoffMs?: { initial?: number; max?: number }
  /** Opening handshake time limit. Default 10 s. */
  connectTimeoutMs?: number
  onPackets?: (packets: KitePacket[], receivedAt: number) => void
  onText?: (message: KiteTextMessage) => void
  /** Called on every state change (connected, waiting, token_expired, …). */
  onStatus?: (status: KiteTickerStatus) => void
}

/**
 * `waiting`: between attempts. `token_expired`: no usable access token — none available, or
 * Kite refused it (HTTP 403); the source is asked again on each later attempt.
 */
export type KiteTickerState =
  | 'idle'
  | 'connecting'
  | 'connected'
  | 'waiting'
  | 'token_expired'
  | 'closed'

export interface KiteTickerStatus {
  state: KiteTickerState
  connected: boolean
  connectedAt: number | null
  /** Wall ms of the last frame of any kind, heartbeats included. */
  lastMessageAt: number | null
  /** Connection attempts after the first. */
  reconnects: number
  /** Connections dropped by the watchdog for silence. */
  silentDrops: number
  /** Handshakes Kite refused for the token (HTTP 403). */
  authFailures: number
  instruments: number
  frames: number
  packets: number
  heartbeats: number
  /** Frames or text messages that broke the protocol, and throwing callbacks. */
  protocolErrors: number
  handlerErrors: number
  lastError: string | null
  nextAttemptAt: number | null
}

export interface KiteTicker {
  /** Starts connecting; later calls do nothing. */
  start(): void
  /** Adds instruments in `mode` (default quote, like Kite); throws KiteLimitError past the cap. */
  subscribe(tokens: readonly number[], mode?: KiteMode): void
  unsubscribe(tokens: readonly number[]): void
  setMode(mode: KiteMode, tokens: readonly number[]): void
  /** Drops any wait and tries now with a fresh token, e.g. right after the user logs in. */
  reconnect(): void
  status(): KiteTickerStatus
  close(): Promise<void>
}
