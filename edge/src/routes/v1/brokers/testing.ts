import { logInOnTestPage } from '../../../../../core/src/feeds/kite/session-test-server.ts'
import {
  callJson,
  fileTestCore,
  type TestEdge,
  type TestSession,
  testSession,
} from '../../../testing/harness.ts'
import type { KiteConnection } from './schemas.ts'

/**
 * The Kite world of a broker suite: the local Kite behind the test core
 * (`describeEdge(…, { core: { kite: true } })`), and a member who saved its key and secret
 * (`connect`) and logged in through its login page (`logIn`).
 */
export function kiteWorld(edge: () => TestEdge) {
  const kite = async () => {
    const server = (await fileTestCore.start()).kite
    if (!server) throw new Error('start the suite with { core: { kite: true } }')
    return server
  }
  const call = <T>(s: TestSession, method: string, path: string, body?: unknown) =>
    callJson<T>(edge().app, method, `/api/v1${path}`, { headers: s.headers, body })
  const requestToken = async () => {
    const k = await kite()
    return (await logInOnTestPage(k.url, k.apiKey)).searchParams.get('request_token')!
  }
  const connect = async (s?: TestSession) => {
    const session = s ?? (await testSession(edge().handle.db, edge().config))
    const k = await kite()
    const saved = await call<KiteConnection>(session, 'PUT', '/brokers/kite', {
      apiKey: k.apiKey,
      apiSecret: k.apiSecret,
    })
    if (saved.status !== 200) throw new Error(`save failed: ${JSON.stringify(saved.body)}`)
    return session
  }
  const logIn = async (s: TestSession) => {
    const res = await call<KiteConnection>(s, 'POST', '/brokers/kite/session', {
      requestToken: await requestToken(),
    })
    if (res.status !== 200) throw new Error(`login failed: ${JSON.stringify(res.body)}`)
    return res.body
  }
  const importDays = (s: TestSession, over: Record<string, unknown> = {}) =>
    call<Record<string, unknown>>(s, 'POST', '/datasets/kite', {
      name: `NIFTY Jan ${crypto.randomUUID().slice(0, 6)}`,
      symbol: 'NIFTY50',
      timeframe: '1d',
      from: '2024-01-01',
      to: '2024-01-31',
      ...over,
    })
  return { kite, call, requestToken, connect, logIn, importDays }
}
