import { KiteProtocolError } from './errors.ts'
import { type KitePacket, PACKET_SIZE, priceDivisor, SEGMENT } from './protocol.ts'

/**
 * Encodes a packet in KiteTicker's binary layout — the inverse of `parsePacket` — for the
 * local test server and for tests. The size follows `mode` and whether the token's segment
 * is an index; fields the packet lacks are written as 0.
 *
 * @example encodeFrame([encodePacket({ token: 256265, segment: 9, tradable: false, mode: 'ltp', lastPrice: 21700.5 })])
 */
export function encodePacket(packet: KitePacket): Uint8Array {
  const segment = packet.token & 0xff
  const index = segment === SEGMENT.INDICES
  const size =
    packet.mode === 'ltp'
      ? PACKET_SIZE.ltp
      : index
        ? packet.mode === 'full'
          ? PACKET_SIZE.indexFull
          : PACKET_SIZE.indexQuote
        : packet.mode === 'full'
          ? PACKET_SIZE.full
          : PACKET_SIZE.quote
  const out = new Uint8Array(size)
  const v = new DataView(out.buffer)
  const div = priceDivisor(segment)
  const price = (at: number, value = 0) => v.setInt32(at, Math.round(value * div))
  const uint = (at: number, value = 0) => {
    if (!(Number.isInteger(value) && value >= 0 && value <= 0xffff_ffff)) {
      throw new KiteProtocolError(`cannot encode ${value} as an unsigned 32-bit field`)
    }
    v.setUint32(at, value)
  }
  const time = (at: number, ms: number | null | undefined) =>
    uint(at, ms ? Math.floor(ms / 1000) : 0)
  uint(0, packet.token)
  price(4, packet.lastPrice)
  if (size === PACKET_SIZE.ltp) return out
  const ohlc = packet.ohlc ?? { open: 0, high: 0, low: 0, close: 0 }
  if (index) {
    price(8, ohlc.high)
    price(12, ohlc.low)
    price(16, ohlc.open)
    price(20, ohlc.close)
    // The official clients recompute the change from close; Kite's field is the rupee change.
    price(24, packet.lastPrice - ohlc.close)
    if (size === PACKET_SIZE.indexFull) time(28, packet.exchangeTime)
    return out
  }
  uint(8, packet.lastQty)
  price(12, packet.avgPrice)
  uint(16, packet.volume)
  uint(20, packet.totalBuyQty)
  uint(24, packet.totalSellQty)
  price(28, ohlc.open)
  price(32, ohlc.high)
  price(36, ohlc.low)
  price(40, ohlc.close)
  if (size === PACKET_SIZE.quote) return out
  time(44, packet.lastTradeTime)
  uint(48, packet.oi)
  uint(52, packet.oiDayHigh)
  uint(56, packet.oiDayLow)
  time(60, packet.exchangeTime)
  const entries = [...(packet.depth?.buy ?? []).slice(0, 5), ...pad(packet.depth?.buy)]
  entries.push(...(packet.depth?.sell ?? []).slice(0, 5), ...pad(packet.depth?.sell))
  entries.forEach((entry, i) => {
    const at = 64 + i * 12
    uint(at, entry.quantity)
    price(at + 4, entry.price)
    v.setUint16(at + 8, Math.min(entry.orders, 0xffff))
  })
  return out
}

/** Packs packets into one binary message: count, then length + bytes per packet. */
export function encodeFrame(packets: readonly Uint8Array[]): Uint8Array {
  if (packets.length > 0xffff) throw new KiteProtocolError('too many packets for one message')
  const size = packets.reduce((n, p) => n + 2 + p.byteLength, 2)
  const out = new Uint8Array(size)
  const v = new DataView(out.buffer)
  v.setUint16(0, packets.length)
  let at = 2
  for (const p of packets) {
    v.setUint16(at, p.byteLength)
    out.set(p, at + 2)
    at += 2 + p.byteLength
  }
  return out
}

/** Kite's heartbeat: a one-byte binary message. */
export const HEARTBEAT = new Uint8Array([0])

function pad(
  side: readonly unknown[] | undefined,
): { quantity: number; price: number; orders: number }[] {
  const n = Math.max(0, 5 - Math.min(5, side?.length ?? 0))
  return Array.from({ length: n }, () => ({ quantity: 0, price: 0, orders: 0 }))
}
