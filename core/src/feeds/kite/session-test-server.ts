import { createHash, randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { IST_OFFSET_MS } from '../../market/time.ts'

/** The Kite Connect app and account the local login serves. */
export interface KiteTestLoginOptions {
  apiKey: string
  apiSecret: string
  /** The app's redirect URL (Kite's developer console setting); the login page returns here. */
  redirectUrl?: string
  /** The Kite account that logs in. */
  userId?: string
  /** How long a request token may be exchanged; Kite says "a couple of minutes". */
  requestTokenTtlMs?: number
  now?: () => number
}

/** Kite's login page and token exchange, as the REST test server mounts them. */
export interface KiteTestLogin {
  /** Answers `/connect/login` and `/session/token`; false for any other path. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): boolean
  /** True for an access token this login issued to `apiKey` and has not expired. */
  accepts(apiKey: string, accessToken: string): boolean
  /** Ends every issued session, as 06:00 IST does. */
  expireSessions(): void
  /** Points the login page at another redirect URL. */
  setRedirectUrl(url: string): void
}

const HTML = { 'content-type': 'text/html; charset=utf-8' }

/**
 * Kite Connect's login flow on the local server (https://kite.trade/docs/connect/v3/user/):
 * `GET /connect/login?v=3&api_key=…` shows a login page whose button sends the browser to the
 * app's redirect URL with `?request_token=…&action=login&status=success` (plus any
 * `redirect_params`); `POST /session/token` (form: `api_key`, `request_token`, `checksum` =
 * SHA-256 hex of api_key + request_token + api_secret) answers the session with an access
 * token, or 403 `TokenException` for a wrong checksum or a used or stale request token.
 */
export function kiteTestLogin(o: KiteTestLoginOptions): KiteTestLogin {
  const now = o.now ?? Date.now
  const ttl = o.requestTokenTtlMs ?? 120_000
  const userId = o.userId ?? 'ZT1234'
  let redirectUrl = o.redirectUrl ?? 'http://127.0.0.1/kite/callback'
  const requestTokens = new Map<string, number>()
  const accessTokens = new Set<string>()

  const login = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const apiKey = url.searchParams.get('api_key') ?? ''
    if (apiKey !== o.apiKey || url.searchParams.get('v') !== '3') {
      res.writeHead(400, HTML)
      return res.end(page('Invalid `api_key`', '<p>Invalid <code>api_key</code> or version.</p>'))
    }
    if (req.method === 'GET') {
      res.writeHead(200, HTML)
      const params = escapeHtml(url.searchParams.get('redirect_params') ?? '')
      return res.end(
        page(
          'Login to Kite',
          `<form method="post" action="/connect/login?v=3&amp;api_key=${escapeHtml(apiKey)}">
  <p>Log in as <strong>${userId}</strong> to authorise this app.</p>
  <input type="hidden" name="redirect_params" value="${params}">
  <button type="submit">Log in</button>
</form>`,
        ),
      )
    }
    return readBody(req).then((body) => {
      const token = randomBytes(16).toString('hex')
      requestTokens.set(token, now() + ttl)
      const target = new URL(redirectUrl)
      for (const [k, v] of new URLSearchParams(body.get('redirect_params') ?? '')) {
        target.searchParams.set(k, v)
      }
      target.searchParams.set('request_token', token)
      target.searchParams.set('action', 'login')
      target.searchParams.set('status', 'success')
      res.writeHead(302, { location: target.toString() })
      res.end()
    })
  }

  const session = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req)
    const apiKey = body.get('api_key') ?? ''
    const requestToken = body.get('request_token') ?? ''
    const checksum = body.get('checksum') ?? ''
    if (!apiKey || !requestToken || !checksum) {
      return kiteError(
        res,
        400,
        'InputException',
        'Missing `api_key`, `request_token` or `checksum`',
      )
    }
    const expected = sha256(apiKey + requestToken + o.apiSecret)
    if (apiKey !== o.apiKey || checksum !== expected) {
      return kiteError(res, 403, 'TokenException', 'Invalid `checksum`.')
    }
    const expiresAt = requestTokens.get(requestToken)
    requestTokens.delete(requestToken)
    if (expiresAt === undefined || now() > expiresAt) {
      return kiteError(res, 403, 'TokenException', 'Token is invalid or has expired.')
    }
    const accessToken = randomBytes(16).toString('hex')
    accessTokens.add(`${apiKey}:${accessToken}`)
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ status: 'success', data: profile(apiKey, accessToken) }))
  }

  const profile = (apiKey: string, accessToken: string) => ({
    user_type: 'individual',
    email: `${userId.toLowerCase()}@example.test`,
    user_name: 'Kite Test User',
    user_shortname: 'Kite',
    broker: 'ZERODHA',
    exchanges: ['NSE', 'NFO', 'BSE'],
    products: ['CNC', 'NRML', 'MIS'],
    order_types: ['MARKET', 'LIMIT', 'SL', 'SL-M'],
    avatar_url: null,
    user_id: userId,
    api_key: apiKey,
    access_token: accessToken,
    public_token: randomBytes(16).toString('hex'),
    refresh_token: '',
    login_time: new Date(now() + IST_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' '),
    meta: { demat_consent: 'consent' },
  })

  return {
    handle(req, res, url) {
      if (url.pathname === '/connect/login' && (req.method === 'GET' || req.method === 'POST')) {
        void login(req, res, url)
        return true
      }
      if (url.pathname === '/session/token' && req.method === 'POST') {
        void session(req, res)
        return true
      }
      return false
    },
    accepts: (apiKey, accessToken) => accessTokens.has(`${apiKey}:${accessToken}`),
    expireSessions: () => accessTokens.clear(),
    setRedirectUrl: (url) => {
      redirectUrl = url
    },
  }
}

/** Kite's error body: `{status: 'error', message, data: null, error_type}`. */
export function kiteError(res: ServerResponse, status: number, type: string, message: string) {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify({ status: 'error', message, data: null, error_type: type }))
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

async function readBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  )

const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`

/**
 * Logs in on the local login page as a browser would (open the page, press "Log in", follow
 * nothing) and returns the URL Kite redirects to, with its `request_token`.
 *
 * @example const redirect = await logInOnTestPage(server.url, server.apiKey)
 */
export async function logInOnTestPage(root: string, apiKey: string): Promise<URL> {
  const login = `${root}/connect/login?v=3&api_key=${encodeURIComponent(apiKey)}`
  const page = await fetch(login)
  if (page.status !== 200) throw new Error(`login page answered ${page.status}`)
  const html = await page.text()
  const params = (/name="redirect_params" value="([^"]*)"/.exec(html)?.[1] ?? '').replaceAll(
    '&amp;',
    '&',
  )
  const res = await fetch(login, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ redirect_params: params }),
    redirect: 'manual',
  })
  const location = res.headers.get('location')
  if (res.status !== 302 || !location) throw new Error(`login answered ${res.status}`)
  return new URL(location)
}
