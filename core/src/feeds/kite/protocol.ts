import { KiteProtocolError } from './errors.ts'

/**
 * The KiteTicker WebSocket protocol (Kite Connect v3), checked against the official client
 * (kiteconnect 5.3, `dist/lib/ticker.js`). A binary message is big-endian: a 2-byte packet
 * count, then per packet a 2-byte length and that many bytes. The packet's length says what
 * it is; the low byte of the instrument token is the exchange segment. One-byte messages are
 * heartbeats; text messages are JSON (`{type: 'order' | 'error' | 'message', data}`).
 */

/** Exchange segments: `token & 0xff`. */
export const SEGMENT = {
  NSE: 1,
  NFO: 2,
  CDS: 3,
  BSE: 4,
  BFO: 5,
  BCD: 6,
  MCX: 7,
  MCXSX: 8,
  INDICES: 9,
} as const

/** Packet sizes in bytes. Indices have their own, shorter quote and full packets. */
export const PACKET_SIZE = {
  ltp: 8,
  indexQuote: 28,
  indexFull: 32,
  quote: 44,
  full: 184,
} as const

export type KiteMode = 'ltp' | 'quote' | 'full'

export interface DepthEntry {
  quantity: number
  price: number
  orders: number
}

export interface Ohlc {
  open: number
  high: number
  low: number
  /** The previous session's close. */
  close: number
}

/** One decoded packet. Fields beyond `lastPrice` exist in the modes that carry them. */
export interface KitePacket {
  token: number
  segment: number
  /** False for indices. */
  tradable: boolean
  mode: KiteMode
  /** In rupees (or the segment's unit), already divided. */
  lastPrice: number
  ohlc?: Ohlc
  /** Percent change of lastPrice against ohlc.close, as the official clients compute it; 0 without a close. */
  change?: number
  lastQty?: number
  avgPrice?: number
  /** Cumulative volume today. */
  volume?: number
  totalBuyQty?: number
  totalSellQty?: number
  /** Epoch ms, from the exchange's seconds; null when the packet says 0. */
  lastTradeTime?: number | null
  exchangeTime?: number | null
  oi?: number
  oiDayHigh?: number
  oiDayLow?: number
  depth?: { buy: DepthEntry[]; sell: DepthEntry[] }
}

/** A decoded binary message. */
export interface KiteFrame {
  heartbeat: boolean
  packets: KitePacket[]
  /** Packets of a length this parser does not know (skipped, for forward compatibility). */
  unknown: number
}

export type KiteTextMessage =
  | { type: 'order'; data: unknown }
  | { type: 'error'; message: string }
  | { type: 'message'; data: unknown }
  | { type: 'other'; data: unknown }

/** Prices are integers in paise, except currency derivatives (NSE CDS: 1e7, BSE: 1e4). */
export function priceDivisor(segment: number): number {
  if (segment === SEGMENT.CDS) return 10_000_000
  if (segment === SEGMENT.BCD) return 10_000
  return 100
}

/**
 * Decodes one binary WebSocket message. Throws KiteProtocolError when the declared lengths
 * do not fit the message (a truncated or foreign frame).
 *
 * @example parseFrame(new Uint8Array(event.data)).packets[0]?.lastPrice
 */
export function parseFrame(data: Uint8Array): KiteFrame {
  if (data.byteLength === 1) return { heartbeat: true, packets: [], unknown: 0 }
  if (data.byteLength < 2) throw new KiteProtocolError('empty binary message')
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  const count = view.getUint16(0)
  const packets: KitePacket[] = []
  let unknown = 0
  let at = 2
  for (let i = 0; i < count; i++) {
    if (at + 2 > data.byteLength) throw truncated(i, count)
    const size = view.getUint16(at)
    at += 2
    if (at + size > data.byteLength) throw truncated(i, count)
    const packet = parsePacket(new DataView(data.buffer, data.byteOffset + at, size))
    if (packet) packets.push(packet)
    else unknown++
    at += size
  }
  return { heartbeat: false, packets, unknown }
}

/** Decodes one packet by its length; undefined for a length the protocol does not define. */
export function parsePacket(p: DataView): KitePacket | undefined {
  const size = p.byteLength
  if (size < PACKET_SIZE.ltp) return undefined
  const token = p.getUint32(0)
  const segment = token & 0xff
  const div = priceDivisor(segment)
  // Prices are signed (the official client reads them so; spreads and, once, MCX crude
  // went negative); quantities, volumes and times are unsigned.
  const price = (at: number) => p.getInt32(at) / div
  const tradable = segment !== SEGMENT.INDICES
  const lastPrice = price(4)
  const head = (mode: KiteMode, ohlc?: Ohlc): KitePacket =>
    ohlc
      ? { token, segment, tradable, mode, lastPrice, ohlc, change: changeOf(lastPrice, ohlc.close) }
      : { token, segment, tradable, mode, lastPrice }
  if (size === PACKET_SIZE.ltp) return head('ltp')
  if (size === PACKET_SIZE.indexQuote || size === PACKET_SIZE.indexFull) {
    // Index order differs from stocks: high, low, open, close.
    const ohlc = { high: price(8), low: price(12), open: price(16), close: price(20) }
    const packet = head(size === PACKET_SIZE.indexFull ? 'full' : 'quote', ohlc)
    if (size === PACKET_SIZE.indexFull) packet.exchangeTime = seconds(p.getUint32(28))
    return packet
  }
  if (size !== PACKET_SIZE.quote && size !== PACKET_SIZE.full) return undefined
  const ohlc = { open: price(28), high: price(32), low: price(36), close: price(40) }
  const packet: KitePacket = {
    ...head(size === PACKET_SIZE.full ? 'full' : 'quote', ohlc),
    lastQty: p.getUint32(8),
    avgPrice: price(12),
    volume: p.getUint32(16),
    totalBuyQty: p.getUint32(20),
    totalSellQty: p.getUint32(24),
  }
  if (size === PACKET_SIZE.full) {
    packet.lastTradeTime = seconds(p.getUint32(44))
    packet.oi = p.getUint32(48)
    packet.oiDayHigh = p.getUint32(52)
    packet.oiDayLow = p.getUint32(56)
    packet.exchangeTime = seconds(p.getUint32(60))
    const buy: DepthEntry[] = []
    const sell: DepthEntry[] = []
    // Ten 12-byte entries, five bids then five offers: quantity, price, orders, 2 padding.
    for (let i = 0; i < 10; i++) {
      const at = 64 + i * 12
      const entry = { quantity: p.getUint32(at), price: price(at + 4), orders: p.getUint16(at + 8) }
      ;(i < 5 ? buy : sell).push(entry)
    }
    packet.depth = { buy, sell }
  }
  return packet
}

/**
 * Decodes a text message. Order updates and errors are what Kite sends; anything else
 * JSON is passed on as `other`. Throws KiteProtocolError for text that is not a JSON object.
 */
export function parseTextMessage(text: string): KiteTextMessage {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new KiteProtocolError('text message is not JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new KiteProtocolError('text message is not a JSON object')
  }
  const { type, data } = value as { type?: unknown; data?: unknown }
  if (type === 'order') return { type: 'order', data }
  if (type === 'message') return { type: 'message', data }
  if (type === 'error') return { type: 'error', message: String(data ?? '').slice(0, 500) }
  return { type: 'other', data: value }
}

function changeOf(last: number, close: number): number {
  return close === 0 ? 0 : ((last - close) * 100) / close
}

function seconds(s: number): number | null {
  return s === 0 ? null : s * 1000
}

function truncated(i: number, count: number): KiteProtocolError {
  return new KiteProtocolError(`binary message truncated in packet ${i + 1} of ${count}`)
}
