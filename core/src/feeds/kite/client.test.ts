import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { waitFor } from '../../bus/bus-suite.ts'
import type { Tick } from '../../market/types.ts'
import { createKiteTicker } from './client.ts'
import type { KiteTicker, KiteTickerOptions } from './client-types.ts'
import { KiteFeedError, KiteLimitError } from './errors.ts'
import { TEST_INSTRUMENTS, TOKENS, testTicks } from './fixtures.ts'
import type { KitePacket, KiteTextMessage } from './protocol.ts'
import {
  type KiteTestServer,
  type KiteTestServerOptions,
  startKiteTestServer,
} from './test-server.ts'

describe('Kite ticker client against a local Kite protocol server', () => {
  let ticks: Tick[] = []
  const cleanup: (() => Promise<void>)[] = []
  beforeAll(async () => {
    ticks = await testTicks()
  })
  afterEach(async () => {
    await Promise.all(cleanup.splice(0).map((f) => f()))
  })

  async function server(options: Partial<KiteTestServerOptions> = {}): Promise<KiteTestServer> {
    const s = await startKiteTestServer({
      instruments: TEST_INSTRUMENTS,
      ticks,
      ticksPerFrame: 10,
      frameEveryMs: 10,
      heartbeatMs: 40,
      ...options,
    })
    cleanup.push(() => s.close())
    return s
  }

  function ticker(
    s: KiteTestServer,
    options: Partial<KiteTickerOptions> = {},
  ): { ticker: KiteTicker; packets: KitePacket[]; texts: KiteTextMessage[]; states: string[] } {
    const packets: KitePacket[] = []
    const texts: KiteTextMessage[] = []
    const states: string[] = []
    const t = createKiteTicker({
      apiKey: 'test_api_key',
      accessToken: () => 'test_access_token',
      url: s.url,
      silenceMs: 2_000, // generous: a loaded CI machine must not trip it by accident
      backoffMs: { initial: 20, max: 100 },
      onPackets: (p) => void packets.push(...p),
      onText: (m) => void texts.push(m),
      onStatus: (st) => void states.push(st.state),
      ...options,
    })
    cleanup.unshift(() => t.close())
    return { ticker: t, packets, texts, states }
  }

  const pricesOf = (symbol: keyof typeof TOKENS) =>
    ticks.filter((t) => t.symbol === symbol).map((t) => t.price)

  /** `got` is a run of `expected` (the client joined the server's loop at some tick). */
  function expectRunOf(got: number[], expected: number[]): void {
    const start = [...Array(60).keys()].find((k) =>
      got.every((v, i) => expected[(k + i) % expected.length] === v),
    )
    expect(
      start,
      `prices ${got.slice(0, 5).join(', ')}… are a run of the bundled ticks`,
    ).toBeDefined()
  }

  it('subscribes per mode and decodes the streamed packets to the bundled values', async () => {
    const s = await server()
    const { ticker: t, packets } = ticker(s)
    t.subscribe([TOKENS.TRENT25NOVFUT], 'ltp')
    t.subscribe([TOKENS.MCX25NOVFUT, TOKENS.NIFTY50])
    t.subscribe([TOKENS.RELIANCE25NOVFUT, TOKENS.TCS25NOVFUT], 'full')
    t.start()
    await waitFor(
      () => packets.length >= 400 && t.status().heartbeats > 0,
      'packets and a heartbeat',
    )

    expect(s.received.slice(0, 6)).toEqual([
      { a: 'subscribe', v: [TOKENS.TRENT25NOVFUT] },
      { a: 'mode', v: ['ltp', [TOKENS.TRENT25NOVFUT]] },
      { a: 'subscribe', v: [TOKENS.MCX25NOVFUT, TOKENS.NIFTY50] },
      { a: 'mode', v: ['quote', [TOKENS.MCX25NOVFUT, TOKENS.NIFTY50]] },
      { a: 'subscribe', v: [TOKENS.RELIANCE25NOVFUT, TOKENS.TCS25NOVFUT] },
      { a: 'mode', v: ['full', [TOKENS.RELIANCE25NOVFUT, TOKENS.TCS25NOVFUT]] },
    ])
    const of = (token: number) => packets.filter((p) => p.token === token).slice(5) // settled modes
    expect(new Set(of(TOKENS.TRENT25NOVFUT).map((p) => p.mode))).toEqual(new Set(['ltp']))
    expect(new Set(of(TOKENS.MCX25NOVFUT).map((p) => p.mode))).toEqual(new Set(['quote']))
    expect(new Set(of(TOKENS.TCS25NOVFUT).map((p) => p.mode))).toEqual(new Set(['full']))
    const nifty = of(TOKENS.NIFTY50)
    expect(nifty[0]).toMatchObject({ segment: 9, tradable: false, mode: 'quote' })
    expect(nifty[0]!.volume).toBeUndefined()
    expect(nifty[0]!.ohlc!.high).toBeGreaterThanOrEqual(nifty[0]!.ohlc!.low)
    for (const symbol of ['TRENT25NOVFUT', 'MCX25NOVFUT', 'TCS25NOVFUT', 'NIFTY50'] as const) {
      expectRunOf(
        packets.filter((p) => p.token === TOKENS[symbol]).map((p) => p.lastPrice),
        pricesOf(symbol),
      )
    }
    const tcs = of(TOKENS.TCS25NOVFUT)
    const tcsTicks = ticks.filter((x) => x.symbol === 'TCS25NOVFUT')
    for (const p of tcs.slice(0, 50)) {
      const match = tcsTicks.find(
        (x) =>
          x.price === p.lastPrice &&
          x.volume === p.volume &&
          x.oi === p.oi &&
          x.bid === p.depth!.buy[0]!.price &&
          x.askQty === p.depth!.sell[0]!.quantity &&
          Math.floor(x.ts / 1000) * 1000 === p.exchangeTime,
      )
      expect(match, 'a full packet carries its tick’s volume, OI, depth and time').toBeDefined()
    }
    const st = t.status()
    expect(st).toMatchObject({
      state: 'connected',
      connected: true,
      instruments: 5,
      protocolErrors: 0,
    })
    expect(st.frames).toBeLessThan(st.packets) // several packets per message
    expect(st.lastMessageAt).not.toBeNull()
  })

  it('changes modes and unsubscribes on a live connection', async () => {
    const s = await server()
    const { ticker: t, packets } = ticker(s)
    t.subscribe([TOKENS.TCS25NOVFUT, TOKENS.MCX25NOVFUT])
    t.start()
    await waitFor(() => packets.length > 20, 'quote packets')
    t.setMode('ltp', [TOKENS.TCS25NOVFUT, 999]) // unknown tokens are left out
    t.unsubscribe([TOKENS.MCX25NOVFUT])
    await waitFor(() => s.received.length === 4, 'the messages')
    expect(s.received.slice(2)).toEqual([
      { a: 'mode', v: ['ltp', [TOKENS.TCS25NOVFUT]] },
      { a: 'unsubscribe', v: [TOKENS.MCX25NOVFUT] },
    ])
    const mark = packets.length
    await waitFor(() => packets.length > mark + 40, 'more packets')
    const later = packets.slice(mark + 20) // past frames already on the way
    expect(new Set(later.map((p) => `${p.token}:${p.mode}`))).toEqual(
      new Set([`${TOKENS.TCS25NOVFUT}:ltp`]),
    )
    expect(t.status().instruments).toBe(1)
  })

  it('drops a connected but silent socket and reconnects with its subscriptions', async () => {
    const s = await server()
    const { ticker: t, packets } = ticker(s, { silenceMs: 300 })
    t.subscribe([TOKENS.TCS25NOVFUT], 'full')
    t.start()
    await waitFor(() => packets.length > 20, 'first packets')
    s.silence()
    await waitFor(() => t.status().silentDrops === 1, 'the watchdog')
    expect(t.status().lastError).toMatch(/no data or heartbeat for 300 ms/)
    await waitFor(() => s.accepted.length === 2 && t.status().connected, 'the reconnect')
    const before = packets.length
    await waitFor(() => packets.length > before + 20, 'packets on the new connection')
    expect(s.received.filter((m) => (m as { a: string }).a === 'subscribe')).toHaveLength(2)
    expect(t.status().reconnects).toBeGreaterThanOrEqual(1)
  })

  it('reconnects after the network drops the connection', async () => {
    const s = await server()
    const { ticker: t, packets } = ticker(s)
    t.subscribe([TOKENS.RELIANCE25NOVFUT])
    t.start()
    await waitFor(() => packets.length > 10, 'first packets')
    s.dropConnections()
    await waitFor(() => s.accepted.length === 2 && t.status().connected, 'the reconnect')
    expect(t.status()).toMatchObject({ silentDrops: 0, authFailures: 0 })
  })

  it('after the 6 AM expiry, reconnects with a fresh token and never retries the refused one', async () => {
    const s = await server({ accessTokens: ['token_monday'] })
    let current: string | null = 'token_monday'
    const { ticker: t, states } = ticker(s, { accessToken: async () => current })
    t.subscribe([TOKENS.TCS25NOVFUT])
    t.start()
    await waitFor(() => t.status().connected, 'the first connection')
    s.expireToken('token_monday', true) // Kite ends the session at 06:00 IST
    await waitFor(() => t.status().authFailures === 1, 'the refused handshake')
    expect(t.status().state).toBe('token_expired')
    expect(t.status().lastError).toMatch(/^token_expired: /)
    // Further attempts ask for a token again but do not dial Kite with the refused one.
    const after = t.status().reconnects
    await waitFor(() => t.status().reconnects >= after + 3, 'more attempts')
    expect(s.rejected()).toBe(1)
    expect(t.status()).toMatchObject({ state: 'token_expired', connected: false })
    expect(JSON.stringify(t.status())).not.toMatch(/token_monday|test_api_key/)

    current = 'token_tuesday' // the user logged in again
    s.acceptToken('token_tuesday')
    t.reconnect()
    await waitFor(() => t.status().connected, 'the connection with the new token')
    expect(s.accepted).toEqual(['token_monday', 'token_tuesday'])
    expect(states).toContain('token_expired')
    const subscribes = () => s.received.filter((m) => (m as { a: string }).a === 'subscribe')
    await waitFor(() => subscribes().length === 2, 'the subscriptions sent again')
  })

  it('reports token_expired without dialling when no valid token is available', async () => {
    const s = await server()
    const none = ticker(s, { accessToken: () => null })
    none.ticker.start()
    await waitFor(() => none.ticker.status().state === 'token_expired', 'token_expired')
    expect(none.ticker.status().lastError).toBe(
      'token_expired: no access token; the user must log in to Kite again',
    )
    const stale = ticker(s, {
      accessToken: () => ({ accessToken: 'old', expiresAt: Date.now() - 1 }),
    })
    stale.ticker.start()
    await waitFor(() => stale.ticker.status().state === 'token_expired', 'token_expired')
    expect(stale.ticker.status().lastError).toMatch(/past its expiry/)
    expect(s.accepted).toEqual([])
    expect(s.rejected()).toBe(0)
  })

  it('enforces 3,000 instruments per connection, in the client and at the server', async () => {
    const s = await server()
    const { ticker: t } = ticker(s)
    const tokens = Array.from({ length: 3001 }, (_, i) => ((i + 1) << 8) | 1)
    expect(() => t.subscribe(tokens)).toThrow(KiteLimitError)
    expect(t.status().instruments).toBe(0)
    t.subscribe(tokens.slice(0, 3000))
    t.subscribe(tokens.slice(0, 10), 'full') // already counted
    expect(() => t.subscribe([tokens[3000]!])).toThrow(/at most 3000 instruments, 3001 requested/)
    expect(t.status().instruments).toBe(3000)
    expect(() =>
      createKiteTicker({ apiKey: 'k', accessToken: () => 'x', maxInstruments: 3001 }),
    ).toThrow(KiteFeedError)
    expect(() => t.subscribe([0, 1.5])).toThrow(KiteFeedError)

    // A client that ignores the cap gets Kite's error message back.
    const raw = new WebSocket(`${s.url}?api_key=test_api_key&access_token=test_access_token`)
    cleanup.push(async () => raw.terminate())
    const error = new Promise<string>((resolve) => {
      raw.on('message', (data, isBinary) => {
        if (!isBinary) resolve(data.toString())
      })
    })
    await new Promise((resolve) => raw.once('open', resolve))
    raw.send(JSON.stringify({ a: 'subscribe', v: tokens }))
    expect(JSON.parse(await error)).toEqual({
      type: 'error',
      data: 'max 3000 instruments per connection',
    })
  })

  it('passes order updates on, counts bad text, and stops for good on close', async () => {
    const s = await server()
    const { ticker: t, texts } = ticker(s)
    t.start()
    await waitFor(() => t.status().connected, 'the connection')
    const order = { order_id: '251117000123456', status: 'COMPLETE', tradingsymbol: 'TCS25NOVFUT' }
    s.sendText(JSON.stringify({ type: 'order', data: order }))
    s.sendText('not json')
    await waitFor(() => texts.length === 1 && t.status().protocolErrors === 1, 'the messages')
    expect(texts).toEqual([{ type: 'order', data: order }])
    expect(t.status().connected).toBe(true)
    await t.close()
    expect(t.status().state).toBe('closed')
    await waitFor(() => s.connections() === 0, 'the server to see the close')
    await new Promise((resolve) => setTimeout(resolve, 150)) // longer than the backoff ceiling
    expect(s.accepted).toHaveLength(1)
  })

  it('refuses bad options with typed errors', () => {
    expect(() => createKiteTicker({ apiKey: '', accessToken: () => 'x' })).toThrow(KiteFeedError)
    expect(() =>
      createKiteTicker({ apiKey: 'k', accessToken: () => 'x', url: 'https://kite' }),
    ).toThrow(/ws:\/\/ or wss:\/\//)
    expect(() => createKiteTicker({ apiKey: 'k', accessToken: () => 'x', silenceMs: 1 })).toThrow(
      /silenceMs/,
    )
  })
})
