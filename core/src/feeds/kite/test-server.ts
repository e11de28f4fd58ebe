import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { type WebSocket, WebSocketServer } from 'ws'
import type { Tick } from '../../market/types.ts'
import { encodeFrame, encodePacket, HEARTBEAT } from './encode.ts'
import { type KiteMode, type KitePacket, SEGMENT } from './protocol.ts'

export interface KiteTestServerOptions {
  apiKey?: string
  /** Access tokens accepted at first. Default `['test_access_token']`. */
  accessTokens?: readonly string[]
  /** Instrument tokens of the symbols in `ticks` (segment in the low byte, as at Kite). */
  instruments: readonly { token: number; symbol: string }[]
  /** Played to each connection in order, looping: e.g. the bundled `loadTicks()`. */
  ticks: readonly Tick[]
  ticksPerFrame?: number
  frameEveryMs?: number
  /** Kite sends a one-byte heartbeat about every second. */
  heartbeatMs?: number
  maxInstruments?: number
}

export interface KiteTestServer {
  /** `ws://127.0.0.1:<port>/`, for the client's `url` option. */
  readonly url: string
  acceptToken(token: string): void
  /** Stops accepting `token` (as at 06:00 IST); `disconnect` also closes its connections. */
  expireToken(token: string, disconnect?: boolean): void
  /** Open connections go quiet — no ticks, no heartbeats — but stay open. */
  silence(): void
  /** Closes every connection abruptly (no close frame), as a network failure would. */
  dropConnections(): void
  sendText(text: string): void
  connections(): number
  /** Access tokens of accepted handshakes, in order. */
  readonly accepted: string[]
  /** Handshakes refused for the key or token. */
  rejected(): number
  /** JSON messages the clients sent, in order. */
  readonly received: unknown[]
  close(): Promise<void>
}

/** One symbol's day so far, as the server tracks it for OHLC, VWAP and OI. */
export interface DayState {
  open: number
  high: number
  low: number
  turnover: number
  traded: number
  lastVolume: number
  oiHigh: number
  oiLow: number
}

/**
 * A local WebSocket server speaking KiteTicker's protocol, for tests: checks `api_key` and
 * `access_token` in the URL and refuses others with HTTP 403 on the upgrade (what Kite does
 * with an expired token), handles `subscribe`, `unsubscribe` and `mode`, and streams the
 * given ticks as binary frames in Kite's exact layout, several packets per frame, with
 * heartbeats. Commands let a test silence or drop connections and expire tokens.
 *
 * @example const server = await startKiteTestServer({ instruments, ticks: await loadTicks() })
 */
export async function startKiteTestServer(options: KiteTestServerOptions): Promise<KiteTestServer> {
  const apiKey = options.apiKey ?? 'test_api_key'
  const valid = new Set(options.accessTokens ?? ['test_access_token'])
  const tokenOf = new Map(options.instruments.map((i) => [i.symbol, i.token]))
  const ticks = options.ticks.filter((t) => tokenOf.has(t.symbol))
  if (ticks.length === 0) throw new Error('test server: no ticks for the given instruments')
  const perFrame = options.ticksPerFrame ?? 20
  const frameEveryMs = options.frameEveryMs ?? 10
  const heartbeatMs = options.heartbeatMs ?? 1_000
  const maxInstruments = options.maxInstruments ?? 3000
  const accepted: string[] = []
  const received: unknown[] = []
  const sockets = new Map<WebSocket, string>()
  const quieters = new Map<WebSocket, () => void>()
  let rejected = 0

  const wss = new WebSocketServer({ noServer: true })
  const http = createServer((_req, res) => {
    res.writeHead(426).end()
  })
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'ws://localhost')
    const token = url.searchParams.get('access_token') ?? ''
    if (url.searchParams.get('api_key') !== apiKey || !valid.has(token)) {
      rejected++
      const body = JSON.stringify({
        status: 'error',
        message: 'Invalid `api_key` or `access_token`.',
        error_type: 'TokenException',
      })
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      )
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      accepted.push(token)
      sockets.set(ws, token)
      serve(ws)
    })
  })

  function serve(ws: WebSocket): void {
    const modes = new Map<number, KiteMode>()
    const days = new Map<string, DayState>()
    let cursor = 0
    const error = (data: string) => ws.send(JSON.stringify({ type: 'error', data }))
    ws.on('message', (raw, isBinary) => {
      let msg: { a?: unknown; v?: unknown }
      try {
        msg = JSON.parse(raw.toString())
        received.push(msg)
      } catch {
        return error('invalid message')
      }
      if (isBinary || typeof msg !== 'object' || msg === null) return error('invalid message')
      if (msg.a === 'subscribe' && Array.isArray(msg.v)) {
        for (const t of msg.v as number[]) {
          if (modes.has(t)) continue
          if (modes.size >= maxInstruments)
            return error(`max ${maxInstruments} instruments per connection`)
          modes.set(t, 'quote') // Kite's default mode
        }
      } else if (msg.a === 'unsubscribe' && Array.isArray(msg.v)) {
        for (const t of msg.v as number[]) modes.delete(t)
      } else if (msg.a === 'mode' && Array.isArray(msg.v)) {
        const [mode, list] = msg.v as [KiteMode, number[]]
        if (!['ltp', 'quote', 'full'].includes(mode) || !Array.isArray(list))
          return error('invalid mode')
        for (const t of list) if (modes.has(t)) modes.set(t, mode)
      } else {
        error('invalid message')
      }
    })
    const frames = setInterval(() => {
      const packets: Uint8Array[] = []
      for (let i = 0; i < perFrame; i++) {
        const tick = ticks[cursor]!
        cursor = (cursor + 1) % ticks.length
        const token = tokenOf.get(tick.symbol)!
        const day = dayState(days, tick)
        const mode = modes.get(token)
        if (mode) packets.push(encodePacket(tickToPacket(tick, token, mode, day)))
      }
      if (packets.length > 0) ws.send(encodeFrame(packets))
    }, frameEveryMs)
    const beats = setInterval(() => ws.send(HEARTBEAT), heartbeatMs)
    const stop = () => {
      clearInterval(frames)
      clearInterval(beats)
    }
    ws.on('close', () => {
      stop()
      sockets.delete(ws)
      quieters.delete(ws)
    })
    quieters.set(ws, stop)
  }

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const { port } = http.address() as AddressInfo
  return {
    url: `ws://127.0.0.1:${port}/`,
    acceptToken: (token) => void valid.add(token),
    expireToken(token, disconnect = false) {
      valid.delete(token)
      if (!disconnect) return
      for (const [ws, t] of sockets) if (t === token) ws.close(1000, 'token expired')
    },
    silence() {
      for (const ws of sockets.keys()) quieters.get(ws)?.()
    },
    dropConnections() {
      for (const ws of sockets.keys()) ws.terminate()
    },
    sendText(text) {
      for (const ws of sockets.keys()) ws.send(text)
    },
    connections: () => sockets.size,
    accepted,
    rejected: () => rejected,
    received,
    async close() {
      for (const ws of sockets.keys()) ws.terminate()
      wss.close()
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }
}

/**
 * The packet Kite would send for `tick` in `mode`, given the day so far (`dayState` must
 * have seen the tick). Exported so tests can state what the client should decode.
 */
export function tickToPacket(tick: Tick, token: number, mode: KiteMode, day: DayState): KitePacket {
  const segment = token & 0xff
  const base = {
    token,
    segment,
    tradable: segment !== SEGMENT.INDICES,
    mode,
    lastPrice: tick.price,
  }
  if (mode === 'ltp') return base
  // The previous close is not in the recording; the day's first price stands in for it.
  const ohlc = { open: day.open, high: day.high, low: day.low, close: day.open }
  const change = ohlc.close === 0 ? 0 : ((tick.price - ohlc.close) * 100) / ohlc.close
  if (segment === SEGMENT.INDICES) {
    return mode === 'full'
      ? { ...base, ohlc, change, exchangeTime: secondsOf(tick.ts) }
      : { ...base, ohlc, change }
  }
  const quote: KitePacket = {
    ...base,
    ohlc,
    change,
    lastQty: tick.lastQty ?? 0,
    avgPrice: day.traded > 0 ? Math.round((day.turnover / day.traded) * 100) / 100 : tick.price,
    volume: tick.volume ?? 0,
    totalBuyQty: tick.totalBuyQty ?? 0,
    totalSellQty: tick.totalSellQty ?? 0,
  }
  if (mode === 'quote') return quote
  const empty = { quantity: 0, price: 0, orders: 0 }
  const level = (price?: number, quantity?: number) =>
    price === undefined ? empty : { quantity: quantity ?? 0, price, orders: quantity ? 1 : 0 }
  return {
    ...quote,
    lastTradeTime: secondsOf(tick.ts),
    exchangeTime: secondsOf(tick.ts),
    oi: tick.oi ?? 0,
    oiDayHigh: day.oiHigh,
    oiDayLow: day.oiLow,
    depth: {
      buy: [level(tick.bid, tick.bidQty), empty, empty, empty, empty],
      sell: [level(tick.ask, tick.askQty), empty, empty, empty, empty],
    },
  }
}

/** Folds `tick` into its symbol's day so far (open/high/low, VWAP, OI range). */
export function dayState(days: Map<string, DayState>, tick: Tick): DayState {
  let day = days.get(tick.symbol)
  if (!day) {
    day = {
      open: tick.price,
      high: tick.price,
      low: tick.price,
      turnover: 0,
      traded: 0,
      lastVolume: tick.volume ?? 0,
      oiHigh: tick.oi ?? 0,
      oiLow: tick.oi ?? 0,
    }
    days.set(tick.symbol, day)
  }
  day.high = Math.max(day.high, tick.price)
  day.low = Math.min(day.low, tick.price)
  const traded = Math.max(0, (tick.volume ?? 0) - day.lastVolume)
  day.lastVolume = Math.max(day.lastVolume, tick.volume ?? 0)
  day.turnover += traded * tick.price
  day.traded += traded
  if (tick.oi !== undefined) {
    day.oiHigh = Math.max(day.oiHigh, tick.oi)
    day.oiLow = Math.min(day.oiLow, tick.oi)
  }
  return day
}

// Kite stamps packets in whole seconds.
function secondsOf(ms: number): number {
  return Math.floor(ms / 1000) * 1000
}
