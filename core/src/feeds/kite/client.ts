import WebSocket from 'ws'
import {
  checkInt,
  checkMode,
  checkTokens,
  messageOf,
  normalizeToken,
  parseUrl,
} from './client-options.ts'
import {
  KITE_MAX_INSTRUMENTS,
  type KiteTicker,
  type KiteTickerOptions,
  type KiteTickerState,
  type KiteTickerStatus,
  MODES,
} from './client-types.ts'
import { KiteFeedError, KiteLimitError } from './errors.ts'
import { type KiteMode, parseFrame, parseTextMessage } from './protocol.ts'
import type { KiteAccessToken } from './token.ts'

/**
 * Our KiteTicker client. Unlike the SDK's (state at module level, `process.exit(1)` when
 * retries run out, reconnects with the token it started with), each instance is
 * independent, never gives up, asks `accessToken` for a fresh token before every attempt,
 * and keeps its subscriptions across reconnects. A token Kite refused is not tried again:
 * the state turns `token_expired` until the source returns a different one.
 *
 * @example
 * const ticker = createKiteTicker({ apiKey, accessToken: () => store.kiteToken(userId),
 *   onPackets: (packets) => … })
 * ticker.subscribe([738561, 256265], 'full')
 * ticker.start()
 */
export function createKiteTicker(options: KiteTickerOptions): KiteTicker {
  const { apiKey } = options
  if (typeof apiKey !== 'string' || !/^\S{1,200}$/.test(apiKey)) {
    throw new KiteFeedError('invalid_option', 'apiKey must be a non-empty string without spaces')
  }
  const base = parseUrl(options.url ?? 'wss://ws.kite.trade')
  const maxInstruments = checkInt(
    'maxInstruments',
    options.maxInstruments ?? KITE_MAX_INSTRUMENTS,
    1,
    KITE_MAX_INSTRUMENTS,
  )
  const silenceMs = checkInt('silenceMs', options.silenceMs ?? 10_000, 50, 600_000)
  const initialMs = checkInt('backoffMs.initial', options.backoffMs?.initial ?? 1_000, 1, 600_000)
  const maxMs = checkInt('backoffMs.max', options.backoffMs?.max ?? 60_000, initialMs, 3_600_000)
  const connectTimeoutMs = checkInt(
    'connectTimeoutMs',
    options.connectTimeoutMs ?? 10_000,
    10,
    120_000,
  )

  const subscriptions = new Map<number, KiteMode>()
  let state: KiteTickerState = 'idle'
  let socket: WebSocket | null = null
  let retry: ReturnType<typeof setTimeout> | null = null
  let watchdog: ReturnType<typeof setInterval> | null = null
  let failures = 0 // consecutive attempts without a healthy connection, for the backoff
  let rejectedToken: string | null = null
  let currentToken: string | null = null
  const c = {
    connectedAt: null as number | null,
    lastMessageAt: null as number | null,
    reconnects: 0,
    silentDrops: 0,
    authFailures: 0,
    frames: 0,
    packets: 0,
    heartbeats: 0,
    protocolErrors: 0,
    handlerErrors: 0,
    lastError: null as string | null,
    nextAttemptAt: null as number | null,
  }

  const status = (): KiteTickerStatus => ({
    state,
    connected: state === 'connected',
    instruments: subscriptions.size,
    ...c,
  })

  function setState(next: KiteTickerState, error?: string): void {
    state = next
    if (error !== undefined) c.lastError = error
    try {
      options.onStatus?.(status())
    } catch {
      c.handlerErrors++
    }
  }

  // Messages must never carry the token or the key, whatever a library put in them.
  function clean(message: string): string {
    let out = message
    for (const secret of [currentToken, apiKey]) if (secret) out = out.split(secret).join('***')
    return out.slice(0, 300)
  }

  async function attempt(): Promise<void> {
    retry = null
    c.nextAttemptAt = null
    if (state === 'closed') return
    setState('connecting')
    let token: KiteAccessToken | null
    try {
      token = normalizeToken(await options.accessToken())
    } catch (error) {
      setState('waiting', clean(`the access token source failed: ${messageOf(error)}`))
      return schedule()
    }
    if (state !== 'connecting') return // closed, or reconnect() started another attempt
    if (!token) return expired('no access token; the user must log in to Kite again')
    if (token.expiresAt != null && token.expiresAt <= Date.now()) {
      return expired('the access token is past its expiry (06:00 IST); the user must log in again')
    }
    if (token.accessToken === rejectedToken) {
      return expired('Kite refused the current access token; waiting for a new one')
    }
    open(token.accessToken)
  }

  function expired(reason: string): void {
    setState('token_expired', `token_expired: ${reason}`)
    schedule()
  }

  function open(accessToken: string): void {
    currentToken = accessToken
    const url = new URL(base)
    url.searchParams.set('api_key', apiKey)
    url.searchParams.set('access_token', accessToken)
    const ws = new WebSocket(url, {
      headers: { 'X-Kite-Version': '3' },
      handshakeTimeout: connectTimeoutMs,
      perMessageDeflate: false,
    })
    socket = ws
    ws.on('unexpected-response', (_req, res) => {
      // Kite answers an invalid or expired token with 403 on the upgrade request.
      const code = res.statusCode ?? 0
      res.resume()
      ws.terminate()
      if (code === 403) {
        rejectedToken = accessToken
        c.authFailures++
        setState('token_expired', 'token_expired: Kite refused the access token (HTTP 403)')
      } else {
        c.lastError = `Kite refused the connection (HTTP ${code})`
      }
      lost(ws)
    })
    ws.on('open', () => {
      if (socket !== ws) return
      c.connectedAt = Date.now()
      c.lastMessageAt = c.connectedAt
      setState('connected')
      for (const mode of MODES) {
        const tokens = [...subscriptions].filter(([, m]) => m === mode).map(([t]) => t)
        if (tokens.length > 0) sendSubscribe(ws, tokens, mode)
      }
      startWatchdog(ws)
    })
    ws.on('message', (data, isBinary) => {
      if (socket === ws) onMessage(data as Buffer, isBinary)
    })
    ws.on('error', (error) => {
      if (socket === ws) c.lastError = clean(messageOf(error))
    })
    ws.on('close', () => lost(ws))
  }

  function onMessage(data: Buffer, isBinary: boolean): void {
    const now = Date.now()
    c.lastMessageAt = now
    c.frames++
    failures = 0 // the connection works; the next drop starts the backoff afresh
    try {
      if (!isBinary) {
        const message = parseTextMessage(data.toString('utf8'))
        if (message.type === 'error') c.lastError = clean(`Kite: ${message.message}`)
        deliver(() => options.onText?.(message))
        return
      }
      const frame = parseFrame(data)
      if (frame.heartbeat) {
        c.heartbeats++
        return
      }
      c.packets += frame.packets.length
      if (frame.packets.length > 0) deliver(() => options.onPackets?.(frame.packets, now))
    } catch (error) {
      c.protocolErrors++
      c.lastError = clean(messageOf(error))
    }
  }

  function deliver(call: () => void): void {
    try {
      call()
    } catch {
      c.handlerErrors++
    }
  }

  function startWatchdog(ws: WebSocket): void {
    stopWatchdog()
    watchdog = setInterval(
      () => {
        if (socket !== ws || state !== 'connected') return
        if (Date.now() - (c.lastMessageAt ?? 0) <= silenceMs) return
        c.silentDrops++
        c.lastError = `no data or heartbeat for ${silenceMs} ms; reconnecting`
        ws.terminate()
      },
      Math.max(20, Math.min(1_000, Math.floor(silenceMs / 4))),
    )
  }

  function stopWatchdog(): void {
    if (watchdog) clearInterval(watchdog)
    watchdog = null
  }

  function lost(ws: WebSocket): void {
    if (socket !== ws) return
    socket = null
    stopWatchdog()
    if (state === 'closed') return
    if (state !== 'token_expired') setState('waiting')
    schedule()
  }

  function schedule(): void {
    if (state === 'closed' || retry) return
    failures++
    const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(failures - 1, 30))
    const delay = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2)
    c.nextAttemptAt = Date.now() + delay
    retry = setTimeout(() => {
      c.reconnects++
      void attempt()
    }, delay)
  }

  function send(ws: WebSocket | null, message: unknown): void {
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message))
  }

  function sendSubscribe(ws: WebSocket | null, tokens: number[], mode: KiteMode): void {
    send(ws, { a: 'subscribe', v: tokens })
    send(ws, { a: 'mode', v: [mode, tokens] })
  }

  return {
    start() {
      if (state === 'idle') void attempt()
    },
    subscribe(tokens, mode = 'quote') {
      const list = checkTokens(tokens)
      checkMode(mode)
      const added = list.filter((t) => !subscriptions.has(t)).length
      if (subscriptions.size + added > maxInstruments) {
        throw new KiteLimitError(maxInstruments, subscriptions.size + added)
      }
      for (const t of list) subscriptions.set(t, mode)
      if (list.length > 0) sendSubscribe(socket, list, mode)
    },
    unsubscribe(tokens) {
      const list = checkTokens(tokens).filter((t) => subscriptions.delete(t))
      if (list.length > 0) send(socket, { a: 'unsubscribe', v: list })
    },
    setMode(mode, tokens) {
      checkMode(mode)
      const list = checkTokens(tokens).filter((t) => subscriptions.has(t))
      for (const t of list) subscriptions.set(t, mode)
      if (list.length > 0) send(socket, { a: 'mode', v: [mode, list] })
    },
    reconnect() {
      if (state !== 'waiting' && state !== 'token_expired') return
      if (retry) clearTimeout(retry)
      retry = null
      failures = 0
      void attempt()
    },
    status,
    async close() {
      if (state === 'closed') return
      setState('closed')
      if (retry) clearTimeout(retry)
      retry = null
      stopWatchdog()
      const ws = socket
      socket = null
      if (!ws || ws.readyState === WebSocket.CLOSED) return
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => ws.terminate(), 1_000)
        ws.once('close', () => {
          clearTimeout(force)
          resolve()
        })
        if (ws.readyState === WebSocket.CONNECTING) ws.terminate()
        else ws.close(1000)
      })
    },
  }
}
