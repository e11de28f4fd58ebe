import { KiteTicker } from 'kiteconnect'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadTicks } from '../../market/catalog.ts'
import type { Tick } from '../../market/types.ts'
import { encodeFrame, encodePacket, HEARTBEAT } from './encode.ts'
import { KiteProtocolError } from './errors.ts'
import { type KitePacket, parseFrame, parseTextMessage, SEGMENT } from './protocol.ts'
import { dayState, tickToPacket } from './test-server.ts'

// The official client's decoder, as an oracle: its parser is a pure function reachable
// through an instance method (creating an instance opens nothing).
type SdkTick = Record<string, unknown> & {
  ohlc?: Record<string, number>
  depth?: { buy: Record<string, number>[]; sell: Record<string, number>[] }
}
const sdk = new KiteTicker({ api_key: 'unused', access_token: 'unused' }) as unknown as {
  parseBinary(data: ArrayBuffer): SdkTick[]
}
const sdkParse = (bytes: Uint8Array): SdkTick[] =>
  sdk.parseBinary(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  )

/** Writes big-endian fields by hand: [bytes, value, kind] — independent of our encoder. */
function bytes(
  size: number,
  fields: [at: number, value: number, kind?: 'u16' | 'i32'][],
): Uint8Array {
  const out = new Uint8Array(size)
  const v = new DataView(out.buffer)
  for (const [at, value, kind] of fields) {
    if (kind === 'u16') v.setUint16(at, value)
    else v.setInt32(at, value)
  }
  return out
}

// Framing (count, then length + bytes per packet) by our encoder; the official client
// decodes the same messages, so the framing is checked too.
const frame = (...packets: Uint8Array[]): Uint8Array => encodeFrame(packets)

const RELIANCE_NSE = 738561 // real Kite tokens: segment 1 (NSE) and 9 (indices)
const NIFTY_50 = 256265
const USDINR_CDS = (1234 << 8) | SEGMENT.CDS
const USDINR_BCD = (1234 << 8) | SEGMENT.BCD

describe('KiteTicker binary protocol', () => {
  let ticks: Tick[] = []
  beforeAll(async () => {
    ticks = await loadTicks()
  })

  it('decodes an 8-byte LTP packet like the official client', () => {
    const data = frame(
      bytes(8, [
        [0, RELIANCE_NSE],
        [4, 294_070],
      ]),
    )
    const [ours] = parseFrame(data).packets
    const [theirs] = sdkParse(data)
    expect(ours).toEqual({
      token: RELIANCE_NSE,
      segment: 1,
      tradable: true,
      mode: 'ltp',
      lastPrice: 2940.7,
    })
    expect(theirs).toMatchObject({
      instrument_token: RELIANCE_NSE,
      last_price: 2940.7,
      mode: 'ltp',
    })
  })

  it('reads index packets (28 and 32 bytes) as high, low, open, close', () => {
    const fields: [number, number][] = [
      [0, NIFTY_50],
      [4, 2_340_685], // last 23406.85
      [8, 2_344_195], // high
      [12, 2_329_595], // low
      [16, 2_334_445], // open
      [20, 2_326_485], // close
      [24, 14_200], // change field
    ]
    const quote = bytes(28, fields)
    const full = bytes(32, [...fields, [28, 1_718_176_569]])
    const data = frame(quote, full)
    const [q, f] = parseFrame(data).packets
    const [sq, sf] = sdkParse(data)
    const ohlc = { high: 23441.95, low: 23295.95, open: 23344.45, close: 23264.85 }
    expect(q).toMatchObject({ token: NIFTY_50, segment: 9, tradable: false, mode: 'quote', ohlc })
    expect(f).toMatchObject({ mode: 'full', ohlc, exchangeTime: 1_718_176_569_000 })
    expect(q!.change).toBeCloseTo(0.6103628435, 8)
    for (const [ours, theirs] of [
      [q!, sq!],
      [f!, sf!],
    ] as const) {
      expect(ours.ohlc).toEqual(theirs.ohlc)
      expect(ours.change).toBe(theirs.change)
      expect(ours.tradable).toBe(theirs.tradable)
    }
    expect(f!.exchangeTime).toBe((sf!.exchange_timestamp as Date).getTime())
  })

  it('decodes 44-byte quote and 184-byte full packets field by field like the official client', () => {
    const common: [number, number][] = [
      [0, RELIANCE_NSE],
      [4, 294_070],
      [8, 7],
      [12, 293_355],
      [16, 2_827_705],
      [20, 213_779],
      [24, 425_119],
      [28, 291_500], // open
      [32, 294_900], // high
      [36, 291_035], // low
      [40, 291_335], // close
    ]
    const depth: [number, number, 'u16' | 'i32'][] = []
    for (let i = 0; i < 10; i++) {
      const at = 64 + i * 12
      depth.push(
        [at, 100 + i, 'i32'],
        [at + 4, 294_000 + (i < 5 ? -5 * i : 5 * (i + 1)), 'i32'],
        [at + 8, 1 + i, 'u16'],
      )
    }
    const quote = bytes(44, common)
    const full = bytes(184, [
      ...common,
      [44, 1_718_176_569],
      [48, 12_000],
      [52, 15_000],
      [56, 9_000],
      [60, 1_718_176_570],
      ...depth,
    ])
    const data = frame(quote, full)
    const [q, f] = parseFrame(data).packets
    const [sq, sf] = sdkParse(data)
    for (const [ours, theirs] of [
      [q!, sq!],
      [f!, sf!],
    ] as const) {
      expect({
        token: ours.token,
        mode: ours.mode,
        lastPrice: ours.lastPrice,
        lastQty: ours.lastQty,
        avgPrice: ours.avgPrice,
        volume: ours.volume,
        totalBuyQty: ours.totalBuyQty,
        totalSellQty: ours.totalSellQty,
        ohlc: ours.ohlc,
        change: ours.change,
      }).toEqual({
        token: theirs.instrument_token,
        mode: theirs.mode,
        lastPrice: theirs.last_price,
        lastQty: theirs.last_traded_quantity,
        avgPrice: theirs.average_traded_price,
        volume: theirs.volume_traded,
        totalBuyQty: theirs.total_buy_quantity,
        totalSellQty: theirs.total_sell_quantity,
        ohlc: theirs.ohlc,
        change: theirs.change,
      })
    }
    expect(q).toMatchObject({
      mode: 'quote',
      lastPrice: 2940.7,
      ohlc: { open: 2915, high: 2949, low: 2910.35, close: 2913.35 },
    })
    expect(q!.depth).toBeUndefined()
    expect(f).toMatchObject({
      mode: 'full',
      lastTradeTime: (sf!.last_trade_time as Date).getTime(),
      exchangeTime: (sf!.exchange_timestamp as Date).getTime(),
      oi: sf!.oi,
      oiDayHigh: sf!.oi_day_high,
      oiDayLow: sf!.oi_day_low,
    })
    expect(f!.depth).toEqual(sf!.depth)
    expect(f!.depth!.buy[0]).toEqual({ quantity: 100, price: 2940, orders: 1 })
    expect(f!.depth!.sell[4]).toEqual({ quantity: 109, price: 2940.5, orders: 10 })
  })

  it('divides prices per segment: paise, NSE currency 1e7, BSE currency 1e4', () => {
    const data = frame(
      bytes(8, [
        [0, USDINR_CDS],
        [4, 832_512_500],
      ]),
      bytes(8, [
        [0, USDINR_BCD],
        [4, 832_525],
      ]),
      bytes(8, [
        [0, (1 << 8) | SEGMENT.MCX],
        [4, 612_300],
      ]),
    )
    const ours = parseFrame(data).packets.map((p) => p.lastPrice)
    expect(ours).toEqual([83.25125, 83.2525, 6123])
    expect(sdkParse(data).map((t) => t.last_price)).toEqual(ours)
  })

  it('round-trips every bundled tick through the encoder in all three modes', () => {
    const instruments = ['MCX25NOVFUT', 'RELIANCE25NOVFUT', 'TCS25NOVFUT', 'TRENT25NOVFUT']
    const tokenOf = (s: string) => ((100 + instruments.indexOf(s)) << 8) | SEGMENT.NFO
    const days = new Map()
    const expected: KitePacket[] = []
    const packets: Uint8Array[] = []
    for (const [i, tick] of ticks.entries()) {
      const mode = (['full', 'quote', 'ltp'] as const)[i % 3]!
      const packet = tickToPacket(tick, tokenOf(tick.symbol), mode, dayState(days, tick))
      expected.push(packet)
      packets.push(encodePacket(packet))
    }
    // Many packets per message, as Kite batches them.
    const decoded: KitePacket[] = []
    for (let i = 0; i < packets.length; i += 50) {
      const data = encodeFrame(packets.slice(i, i + 50))
      decoded.push(...parseFrame(data).packets)
      expect(sdkParse(data).map((t) => t.last_price)).toEqual(
        expected.slice(i, i + 50).map((p) => p.lastPrice),
      )
    }
    expect(decoded).toHaveLength(ticks.length)
    for (let i = 0; i < decoded.length; i++) {
      const want = expected[i]!
      const got = decoded[i]!
      expect(got.change ?? 0).toBeCloseTo(want.change ?? 0, 9)
      expect({ ...got, change: 0 }).toEqual({ ...want, change: 0 })
    }
    const full = decoded[0]!
    expect(full).toMatchObject({
      lastPrice: ticks[0]!.price,
      volume: ticks[0]!.volume,
      oi: ticks[0]!.oi,
    })
    expect(full.depth!.buy[0]).toEqual({
      quantity: ticks[0]!.bidQty,
      price: ticks[0]!.bid,
      orders: 1,
    })
  })

  it('treats one-byte messages as heartbeats and rejects truncated ones', () => {
    expect(parseFrame(HEARTBEAT)).toEqual({ heartbeat: true, packets: [], unknown: 0 })
    const good = frame(
      bytes(8, [
        [0, RELIANCE_NSE],
        [4, 1],
      ]),
    )
    expect(() => parseFrame(good.slice(0, good.length - 1))).toThrow(KiteProtocolError)
    expect(() => parseFrame(new Uint8Array([0, 2, 0, 8]))).toThrow(/truncated in packet 1 of 2/)
    expect(() => parseFrame(new Uint8Array(0))).toThrow(KiteProtocolError)
    // A packet length the protocol does not define is skipped and counted.
    expect(parseFrame(frame(bytes(12, [[0, RELIANCE_NSE]])))).toEqual({
      heartbeat: false,
      packets: [],
      unknown: 1,
    })
  })

  it('reads text messages: order updates, errors, and refuses non-JSON', () => {
    const order = { order_id: '151220000000000', status: 'COMPLETE', tradingsymbol: 'RELIANCE' }
    expect(parseTextMessage(JSON.stringify({ type: 'order', data: order }))).toEqual({
      type: 'order',
      data: order,
    })
    expect(parseTextMessage('{"type":"error","data":"Invalid mode"}')).toEqual({
      type: 'error',
      message: 'Invalid mode',
    })
    expect(parseTextMessage('{"type":"instruments_meta","data":{"count":1}}')).toMatchObject({
      type: 'other',
    })
    expect(() => parseTextMessage('not json')).toThrow(KiteProtocolError)
    expect(() => parseTextMessage('[1,2]')).toThrow(KiteProtocolError)
  })
})
